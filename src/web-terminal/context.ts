import { createContext, type StrictContext } from '../internal/strict-context';
import type { Terminal } from '@xterm/xterm';
import type { WebTerminalState, WebTerminalStatusInfo } from './pty-session';
import type { WebTerminalLabels } from './labels';
import type { SandboxLifecycle } from '../internal/use-sandbox-lifecycle';

/** Options of `handle.search`, passed on to the search addon you gave in `addons` (`@xterm/addon-search`). */
export interface WebTerminalSearchOptions {
  /** Search towards the end (`next`) or the start (`previous`) of the buffer. @default 'next' */
  direction?: 'next' | 'previous';
  /** Treat the term as a regular expression. @default false */
  regex?: boolean;
  /** Match whole words only. @default false */
  wholeWord?: boolean;
  /** Match case. @default false */
  caseSensitive?: boolean;
  /** Extend the current selection when it still matches (search as you type). @default false */
  incremental?: boolean;
}

/** What `handleRef` (and `useWebTerminal().handle`) gives you. */
export interface WebTerminalHandle {
  /** Focus the terminal's input. */
  focus(): void;
  /** Remove focus from the terminal. */
  blur(): void;
  /** Clear the screen and scrollback, keeping the prompt line (xterm's `clear`). */
  clear(): void;
  /** Write to the screen only (not to the PTY). Written before xterm loads, it is shown once it has. */
  write(data: string | Uint8Array): void;
  /** Paste text as if the user pasted it: goes to the PTY, wrapped in bracketed-paste markers when the program asked for them. */
  paste(text: string): void;
  /** Send raw input to the PTY, as typed (buffered while reconnecting). */
  send(data: string): void;
  /** Find `term` in the buffer and select it; `false` when there is no match or no search addon in `addons`. */
  search(term: string, options?: WebTerminalSearchOptions): boolean;
  /** Remove search highlights and the selection. */
  clearSearch(): void;
  /** Fit the terminal to its container now. */
  fit(): void;
  /** After `error` (or while `reconnecting`): try to connect again now. */
  retry(): void;
  /** After `exited` (or `error`): start a new shell. */
  restart(): void;
  /** The xterm.js `Terminal`, or `null` before it has loaded (and after unmount). */
  getTerminal(): Terminal | null;
}

export interface WebTerminalContextValue {
  /** The sandbox's lifecycle, read once the PTY is refused as `unavailable`; `sandboxDown` while it is not running. */
  sandbox: SandboxLifecycle;
  sandboxDown: boolean;
  status: WebTerminalStatusInfo;
  labels: WebTerminalLabels;
  handle: WebTerminalHandle;
  setViewport: (element: HTMLDivElement | null) => void;
  ready: boolean;
}

export const [WebTerminalProvider, useWebTerminalContext]: StrictContext<WebTerminalContextValue> = /* @__PURE__ */ createContext<WebTerminalContextValue>('WebTerminal');

/** State and handle of the enclosing `WebTerminal`, for custom parts. */
export function useWebTerminal(): { state: WebTerminalState; status: WebTerminalStatusInfo; handle: WebTerminalHandle } {
  const { status, handle } = useWebTerminalContext('useWebTerminal');
  return { state: status.state, status, handle };
}
