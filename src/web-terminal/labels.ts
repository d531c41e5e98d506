import { describeSandboxState } from '../internal/sandbox-state-text';
import type { SandboxInfo } from '../transport/types';
import type { WebTerminalStatusInfo } from './pty-session';

/** A status message: plain text, or text computed from the status (attempt, exit code, error). */
export type WebTerminalStatusLabel = string | ((status: WebTerminalStatusInfo) => string);

/**
 * Every string `WebTerminal` shows or announces. Pass any subset as `labels`
 * on `WebTerminal` (or on `WebTerminalStatus`); missing keys keep the English
 * defaults in `defaultWebTerminalLabels`. A part's own `aria-label` or
 * `children` still wins.
 */
export interface WebTerminalLabels {
  /** Accessible name of the root group. */
  terminal: string;
  idle: WebTerminalStatusLabel;
  connecting: WebTerminalStatusLabel;
  /** Shown while connected (empty by default: nothing to say). */
  connected: WebTerminalStatusLabel;
  reconnecting: WebTerminalStatusLabel;
  exited: WebTerminalStatusLabel;
  error: WebTerminalStatusLabel;
  unsupported: WebTerminalStatusLabel;
  /** Typed input that did not fit in the buffer while disconnected. */
  inputDropped: string | ((bytes: number) => string);
  retry: string;
  restart: string;
  /** The sandbox is not running (stopped, archived, on its way up or down, failed). */
  sandboxUnavailable: string | ((info: SandboxInfo) => string);
  /** Starts a stopped sandbox. */
  startSandbox: string;
  /** Restores an archived sandbox. */
  restoreSandbox: string;
  /** Reads the sandbox's state again (error, unknown). */
  checkAgain: string;
  /** The error when there is no transport. */
  noTransport: string;
  /** The error when the transport has no `openPty`. */
  noPty: string;
}

/** The English defaults of `WebTerminalLabels`. */
export const defaultWebTerminalLabels: WebTerminalLabels = {
  terminal: 'Terminal',
  idle: 'No sandbox selected.',
  connecting: 'Connecting…',
  connected: '',
  reconnecting: (status) =>
    status.attempt && status.maxRetries ? `Connection lost. Reconnecting (attempt ${status.attempt} of ${status.maxRetries})…` : 'Connection lost. Reconnecting…',
  exited: (status) => `Process exited with code ${status.exitCode ?? 0}.`,
  error: (status) => status.error?.message ?? 'The terminal could not connect.',
  unsupported: 'This sandbox does not offer a terminal.',
  inputDropped: (bytes) => `${bytes} ${bytes === 1 ? 'byte' : 'bytes'} of typed input did not fit in the buffer and were not sent.`,
  retry: 'Retry',
  restart: 'Restart',
  sandboxUnavailable: describeSandboxState,
  startSandbox: 'Start sandbox',
  restoreSandbox: 'Restore sandbox',
  checkAgain: 'Check again',
  noTransport: 'WebTerminal has no transport: render it inside a SandboxProvider or pass `transport`.',
  noPty: 'This transport has no terminal (openPty).',
};
