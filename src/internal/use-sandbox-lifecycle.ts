import * as React from 'react';
import { delay } from './abort';
import { useLatest } from './use-latest';
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
export const RECHECKED_SANDBOX_STATES: ReadonlySet<SandboxState> = /* @__PURE__ */ new Set<SandboxState>(['creating', 'starting', 'restoring', 'stopping', 'archiving']);

/** The read (`getSandbox` or `sandboxes.get`) and the start (`sandboxes.start`) a transport offers. */
function capabilities(transport: SandboxTransport | null | undefined) {
  const read = transport?.getSandbox
    ? transport.getSandbox.bind(transport)
    : transport?.sandboxes
      ? transport.sandboxes.get.bind(transport.sandboxes)
      : undefined;
  const start = transport?.sandboxes?.start ? transport.sandboxes.start.bind(transport.sandboxes) : undefined;
  return { read, start };
}

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
      return RECHECKED_SANDBOX_STATES.has(info.state) ? null : 'check';
  }
}

export interface SandboxLifecycleOptions {
  /** Read the state at all (a component enables it once the sandbox looks unavailable). @default true */
  enabled?: boolean;
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
  const { enabled = true, initial } = options;
  const optionsRef = useLatest(options);
  const [state, setState] = React.useState<LifecycleState>(() => ({ info: initial ?? null, error: null, busy: false, gaveUp: false }));
  const { read, start } = React.useMemo(() => capabilities(transport), [transport]);
  const commandsRef = React.useRef<{ check(): void; start(): void } | null>(null);

  React.useEffect(() => {
    if (!enabled || !read || sandboxId === undefined) {
      commandsRef.current = null;
      setState((s) => (s.busy || s.error ? { ...s, busy: false, error: null } : s));
      return;
    }
    const owner = new AbortController();
    let current: AbortController | null = null;
    let lastState: SandboxState | null = null;

    const update = (patch: Partial<LifecycleState>) => {
      if (!owner.signal.aborted) setState((s) => ({ ...s, ...patch }));
    };
    const seen = (info: SandboxInfo) => {
      const was = lastState;
      lastState = info.state;
      update({ info, error: null });
      if (info.state === 'running' && was !== null && was !== 'running') optionsRef.current.onRunning?.(info);
    };
    /** End what runs now and start `task` on its own signal (one task at a time). */
    const begin = (task: (signal: AbortSignal) => Promise<void>) => {
      current?.abort();
      const controller = new AbortController();
      current = controller;
      const signal = controller.signal;
      follow(owner.signal, controller);
      update({ busy: true, gaveUp: false });
      task(signal).then(
        () => {
          if (current === controller) update({ busy: false });
        },
        (error: unknown) => {
          if (signal.aborted) return;
          update({ busy: false, error: toSandboxError(error) });
        },
      );
    };
    /** Read now (or after the first backoff step), and again while the state is transitional. */
    const poll = async (signal: AbortSignal, first: SandboxInfo | null, accept: (info: SandboxInfo) => boolean = () => true) => {
      const { backoff = DEFAULT_BACKOFF, maxChecks = 60 } = optionsRef.current;
      let info = first;
      for (let attempt = 0; ; attempt++) {
        if (info === null || attempt > 0) {
          if (attempt > 0) await delay(backoffDelay(attempt, backoff), signal);
          try {
            const read_ = await read({ sandboxId }, signal);
            if (!accept(read_)) continue;
            info = read_;
          } catch (error) {
            // A dropped connection during a transition is not the user's to fix yet.
            if (signal.aborted || !isRetryableError(error) || attempt >= maxChecks) throw error;
            continue;
          }
          seen(info);
        }
        if (!RECHECKED_SANDBOX_STATES.has(info.state)) return;
        if (attempt >= maxChecks) {
          update({ gaveUp: true });
          return;
        }
      }
    };

    commandsRef.current = {
      check: () => begin((signal) => poll(signal, null)),
      start: () => {
        if (!start) return;
        begin(async (signal) => {
          const from = lastState;
          // Shown at once; reads while the start runs replace it with what the sandbox says.
          setState((s) => (s.info && !owner.signal.aborted ? { ...s, info: { ...s.info, state: from === 'archived' ? 'restoring' : 'starting' } } : s));
          // A read from before the start took effect would show the old state again: skip it.
          const reads = follow(signal, new AbortController());
          const watch = poll(reads.signal, { id: sandboxId, state: 'starting' }, (info) => info.state !== from).catch(() => {});
          try {
            seen(await start({ sandboxId }, signal));
          } finally {
            reads.abort();
            await watch;
          }
        });
      },
    };

    const seed = optionsRef.current.initial;
    if (seed) {
      lastState = seed.state;
      setState({ info: seed, error: null, busy: false, gaveUp: false });
      if (RECHECKED_SANDBOX_STATES.has(seed.state)) begin((signal) => poll(signal, seed));
    } else {
      begin((signal) => poll(signal, null));
    }
    return () => {
      owner.abort();
      commandsRef.current = null;
    };
  }, [enabled, read, start, sandboxId, initial, optionsRef]);

  const action: SandboxLifecycleAction | null =
    state.busy ? null : state.error || state.gaveUp ? 'check' : sandboxLifecycleAction(state.info, start !== undefined);
  const actionRef = useLatest(action);
  const check = React.useCallback(() => commandsRef.current?.check(), []);
  const run = React.useCallback(() => {
    const next = actionRef.current;
    if (next === 'start' || next === 'restore') commandsRef.current?.start();
    else if (next === 'check') commandsRef.current?.check();
  }, [actionRef]);
  return React.useMemo(
    () => ({ info: state.info, action, busy: state.busy, error: state.error, run, check }),
    [state.info, action, state.busy, state.error, run, check],
  );
}

/** `controller`, aborted when `parent` aborts (the listener goes with it). */
function follow(parent: AbortSignal, controller: AbortController): AbortController {
  if (parent.aborted) controller.abort(parent.reason);
  else {
    const abort = () => controller.abort(parent.reason);
    parent.addEventListener('abort', abort, { once: true });
    controller.signal.addEventListener('abort', () => parent.removeEventListener('abort', abort), { once: true });
  }
  return controller;
}
