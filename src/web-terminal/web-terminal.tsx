import * as React from 'react';
import type { ITerminalAddon, ITerminalOptions, ITheme, Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import { composeEventHandlers, composeRefs, createStrictContext, DisposableStore, formatLabel, slotChildren, slotOr, useLatest, useMergedLabels, type AsChildProps } from '../internal';
import { SandboxError, toSandboxError } from '../transport/errors';
import { useOptionalSandboxTransport, useSandboxId } from '../transport/provider';
import type { PtyCloseEvent, SandboxTransport } from '../transport/types';
import { loadXterm, type XtermModules } from './load-xterm';
import {
  PtySession,
  type ConnectDetails,
  type InputOverflowDetails,
  type PtySessionListeners,
  type WebTerminalReconnectOptions,
  type WebTerminalState,
  type WebTerminalStatusInfo,
} from './pty-session';
import { themeFromCss } from './theme';
import { defaultWebTerminalLabels, type WebTerminalLabels, type WebTerminalStatusLabel } from './labels';

/* -------------------------------------------------------------------------------------------------
 * Types
 * -----------------------------------------------------------------------------------------------*/

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

/**
 * xterm.js addons for `WebTerminal`'s `addons` prop: instances, or a function
 * of the terminal that creates them (use this form under StrictMode or when
 * the terminal can be recreated, so each terminal gets fresh instances).
 */
export type WebTerminalAddons = readonly ITerminalAddon[] | ((terminal: Terminal) => readonly ITerminalAddon[]);

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

interface LoadedTerminal {
  terminal: Terminal;
  fit: FitAddon;
  /** The user's addons, as loaded. */
  addons: readonly ITerminalAddon[];
  modules: XtermModules;
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

interface WebTerminalContextValue {
  status: WebTerminalStatusInfo;
  labels: WebTerminalLabels;
  handle: WebTerminalHandle;
  setViewport: (element: HTMLDivElement | null) => void;
  ready: boolean;
}

const [WebTerminalProvider, useWebTerminalContext] = /* @__PURE__ */ createStrictContext<WebTerminalContextValue>('WebTerminal');

/** State and handle of the enclosing `WebTerminal`, for custom parts. */
export function useWebTerminal(): { state: WebTerminalState; status: WebTerminalStatusInfo; handle: WebTerminalHandle } {
  const { status, handle } = useWebTerminalContext('useWebTerminal');
  return { state: status.state, status, handle };
}

const DEFAULT_FONT = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

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
  const [xterm, setXterm] = React.useState<LoadedTerminal | null>(null);
  const xtermRef = React.useRef<LoadedTerminal | null>(null);
  const [loadError, setLoadError] = React.useState<SandboxError | null>(null);
  const [loadAttempt, setLoadAttempt] = React.useState(0);
  const [sessionStatus, setSessionStatus] = React.useState<WebTerminalStatusInfo | null>(null);
  const sessionRef = React.useRef<PtySession | null>(null);
  const pendingWrites = React.useRef<Array<string | Uint8Array>>([]);
  const fitRef = React.useRef<() => void>(() => {});
  const targetRef = React.useRef<{ terminal: Terminal; key: string } | null>(null);

  const status = resolveStatus(transport, sandboxId, loadError, sessionStatus, labels);

  // ── xterm: one Terminal per mounted viewport, created here and disposed in cleanup ──
  React.useEffect(() => {
    if (!viewport) return;
    let cancelled = false;
    const store = new DisposableStore();
    loadXterm().then(
      (modules) => {
        if (cancelled) return;
        const p = latest.current;
        const terminal = new modules.Terminal({ ...terminalOptionsFrom(p, rootRef.current), allowProposedApi: false });
        store.add(terminal);
        const fit = new modules.FitAddon();
        terminal.loadAddon(fit);
        terminal.open(viewport);
        // After open: some addons (webgl) need the element.
        const given = p.addons;
        const addons = [...((typeof given === 'function' ? given(terminal) : given) ?? [])];
        for (const addon of addons) terminal.loadAddon(addon);
        // Released before the terminal, newest first (xterm would also dispose them with it).
        for (const addon of addons) store.add(addon);
        const loaded: LoadedTerminal = { terminal, fit, addons, modules };
        xtermRef.current = loaded;
        store.add(() => {
          if (xtermRef.current === loaded) xtermRef.current = null;
        });
        for (const data of pendingWrites.current.splice(0)) terminal.write(data);
        setXterm(loaded);
        if (p.autoFocus) terminal.focus();
        p.onReady?.(terminal);
      },
      (error: unknown) => {
        if (!cancelled) setLoadError(toSandboxError(error));
      },
    );
    return () => {
      cancelled = true;
      store.dispose();
      setXterm(null);
    };
  }, [viewport, loadAttempt, latest]);

  // ── fit: ResizeObserver, debounced, skipping hidden and zero-size containers ──
  React.useEffect(() => {
    if (!xterm || !viewport) return;
    const { terminal, fit: fitAddon } = xterm;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fit = () => {
      timer = undefined;
      if (!isRenderable(viewport)) return;
      let dims: { cols: number; rows: number } | undefined;
      try {
        dims = fitAddon.proposeDimensions();
      } catch {
        return; // not measurable yet (no renderer): the next resize tries again
      }
      if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
      // A hidden or unmeasured container yields xterm's minimum 2×1; never shrink to it.
      if (dims.cols <= 2 && dims.rows <= 1) return;
      if (dims.cols !== terminal.cols || dims.rows !== terminal.rows) terminal.resize(dims.cols, dims.rows);
    };
    fitRef.current = fit;
    fit();
    const disposables = new DisposableStore();
    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver(() => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(fit, resizeDebounceMs);
      });
      observer.observe(viewport);
      disposables.add(() => observer.disconnect());
    }
    // Cell size changes when web fonts arrive.
    const fonts = viewport.ownerDocument.fonts as FontFaceSet | undefined;
    let live = true;
    fonts?.ready?.then(() => live && fit(), () => {});
    disposables.add(() => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
      fitRef.current = () => {};
    });
    return () => disposables.dispose();
  }, [xterm, viewport, resizeDebounceMs]);

  // ── the PTY: a new session when the terminal, transport, sandbox or port change ──
  React.useEffect(() => {
    if (!xterm || !transport || !sandboxId) return;
    const { terminal } = xterm;
    const key = `${sandboxId}\u0000${port ?? ''}`;
    // A terminal that showed another sandbox starts clean.
    if (targetRef.current?.terminal === terminal && targetRef.current.key !== key) terminal.reset();
    targetRef.current = { terminal, key };
    const p = latest.current;
    const listeners: PtySessionListeners = {
      onOutput: (data, text) => {
        terminal.write(data);
        const onOutput = latest.current.onOutput;
        if (onOutput) onOutput(text());
      },
      onStatus: (next) => {
        setSessionStatus(next);
        latest.current.onStateChange?.(next.state, next);
      },
      onConnect: (details) => latest.current.onConnect?.(details),
      onDisconnect: (event) => latest.current.onDisconnect?.(event),
      onExit: (code) => latest.current.onExit?.(code),
      onInputOverflow: (details) => latest.current.onInputOverflow?.(details),
    };
    const session = new PtySession({
      transport,
      sandboxId,
      ...(port !== undefined ? { port } : {}),
      ...(p.sessionId !== undefined ? { sessionId: p.sessionId } : {}),
      ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
      ...(p.env !== undefined ? { env: p.env } : {}),
      cols: terminal.cols,
      rows: terminal.rows,
      ...(p.reconnect !== undefined ? { reconnect: p.reconnect } : {}),
      ...(p.inputBufferBytes !== undefined ? { inputBufferBytes: p.inputBufferBytes } : {}),
      // One object, whose methods read the latest props: a new `onOutput` never reconnects.
      listeners: () => listeners,
    });
    sessionRef.current = session;
    const store = new DisposableStore();
    store.add(() => {
      session.dispose();
      if (sessionRef.current === session) sessionRef.current = null;
      setSessionStatus(null);
    });
    store.add(
      terminal.onData((data) => {
        latest.current.onData?.(data);
        session.write(data);
      }),
    );
    store.add(terminal.onBinary((data) => session.write(binaryStringToBytes(data))));
    store.add(terminal.onResize(({ cols, rows }) => session.resize(cols, rows)));
    session.start();
    return () => store.dispose();
  }, [xterm, transport, sandboxId, port, latest]);

  // ── options: applied to the live terminal, never recreating it ──
  const themeKey = theme ? JSON.stringify(theme) : '';
  const optionsKey = terminalOptions ? JSON.stringify(terminalOptions) : '';
  React.useEffect(() => {
    if (!xterm) return;
    const apply = () => {
      const next = terminalOptionsFrom(latest.current, rootRef.current);
      const current = xterm.terminal.options as Record<string, unknown>;
      for (const [name, value] of Object.entries(next)) {
        if (value === undefined || name === 'cols' || name === 'rows') continue;
        const same = name === 'theme' ? JSON.stringify(current[name]) === JSON.stringify(value) : current[name] === value;
        if (!same) current[name] = value;
      }
      fitRef.current();
    };
    apply();
    // The default theme follows the CSS, which may follow the system colour scheme.
    if (themeKey || typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    query.addEventListener?.('change', apply);
    return () => query.removeEventListener?.('change', apply);
  }, [xterm, fontSize, fontFamily, lineHeight, letterSpacing, cursorBlink, cursorStyle, scrollback, screenReaderMode, themeKey, optionsKey, latest]);

  // ── the handle ──
  const handle = React.useMemo<WebTerminalHandle>(
    () => ({
      focus: () => xtermRef.current?.terminal.focus(),
      blur: () => xtermRef.current?.terminal.blur(),
      clear: () => xtermRef.current?.terminal.clear(),
      write: (data) => {
        const loaded = xtermRef.current;
        if (loaded) loaded.terminal.write(data);
        else pendingWrites.current.push(data);
      },
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
      fit: () => fitRef.current(),
      retry: () => {
        if (sessionRef.current) sessionRef.current.retry();
        else {
          setLoadError(null);
          setLoadAttempt((n) => n + 1);
        }
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
    [],
  );
  React.useImperativeHandle(handleRef, () => handle, [handle]);

  const context = React.useMemo<WebTerminalContextValue>(
    () => ({ status, labels, handle, setViewport, ready: xterm !== null }),
    [status, labels, handle, xterm],
  );

  const busy = status.state === 'connecting' || status.state === 'reconnecting';
  return (
    <WebTerminalProvider value={context}>
      <div
        role="group"
        aria-label={labels.terminal}
        aria-busy={busy || undefined}
        {...rest}
        ref={composeRefs(forwardedRef, rootRef)}
        className={className}
        data-se-part="web-terminal"
        data-status={status.state}
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
 * WebTerminalViewport
 * -----------------------------------------------------------------------------------------------*/

export interface WebTerminalViewportProps extends Omit<React.ComponentPropsWithoutRef<'div'>, 'children'> {}

/**
 * The element xterm.js renders into; it fills it (the fit follows its size).
 * Until xterm has loaded (and on the server) it is an empty placeholder of the
 * same size, carrying the same `data-status`.
 */
export const WebTerminalViewport = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebTerminalViewportProps>(
  function WebTerminalViewport({ className, ...rest }, forwardedRef) {
    const { status, setViewport, ready } = useWebTerminalContext('WebTerminalViewport');
    return (
      <div
        {...rest}
        ref={composeRefs(forwardedRef, setViewport)}
        className={className}
        data-se-part="web-terminal-viewport"
        data-status={status.state}
        data-ready={ready ? '' : undefined}
      />
    );
  },
);

/* -------------------------------------------------------------------------------------------------
 * WebTerminalStatus
 * -----------------------------------------------------------------------------------------------*/

export interface WebTerminalStatusProps extends React.ComponentPropsWithoutRef<'div'> {
  /** Strings of this status part, over the `WebTerminal`'s `labels`. @default the WebTerminal's labels */
  labels?: Partial<WebTerminalLabels>;
  /**
   * Text for a state, replacing the default message.
   * @deprecated Use `labels` (here or on `WebTerminal`); the same keys work there.
   * @default undefined
   */
  messages?: Partial<Record<WebTerminalState, WebTerminalStatusLabel>>;
}

/**
 * A polite live region describing the connection ("Reconnecting (attempt 2
 * of 10)…", "Process exited with code 0."), with Retry or Restart when they
 * apply. Empty while connected.
 */
export const WebTerminalStatus = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebTerminalStatusProps>(function WebTerminalStatus(
  { className, labels: labelsProp, messages, children, ...rest },
  forwardedRef,
) {
  const { status, labels: rootLabels } = useWebTerminalContext('WebTerminalStatus');
  const labels = useMergedLabels(rootLabels, { ...messages, ...labelsProp });
  const message = formatLabel(labels[status.state], status);
  const dropped = status.droppedInputBytes ? ` ${formatLabel(labels.inputDropped, status.droppedInputBytes)}` : '';
  return (
    <div
      role="status"
      aria-live="polite"
      {...rest}
      ref={forwardedRef}
      className={className}
      data-se-part="web-terminal-status"
      data-status={status.state}
      data-exit-code={status.state === 'exited' ? status.exitCode : undefined}
      data-error-code={status.error && status.state !== 'connected' ? status.error.code : undefined}
      data-input-dropped={status.droppedInputBytes ? '' : undefined}
    >
      {message || dropped ? (
        <span data-se-part="web-terminal-message">
          {message}
          {dropped}
        </span>
      ) : null}
      {children ?? (
        <>
          <WebTerminalRetry>{labels.retry}</WebTerminalRetry>
          <WebTerminalRestart>{labels.restart}</WebTerminalRestart>
        </>
      )}
    </div>
  );
});

/* -------------------------------------------------------------------------------------------------
 * WebTerminalRetry / WebTerminalRestart
 * -----------------------------------------------------------------------------------------------*/

export interface WebTerminalActionProps extends React.ComponentPropsWithoutRef<'button'>, AsChildProps {}

/** "Retry": shown in `error`; connects again (re-attaching to the session when it still exists). */
export const WebTerminalRetry = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, WebTerminalActionProps>(function WebTerminalRetry(
  { asChild, className, onClick, children, ...rest },
  forwardedRef,
) {
  const { status, handle, labels } = useWebTerminalContext('WebTerminalRetry');
  if (status.state !== 'error') return null;
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp
      type="button"
      {...rest}
      ref={forwardedRef}
      className={className}
      data-se-part="web-terminal-retry"
      onClick={composeEventHandlers(onClick, () => handle.retry())}
    >
      {slotChildren(asChild, children, labels.retry)}
    </Comp>
  );
});

/** "Restart": shown in `exited`; starts a new shell in the same terminal. */
export const WebTerminalRestart = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, WebTerminalActionProps>(function WebTerminalRestart(
  { asChild, className, onClick, children, ...rest },
  forwardedRef,
) {
  const { status, handle, labels } = useWebTerminalContext('WebTerminalRestart');
  if (status.state !== 'exited') return null;
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp
      type="button"
      {...rest}
      ref={forwardedRef}
      className={className}
      data-se-part="web-terminal-restart"
      onClick={composeEventHandlers(onClick, () => {
        handle.restart();
        handle.focus();
      })}
    >
      {slotChildren(asChild, children, labels.restart)}
    </Comp>
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

function terminalOptionsFrom(props: WebTerminalProps, root: Element | null): ITerminalOptions {
  const css = root ? root.ownerDocument.defaultView?.getComputedStyle(root) : undefined;
  const cssFont = css?.getPropertyValue('--se-font-mono').trim();
  return {
    fontSize: props.fontSize ?? 14,
    fontFamily: props.fontFamily ?? (cssFont || DEFAULT_FONT),
    lineHeight: props.lineHeight ?? 1,
    letterSpacing: props.letterSpacing ?? 0,
    cursorBlink: props.cursorBlink ?? true,
    cursorStyle: props.cursorStyle ?? 'block',
    scrollback: props.scrollback ?? 5000,
    screenReaderMode: props.screenReaderMode ?? false,
    theme: props.theme ?? (root ? themeFromCss(root) : {}),
    ...props.terminalOptions,
  };
}

function isRenderable(element: HTMLElement): boolean {
  if (!element.isConnected || element.getClientRects().length === 0) return false;
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

// xterm's `onBinary` gives bytes as a string of char codes 0–255 (mouse reports in X10 mode).
function binaryStringToBytes(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}
