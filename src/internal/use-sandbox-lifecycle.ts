import * as React from 'react';
import { delay } from './abort';
import { useIsomorphicLayoutEffect, useLatest } from './use-latest';
import { toSandboxError, type SandboxError } from '../transport/errors';
import { backoffDelay, isRetryableError, type BackoffOptions } from '../transport/retry';
import type { SandboxInfo, SandboxState, SandboxTransport } from '../transport/types';

/*
 * The one place components learn a sandbox's lifecycle state and what to do
 * about it (#18): WebPreview's unavailable state, the ComputerUse desktop and
 * WebTerminal all read it here, so they agree on the state → action table in
 * docs/protocol.md ("Sandbox states").
 */

/** What a component offers for the sandbox's state: Start (stopped), Restore (archived), Check again (error, unknown, a failed read). */
export type SandboxLifecycleAction = 'start' | 'restore' | 'check';

/** States that end by themselves: the hook reads again, with backoff, until they do. */
const RECHECKED: ReadonlySet<SandboxState> = /* @__PURE__ */ new Set<SandboxState>(['creating', 'starting', 'restoring', 'stopping', 'archiving']);

/** The action a state calls for; `canStart` is whether the transport has `sandboxes.start`. */
export function sandboxLifecycleAction(info: SandboxInfo | null, canStart: boolean): SandboxLifecycleAction | null {
  if (!info) return null;
  switch (info.state) {
    case 'stopped':
      return canStart ? 'start' : 'check';
    case 'archived':
      return canStart ? 'restore' : 'check';
    case 'running':
    case 'deleting':
    case 'deleted':
      return null;
    default:
      return RECHECKED.has(info.state) ? null : 'check';
  }
}

export interface SandboxLifecycleOptions {
  /** Read the state at all (a component enables it once the sandbox looks unavailable). @default true */
  enabled?: boolean;
  /**
   * Start reading once this is `true`, and keep reading after it turns `false` again, until the
   * transport or the sandbox changes (then it waits for `true` again). A component passes "my
   * connection was refused as `unavailable`": the sandbox may not be running. `info` is `null`
   * until then. Applies together with `enabled`.
   * @default undefined (read whenever `enabled`)
   */
  watchFrom?: boolean;
  /** A state the caller has already read (so the hook does not read it again at once). @default undefined */
  initial?: SandboxInfo | null;
  /** Called when the sandbox reaches `running` after the hook saw it in another state. @default undefined */
  onRunning?: (info: SandboxInfo) => void;
  /** Backoff between reads of a transitional state. @default { initialDelayMs: 250, factor: 1.5, maxDelayMs: 5000, jitter: 0.2 } */
  backoff?: BackoffOptions;
  /** Reads of one transitional state before the hook stops and offers Check again. @default 60 */
  maxChecks?: number;
}

export interface SandboxLifecycle {
  /** The sandbox as last read; `null` before a read (or when the transport cannot read it). */
  info: SandboxInfo | null;
  /** What to offer now; `null` while running, while a transition runs or while `run()` is under way. */
  action: SandboxLifecycleAction | null;
  /** A start or read is under way. */
  busy: boolean;
  /** Why the last read or start failed. */
  error: SandboxError | null;
  /** Carry out `action`: `start`/`restore` call `sandboxes.start`, `check` reads again. */
  run(): void;
  /** Read the state again (and keep reading while it is transitional). */
  check(): void;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 250, factor: 1.5, maxDelayMs: 5000, jitter: 0.2 };

interface LifecycleState {
  info: SandboxInfo | null;
  error: SandboxError | null;
  busy: boolean;
  /** Reads of a transitional state ran out: offer Check again. */
  gaveUp: boolean;
  /** The `initial` this state started from. */
  from?: SandboxInfo | null;
}

/**
 * A sandbox's lifecycle state and the action it calls for. While the state is
 * transitional (`creating`, `starting`, `restoring`, `stopping`, `archiving`)
 * it reads again by itself with the library's backoff (`backoffDelay`),
 * bounded by `maxChecks`; every read and start is aborted when the sandbox,
 * the transport or `enabled` changes, and on unmount.
 */
export function useSandboxLifecycle(
  transport: SandboxTransport | null | undefined,
  sandboxId: string | undefined,
  options: SandboxLifecycleOptions = {},
): SandboxLifecycle {
  const { initial, watchFrom } = options;
  const optionsRef = useLatest(options);
  // `watchFrom` latches for this transport and sandbox; a change of either lets go.
  const [latch, setLatch] = React.useState<{ transport: typeof transport; sandboxId: string | undefined } | null>(null);
  const latched = latch !== null && latch.transport === transport && latch.sandboxId === sandboxId;
  React.useEffect(() => {
    if (watchFrom && !latched) setLatch({ transport, sandboxId });
  }, [watchFrom, latched, transport, sandboxId]);
  const watching = watchFrom === undefined || latched;
  const enabled = (options.enabled ?? true) && watching;
  const [state, setState] = React.useState<LifecycleState>(() => ({ info: initial ?? null, error: null, busy: false, gaveUp: false }));
  const canStart = !!transport?.sandboxes?.start;
  /** Start the sandbox (`true`) or read its state (`false`); `undefined` while the hook is off. */
  const commandRef = React.useRef<((start: boolean) => void) | undefined>(undefined);

  // A layout effect: the action button is in the DOM from this commit on, so `run` must work
  // from this commit on too (a passive effect can run after a click on it).
  useIsomorphicLayoutEffect(() => {
    const sandboxes = transport?.sandboxes;
    const read = transport?.getSandbox?.bind(transport) ?? sandboxes?.get.bind(sandboxes);
    // Off: the last run's cleanup has cleared `commandRef` already.
    if (!enabled || !read || sandboxId === undefined) return;
    let controller: AbortController | undefined;
    let last: SandboxState | undefined;
    const seen = (info: SandboxInfo, signal: AbortSignal) => {
      if (signal.aborted) return;
      const was = last;
      last = info.state;
      setState((s) => ({ ...s, info, error: null }));
      if (info.state === 'running' && was && was !== 'running') optionsRef.current.onRunning?.(info);
    };
    /** One task at a time: a new one aborts the last. */
    const run = (task: (signal: AbortSignal) => Promise<boolean | void>) => {
      controller?.abort();
      const own = (controller = new AbortController());
      setState((s) => ({ ...s, busy: true, gaveUp: false }));
      task(own.signal).then(
        (gaveUp) => !own.signal.aborted && setState((s) => ({ ...s, busy: false, gaveUp: !!gaveUp })),
        (error: unknown) => !own.signal.aborted && setState((s) => ({ ...s, busy: false, error: toSandboxError(error) })),
      );
    };
    /** Read (unless `info` is given), and again while the state is transitional; `true` when `maxChecks` ran out first. */
    const poll = async (signal: AbortSignal, info?: SandboxInfo): Promise<boolean> => {
      const { backoff = DEFAULT_BACKOFF, maxChecks = 60 } = optionsRef.current;
      for (let attempt = 0; ; attempt++) {
        if (attempt || !info) {
          if (attempt) await delay(backoffDelay(attempt, backoff), signal);
          try {
            seen((info = await read({ sandboxId }, signal)), signal);
          } catch (error) {
            // A dropped connection during a transition is not the user's to fix yet.
            if (signal.aborted || !isRetryableError(error) || attempt >= maxChecks) throw error;
            continue;
          }
        }
        if (!RECHECKED.has(info!.state)) return false;
        if (attempt >= maxChecks) return true;
      }
    };
    commandRef.current = (start) =>
      run(
        start && sandboxes
          ? async (signal) => {
              // `sandboxes.start` answers once the sandbox runs; until then the transition is shown.
              setState((s) => (s.info ? { ...s, info: { ...s.info, state: s.info.state === 'archived' ? 'restoring' : 'starting' } } : s));
              seen(await sandboxes.start({ sandboxId }, signal), signal);
            }
          : poll,
      );
    const seed = optionsRef.current.initial;
    if (seed) {
      last = seed.state;
      setState({ info: seed, error: null, busy: false, gaveUp: false, from: seed });
      if (RECHECKED.has(seed.state)) run((signal) => poll(signal, seed));
    } else {
      // Nothing read yet for this sandbox: what showed belongs to another (or to a watch that let go).
      setState((s) => (s.info ? { ...s, info: null, error: null } : s));
      run(poll);
    }
    return () => {
      controller?.abort();
      commandRef.current = undefined;
    };
  }, [enabled, transport, sandboxId, initial, optionsRef]);

  // A new `initial` shows at once, in the render before the effect takes it up.
  const current = enabled && initial && state.from !== initial ? { info: initial, error: null, busy: false, gaveUp: false } : state;
  const { busy } = current;
  const info = watching ? current.info : null;
  const error = watching ? current.error : null;
  const action: SandboxLifecycleAction | null = !watching || busy ? null : error || current.gaveUp ? 'check' : sandboxLifecycleAction(info, canStart);
  const actionRef = useLatest(action);
  const check = React.useCallback(() => commandRef.current?.(false), []);
  const run = React.useCallback(() => {
    if (actionRef.current) commandRef.current?.(actionRef.current !== 'check');
  }, [actionRef]);
  return React.useMemo(() => ({ info, action, busy, error, run, check }), [info, action, busy, error, run, check]);
}
