/**
 * Log follow for Daytona session commands and the sandbox entrypoint.
 *
 * The daemon streams a command's output over a WebSocket
 * (`/process/session/{sessionId}/command/{commandId}/logs?follow=true`, or
 * `/process/session/entrypoint/logs?follow=true`) whose frames interleave
 * stdout and stderr behind 3-byte markers: `01 01 01` switches to stdout,
 * `02 02 02` to stderr. A marker may be split across frames.
 *
 * The SDK's `getSessionCommandLogs(…, onStdout, onStderr)` opens that socket
 * itself and gives no handle to close it, so a subscription that is disposed
 * would leave the socket open until the next frame (or forever, for a quiet
 * dev server). By default we therefore open the same route ourselves and
 * close it on dispose, authenticating the way the SDK does in runtimes that
 * cannot send headers: the sandbox's preview token as `DAYTONA_SANDBOX_AUTH_KEY`.
 * `follow: 'sdk'` uses the SDK call instead (the socket then closes on the
 * first frame after dispose).
 */
import { toDisposable } from '../internal/disposables';
import { SandboxError } from '../transport/errors';
import type { Disposable, LogEntry, LogSink, LogsRequest } from '../transport/types';
import { validateSessionId } from '../transport/validate';
import type { DaytonaCore, DaytonaSandbox } from './core';
import { toDaytonaSandboxError } from './errors';

/** The part of the WHATWG `WebSocket` (and of `ws`) the follow socket needs. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike | Promise<WebSocketLike>;

export interface DaytonaLogsOptions {
  /** `'socket'`: open the follow socket ourselves and close it on dispose; `'sdk'`: use the SDK's call. @default 'socket' */
  follow?: 'socket' | 'sdk';
  /** Session followed when a request names none (with `commandId`). @default undefined (the entrypoint) */
  sessionId?: string;
  /** Command followed when a request names none (with `sessionId`). @default undefined */
  commandId?: string;
  /** Opens the follow socket. @default globalThis.WebSocket, else the `ws` package */
  webSocket?: WebSocketFactory;
}

const STDOUT = 0x01;
const STDERR = 0x02;
const MAX_LINE = 64 * 1024;

/**
 * Splits the daemon's multiplexed byte stream into stdout and stderr text.
 * After the SDK's `stdDemuxStream` (utils/Stream.js), which it must agree with.
 */
export class StdDemuxer {
  private pending: number[] = [];
  private current: 'stdout' | 'stderr' | null = null;
  private decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  constructor(private emit: (stream: 'stdout' | 'stderr', text: string) => void) {}

  push(chunk: Uint8Array): void {
    const bytes = this.pending.length ? Uint8Array.from([...this.pending, ...chunk]) : chunk;
    this.pending = [];
    let start = 0;
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i]!;
      if (b === STDOUT || b === STDERR) {
        // A marker needs three equal bytes; near the end we wait for the rest.
        if (i + 3 > bytes.length) {
          const tail = bytes.subarray(i);
          if (tail.every((x) => x === b)) {
            this.out(bytes.subarray(start, i));
            this.pending = [...tail];
            return;
          }
        } else if (bytes[i + 1] === b && bytes[i + 2] === b) {
          this.out(bytes.subarray(start, i));
          this.current = b === STDOUT ? 'stdout' : 'stderr';
          i += 3;
          start = i;
          continue;
        }
      }
      i++;
    }
    this.out(bytes.subarray(start));
  }

  end(): void {
    if (this.pending.length) this.out(Uint8Array.from(this.pending));
    this.pending = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.decoders[stream].decode();
      if (rest) this.emit(stream, rest);
    }
  }

  private out(bytes: Uint8Array): void {
    if (!bytes.length || !this.current) return; // unlabelled bytes are dropped, as the SDK does
    const text = this.decoders[this.current].decode(bytes, { stream: true });
    if (text) this.emit(this.current, text);
  }
}

/** Turns text chunks into whole-line `LogEntry`s: stdout → `log`, stderr → `error`. */
export class LineCollector {
  private partial = { stdout: '', stderr: '' };
  constructor(private now: () => number = Date.now) {}

  add(stream: 'stdout' | 'stderr', text: string, out: LogEntry[]): void {
    const lines = (this.partial[stream] + text).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    if (this.partial[stream].length > MAX_LINE) {
      lines.push(this.partial[stream]);
      this.partial[stream] = '';
    }
    for (const line of lines) out.push(this.entry(stream, line));
  }

  flush(out: LogEntry[]): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) out.push(this.entry(stream, this.partial[stream]));
      this.partial[stream] = '';
    }
  }

  private entry(stream: 'stdout' | 'stderr', line: string): LogEntry {
    return { level: stream === 'stderr' ? 'error' : 'log', message: line.replace(/\r$/, ''), timestamp: this.now(), stream };
  }
}

async function defaultWebSocket(url: string): Promise<WebSocketLike> {
  const Native = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (typeof Native === 'function') return new Native(url);
  const mod = (await import('ws')) as unknown as { default: new (url: string) => WebSocketLike };
  return new mod.default(url);
}

/** The toolbox base URL of a sandbox (`{toolboxProxyUrl}/{id}`), as the SDK builds it. */
export function toolboxBase(sandbox: DaytonaSandbox): string {
  const proxy = sandbox.toolboxProxyUrl;
  if (!proxy) throw new SandboxError('unavailable', `Sandbox ${sandbox.id} has no toolbox URL`);
  return `${proxy.replace(/\/+$/, '')}/${sandbox.id}`;
}

function toBytes(data: unknown): Uint8Array | undefined {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  // Not `instanceof`: an ArrayBuffer from another realm (`ws` under jsdom, a vm context) fails it.
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') return new Uint8Array(data as ArrayBuffer);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return undefined;
}

/** Marks callbacks of a disposed SDK follow; throwing it makes the SDK close its socket. */
const DETACHED = /* @__PURE__ */ new Error('sandbox-elements: log subscription disposed');

export function subscribeDaytonaLogs(core: DaytonaCore, options: DaytonaLogsOptions, req: LogsRequest, sink: LogSink): Disposable {
  let closed = false;
  let socket: WebSocketLike | undefined;
  const lines = new LineCollector();
  const deliver = (entries: LogEntry[]) => {
    if (closed || entries.length === 0) return;
    try {
      sink.onLogs(entries);
    } catch {
      // A sink's bug must not end the stream.
    }
  };
  const end = (error?: SandboxError) => {
    if (closed) return;
    const rest: LogEntry[] = [];
    lines.flush(rest);
    deliver(rest);
    closed = true;
    if (error) sink.onError?.(error);
    else sink.onEnd?.();
  };
  const onText = (stream: 'stdout' | 'stderr', text: string) => {
    const out: LogEntry[] = [];
    lines.add(stream, text, out);
    deliver(out);
  };

  const start = async () => {
    const sandbox = await core.running(req?.sandboxId);
    const sessionId = req.sessionId ?? options.sessionId;
    const commandId = req.commandId ?? options.commandId;
    if ((sessionId === undefined) !== (commandId === undefined)) {
      throw new SandboxError('invalid_request', 'Follow a session command with both `sessionId` and `commandId`, or neither for the entrypoint');
    }
    if (sessionId !== undefined) {
      validateSessionId(sessionId, 'sessionId');
      validateSessionId(commandId, 'commandId');
      // The follow socket fails without a status; ask first so a typo is `not_found`.
      await core.call(() => sandbox.process.getSessionCommand(sessionId, commandId!), undefined, `Command ${commandId} in session ${sessionId}`);
    }
    if (closed) return;

    if (options.follow === 'sdk') {
      const onStdout = (chunk: string) => {
        if (closed) throw DETACHED;
        onText('stdout', chunk);
      };
      const onStderr = (chunk: string) => {
        if (closed) throw DETACHED;
        onText('stderr', chunk);
      };
      const follow = sessionId !== undefined
        ? sandbox.process.getSessionCommandLogs(sessionId, commandId!, onStdout, onStderr)
        : sandbox.process.getEntrypointLogs(onStdout, onStderr);
      await follow.then(
        () => end(),
        (error: unknown) => {
          if (error !== DETACHED) end(toDaytonaSandboxError(error, 'Log stream'));
        },
      );
      return;
    }

    const { token } = await core.call(() => sandbox.getPreviewLink(1), undefined, 'Log stream token');
    if (closed) return;
    const path = sessionId !== undefined
      ? `/process/session/${encodeURIComponent(sessionId)}/command/${encodeURIComponent(commandId!)}/logs`
      : '/process/session/entrypoint/logs';
    const url = `${toolboxBase(sandbox).replace(/^http/, 'ws')}${path}?follow=true&DAYTONA_SANDBOX_AUTH_KEY=${encodeURIComponent(token)}`;
    const ws = await (options.webSocket ?? defaultWebSocket)(url);
    socket = ws;
    let failed = false;
    // Listen for errors at once: `ws` throws an unhandled 'error' when closed while connecting.
    ws.addEventListener('error', () => {
      failed = true;
    });
    if (closed) {
      ws.close(1000);
      return;
    }
    ws.binaryType = 'arraybuffer';
    const demux = new StdDemuxer(onText);
    ws.addEventListener('message', (event) => {
      const bytes = toBytes(event.data);
      if (bytes && !closed) demux.push(bytes);
    });
    ws.addEventListener('close', (event) => {
      if (closed) return;
      demux.end();
      if (!failed && (event.code === 1000 || event.code === 1005)) end();
      else end(new SandboxError('network', `Log stream closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`));
    });
  };

  start().catch((error: unknown) => end(toDaytonaSandboxError(error)));

  return toDisposable(() => {
    closed = true;
    const ws = socket;
    socket = undefined;
    // CONNECTING (0) or OPEN (1): close now; the SDK has no equivalent.
    if (ws && ws.readyState <= 1) {
      try {
        ws.close(1000, 'unsubscribed');
      } catch {
        // Closing a socket that is still connecting can throw in some runtimes.
      }
    }
  });
}
