/**
 * Sandbox lifecycle as Daytona runs it. `start`, `stop`, `archive` and
 * `delete` are accepted at once with a transitional state (`starting`,
 * `restoring`, `stopping`, `archiving`, `destroying` …) and the sandbox reaches
 * its final state seconds later; a lifecycle call made while a change runs is
 * refused. So every operation here first waits for the sandbox to settle
 * (bounded by one deadline, abortable), then acts on the settled state, and
 * with `wait` (the default) resolves only once the final state is reached, so
 * the state it reports is true when it resolves.
 *
 * The waiting is one poll (`settle`, at the SDK's own 100 ms cadence) that
 * ends in any settled state, so two callers racing (a cleanup stopping what a
 * user starts) never wait for a state that will not come.
 */
import { SandboxError, throwIfAborted } from '../transport/errors';
import { delay } from '../internal/abort';
import type { DaytonaCore, DaytonaSandbox } from './core';
import { DAYTONA_TRANSITIONAL_STATES } from './states';

/** How `DaytonaService`'s lifecycle calls (`startSandbox`, `stopSandbox`, `archiveSandbox`, `deleteSandbox`) wait. */
export interface DaytonaLifecycleOptions {
  /**
   * Resolve when the sandbox has reached the final state of the change
   * (`started`, `stopped`, `archived`, gone); `false` resolves as soon as
   * Daytona has accepted it, with the transitional state.
   * @default true
   */
  wait?: boolean;
  /** Longest time for a change in progress to settle plus, with `wait`, this change to complete, ms; then a `timeout` error. @default 60000 */
  timeoutMs?: number;
  /** Stops waiting (the change itself goes on in Daytona) with an `aborted` error. @default undefined */
  signal?: AbortSignal;
}

/** Old call style: a bare `AbortSignal` where the options now go. */
export function lifecycleOptions(options: DaytonaLifecycleOptions | AbortSignal | undefined, defaultTimeoutMs: number): Required<Omit<DaytonaLifecycleOptions, 'signal'>> & { signal?: AbortSignal } {
  const o: DaytonaLifecycleOptions = isAbortSignal(options) ? { signal: options } : (options ?? {});
  const timeoutMs = o.timeoutMs ?? defaultTimeoutMs;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new SandboxError('invalid_request', `timeoutMs must be a positive number of milliseconds, got ${String(o.timeoutMs)}`);
  return { wait: o.wait ?? true, timeoutMs, ...(o.signal ? { signal: o.signal } : {}) };
}

export function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && typeof (value as AbortSignal).aborted === 'boolean' && typeof (value as AbortSignal).addEventListener === 'function';
}

/** How often a transition is polled, ms (the SDK polls at 100 ms too, without its event stream). */
const POLL_MS = 100;

export class Deadline {
  readonly at: number;
  constructor(readonly ms: number) {
    this.at = Date.now() + ms;
  }
  get remainingMs(): number {
    return this.at - Date.now();
  }
  /** What the SDK takes: seconds, never 0 (which means "no timeout" to it). */
  get sdkSeconds(): number {
    return Math.max(0.001, this.remainingMs / 1000);
  }
}

export interface SettleOptions {
  signal?: AbortSignal;
  /** Wait until this says yes, not only until the state is settled. @default a settled state */
  until?: (state: string) => boolean;
}

/**
 * Poll the sandbox until it is in no transitional state (or `until` says so).
 * Resolves with the fresh SDK object, or `undefined` once it is gone
 * (`destroyed` or 404). Past `deadline`: a `timeout` error naming the state.
 */
export async function settle(core: DaytonaCore, sandboxId: string, deadline: Deadline, options: SettleOptions = {}): Promise<DaytonaSandbox | undefined> {
  const until = options.until ?? ((state: string) => !DAYTONA_TRANSITIONAL_STATES.has(state));
  for (;;) {
    throwIfAborted(options.signal);
    let sandbox: DaytonaSandbox;
    try {
      sandbox = await core.fetch(sandboxId, options.signal);
    } catch (error) {
      if ((error as SandboxError).code === 'not_found') return undefined;
      throw error;
    }
    const state = sandbox.state ?? 'unknown';
    if (until(state)) return sandbox;
    if (deadline.remainingMs <= 0) {
      throw new SandboxError('timeout', `Sandbox ${sandboxId} is still ${state} after ${Math.round(deadline.ms / 100) / 10} s`);
    }
    await delay(Math.min(POLL_MS, Math.max(1, deadline.remainingMs)), options.signal);
  }
}

/** `settle` for a sandbox that must exist: once gone it is `not_found`. */
async function existing(core: DaytonaCore, sandboxId: string, deadline: Deadline, signal: AbortSignal | undefined, until?: SettleOptions['until']): Promise<DaytonaSandbox> {
  const sandbox = await settle(core, sandboxId, deadline, { ...(signal ? { signal } : {}), ...(until ? { until } : {}) });
  if (!sandbox) throw gone(sandboxId);
  return sandbox;
}

function gone(sandboxId: string): SandboxError {
  return new SandboxError('not_found', `Sandbox ${sandboxId} does not exist (deleted)`, { status: 404 });
}

function failed(sandbox: DaytonaSandbox): SandboxError {
  return new SandboxError('unavailable', `Sandbox ${sandbox.id} is in ${sandbox.state}${sandbox.errorReason ? `: ${sandbox.errorReason}` : ''}`, { status: 503 });
}

/**
 * Ask Daytona for a change and return once it has been accepted. The SDK's
 * `start`, `stop` and `recover` always wait for their own target state, which
 * never comes if someone else changes the sandbox meanwhile (a user starting
 * what a cleanup stops), so they run on a private copy of the sandbox object
 * whose wait step does nothing, and the waiting is `settle`'s, which ends in
 * whatever settled state the sandbox reaches. The shared cached object is
 * never touched.
 */
async function request(core: DaytonaCore, sandboxId: string, action: 'start' | 'stop' | 'recover', deadline: Deadline, signal: AbortSignal | undefined, context: string): Promise<DaytonaSandbox> {
  const own = await core.call(() => core.daytona.get(sandboxId), signal, context);
  const waitStep = action === 'stop' ? 'waitUntilStopped' : 'waitUntilStarted';
  Object.defineProperty(own, waitStep, { value: async () => {}, configurable: true, writable: true });
  try {
    await core.call(() => own[action](deadline.sdkSeconds), signal, context);
  } finally {
    delete (own as unknown as Record<string, unknown>)[waitStep];
  }
  return own;
}

/** After a change was accepted: with `wait`, the settled sandbox (whatever state it settles in); without, the accepted one. */
async function finish(core: DaytonaCore, accepted: DaytonaSandbox, options: LifecycleRun, deadline: Deadline): Promise<DaytonaSandbox> {
  if (!options.wait) {
    core.remember(accepted);
    return accepted;
  }
  const settled = await existing(core, accepted.id, deadline, options.signal);
  if (settled.state === 'error' || settled.state === 'build_failed') throw failed(settled);
  return settled;
}

export type LifecycleRun = ReturnType<typeof lifecycleOptions>;

/**
 * Start a stopped sandbox, restore an archived one, resume a paused one or
 * recover a recoverable error; a started one is left as it is. With `wait` it
 * resolves in the state the sandbox settles in: `started`, unless someone
 * stopped it meanwhile.
 */
export async function startSandbox(core: DaytonaCore, sandboxId: string, options: LifecycleRun): Promise<DaytonaSandbox> {
  const deadline = new Deadline(options.timeoutMs);
  const { signal } = options;
  const sandbox = await existing(core, sandboxId, deadline, signal);
  if (sandbox.state === 'started') return sandbox;
  if (sandbox.state === 'error' || sandbox.state === 'build_failed') {
    if (!sandbox.recoverable) throw failed(sandbox);
    return finish(core, await request(core, sandboxId, 'recover', deadline, signal, `Recover sandbox ${sandboxId}`), options, deadline);
  }
  const context = `${sandbox.state === 'archived' ? 'Restore' : 'Start'} sandbox ${sandboxId}`;
  return finish(core, await request(core, sandboxId, 'start', deadline, signal, context), options, deadline);
}

/** Stop a sandbox; one already stopped, paused or archived is left as it is. */
export async function stopSandbox(core: DaytonaCore, sandboxId: string, options: LifecycleRun, deadline = new Deadline(options.timeoutMs)): Promise<DaytonaSandbox> {
  const { signal } = options;
  const sandbox = await existing(core, sandboxId, deadline, signal);
  if (sandbox.state !== 'started') return sandbox;
  return finish(core, await request(core, sandboxId, 'stop', deadline, signal, `Stop sandbox ${sandboxId}`), options, deadline);
}

/** Archive a sandbox, stopping it first if it runs (Daytona archives only stopped sandboxes). */
export async function archiveSandbox(core: DaytonaCore, sandboxId: string, options: LifecycleRun): Promise<DaytonaSandbox> {
  const deadline = new Deadline(options.timeoutMs);
  const { signal } = options;
  let sandbox = await existing(core, sandboxId, deadline, signal);
  if (sandbox.state === 'archived') return sandbox;
  if (sandbox.state === 'started') sandbox = await stopSandbox(core, sandboxId, { ...options, wait: true }, deadline);
  const target = sandbox;
  // The SDK's archive does not wait: it asks, then reads the sandbox once.
  await core.call(() => target.archive(), signal, `Archive sandbox ${sandboxId}`);
  return finish(core, target, options, deadline);
}

/**
 * Delete a sandbox. With `wait`, resolves `undefined` once Daytona no longer
 * has it (`destroyed` or 404); without, the sandbox as Daytona accepted it
 * (`destroying`). A sandbox already being deleted is not deleted twice.
 */
export async function deleteSandbox(core: DaytonaCore, sandboxId: string, options: LifecycleRun): Promise<DaytonaSandbox | undefined> {
  const deadline = new Deadline(options.timeoutMs);
  const { signal } = options;
  // Deleting is allowed in any state but `destroying`: read it fresh, without waiting.
  const sandbox = await existing(core, sandboxId, deadline, signal, () => true);
  try {
    if (sandbox.state !== 'destroying') await core.call(() => sandbox.delete(deadline.sdkSeconds, false), signal, `Delete sandbox ${sandboxId}`);
    if (!options.wait) return sandbox;
    const left = await settle(core, sandboxId, deadline, { ...(signal ? { signal } : {}), until: () => false });
    if (left) throw new SandboxError('internal', `Sandbox ${sandboxId} is ${left.state} after deletion`);
    return undefined;
  } finally {
    core.evict(sandboxId);
  }
}
