// `sandbox-elements/terminal`: xterm.js over the transport's PTY. xterm itself
// is loaded inside an effect, so importing this entry never touches `window`.
export {
  WebTerminal,
  WebTerminalViewport,
  WebTerminalStatus,
  WebTerminalRetry,
  WebTerminalRestart,
  useWebTerminal,
  type WebTerminalProps,
  type WebTerminalViewportProps,
  type WebTerminalStatusProps,
  type WebTerminalActionProps,
  type WebTerminalHandle,
  type WebTerminalSearchOptions,
  type WebTerminalAddons,
} from './web-terminal';
export {
  PtySession,
  DEFAULT_RECONNECT,
  DEFAULT_INPUT_BUFFER_BYTES,
  type WebTerminalState,
  type WebTerminalStatusInfo,
  type WebTerminalReconnectOptions,
  type InputOverflowDetails,
  type ConnectDetails,
  type PtySessionOptions,
  type PtySessionListeners,
} from './pty-session';
export { themeFromCss } from './theme';
export type { BackoffOptions } from '../transport/retry';
