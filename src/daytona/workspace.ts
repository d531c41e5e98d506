/**
 * Workspaces: one sandbox per key (a user, a project, a chat thread), found
 * again by a label rather than by a table you have to keep. Any replica can
 * answer `getOrCreate` for any key, because the label lives in Daytona.
 */
import { SandboxError } from '../transport/errors';
import type { CreateSandboxRequest, Disposable, SandboxInfo } from '../transport/types';
import { isAbortSignal, type DaytonaLifecycleOptions } from './lifecycle';
import type { DaytonaService } from './service';

export interface Workspace {
  /** The key the workspace was created for. */
  key: string;
  sandboxId: string;
  state: SandboxInfo['state'];
  info: SandboxInfo;
  /** Last activity, epoch ms: the later of Daytona's `lastActivityAt` and this process's `touch()`. */
  lastActivityAt?: number;
}

export type IdleAction = 'stop' | 'archive' | 'remove' | 'keep';

/** How a workspace lifecycle call waits. */
export interface WorkspaceLifecycleOptions {
  /**
   * Resolve when the change is complete (`stopped`, `archived`, gone); `false`
   * resolves as soon as it is accepted. After `remove` without `wait`, the
   * dying sandbox is no longer the key's workspace: `get` is `undefined` and
   * `getOrCreate` creates a new one.
   * @default true
   */
  wait?: boolean;
  /** Stops waiting with an `aborted` error (the change goes on). @default undefined */
  signal?: AbortSignal;
}

export interface IdleCleanupOptions {
  /** A running workspace idle this long is cleaned up, ms. @default 30 * 60_000 */
  idleMs?: number;
  /** What to do with an idle workspace. @default 'stop' */
  action?: IdleAction;
  /** The time to measure idleness against. @default Date.now() */
  now?: number;
}

/** What a workspace manager does, whatever backs it. */
export interface WorkspaceManager {
  /**
   * The workspace for `key`, running: a change in progress is waited for
   * (bounded, abortable), then a stopped one is started, an archived one
   * restored, and one being deleted (or gone, or failed for good) replaced by
   * a new sandbox. Concurrent calls for one key share one sandbox.
   */
  getOrCreate(key: string, params?: Omit<CreateSandboxRequest, 'labels'> & { labels?: Record<string, string> }, signal?: AbortSignal): Promise<Workspace>;
  /** The workspace for `key` as it is now (perhaps in a transition), or `undefined`. A sandbox being deleted is no workspace. */
  get(key: string, signal?: AbortSignal): Promise<Workspace | undefined>;
  /** Every workspace this manager owns. */
  list(signal?: AbortSignal): Promise<Workspace[]>;
  /** Stop the workspace; with `wait` (the default) it resolves `stopped`. A bare `AbortSignal` is taken for `{ signal }`. */
  stop(key: string, options?: WorkspaceLifecycleOptions | AbortSignal): Promise<Workspace>;
  /** Archive the workspace (stopping it first); with `wait` (the default) it resolves `archived`. */
  archive(key: string, options?: WorkspaceLifecycleOptions | AbortSignal): Promise<Workspace>;
  /** Delete the workspace's sandbox; with `wait` (the default) it resolves once the sandbox is gone. */
  remove(key: string, options?: WorkspaceLifecycleOptions | AbortSignal): Promise<void>;
  /** Record activity for `key` now (it postpones idle cleanup). */
  touch(key: string): void;
  /**
   * Stop, archive or remove running workspaces idle longer than `idleMs`.
   * Returns what was done. A workspace whose user comes back while it is
   * cleaned up (`touch` or `getOrCreate`) is spared, or started again if it
   * was already stopping.
   */
  cleanupIdle(options?: IdleCleanupOptions): Promise<Array<{ key: string; sandboxId: string; action: IdleAction }>>;
  /** Run `cleanupIdle` every `intervalMs`; dispose to stop. */
  startIdleCleanup(intervalMs: number, options?: IdleCleanupOptions): Disposable;
}

export interface DaytonaWorkspaceManagerOptions {
  /** The service the workspaces live in. */
  service: DaytonaService;
  /** The label that holds the workspace key. @default 'sandbox-elements.workspace' */
  labelKey?: string;
  /** Labels every workspace of this manager carries (e.g. your app's name). @default {} */
  labels?: Record<string, string>;
  /** Decide per workspace what idle cleanup does; return `'keep'` to spare it. @default () => options.action */
  onIdle?: (workspace: Workspace) => IdleAction | Promise<IdleAction>;
  /** Called when a cleanup step fails; cleanup goes on with the next workspace. @default undefined */
  onError?: (error: SandboxError, workspace: Workspace) => void;
  /** Longest time `getOrCreate`, `stop`, `archive` and `remove` wait for a change to complete, ms; then `timeout`. @default the service's lifecycle timeout (60 s) */
  timeoutMs?: number;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function validateKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new SandboxError('invalid_request', `Workspace key must be 1–63 letters, digits, '.', '_' or '-', got ${JSON.stringify(key)}`);
  }
  return key;
}

/** A sandbox being deleted, deleted, or failed beyond recovery is nobody's workspace. */
function isWorkspace(info: SandboxInfo): boolean {
  if (info.state === 'deleting' || info.state === 'deleted') return false;
  return info.state !== 'error' || info.recoverable === true;
}

const RANK: Partial<Record<SandboxInfo['state'], number>> = { running: 0, starting: 1, creating: 1, restoring: 1, stopping: 2, stopped: 2, archiving: 3, archived: 3 };
const rank = (state: SandboxInfo['state']) => RANK[state] ?? 4;

export class DaytonaWorkspaceManager implements WorkspaceManager {
  private readonly service: DaytonaService;
  private readonly labelKey: string;
  private readonly labels: Record<string, string>;
  private readonly options: DaytonaWorkspaceManagerOptions;
  /** Concurrent `getOrCreate` calls for one key share one creation (per process). */
  private readonly pending = new Map<string, Promise<Workspace>>();
  /** The last `touch` of each key: when (for `lastActivityAt`) and its sequence number (for "came back since we looked"). */
  private readonly touched = new Map<string, { at: number; seq: number }>();
  private touches = 0;

  constructor(options: DaytonaWorkspaceManagerOptions) {
    if (!options?.service) throw new TypeError('DaytonaWorkspaceManager: pass `service`, a DaytonaService');
    this.options = options;
    this.service = options.service;
    this.labelKey = options.labelKey ?? 'sandbox-elements.workspace';
    this.labels = { ...(options.labels ?? {}) };
  }

  getOrCreate(key: string, params: Omit<CreateSandboxRequest, 'labels'> & { labels?: Record<string, string> } = {}, signal?: AbortSignal): Promise<Workspace> {
    try {
      validateKey(key);
    } catch (error) {
      return Promise.reject(error);
    }
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.resolveOrCreate(key, params, signal).finally(() => this.pending.delete(key));
      this.pending.set(key, pending);
    }
    return pending;
  }

  private async resolveOrCreate(key: string, params: Omit<CreateSandboxRequest, 'labels'> & { labels?: Record<string, string> }, signal?: AbortSignal): Promise<Workspace> {
    // Another caller (a cleanup, another replica) may change the sandbox between our look and our call:
    // Daytona then refuses ours, and we look again.
    for (let attempt = 1; ; attempt++) {
      const found = await this.find(key, signal);
      if (!found) break;
      try {
        const info = await this.service.startSandbox(found.sandboxId, this.lifecycle({ signal }));
        // Someone stopped it again while we started it: look again.
        if (info.state !== 'running' && attempt < 3) continue;
        this.touch(key);
        return this.toWorkspace(key, info);
      } catch (error) {
        const code = (error as SandboxError).code;
        if (code === 'not_found') continue; // deleted meanwhile: look again, then create
        if (attempt >= 3 || (code !== 'invalid_request' && code !== 'conflict')) throw error;
      }
    }
    const info = await this.service.createSandbox({ ...params, labels: { ...(params.labels ?? {}), ...this.labels, [this.labelKey]: key } }, signal);
    this.touch(key);
    return this.toWorkspace(key, info);
  }

  async get(key: string, signal?: AbortSignal): Promise<Workspace | undefined> {
    return this.find(validateKey(key), signal);
  }

  async list(signal?: AbortSignal): Promise<Workspace[]> {
    const infos = await this.service.listSandboxes({ ...this.labels }, signal);
    return infos
      .filter((info) => typeof (info.labels as Record<string, string> | undefined)?.[this.labelKey] === 'string' && isWorkspace(info))
      .map((info) => this.toWorkspace((info.labels as Record<string, string>)[this.labelKey]!, info));
  }

  async stop(key: string, options?: WorkspaceLifecycleOptions | AbortSignal): Promise<Workspace> {
    const o = this.lifecycle(options);
    const ws = await this.require(key, o.signal);
    return this.toWorkspace(ws.key, await this.service.stopSandbox(ws.sandboxId, o));
  }

  async archive(key: string, options?: WorkspaceLifecycleOptions | AbortSignal): Promise<Workspace> {
    const o = this.lifecycle(options);
    const ws = await this.require(key, o.signal);
    return this.toWorkspace(ws.key, await this.service.archiveSandbox(ws.sandboxId, o));
  }

  async remove(key: string, options?: WorkspaceLifecycleOptions | AbortSignal): Promise<void> {
    const o = this.lifecycle(options);
    const ws = await this.require(key, o.signal);
    await this.service.deleteSandbox(ws.sandboxId, o);
    this.touched.delete(key);
  }

  touch(key: string): void {
    this.touched.set(validateKey(key), { at: Date.now(), seq: ++this.touches });
  }

  async cleanupIdle(options: IdleCleanupOptions = {}): Promise<Array<{ key: string; sandboxId: string; action: IdleAction }>> {
    const idleMs = options.idleMs ?? 30 * 60_000;
    const now = options.now ?? Date.now();
    const done: Array<{ key: string; sandboxId: string; action: IdleAction }> = [];
    // Touches up to here are what we look at; a later one (even in the same millisecond) is a user coming back.
    const looked = this.touches;
    for (const ws of await this.list()) {
      if (ws.state !== 'running') continue;
      if (ws.lastActivityAt !== undefined && now - ws.lastActivityAt < idleMs) continue;
      // The user came back (a `touch` or a `getOrCreate`) after we looked.
      const returned = () => this.pending.has(ws.key) || (this.touched.get(ws.key)?.seq ?? 0) > looked;
      try {
        const action = this.options.onIdle ? await this.options.onIdle(ws) : options.action ?? 'stop';
        if (action === 'keep' || returned()) continue;
        if (action === 'remove') {
          await this.service.deleteSandbox(ws.sandboxId, this.lifecycle());
        } else {
          await this.service.stopSandbox(ws.sandboxId, this.lifecycle());
          if (!returned() && action === 'archive') await this.service.archiveSandbox(ws.sandboxId, this.lifecycle());
          if (returned()) {
            // Too late to cancel the stop: start it again, unless the user's own `getOrCreate` is doing that.
            if (!this.pending.has(ws.key)) await this.service.startSandbox(ws.sandboxId, this.lifecycle());
            continue;
          }
        }
        this.touched.delete(ws.key);
        done.push({ key: ws.key, sandboxId: ws.sandboxId, action });
      } catch (error) {
        this.options.onError?.(error as SandboxError, ws);
      }
    }
    return done;
  }

  startIdleCleanup(intervalMs: number, options?: IdleCleanupOptions): Disposable {
    if (!(intervalMs >= 1000)) throw new SandboxError('invalid_request', 'intervalMs must be at least 1000');
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.cleanupIdle(options).catch(() => {}).finally(() => (running = false));
    }, intervalMs);
    (timer as { unref?: () => void }).unref?.();
    let disposed = false;
    return {
      dispose() {
        if (disposed) return;
        disposed = true;
        clearInterval(timer);
      },
    };
  }

  private async find(key: string, signal?: AbortSignal): Promise<Workspace | undefined> {
    const infos = (await this.service.listSandboxes({ ...this.labels, [this.labelKey]: key }, signal)).filter(isWorkspace);
    // Prefer a usable one if an earlier race left two.
    const best = [...infos].sort((a, b) => rank(a.state) - rank(b.state))[0];
    return best ? this.toWorkspace(key, best) : undefined;
  }

  private lifecycle(options?: WorkspaceLifecycleOptions | AbortSignal): DaytonaLifecycleOptions {
    const o: WorkspaceLifecycleOptions = isAbortSignal(options) ? { signal: options } : (options ?? {});
    return { ...o, ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}) };
  }

  private async require(key: string, signal?: AbortSignal): Promise<Workspace> {
    const ws = await this.find(validateKey(key), signal);
    if (!ws) throw new SandboxError('not_found', `No workspace ${key}`, { status: 404 });
    return ws;
  }

  private toWorkspace(key: string, info: SandboxInfo): Workspace {
    const remote = typeof info.lastActivityAt === 'string' ? Date.parse(info.lastActivityAt) : Number.NaN;
    const local = this.touched.get(key)?.at;
    const candidates = [Number.isNaN(remote) ? undefined : remote, local].filter((n): n is number => n !== undefined);
    return {
      key,
      sandboxId: info.id,
      state: info.state,
      info,
      ...(candidates.length ? { lastActivityAt: Math.max(...candidates) } : {}),
    };
  }
}
