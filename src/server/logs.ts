/**
 * Log streams as Server-Sent Events. One upstream subscription per
 * (sandbox, session, command) is shared by every client that follows it (a
 * "hub"). The hub keeps the last entries in a ring (bounded by `logReplay`
 * entries and `maxBufferedBytes`), numbered, and each client is only a cursor
 * into that ring, read as fast as the client's socket takes it (the stream is
 * pull-based). So:
 * - a client that reconnects with `Last-Event-ID` gets exactly what it missed;
 * - a slow client costs no memory of its own: when the ring moves past its
 *   cursor it is told how many entries it lost (`event: gap`) and carries on;
 * - a hub outlives its last client by `logLingerMs`, for reconnects, then
 *   releases the upstream subscription.
 */
import { toSandboxError, type SandboxError } from '../transport/errors';
import type { Disposable, LogEntry, LogsRequest, SandboxTransport } from '../transport/types';
import { toWireError } from '../transport/wire-error';

export interface LogLimits {
  logReplay: number;
  logLingerMs: number;
  maxBufferedBytes: number;
  heartbeatMs: number;
}

const encoder = /* @__PURE__ */ new TextEncoder();
/** Most entries / bytes sent in one SSE event. */
const FRAME_ENTRIES = 256;
const FRAME_BYTES = 64 * 1024;

interface Numbered {
  seq: number;
  json: string;
}

interface Client {
  cursor: number;
  wake?: (() => void) | undefined;
  heartbeat(): void;
}

class LogHub {
  readonly epoch = Math.random().toString(36).slice(2, 8);
  private seq = 0;
  private ring: Numbered[] = [];
  private ringBytes = 0;
  readonly clients = new Set<Client>();
  /** The closing event once upstream ended; clients send it after draining the ring. */
  terminal: string | undefined;
  private upstream: Disposable | undefined;
  private linger: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private started = false;
  dead = false;

  constructor(
    private transport: SandboxTransport,
    private req: LogsRequest,
    private limits: LogLimits,
    private onDead: () => void,
  ) {}

  private start(): void {
    this.started = true;
    if (this.limits.heartbeatMs > 0) {
      // A comment line keeps proxies from timing the stream out and finds vanished clients.
      this.heartbeat = setInterval(() => this.clients.forEach((c) => c.heartbeat()), this.limits.heartbeatMs);
      (this.heartbeat as { unref?: () => void }).unref?.();
    }
    try {
      this.upstream = this.transport.subscribeLogs!(this.req, {
        onLogs: (entries) => this.push(entries),
        onError: (error) => this.finish(error),
        onEnd: () => this.finish(),
      });
    } catch (error) {
      this.finish(toSandboxError(error));
    }
    // A transport that ended the stream inside subscribeLogs itself: release what it returned.
    if (this.terminal || this.dead) this.disposeUpstream();
  }

  private push(entries: LogEntry[]): void {
    if (this.dead || this.terminal || !Array.isArray(entries) || entries.length === 0) return;
    for (const entry of entries) {
      const json = JSON.stringify(entry);
      this.ring.push({ seq: ++this.seq, json });
      this.ringBytes += json.length;
    }
    while (this.ring.length > 1 && (this.ring.length > this.limits.logReplay || this.ringBytes > this.limits.maxBufferedBytes)) {
      this.ringBytes -= this.ring.shift()!.json.length;
    }
    this.wakeAll();
  }

  private wakeAll(): void {
    for (const client of this.clients) client.wake?.();
  }

  /** The next frame for `client`, or undefined when it has everything. */
  next(client: Client): string | undefined {
    const oldest = this.ring[0]?.seq ?? this.seq + 1;
    if (client.cursor < oldest - 1) {
      const missed = oldest - 1 - client.cursor;
      client.cursor = oldest - 1;
      return `event: gap\ndata: {"missed":${missed}}\n\n`;
    }
    const from = client.cursor - oldest + 1;
    const parts: string[] = [];
    let bytes = 0;
    let last = client.cursor;
    for (let i = Math.max(0, from); i < this.ring.length && parts.length < FRAME_ENTRIES && bytes < FRAME_BYTES; i++) {
      parts.push(this.ring[i]!.json);
      bytes += this.ring[i]!.json.length;
      last = this.ring[i]!.seq;
    }
    if (!parts.length) return undefined;
    client.cursor = last;
    return `id: ${this.epoch}-${last}\nevent: logs\ndata: [${parts.join(',')}]\n\n`;
  }

  /** Add a client at the start of the ring, or just after the event it last saw. */
  add(client: Client, lastEventId: string | null): void {
    if (this.linger) clearTimeout(this.linger), (this.linger = undefined);
    const match = lastEventId ? /^([a-z0-9]+)-(\d{1,15})$/.exec(lastEventId) : null;
    client.cursor = match && match[1] === this.epoch ? Math.min(Number(match[2]), this.seq) : (this.ring[0]?.seq ?? this.seq + 1) - 1;
    this.clients.add(client);
    if (!this.started) this.start();
  }

  remove(client: Client): void {
    if (!this.clients.delete(client) || this.clients.size || this.dead) return;
    if (this.limits.logLingerMs <= 0 || this.terminal) return this.release();
    this.linger = setTimeout(() => this.release(), this.limits.logLingerMs);
    (this.linger as { unref?: () => void }).unref?.();
  }

  private finish(error?: SandboxError): void {
    if (this.dead || this.terminal) return;
    const body = error ? JSON.stringify(toWireError(error).body.error) : '{}';
    this.terminal = `event: ${error ? 'error' : 'end'}\ndata: ${body}\n\n`;
    this.disposeUpstream();
    // New subscribers get a fresh hub; current ones drain the ring, then get the terminal event.
    this.onDead();
    if (!this.clients.size) this.release();
    else this.wakeAll();
  }

  private disposeUpstream(): void {
    const upstream = this.upstream;
    this.upstream = undefined;
    try {
      upstream?.dispose();
    } catch {
      // A transport's dispose bug must not keep the hub alive.
    }
  }

  release(): void {
    if (this.dead) return;
    this.dead = true;
    if (this.linger) clearTimeout(this.linger);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.disposeUpstream();
    this.ring = [];
    this.wakeAll();
    this.onDead();
  }
}

/** Every hub of one handler. */
export class LogHubs {
  private hubs = new Map<string, LogHub>();
  private streams = new Set<() => void>();

  constructor(
    private transport: SandboxTransport,
    private limits: LogLimits,
  ) {}

  /** Open SSE responses. */
  get clients(): number {
    return this.streams.size;
  }

  get size(): number {
    return this.hubs.size;
  }

  /** An SSE response body following `req`; ends when `signal` fires or the reader cancels. */
  stream(req: LogsRequest, lastEventId: string | null, signal: AbortSignal): ReadableStream<Uint8Array> {
    const key = JSON.stringify([req.sandboxId, req.sessionId ?? null, req.commandId ?? null]);
    let hub = this.hubs.get(key);
    if (!hub) {
      const created = new LogHub(this.transport, req, this.limits, () => {
        if (this.hubs.get(key) === created) this.hubs.delete(key);
      });
      this.hubs.set(key, created);
      hub = created;
    }
    const owner = hub;
    let done = false;
    let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;
    const client: Client = {
      cursor: 0,
      heartbeat: () => {
        if (!done && controllerRef && (controllerRef.desiredSize ?? 0) >= 0) controllerRef.enqueue(encoder.encode(': ping\n\n'));
      },
    };
    const leave = () => {
      if (done) return;
      done = true;
      this.streams.delete(leave);
      signal.removeEventListener('abort', leave);
      client.wake?.();
      owner.remove(client);
    };
    this.streams.add(leave);
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          controllerRef = controller;
          controller.enqueue(encoder.encode('retry: 1000\n\n'));
          if (signal.aborted) return leave();
          signal.addEventListener('abort', leave, { once: true });
          owner.add(client, lastEventId);
        },
        // Called only when the consumer wants more: the client's pace, not ours, sets the rate.
        pull: async (controller) => {
          for (;;) {
            if (done) return closeQuietly(controller);
            if (owner.dead && !owner.terminal) {
              leave();
              return controller.close();
            }
            const frame = owner.next(client);
            if (frame) return controller.enqueue(encoder.encode(frame));
            if (owner.terminal) {
              controller.enqueue(encoder.encode(owner.terminal));
              leave();
              return controller.close();
            }
            await new Promise<void>((resolve) => (client.wake = resolve));
            client.wake = undefined;
          }
        },
        cancel: leave,
      },
      { highWaterMark: 0 },
    );
  }

  close(): void {
    for (const leave of [...this.streams]) leave();
    for (const hub of [...this.hubs.values()]) hub.release();
  }
}

function closeQuietly(controller: ReadableStreamDefaultController<Uint8Array>): void {
  try {
    controller.close();
  } catch {
    // Already closed or cancelled.
  }
}
