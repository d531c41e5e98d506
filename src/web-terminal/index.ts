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
// The PTY session machine (PtySession) and its backoff are internal since #13.
export type { WebTerminalState, WebTerminalStatusInfo, WebTerminalReconnectOptions, InputOverflowDetails, ConnectDetails } from './pty-session';
export { defaultWebTerminalLabels, type WebTerminalLabels, type WebTerminalStatusLabel } from './labels';
export { themeFromCss } from './theme';
export type { BackoffOptions } from '../transport/retry';
