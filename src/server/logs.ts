/**
 * Log streams as Server-Sent Events. One upstream subscription per
 * (sandbox, session, command) is shared by every client that follows it (a
 * "hub"), and the hub keeps the last `logReplay` entries, numbered, so a client
 * that reconnects with `Last-Event-ID` gets exactly what it missed: nothing
 * lost, nothing twice. A hub outlives its last client by `logLingerMs` for
 * that reconnect, then releases the upstream subscription.
 *
 * Each client has a bounded queue (`maxBufferedBytes`); a client that cannot
 * keep up is cut off (it reconnects and replays) rather than grow the server's
 * memory.
 */
import { toSandboxError, type SandboxError } from '../transport/errors';
import type { Disposable, LogEntry, LogsRequest, SandboxTransport } from '../transport/types';
import { publicError } from './errors';

export interface LogLimits {
  logReplay: number;
  logLingerMs: number;
  maxBufferedBytes: number;
  heartbeatMs: number;
}

const encoder = new TextEncoder();

interface Client {
  send(chunk: Uint8Array): void;
  close(): void;
}

interface Numbered {
  seq: number;
  entry: LogEntry;
}

class LogHub {
  readonly epoch = Math.random().toString(36).slice(2, 8);
  private seq = 0;
  private buffer: Numbered[] = [];
  readonly clients = new Set<Client>();
  private upstream: Disposable | undefined;
  private linger: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private dead = false;
  private started = false;

  constructor(
    private transport: SandboxTransport,
    private req: LogsRequest,
    private limits: LogLimits,
    private onDead: () => void,
  ) {}

  private start(): void {
    this.started = true;
    try {
      this.upstream = this.transport.subscribeLogs!(this.req, {
        onLogs: (entries) => this.push(entries),
        onError: (error) => this.finish(error),
        onEnd: () => this.finish(),
      });
    } catch (error) {
      this.finish(toSandboxError(error));
    }
    if (!this.dead && this.limits.heartbeatMs > 0) {
      // A comment line keeps proxies from timing the stream out and finds vanished clients.
      this.heartbeat = setInterval(() => this.broadcast(encoder.encode(': ping\n\n')), this.limits.heartbeatMs);
      (this.heartbeat as { unref?: () => void }).unref?.();
    }
  }

  private push(entries: LogEntry[]): void {
    if (this.dead || !Array.isArray(entries) || entries.length === 0) return;
    const numbered = entries.map((entry) => ({ seq: ++this.seq, entry }));
    this.buffer.push(...numbered);
    if (this.buffer.length > this.limits.logReplay) this.buffer.splice(0, this.buffer.length - this.limits.logReplay);
    this.broadcast(this.frame(numbered));
  }

  private frame(numbered: Numbered[]): Uint8Array {
    const last = numbered[numbered.length - 1]!.seq;
    return encoder.encode(`id: ${this.epoch}-${last}\nevent: logs\ndata: ${JSON.stringify(numbered.map((n) => n.entry))}\n\n`);
  }

  private broadcast(chunk: Uint8Array): void {
    for (const client of [...this.clients]) client.send(chunk);
  }

  /** Add a client; replay what it missed if it names an event of this hub. */
  add(client: Client, lastEventId: string | null): void {
    if (this.linger) clearTimeout(this.linger), (this.linger = undefined);
    this.clients.add(client);
    const match = lastEventId ? /^([a-z0-9]+)-(\d+)$/.exec(lastEventId) : null;
    const after = match && match[1] === this.epoch ? Number(match[2]) : 0;
    const missed = this.buffer.filter((n) => n.seq > after);
    if (missed.length) client.send(this.frame(missed));
    if (!this.started) this.start();
  }

  remove(client: Client): void {
    if (!this.clients.delete(client) || this.clients.size || this.dead) return;
    if (this.limits.logLingerMs <= 0) return this.release();
    this.linger = setTimeout(() => this.release(), this.limits.logLingerMs);
    (this.linger as { unref?: () => void }).unref?.();
  }

  private finish(error?: SandboxError): void {
    if (this.dead) return;
    const body = error ? JSON.stringify(publicError(error).body.error) : '{}';
    this.broadcast(encoder.encode(`event: ${error ? 'error' : 'end'}\ndata: ${body}\n\n`));
    for (const client of [...this.clients]) client.close();
    this.release();
  }

  release(): void {
    if (this.dead) return;
    this.dead = true;
    if (this.linger) clearTimeout(this.linger);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.clients.clear();
    this.buffer = [];
    try {
      this.upstream?.dispose();
    } catch {
      // A transport's dispose bug must not keep the hub alive.
    }
    this.onDead();
  }
}

/** Every hub of one handler. */
export class LogHubs {
  private hubs = new Map<string, LogHub>();
  private clientCount = 0;

  constructor(
    private transport: SandboxTransport,
    private limits: LogLimits,
  ) {}

  get clients(): number {
    return this.clientCount;
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
    let client: Client;
    const leave = () => {
      if (done) return;
      done = true;
      this.clientCount--;
      signal.removeEventListener('abort', leave);
      owner.remove(client);
    };
    this.clientCount++;
    return new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          client = {
            send: (chunk) => {
              if (done) return;
              controller.enqueue(chunk);
              // Over its buffer: this client is too slow. Cut it off; it reconnects and replays.
              if ((controller.desiredSize ?? 0) < 0) {
                leave();
                controller.error(new Error('SSE client too slow'));
              }
            },
            close: () => {
              if (done) return;
              leave();
              controller.close();
            },
          };
          controller.enqueue(encoder.encode(`retry: 1000\n: ${'-'.repeat(16)}\n\n`));
          if (signal.aborted) return leave();
          signal.addEventListener('abort', leave, { once: true });
          owner.add(client, lastEventId);
        },
        cancel: leave,
      },
      { highWaterMark: this.limits.maxBufferedBytes, size: (chunk) => chunk.byteLength },
    );
  }

  close(): void {
    for (const hub of [...this.hubs.values()]) {
      for (const client of [...hub.clients]) client.close();
      hub.release();
    }
  }
}

