import * as React from 'react';
import { useSandboxLifecycle } from '../internal/use-sandbox-lifecycle';
import type { ITerminalAddon, ITerminalOptions, ITheme, Terminal } from '@xterm/xterm';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { useLatest, useMergedLabels } from '../internal';
import { SandboxError } from '../transport/errors';
import { useOptionalSandboxTransport, useSandboxId } from '../transport/provider';
import type { PtyCloseEvent, SandboxTransport } from '../transport/types';
import type { ConnectDetails, InputOverflowDetails, WebTerminalReconnectOptions, WebTerminalState, WebTerminalStatusInfo } from './pty-session';
import { defaultWebTerminalLabels, type WebTerminalLabels } from './labels';
import { WebTerminalProvider, type WebTerminalHandle } from './context';
import { WebTerminalStatus, WebTerminalViewport } from './parts';
import { useFit } from './use-fit';
import { usePtySession } from './use-pty-session';
import { useXterm, useXtermOptions } from './use-xterm';

export { useWebTerminal, type WebTerminalHandle, type WebTerminalSearchOptions } from './context';
export {
  WebTerminalViewport,
  WebTerminalStatus,
  WebTerminalRetry,
  WebTerminalRestart,
  type WebTerminalViewportProps,
  type WebTerminalStatusProps,
  type WebTerminalActionProps,
} from './parts';

/* -------------------------------------------------------------------------------------------------
 * Types
 * -----------------------------------------------------------------------------------------------*/

/**
 * xterm.js addons for `WebTerminal`'s `addons` prop: instances, or a function
 * of the terminal that creates them (use this form under StrictMode or when
 * the terminal can be recreated, so each terminal gets fresh instances).
 */
export type WebTerminalAddons = readonly ITerminalAddon[] | ((terminal: Terminal) => readonly ITerminalAddon[]);

export interface WebTerminalProps extends Omit<React.ComponentPropsWithoutRef<'div'>, 'onError'> {
  /** The sandbox to open a shell in. Falls back to the `SandboxProvider`'s. @default provider's sandboxId */
  sandboxId?: string;
  /** Port of the sandbox's terminal service, passed to `openPty` (Daytona's web terminal is 22222). @default undefined */
  port?: number;
  /** Re-attach to this existing PTY session instead of starting a new one; read when connecting. @default undefined */
  sessionId?: string;
  /** Working directory of a new session. @default undefined (the transport's) */
  cwd?: string;
  /** Environment of a new session. @default undefined */
  env?: Record<string, string>;
  /** Use this transport instead of the `SandboxProvider`'s. @default the provider's transport */
  transport?: SandboxTransport;
  /** Font size in px. @default 14 */
  fontSize?: number;
  /** Font family. @default the `--se-font-mono` custom property, else a monospace stack */
  fontFamily?: string;
  /** Line height, as a multiple of the font size. @default 1 */
  lineHeight?: number;
  /** Extra space between characters, px. @default 0 */
  letterSpacing?: number;
  /** Whether the cursor blinks. @default true */
  cursorBlink?: boolean;
  /** Cursor shape. @default 'block' */
  cursorStyle?: 'block' | 'underline' | 'bar';
  /** Lines kept above the screen. @default 5000 */
  scrollback?: number;
  /** Colours. @default read from the `--se-terminal-*` custom properties (see styles.css) */
  theme?: ITheme;
  /** xterm's screen-reader mode: an accessible live region of the output. @default false */
  screenReaderMode?: boolean;
  /**
   * xterm.js addons of your own (`@xterm/addon-search`, `@xterm/addon-web-links`, `@xterm/addon-webgl`…),
   * loaded with `terminal.loadAddon` once the terminal is open and disposed with it on unmount. Read
   * when the terminal is created. `handle.search` uses a search addon given here.
   * @default undefined (only the fit addon, which WebTerminal loads itself)
   */
  addons?: WebTerminalAddons;
  /** Any other xterm.js option, applied last (changes apply without recreating the terminal). @default undefined */
  terminalOptions?: ITerminalOptions;
  /** Reconnect with exponential backoff after a drop; `false` turns it off. @default { maxRetries: 10, initialDelayMs: 500, maxDelayMs: 15000, factor: 2, jitter: 0.5 } */
  reconnect?: WebTerminalReconnectOptions | false;
  /** Bytes of input kept, in order, while disconnected; more is dropped and reported. @default 65536 */
  inputBufferBytes?: number;
  /** Wait this long after the container stops resizing before fitting, ms. @default 50 */
  resizeDebounceMs?: number;
  /** Focus the terminal once it has loaded. @default false */
  autoFocus?: boolean;
  /** The imperative handle: focus, clear, write, paste, search, getTerminal… @default undefined */
  handleRef?: React.Ref<WebTerminalHandle>;
  /** Called when a PTY connection opens (first connect and every re-attach). @default undefined */
  onConnect?: (details: ConnectDetails) => void;
  /** Called when the connection drops without an exit (a reconnect follows unless disabled). @default undefined */
  onDisconnect?: (event: PtyCloseEvent) => void;
  /** Called when the shell exits, with its exit code. @default undefined */
  onExit?: (exitCode: number) => void;
  /** Called with every piece of input the user types or pastes, before it is sent (xterm's `onData`). @default undefined */
  onData?: (data: string) => void;
  /** Called with every piece of decoded output from the PTY, after it is written to the screen. @default undefined */
  onOutput?: (text: string) => void;
  /** Called when input typed while disconnected does not fit in the buffer. @default undefined */
  onInputOverflow?: (details: InputOverflowDetails) => void;
  /** Called on every status change (state, attempt, exit code, error). @default undefined */
  onStateChange?: (state: WebTerminalState, status: WebTerminalStatusInfo) => void;
  /** Called once the xterm.js `Terminal` exists (each time one is created). @default undefined */
  onReady?: (terminal: Terminal) => void;
  /** Parts to render instead of the default viewport + status. @default <WebTerminalViewport /> <WebTerminalStatus /> */
  children?: React.ReactNode;
  /** Replace any user-visible string (status messages, buttons, the accessible name). @default defaultWebTerminalLabels (English) */
  labels?: Partial<WebTerminalLabels>;
}

/** What `handle.search` needs of `@xterm/addon-search`'s `SearchAddon`, without importing it. */
interface SearchLike {
  findNext(term: string, options?: object): boolean;
  findPrevious(term: string, options?: object): boolean;
  clearDecorations?(): void;
}
function findSearch(addons: readonly ITerminalAddon[] | undefined): SearchLike | undefined {
  return addons?.find((a): a is ITerminalAddon & SearchLike => typeof (a as Partial<SearchLike>).findNext === 'function' && typeof (a as Partial<SearchLike>).findPrevious === 'function');
}

/* -------------------------------------------------------------------------------------------------
 * WebTerminal (root)
 * -----------------------------------------------------------------------------------------------*/

/**
 * A terminal on the sandbox's PTY: xterm.js loaded in an effect, fitted to its
 * container, reconnecting after drops. `<WebTerminal sandboxId="abc123" />`
 * is all it takes inside a `SandboxProvider`.
 */
export const WebTerminal = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebTerminalProps>(function WebTerminal(props, forwardedRef) {
  const {
    sandboxId: ownSandboxId,
    port,
    sessionId: _sessionId,
    cwd: _cwd,
    env: _env,
    transport: ownTransport,
    fontSize,
    fontFamily,
    lineHeight,
    letterSpacing,
    cursorBlink,
    cursorStyle,
    scrollback,
    theme,
    screenReaderMode,
    addons: _addons,
    terminalOptions,
    reconnect: _reconnect,
    inputBufferBytes: _inputBufferBytes,
    resizeDebounceMs = 50,
    autoFocus: _autoFocus,
    handleRef,
    onConnect: _onConnect,
    onDisconnect: _onDisconnect,
    onExit: _onExit,
    onData: _onData,
    onOutput: _onOutput,
    onInputOverflow: _onInputOverflow,
    onStateChange: _onStateChange,
    onReady: _onReady,
    labels: labelsProp,
    children,
    className,
    ...rest
  } = props;
  const contextTransport = useOptionalSandboxTransport();
  const transport = ownTransport ?? contextTransport;
  const sandboxId = useSandboxId(ownSandboxId);
  const latest = useLatest(props);
  const labels = useMergedLabels(defaultWebTerminalLabels, labelsProp);

  const rootRef = React.useRef<HTMLDivElement | null>(null);
  const [viewport, setViewport] = React.useState<HTMLDivElement | null>(null);
  const { xterm, xtermRef, loadError, reload, write } = useXterm(viewport, rootRef, latest);
  const fit = useFit(xterm, viewport, resizeDebounceMs);
  const { sessionStatus, sessionRef } = usePtySession(xterm, transport, sandboxId, port, latest);
  useXtermOptions(xterm, rootRef, props, latest, fit);

  const status = resolveStatus(transport, sandboxId, loadError, sessionStatus, labels);

  // ── the handle ──
  const handle = React.useMemo<WebTerminalHandle>(
    () => ({
      focus: () => xtermRef.current?.terminal.focus(),
      blur: () => xtermRef.current?.terminal.blur(),
      clear: () => xtermRef.current?.terminal.clear(),
      write,
      paste: (text) => xtermRef.current?.terminal.paste(text),
      send: (data) => sessionRef.current?.write(data),
      search: (term, options = {}) => {
        const search = findSearch(xtermRef.current?.addons);
        if (!search || !term) return false;
        const { direction = 'next', ...searchOptions } = options;
        return direction === 'previous' ? search.findPrevious(term, searchOptions) : search.findNext(term, searchOptions);
      },
      clearSearch: () => {
        findSearch(xtermRef.current?.addons)?.clearDecorations?.();
        xtermRef.current?.terminal.clearSelection();
      },
      fit,
      retry: () => {
        if (sessionRef.current) sessionRef.current.retry();
        else reload();
      },
      restart: () => {
        const session = sessionRef.current;
        if (!session) return;
        // Keep the old shell's output on screen, below it the new prompt.
        if (session.status === 'exited') xtermRef.current?.terminal.write('\r\n');
        session.restart();
      },
      getTerminal: () => xtermRef.current?.terminal ?? null,
    }),
    [fit, reload, sessionRef, write, xtermRef],
  );
  React.useImperativeHandle(handleRef, () => handle, [handle]);

  // A PTY refused as `unavailable` may mean the sandbox is not running: from then on its state is
  // read (and kept current while a transition runs) and the status offers Start / Restore / Check again (#18).
  const refused = status.error?.code === 'unavailable' && status.state !== 'connected';
  const sandbox = useSandboxLifecycle(transport, sandboxId, { watchFrom: refused, onRunning: handle.retry });
  const sandboxDown = status.state !== 'connected' && sandbox.info !== null && sandbox.info.state !== 'running';

  const ref = useComposedRefs(forwardedRef, rootRef);
  const busy = status.state === 'connecting' || status.state === 'reconnecting';
  // The provider memoises these fields itself (createContext): no dependency list to keep in step.
  return (
    <WebTerminalProvider
      status={status}
      labels={labels}
      handle={handle}
      setViewport={setViewport}
      ready={xterm !== null}
      sandbox={sandbox}
      sandboxDown={sandboxDown}
    >
      <div
        role="group"
        aria-label={labels.terminal}
        aria-busy={busy || undefined}
        data-se-part="web-terminal"
        data-status={status.state}
        data-sandbox-state={sandbox.info?.state}
        {...rest}
        ref={ref}
        className={className}
      >
        {children ?? (
          <>
            <WebTerminalViewport />
            <WebTerminalStatus />
          </>
        )}
      </div>
    </WebTerminalProvider>
  );
});

/* -------------------------------------------------------------------------------------------------
 * Helpers
 * -----------------------------------------------------------------------------------------------*/

/**
 * The state before (and apart from) any connection. It depends only on props
 * and context, so the server render and the first client render agree.
 */
function resolveStatus(
  transport: SandboxTransport | null,
  sandboxId: string | undefined,
  loadError: SandboxError | null,
  session: WebTerminalStatusInfo | null,
  labels: WebTerminalLabels,
): WebTerminalStatusInfo {
  if (!transport) {
    return { state: 'error', error: new SandboxError('invalid_request', labels.noTransport) };
  }
  if (typeof transport.openPty !== 'function') {
    return { state: 'unsupported', error: new SandboxError('unsupported', labels.noPty) };
  }
  if (!sandboxId) return { state: 'idle' };
  if (loadError) return { state: 'error', error: loadError };
  return session ?? { state: 'connecting' };
}
