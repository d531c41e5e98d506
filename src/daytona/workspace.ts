/**
 * Workspaces: one sandbox per key (a user, a project, a chat thread), found
 * again by a label rather than by a table you have to keep. Any replica can
 * answer `getOrCreate` for any key, because the label lives in Daytona.
 */
import { SandboxError } from '../transport/errors';
import type { CreateSandboxRequest, Disposable, SandboxInfo } from '../transport/types';
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
  /** The workspace for `key`, started if it was stopped or archived, created if none exists. */
  getOrCreate(key: string, params?: Omit<CreateSandboxRequest, 'labels'> & { labels?: Record<string, string> }, signal?: AbortSignal): Promise<Workspace>;
  /** The workspace for `key`, or `undefined`. */
  get(key: string, signal?: AbortSignal): Promise<Workspace | undefined>;
  /** Every workspace this manager owns. */
  list(signal?: AbortSignal): Promise<Workspace[]>;
  stop(key: string, signal?: AbortSignal): Promise<Workspace>;
  archive(key: string, signal?: AbortSignal): Promise<Workspace>;
  remove(key: string, signal?: AbortSignal): Promise<void>;
  /** Record activity for `key` now (it postpones idle cleanup). */
  touch(key: string): void;
  /** Stop, archive or remove running workspaces idle longer than `idleMs`. Returns what was done. */
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
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function validateKey(key: unknown): string {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new SandboxError('invalid_request', `Workspace key must be 1–63 letters, digits, '.', '_' or '-', got ${JSON.stringify(key)}`);
  }
  return key;
}

export class DaytonaWorkspaceManager implements WorkspaceManager {
  private readonly service: DaytonaService;
  private readonly labelKey: string;
  private readonly labels: Record<string, string>;
  private readonly options: DaytonaWorkspaceManagerOptions;
  /** Concurrent `getOrCreate` calls for one key share one creation (per process). */
  private readonly pending = new Map<string, Promise<Workspace>>();
  private readonly touched = new Map<string, number>();

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
    const found = await this.find(key, signal);
    if (found) {
      const { state } = found.info;
      if (state === 'error') {
        throw new SandboxError('unavailable', `Workspace ${key} (sandbox ${found.sandboxId}) is in error${found.info.errorReason ? `: ${found.info.errorReason}` : ''}`);
      }
      if (state === 'stopped' || state === 'archived') {
        const info = await this.service.startSandbox(found.sandboxId, signal);
        this.touch(key);
        return this.toWorkspace(key, info);
      }
      this.touch(key);
      return found;
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
      .filter((info) => typeof (info.labels as Record<string, string> | undefined)?.[this.labelKey] === 'string')
      .map((info) => this.toWorkspace((info.labels as Record<string, string>)[this.labelKey]!, info));
  }

  async stop(key: string, signal?: AbortSignal): Promise<Workspace> {
    const ws = await this.require(key, signal);
    return this.toWorkspace(ws.key, await this.service.stopSandbox(ws.sandboxId, signal));
  }

  async archive(key: string, signal?: AbortSignal): Promise<Workspace> {
    let ws = await this.require(key, signal);
    // Daytona archives only stopped sandboxes.
    if (ws.state === 'running' || ws.state === 'starting') ws = await this.stop(key, signal);
    return this.toWorkspace(ws.key, await this.service.archiveSandbox(ws.sandboxId, signal));
  }

  async remove(key: string, signal?: AbortSignal): Promise<void> {
    const ws = await this.require(key, signal);
    await this.service.deleteSandbox(ws.sandboxId, signal);
    this.touched.delete(key);
  }

  touch(key: string): void {
    this.touched.set(validateKey(key), Date.now());
  }

  async cleanupIdle(options: IdleCleanupOptions = {}): Promise<Array<{ key: string; sandboxId: string; action: IdleAction }>> {
    const idleMs = options.idleMs ?? 30 * 60_000;
    const now = options.now ?? Date.now();
    const done: Array<{ key: string; sandboxId: string; action: IdleAction }> = [];
    for (const ws of await this.list()) {
      if (ws.state !== 'running') continue;
      if (ws.lastActivityAt !== undefined && now - ws.lastActivityAt < idleMs) continue;
      try {
        const action = this.options.onIdle ? await this.options.onIdle(ws) : options.action ?? 'stop';
        if (action === 'stop') await this.service.stopSandbox(ws.sandboxId);
        else if (action === 'archive') {
          await this.service.stopSandbox(ws.sandboxId);
          await this.service.archiveSandbox(ws.sandboxId);
        } else if (action === 'remove') await this.service.deleteSandbox(ws.sandboxId);
        if (action !== 'keep') {
          this.touched.delete(ws.key);
          done.push({ key: ws.key, sandboxId: ws.sandboxId, action });
        }
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
    const infos = await this.service.listSandboxes({ ...this.labels, [this.labelKey]: key }, signal);
    // Prefer a usable one if an earlier race left two.
    const rank = (s: SandboxInfo['state']) => (s === 'running' ? 0 : s === 'starting' || s === 'creating' ? 1 : s === 'stopped' || s === 'archived' ? 2 : 3);
    const best = [...infos].sort((a, b) => rank(a.state) - rank(b.state))[0];
    return best ? this.toWorkspace(key, best) : undefined;
  }

  private async require(key: string, signal?: AbortSignal): Promise<Workspace> {
    const ws = await this.find(validateKey(key), signal);
    if (!ws) throw new SandboxError('not_found', `No workspace ${key}`, { status: 404 });
    return ws;
  }

  private toWorkspace(key: string, info: SandboxInfo): Workspace {
    const remote = typeof info.lastActivityAt === 'string' ? Date.parse(info.lastActivityAt) : Number.NaN;
    const local = this.touched.get(key);
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
