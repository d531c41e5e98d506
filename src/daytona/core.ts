/**
 * What the transport and the three services share: one Daytona client, a
 * bounded cache of SDK `Sandbox` objects, abort handling and error mapping
 * (input checks are src/transport/validate.ts, shared by every transport). Nothing here imports the SDK as a value; the caller
 * passes a constructed `Daytona`.
 */
import type { Daytona, Sandbox } from '@daytonaio/sdk';
import { raceAbort } from '../internal/abort';
import { SandboxError, throwIfAborted } from '../transport/errors';
import { validateSandboxId } from '../transport/validate';
import { toDaytonaSandboxError } from './errors';

export type DaytonaSandbox = Sandbox;
export type DaytonaClient = Pick<Daytona, 'get' | 'list' | 'create'>;

export interface DaytonaCoreOptions {
  /** A constructed `Daytona` client from `@daytonaio/sdk`. */
  daytona: DaytonaClient;
  /** How long a fetched sandbox object is reused before it is fetched again, ms. @default 30000 */
  cacheTtlMs?: number;
  /** How many sandbox objects the cache keeps (oldest dropped first). @default 256 */
  cacheSize?: number;
}

interface CacheEntry {
  sandbox: DaytonaSandbox;
  expiresAt: number;
}

export class DaytonaCore {
  readonly daytona: DaytonaClient;
  private readonly ttl: number;
  private readonly size: number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<DaytonaSandbox>>();

  constructor(options: DaytonaCoreOptions) {
    if (!options || typeof options.daytona !== 'object' || options.daytona === null || typeof options.daytona.get !== 'function') {
      throw new TypeError('createDaytonaTransport: pass `daytona`, a constructed `Daytona` client from @daytonaio/sdk');
    }
    this.daytona = options.daytona;
    this.ttl = options.cacheTtlMs ?? 30_000;
    this.size = Math.max(1, options.cacheSize ?? 256);
  }

  /** Run one SDK operation: abort first, then the call, with every error mapped. */
  async call<T>(fn: () => Promise<T>, signal?: AbortSignal, context?: string): Promise<T> {
    throwIfAborted(signal);
    try {
      // The SDK call itself cannot be cancelled: an abort settles the caller at once.
      return await raceAbort(Promise.resolve().then(fn), signal);
    } catch (error) {
      throw toDaytonaSandboxError(error, context);
    }
  }

  /** The SDK sandbox object, from the cache while fresh. */
  async sandbox(sandboxId: unknown, signal?: AbortSignal): Promise<DaytonaSandbox> {
    const id = validateSandboxId(sandboxId);
    throwIfAborted(signal);
    const hit = this.cache.get(id);
    if (hit && hit.expiresAt > Date.now()) return hit.sandbox;
    return this.fetch(id, signal);
  }

  /** Fetch the sandbox again (one `GET /sandbox/{id}`), refreshing the cache. */
  async fetch(sandboxId: unknown, signal?: AbortSignal): Promise<DaytonaSandbox> {
    const id = validateSandboxId(sandboxId);
    let pending = this.inflight.get(id);
    if (!pending) {
      pending = this.daytona.get(id).then(
        (sandbox) => {
          this.inflight.delete(id);
          if (sandbox.state === 'destroyed') {
            this.evict(id);
            throw new SandboxError('not_found', `Sandbox ${id} has been destroyed`, { status: 404 });
          }
          this.remember(sandbox);
          return sandbox;
        },
        (error: unknown) => {
          this.inflight.delete(id);
          const mapped = toDaytonaSandboxError(error);
          if (mapped.code === 'not_found') this.evict(id);
          throw mapped;
        },
      );
      this.inflight.set(id, pending);
    }
    return raceAbort(pending, signal);
  }

  /** A sandbox that is `started`; refreshed once if the cached copy says otherwise. */
  async running(sandboxId: unknown, signal?: AbortSignal): Promise<DaytonaSandbox> {
    let sandbox = await this.sandbox(sandboxId, signal);
    if (sandbox.state !== 'started') sandbox = await this.fetch(sandbox.id, signal);
    if (sandbox.state !== 'started') {
      throw new SandboxError('unavailable', `Sandbox ${sandbox.id} is ${sandbox.state ?? 'unknown'}${sandbox.errorReason ? `: ${sandbox.errorReason}` : ''}`, { status: 503 });
    }
    return sandbox;
  }

  /** Run `fn` on a started sandbox; a `not_found` from the toolbox drops the cached copy. */
  async withRunning<T>(sandboxId: unknown, signal: AbortSignal | undefined, context: string, fn: (sandbox: DaytonaSandbox) => Promise<T>): Promise<T> {
    const sandbox = await this.running(sandboxId, signal);
    return this.call(() => fn(sandbox), signal, context);
  }

  remember(sandbox: DaytonaSandbox): void {
    this.cache.delete(sandbox.id);
    this.cache.set(sandbox.id, { sandbox, expiresAt: Date.now() + this.ttl });
    while (this.cache.size > this.size) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }

  evict(sandboxId: string): void {
    this.cache.delete(sandboxId);
  }

  /** How many sandbox objects are cached (for tests). */
  get cacheSize(): number {
    return this.cache.size;
  }
}
