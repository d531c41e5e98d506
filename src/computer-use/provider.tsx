import * as React from 'react';
import { Emitter, toDisposable } from '../internal/disposables';
import { useControllableState } from '../internal/use-controllable-state';
import { useLatest } from '../internal/use-latest';
import { useMergedLabels } from '../internal/labels';
import { useSandboxLifecycle } from '../internal/use-sandbox-lifecycle';
import { SandboxAbortError, SandboxError, toSandboxError } from '../transport/errors';
import { useOptionalSandboxTransport, useSandboxId } from '../transport/provider';
import type { ComputerAction } from '../transport/types';
import { validateComputerAction } from '../transport/validate';
import {
  ComputerUseContextProvider,
  useComputerUseContext,
  type ComputerActionDriver,
  type ComputerUseContextValue,
  type ComputerUseControl,
  type ComputerUseHistoryEntry,
  type ComputerUseMode,
  type ComputerUseSessionState,
  type ControlChangeDetails,
  type ModeChangeDetails,
  type PerformOptions,
} from './context';
import type { Size } from './geometry';
import { ComputerUseActions } from './actions';
import { ComputerUseDisplay } from './display';
import { ComputerUseToolbar } from './toolbar';
import { defaultComputerUseLabels, type ComputerUseLabels } from './labels';

export interface ComputerUseProviderProps {
  /** The sandbox to drive; falls back to the `SandboxProvider`'s. @default undefined */
  sandboxId?: string;
  /** The input mode (controlled). @default undefined */
  mode?: ComputerUseMode;
  /** The input mode at mount (uncontrolled). @default 'click' */
  defaultMode?: ComputerUseMode;
  /** Called when a part (toolbar, keyboard) changes the mode. @default undefined */
  onModeChange?: (mode: ComputerUseMode, details: ModeChangeDetails) => void;
  /** Who is in control (controlled). @default undefined */
  control?: ComputerUseControl;
  /** Who is in control at mount (uncontrolled). @default 'user' */
  defaultControl?: ComputerUseControl;
  /** Called when the user takes control or hands it to the agent. @default undefined */
  onControlChange?: (control: ComputerUseControl, details: ControlChangeDetails) => void;
  /** Start computer use when the transport reports it `inactive`; otherwise show a Start action. @default false */
  autoStart?: boolean;
  /** Called after the transport performed an action. @default undefined */
  onAction?: (entry: ComputerUseHistoryEntry) => void;
  /** Called when an action is refused (validation) or fails (transport). @default undefined */
  onActionError?: (error: SandboxError, entry: ComputerUseHistoryEntry) => void;
  /** How many actions the history keeps. @default 50 */
  historyLimit?: number;
  /** Longest text one `type` action may carry, in characters. @default 65536 */
  maxTextLength?: number;
  /** Replace any user-visible string of the family's parts (buttons, statuses, messages, accessible names). @default defaultComputerUseLabels (English) */
  labels?: Partial<ComputerUseLabels>;
  /** Your parts; without children the provider renders a `ComputerUseRoot` with Toolbar, Display and Actions. @default undefined */
  children?: React.ReactNode;
}

let nextEntryId = 1;

type Session = { state: ComputerUseSessionState; error: SandboxError | null };
const CHECKING: Session = { state: 'checking', error: null };
const ACTIVE: Session = { state: 'active', error: null };
const failed = (error: SandboxError): Session => ({ state: error.code === 'unsupported' ? 'unsupported' : 'error', error });

/**
 * Owns the computer-use state of one sandbox: whether computer use is active,
 * the input mode, who is in control, and an ordered queue of actions (one in
 * flight) with a bounded history. Parts below read it with `useComputerUse()`.
 *
 * Provider only: it renders no element of its own (so it takes no ref or
 * `className`); wrap your parts in `ComputerUseRoot` for one. Outside a
 * `SandboxProvider` it does not throw: its state is `error` and the display
 * says why, as `WebPreview` and `WebTerminal` do.
 */
export function ComputerUseProvider(props: ComputerUseProviderProps): React.JSX.Element {
  const {
    sandboxId: ownSandboxId,
    mode: modeProp,
    defaultMode = 'click',
    onModeChange,
    control: controlProp,
    defaultControl = 'user',
    onControlChange,
    historyLimit = 50,
    maxTextLength = 64 * 1024,
    labels: labelsProp,
    children,
  } = props;
  const labels = useMergedLabels(defaultComputerUseLabels, labelsProp);
  const transport = useOptionalSandboxTransport();
  const sandboxId = useSandboxId(ownSandboxId);
  const computerUse = transport?.computerUse;

  const [mode, setMode] = useControllableState<ComputerUseMode, ModeChangeDetails>({ prop: modeProp, defaultProp: defaultMode, onChange: onModeChange, caller: 'ComputerUseProvider' });
  const [control, setControl] = useControllableState<ComputerUseControl, ControlChangeDetails>({
    prop: controlProp,
    defaultProp: defaultControl,
    onChange: onControlChange,
    caller: 'ComputerUseProvider',
  });

  // Why computer use cannot run at all here (no provider, no capability, no sandbox): derived, never stored.
  const blocked = React.useMemo(
    () =>
      transport === null
        ? failed(new SandboxError('invalid_request', labels.noProvider))
        : !computerUse
          ? failed(new SandboxError('unsupported', labels.noComputerUse))
          : !sandboxId
            ? failed(new SandboxError('invalid_request', labels.noSandbox))
            : null,
    [transport, computerUse, sandboxId, labels],
  );
  const [session, setSession] = React.useState<Session>(CHECKING);
  const [attempt, setAttempt] = React.useState(0);
  // The sandbox's own state: while it is not running the parts show it and its action (Start, Restore, Check again).
  const sandbox = useSandboxLifecycle(transport, sandboxId, { enabled: computerUse !== undefined, onRunning: () => setAttempt((n) => n + 1) });
  const [history, setHistory] = React.useState<readonly ComputerUseHistoryEntry[]>([]);
  const [displaySize, setDisplaySize] = React.useState<Size | null>(null);

  // What the callbacks read when they run, so that they keep one identity.
  const latest = useLatest({ props, computerUse, sandboxId, blocked, sandbox, historyLimit, maxTextLength });
  const sizeRef = React.useRef<Size | null>(null);
  const queueRef = React.useRef<Promise<unknown>>(Promise.resolve());
  // One controller per queued action: a new target (or unmount) aborts them all.
  const pendingRef = React.useRef(new Set<AbortController>());
  const [invalidate] = React.useState(() => new Emitter<void>());
  const driversRef = React.useRef<ComputerActionDriver[]>([]);
  const [driverCount, setDriverCount] = React.useState(0);

  /** Add an entry (`insert`) or update it in place; an entry already evicted by the limit stays out. */
  const record = React.useCallback(
    (entry: ComputerUseHistoryEntry, insert = false) => {
      setHistory((prev) => {
        const next = insert ? [...prev, entry] : prev.map((e) => (e.id === entry.id ? entry : e));
        return next.slice(-Math.max(1, latest.current.historyLimit));
      });
    },
    [latest],
  );

  // A new sandbox (or transport) starts a fresh queue; actions still waiting for the old one are aborted.
  React.useEffect(() => {
    return () => {
      const pending = pendingRef.current;
      for (const controller of pending) controller.abort(new SandboxAbortError('The computer-use target changed or unmounted'));
      pending.clear();
      queueRef.current = Promise.resolve();
      sizeRef.current = null;
    };
  }, [computerUse, sandboxId]);

  /** A failed status or start; `unavailable` may mean the sandbox stopped: read its state so the parts can say so. */
  const fail = React.useCallback(
    (error: unknown) => {
      const e = toSandboxError(error);
      setSession(failed(e));
      if (e.code === 'unavailable') latest.current.sandbox.check();
    },
    [latest],
  );

  const start = React.useCallback(async () => {
    const { computerUse: cu, sandboxId: id, blocked: why } = latest.current;
    // Blocked: the state already says why.
    if (why || !cu || !id) return;
    const current = () => latest.current.computerUse === cu && latest.current.sandboxId === id;
    setSession({ state: 'starting', error: null });
    try {
      await cu.start?.({ sandboxId: id });
      if (current()) setSession(ACTIVE);
    } catch (error) {
      if (current()) fail(error);
    }
  }, [latest, fail]);

  // Status: inactive → Start (or autoStart); active otherwise.
  React.useEffect(() => {
    if (blocked || !computerUse || !sandboxId) return;
    let cancelled = false;
    setSession(CHECKING);
    (async () => {
      const status = computerUse.status ? await computerUse.status({ sandboxId }) : 'active';
      if (cancelled) return;
      if (status === 'inactive') {
        if (latest.current.props.autoStart) await start();
        else setSession({ state: 'inactive', error: null });
      } else if (status === 'error') {
        setSession({ state: 'error', error: new SandboxError('unavailable', 'Computer use reports an error in the sandbox') });
      } else {
        setSession(ACTIVE);
      }
    })().catch((error: unknown) => {
      if (!cancelled) fail(error);
    });
    return () => {
      cancelled = true;
    };
  }, [blocked, computerUse, sandboxId, attempt, latest, start, fail]);

  const sandboxDown = sandbox.info !== null && sandbox.info.state !== 'running';
  const { state: sessionState, error } = blocked ?? session;
  const state: ComputerUseSessionState = sandboxDown && !blocked ? 'unavailable' : sessionState;

  const reportDisplaySize = React.useCallback((size: Size) => {
    const prev = sizeRef.current;
    if (prev && prev.width === size.width && prev.height === size.height) return;
    sizeRef.current = size;
    setDisplaySize(size);
  }, []);

  // The display size validates coordinates before anything is sent.
  React.useEffect(() => {
    if (state !== 'active' || !computerUse || !sandboxId) return;
    const controller = new AbortController();
    computerUse.displayInfo({ sandboxId }, controller.signal).then(
      (size) => {
        if (!controller.signal.aborted) reportDisplaySize(size);
      },
      () => {
        // Screenshots report the size too; a failed displayInfo only delays validation by size.
      },
    );
    return () => controller.abort();
  }, [state, computerUse, sandboxId, reportDisplaySize]);

  const perform = React.useCallback(
    (action: ComputerAction, options: PerformOptions = {}): Promise<void> => {
      const { computerUse: cu, sandboxId: id, blocked: why, props: current } = latest.current;
      const entry: ComputerUseHistoryEntry = { id: nextEntryId++, action, source: options.source ?? 'user', status: 'queued', time: Date.now() };
      /** Record the outcome and report it; a refused action (`insert`) was never queued. */
      const settle = (error?: SandboxError, insert = false) => {
        const settled: ComputerUseHistoryEntry = { ...entry, status: error ? 'error' : 'done', error, settledAt: Date.now() };
        record(settled, insert);
        if (error) current.onActionError?.(error, settled);
        else current.onAction?.(settled);
      };
      const refuse = (error: SandboxError) => {
        settle(error, true);
        return Promise.reject(error);
      };
      // Refused actions are recorded and reported, and nothing reaches the transport.
      const driver = [...driversRef.current].reverse().find((d) => d.handles(action));
      // A driver (VNC) carries its actions without the transport's computer use, but still needs a sandbox.
      if (why && !(driver && id)) return refuse(why.error!);
      try {
        validateComputerAction(action, sizeRef.current ?? undefined, { maxTextLength: latest.current.maxTextLength });
      } catch (error) {
        return refuse(toSandboxError(error));
      }
      record(entry, true);
      const controller = new AbortController();
      const { signal } = controller;
      pendingRef.current.add(controller);
      // The caller's signal cancels this action, queued or in flight.
      const cancel = () => controller.abort(options.signal!.reason);
      if (options.signal?.aborted) cancel();
      else options.signal?.addEventListener('abort', cancel, { once: true });
      const run = async () => {
        if (signal.aborted) throw new SandboxAbortError('Action aborted before it was sent', { cause: signal.reason });
        record({ ...entry, status: 'running' });
        // A driver that left while this action waited falls back to the transport.
        if (driver && driversRef.current.includes(driver)) await driver.perform(action, signal);
        else if (cu) await cu.perform({ sandboxId: id!, action }, signal);
        else throw new SandboxError('unavailable', 'The connection that carried this action has closed');
      };
      // One action in flight; the next waits for it whether it succeeded or failed.
      const result = queueRef.current.then(run).finally(() => {
        pendingRef.current.delete(controller);
        options.signal?.removeEventListener('abort', cancel);
      });
      queueRef.current = result.catch(() => undefined);
      return result.then(
        () => {
          settle();
          invalidate.fire();
        },
        (error: unknown) => {
          const e = toSandboxError(error);
          settle(e);
          invalidate.fire();
          throw e;
        },
      );
    },
    [latest, record, invalidate],
  );

  const helpers = React.useMemo(
    () => ({
      mouse: {
        move: (x: number, y: number, o?: PerformOptions) => perform({ type: 'move', x, y }, o),
        click: (x: number, y: number, o: Parameters<ComputerUseContextValue['mouse']['click']>[2] = {}) =>
          perform({ type: 'click', x, y, button: o.button, double: o.double }, o),
        doubleClick: (x: number, y: number, o: Parameters<ComputerUseContextValue['mouse']['doubleClick']>[2] = {}) =>
          perform({ type: 'click', x, y, button: o.button, double: true }, o),
        drag: (from: { x: number; y: number }, to: { x: number; y: number }, o: Parameters<ComputerUseContextValue['mouse']['drag']>[2] = {}) =>
          perform({ type: 'drag', from, to, button: o.button }, o),
        scroll: (x: number, y: number, direction: 'up' | 'down', amount?: number, o?: PerformOptions) =>
          perform({ type: 'scroll', x, y, direction, amount }, o),
      },
      keyboard: {
        type: (text: string, o: PerformOptions & { delayMs?: number } = {}) => perform({ type: 'type', text, delayMs: o.delayMs }, o),
        press: (key: string, modifiers?: Array<'ctrl' | 'alt' | 'shift' | 'meta'>, o?: PerformOptions) => perform({ type: 'press', key, modifiers }, o),
        hotkey: (keys: string, o?: PerformOptions) => perform({ type: 'hotkey', keys }, o),
      },
      screenshot: {
        capture: (options: Parameters<ComputerUseContextValue['screenshot']['capture']>[0] = {}, signal?: AbortSignal) => {
          const { computerUse: cu, sandboxId: id, blocked: why } = latest.current;
          if (why || !cu || !id) return Promise.reject(why?.error);
          return cu.screenshot({ ...options, sandboxId: id }, signal).then((shot) => {
            reportDisplaySize({ width: shot.width, height: shot.height });
            return shot;
          });
        },
      },
    }),
    [perform, latest, reportDisplaySize],
  );

  const registerDriver = React.useCallback((driver: ComputerActionDriver) => {
    driversRef.current = [...driversRef.current, driver];
    setDriverCount(driversRef.current.length);
    return toDisposable(() => {
      driversRef.current = driversRef.current.filter((d) => d !== driver);
      setDriverCount(driversRef.current.length);
    });
  }, []);
  const retry = React.useCallback(() => setAttempt((n) => n + 1), []);
  const clearHistory = React.useCallback(() => setHistory([]), []);
  const refresh = React.useCallback(() => invalidate.fire(), [invalidate]);
  const setModeApi = React.useCallback((next: ComputerUseMode, details: ModeChangeDetails = { reason: 'api' }) => setMode(next, details), [setMode]);
  const setControlApi = React.useCallback(
    (next: ComputerUseControl, details: ControlChangeDetails = { reason: 'api' }) => setControl(next, details),
    [setControl],
  );

  // Our `createContext` (src/internal/strict-context.ts) memoises the value over its fields: the callbacks above keep one identity.
  const value: ComputerUseContextValue = {
    sandboxId,
    computerUse,
    state,
    error,
    sandbox,
    start,
    retry,
    mode,
    setMode: setModeApi,
    control,
    setControl: setControlApi,
    displaySize,
    perform,
    history,
    clearHistory,
    ...helpers,
    refresh,
    onInvalidate: invalidate.event,
    reportDisplaySize,
    keyboardAvailable: state === 'active' || driverCount > 0,
    registerDriver,
    labels,
  };

  return <ComputerUseContextProvider {...value}>{children ?? <DefaultParts />}</ComputerUseContextProvider>;
}

/** The one-line form: `<ComputerUseProvider sandboxId="abc123" />` shows every part. */
function DefaultParts(): React.JSX.Element {
  return (
    <ComputerUseRoot>
      <ComputerUseToolbar />
      <ComputerUseDisplay />
      <ComputerUseActions />
    </ComputerUseRoot>
  );
}

/* -------------------------------------------------------------------------------------------------
 * ComputerUseRoot
 * -----------------------------------------------------------------------------------------------*/

export interface ComputerUseRootProps extends React.ComponentPropsWithoutRef<'div'> {}

/**
 * The family's element: a group named `labels.root` that carries the
 * session's `data-status` (`checking · inactive · starting · active ·
 * unavailable · error · unsupported`; `unavailable`: the sandbox is not
 * running, `data-sandbox-state` says how), `data-mode` and `data-control`. `ComputerUseProvider`
 * renders one around its default parts; with your own parts, put one inside
 * the provider where you want the element (ref, `className`, layout).
 */
export const ComputerUseRoot = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ComputerUseRootProps>(function ComputerUseRoot({ className, ...rest }, ref) {
  const ctx = useComputerUseContext('ComputerUseRoot');
  return (
    <div
      role="group"
      aria-label={ctx.labels.root}
      data-se-part="computer-use"
      data-status={ctx.state}
      data-sandbox-state={ctx.sandbox.info?.state}
      data-mode={ctx.mode}
      data-control={ctx.control}
      {...rest}
      ref={ref}
      className={className}
    />
  );
});
