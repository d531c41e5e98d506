export { ComputerUseProvider, ComputerUseRoot, type ComputerUseProviderProps, type ComputerUseRootProps } from './provider';
export { defaultComputerUseLabels, type ComputerUseLabels } from './labels';
export {
  useComputerUse,
  COMPUTER_USE_MODES,
  type ComputerUseMode,
  type ComputerUseControl,
  type ComputerUseSessionState,
  type ComputerActionSource,
  type ComputerActionStatus,
  type ComputerUseHistoryEntry,
  type ComputerUseContextValue,
  type ComputerUseMouse,
  type ComputerUseKeyboard,
  type ComputerUseScreenshot,
  type PerformOptions,
  type ModeChangeDetails,
  type ControlChangeDetails,
} from './context';
export { ComputerUseDisplay, type ComputerUseDisplayProps, type ComputerUseDisplayState, type ComputerUseFrame } from './display';
export {
  ComputerUseToolbar,
  ComputerUseControlButton,
  ComputerUseRefreshButton,
  type ComputerUseToolbarProps,
  type ComputerUseControlButtonProps,
  type ComputerUseRefreshButtonProps,
} from './toolbar';
export {
  ComputerUseActions,
  DEFAULT_QUICK_KEYS,
  DEFAULT_HOTKEYS,
  type ComputerUseActionsProps,
  type ComputerUseQuickKey,
  type ComputerUseHotkey,
} from './actions';
// Key mapping (mapKeyEvent) and pointer geometry (clientToSandbox, fitRect) are internal since #13.
