// The WebPreview family: live sandbox previews (see docs/web-preview.md).
export { WebPreview, type WebPreviewProps } from './web-preview';
export {
  useWebPreview,
  useOptionalWebPreview,
  WEB_PREVIEW_DEVICES,
  type WebPreviewContextValue,
  type WebPreviewState,
  type WebPreviewUrlChangeReason,
  type WebPreviewDeviceName,
  type WebPreviewNavigateResult,
} from './context';
export {
  WebPreviewNavigation,
  WebPreviewBackButton,
  WebPreviewForwardButton,
  WebPreviewReloadButton,
  WebPreviewOpenButton,
  type WebPreviewNavigationProps,
  type WebPreviewButtonProps,
} from './navigation';
export { WebPreviewUrl, type WebPreviewUrlProps } from './url-bar';
export {
  WebPreviewBody,
  WebPreviewDevice,
  WebPreviewFullscreenButton,
  type WebPreviewBodyProps,
  type WebPreviewDeviceProps,
  type WebPreviewFullscreenButtonProps,
} from './body';
export { WebPreviewConsole, type WebPreviewConsoleProps, type WebPreviewConsoleState } from './console';
export {
  parsePreviewInput,
  parsePort,
  joinPreviewPath,
  resolvePreviewPath,
  previewPathOf,
  rebasePreviewUrl,
  displayPreviewUrl,
  frameOrigin,
  isFrameableUrl,
  MAX_PREVIEW_INPUT_LENGTH,
  type PreviewInput,
  type PreviewInputError,
} from './url';
export { resolveSandboxAttribute, DEFAULT_SANDBOX_TOKENS, type SandboxAttributeResult } from './sandbox-attribute';
export { parseAnsi, stripAnsi, type AnsiSegment, type AnsiStyle, type AnsiColor } from './ansi';
export { LogRingBuffer, LOG_LEVELS } from './log-buffer';
export {
  parseBridgeMessage,
  isFromPreviewFrame,
  resolveBridgeNavigation,
  BRIDGE_CHANNEL,
  BRIDGE_VERSION,
  BRIDGE_LIMITS,
  type BridgeMessage,
  type BridgeNavigationKind,
} from './bridge-protocol';
export { historyReducer, type PreviewHistory } from './history';
