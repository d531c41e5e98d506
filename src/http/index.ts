/**
 * `createHttpTransport`: the whole `SandboxTransport` contract over the wire
 * protocol of `createSandboxHandler` (docs/protocol.md). JSON over `fetch` for
 * calls, image bytes for screenshots, Server-Sent Events for logs and a
 * WebSocket for PTYs. No React here: this file ships in the core entry and
 * must stay small.
 */
import { reportListenerError, toDisposable } from '../internal/disposables';
import { PtyEvents } from '../internal/pty-events';
import { abortError } from '../internal/abort';
import { SandboxError, throwIfAborted, toSandboxError } from '../transport/errors';
import { fromWireError, parseRetryAfter } from '../transport/wire-error';
import { SANDBOX_CAPABILITIES, type SandboxCapability } from '../transport/operations';
import { validatePtySize } from '../transport/validate';
import type {
  Disposable,
  LogEntry,
  LogSink,
  PtyCloseEvent,
  PtyConnection,
  PtyRequest,
  SandboxInfo,
  SandboxTransport,
} from '../transport/types';
import {
  CURSOR_HEADER,
  HEIGHT_HEADER,
  PROTOCOL_PREFIX,
  PROTOCOL_VERSION,
  VERSION_HEADER,
  WIDTH_HEADER,
  WS_AUTH_PREFIX,
  WS_PROTOCOL,
  encodeAuthToken,
} from './protocol';
import { readEventStream } from './sse';

/** @deprecated Use `SandboxCapability` (the one list, `SANDBOX_CAPABILITIES`). */
export type HttpCapability = SandboxCapability;

/** The part of the WebSocket API the transport uses (browser `WebSocket` and `ws` both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** The part of the EventSource API the transport uses. */
export interface EventSourceLike {
  close(): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type EventSourceConstructor = new (url: string, init?: { withCredentials?: boolean }) => EventSourceLike;

/** Whether cookies (and HTTP auth) go with requests: the values of `fetch`'s `credentials`. */
export type HttpCredentials = 'omit' | 'same-origin' | 'include';

export interface HttpTransportOptions {
  /** Where `createSandboxHandler` is mounted, e.g. `/api/sandbox` or `https://app.example/api/sandbox`. */
  baseUrl: string;
  /**
   * Cookies, one setting for every channel. `fetch` calls and the built-in log
   * reader use it as `fetch`'s `credentials`; an `EventSource` gets
   * `withCredentials` only for `'include'` (a browser's EventSource always sends
   * cookies to its own origin, so `'omit'` cannot hold there). The PTY WebSocket
   * cannot be told: browsers send the server's cookies on every WebSocket
   * handshake, same-origin or not, whatever this says (SameSite rules apply). So
   * the handler admits terminal sockets only from its own origin and origins its
   * `cors` lists. For cookies on another origin use `'include'` and
   * `cors: { credentials: true }` on the server.
   * @default 'same-origin'
   */
  credentials?: HttpCredentials;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Headers for every request; a function is called per request (fresh auth tokens). Only `Authorization` reaches the PTY WebSocket. @default {} */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** WebSocket class for PTYs (pass `ws`'s in Node 20). @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor;
  /** Use this EventSource class for logs instead of the built-in fetch reader (it cannot send headers: use cookies). @default undefined (fetch reader) */
  EventSource?: EventSourceConstructor;
  /** Capabilities to expose as methods; match the server's `expose` so components show `unsupported` without a round trip. @default all */
  capabilities?: SandboxCapability[];
  /** Log stream reconnection: first delay, ceiling, and attempts before reporting `network`. @default { initialDelayMs: 250, maxDelayMs: 5000, maxAttempts: 8 } */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
}

export interface HttpTransport extends SandboxTransport {
  /** The capabilities the server exposes (`GET /v1/capabilities`). */
  capabilities(signal?: AbortSignal): Promise<{ protocol: number; capabilities: SandboxCapability[] }>;
}

type Query = Record<string, string | number | boolean | undefined>;
interface CallInit {
  query?: Query;
  json?: unknown;
  bytes?: Uint8Array;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

const encoder = /* @__PURE__ */ new TextEncoder();
/** Text input is sent in pieces well under the server's frame limit. */
const WRITE_CHUNK = 8192;

/** A `SandboxTransport` that talks to `createSandboxHandler` over HTTP, SSE and WebSocket. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  if (!options || typeof options.baseUrl !== 'string') throw new SandboxError('invalid_request', 'createHttpTransport needs a baseUrl');
  const credentials = options.credentials ?? 'same-origin';
  if (!['omit', 'same-origin', 'include'].includes(credentials)) {
    throw new SandboxError('invalid_request', `createHttpTransport: credentials must be 'omit', 'same-origin' or 'include', got ${String(credentials)}`);
  }
  const base = options.baseUrl.replace(/\/+$/, '') + PROTOCOL_PREFIX;
  const has = new Set<SandboxCapability>(options.capabilities ?? SANDBOX_CAPABILITIES);
  const doFetch = (input: string, init: RequestInit) => (options.fetch ?? globalThis.fetch)(input, init);

  async function headers(extra?: Record<string, string>): Promise<Headers> {
    const h = options.headers;
    let result: Headers;
    try {
      result = new Headers(typeof h === 'function' ? await h() : h);
    } catch (error) {
      throw toSandboxError(error, 'unauthorized');
    }
    result.set(VERSION_HEADER, String(PROTOCOL_VERSION));
    for (const [k, v] of Object.entries(extra ?? {})) result.set(k, v);
    return result;
  }

  function url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return base + path + (qs ? `?${qs}` : '');
  }

  async function call(method: string, path: string, init: CallInit = {}): Promise<Response> {
    throwIfAborted(init.signal);
    const h = await headers(init.headers);
    let body: BodyInit | undefined;
    if (init.json !== undefined) {
      h.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    } else if (init.bytes) {
      h.set('Content-Type', 'application/octet-stream');
      body = init.bytes as unknown as BodyInit;
    }
    const target = url(path, init.query);
    let response: Response;
    try {
      response = await doFetch(target, { method, headers: h, body, signal: init.signal ?? null, credentials });
    } catch (error) {
      throw failure(error, init.signal, target);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /** Read a body, mapping an abort or a dropped connection mid-body. */
  async function read<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      throw failure(error, signal);
    }
  }

  const json = async <T>(method: string, path: string, init: CallInit = {}): Promise<T> => {
    const response = await call(method, path, init);
    return read(response.json() as Promise<T>, init.signal);
  };
  const none = async (method: string, path: string, init: CallInit = {}): Promise<void> => {
    const response = await call(method, path, init);
    await read(response.arrayBuffer(), init.signal);
  };
  const sb = (sandboxId: string) => `/sandboxes/${encodeURIComponent(String(sandboxId))}`;
  const ws = (sandboxId: string) => `/workspace/sandboxes/${encodeURIComponent(String(sandboxId))}`;

  const transport: HttpTransport = {
    capabilities: (signal) => json('GET', '/capabilities', { signal }),

    getPreviewLink: (req, signal) => json('GET', `${sb(req.sandboxId)}/preview-link`, { query: { port: req.port }, signal }),
  };

  if (has.has('getSandbox')) transport.getSandbox = (req, signal) => json<SandboxInfo>('GET', sb(req.sandboxId), { signal });

  if (has.has('exec')) {
    transport.exec = (req, signal) =>
      json('POST', `${sb(req.sandboxId)}/exec`, { json: { command: req.command, cwd: req.cwd, timeoutMs: req.timeoutMs }, signal });
  }

  if (has.has('computerUse')) {
    transport.computerUse = {
      async screenshot(req, signal) {
        const { sandboxId, ...query } = req;
        const response = await call('GET', `${sb(sandboxId)}/computer-use/screenshot`, { query, signal });
        const image = await read(response.blob(), signal);
        const cursor = response.headers.get(CURSOR_HEADER)?.split(',').map(Number);
        return {
          image,
          width: Number(response.headers.get(WIDTH_HEADER)),
          height: Number(response.headers.get(HEIGHT_HEADER)),
          ...(cursor && cursor.length === 2 && cursor.every(Number.isFinite) ? { cursor: { x: cursor[0]!, y: cursor[1]! } } : {}),
        };
      },
      displayInfo: (req, signal) => json('GET', `${sb(req.sandboxId)}/computer-use/display`, { signal }),
      perform: (req, signal) => none('POST', `${sb(req.sandboxId)}/computer-use/actions`, { json: { action: req.action }, signal }),
      start: (req) => none('POST', `${sb(req.sandboxId)}/computer-use/start`),
      status: async (req) => (await json<{ status: 'active' }>('GET', `${sb(req.sandboxId)}/computer-use/status`)).status,
    };
  }

  if (has.has('files')) {
    transport.files = {
      list: (req, signal) => json('GET', `${sb(req.sandboxId)}/files`, { query: { path: req.path }, signal }),
      async read(req, signal) {
        const response = await call('GET', `${sb(req.sandboxId)}/files/content`, { query: { path: req.path }, signal });
        return new Uint8Array(await read(response.arrayBuffer(), signal));
      },
      write: (req, signal) =>
        none('PUT', `${sb(req.sandboxId)}/files/content`, {
          query: { path: req.path },
          bytes: typeof req.content === 'string' ? encoder.encode(req.content) : req.content,
          signal,
        }),
      remove: (req, signal) => none('DELETE', `${sb(req.sandboxId)}/files`, { query: { path: req.path, recursive: req.recursive ? true : undefined }, signal }),
    };
  }

  if (has.has('sandboxes')) {
    transport.sandboxes = {
      create: (req, signal) => json('POST', '/workspace/sandboxes', { json: req ?? {}, signal }),
      get: (req, signal) => json('GET', ws(req.sandboxId), { signal }),
      list: (req, signal) =>
        json('GET', '/workspace/sandboxes', { query: { labels: req?.labels ? JSON.stringify(req.labels) : undefined }, signal }),
      start: (req, signal) => json('POST', `${ws(req.sandboxId)}/start`, { signal }),
      stop: (req, signal) => json('POST', `${ws(req.sandboxId)}/stop`, { signal }),
      archive: (req, signal) => json('POST', `${ws(req.sandboxId)}/archive`, { signal }),
      remove: (req, signal) => none('DELETE', ws(req.sandboxId), { signal }),
    };
  }

  if (has.has('logs')) {
    transport.subscribeLogs = (req, sink) => (options.EventSource ? subscribeWithEventSource(req, sink) : subscribe(req, sink));
  }

  /** Logs through the fetch SSE reader: reconnects with `Last-Event-ID`, so nothing is lost or repeated. */
  function subscribe(req: { sandboxId: string; sessionId?: string; commandId?: string }, sink: LogSink): Disposable {
    const controller = new AbortController();
    const { initialDelayMs = 250, maxDelayMs = 5000, maxAttempts = 8 } = options.reconnect ?? {};
    let lastId: string | undefined;
    const seen = new Set<string>();
    let finished = false;
    const finish = (error?: SandboxError) => {
      if (finished) return;
      finished = true;
      controller.abort();
      deliver(() => (error ? sink.onError?.(error) : sink.onEnd?.()));
    };
    void (async () => {
      let attempt = 0;
      while (!finished) {
        let lastError: SandboxError | undefined;
        try {
          const response = await call('GET', `${sb(req.sandboxId)}/logs`, {
            query: { sessionId: req.sessionId, commandId: req.commandId },
            headers: { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
            signal: controller.signal,
          });
          await readEventStream(response.body!, (event) => {
            if (finished) return;
            attempt = 0;
            if (event.id !== undefined) lastId = event.id;
            if (event.event === 'logs') {
              // Entries with an id seen before (a replay after a reconnect to another hub) are dropped.
              const fresh = (JSON.parse(event.data) as LogEntry[]).filter((e) => e.id === undefined || !seen.has(e.id));
              for (const e of fresh) if (e.id !== undefined) seen.add(e.id);
              if (seen.size > 10_000) for (const id of [...seen].slice(0, 5_000)) seen.delete(id);
              if (fresh.length) deliver(() => sink.onLogs(fresh));
            } else if (event.event === 'gap') {
              const { missed } = JSON.parse(event.data) as { missed: number };
              deliver(() => sink.onLogs([{ level: 'warn', message: `${missed} log lines were skipped: the connection fell behind`, timestamp: Date.now() }]));
            }
            if (event.event === 'end') finish();
            else if (event.event === 'error') finish(fromWireError(JSON.parse(event.data), 500));
          });
        } catch (error) {
          if (finished) return;
          lastError = failure(error, controller.signal);
          // Only a lost connection is worth another try; a refusal is final.
          if (!['network', 'unavailable', 'timeout', 'rate_limited'].includes(lastError.code)) return finish(lastError);
        }
        if (finished) return;
        if (++attempt > maxAttempts) return finish(lastError ?? new SandboxError('network', 'Log stream closed and did not come back'));
        const delay = Math.min(maxDelayMs, Math.max(lastError?.retryAfterMs ?? 0, initialDelayMs * 2 ** (attempt - 1)));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          controller.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    })();
    return toDisposable(() => {
      finished = true;
      controller.abort();
    });
  }

  /** Logs through a given EventSource class; it reconnects (and sends `Last-Event-ID`) by itself. */
  function subscribeWithEventSource(req: { sandboxId: string; sessionId?: string; commandId?: string }, sink: LogSink): Disposable {
    const source = new options.EventSource!(url(`${sb(req.sandboxId)}/logs`, { sessionId: req.sessionId, commandId: req.commandId }), {
      withCredentials: credentials === 'include',
    });
    let closed = false;
    const close = () => {
      closed = true;
      source.close();
    };
    source.addEventListener('logs', (e: { data: string }) => !closed && sink.onLogs(JSON.parse(e.data) as LogEntry[]));
    source.addEventListener('end', () => !closed && (close(), sink.onEnd?.()));
    source.addEventListener('error', (e: { data?: string }) => {
      // A named `error` event from the server carries data; a transport error does not (EventSource retries it).
      if (closed || typeof e.data !== 'string') return;
      close();
      sink.onError?.(fromWireError(JSON.parse(e.data), 500));
    });
    return toDisposable(close);
  }

  if (has.has('pty')) {
    transport.openPty = async (req, signal) => {
      throwIfAborted(signal);
      validatePtySize(req.cols, req.rows);
      const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
      if (!WS) throw new SandboxError('unsupported', 'No WebSocket implementation: pass `WebSocket` to createHttpTransport');
      const path = `${sb(req.sandboxId)}/pty`;
      const query = ptyQuery(req);
      const auth = (await headers()).get('authorization');
      throwIfAborted(signal);
      let socket: WebSocketLike;
      try {
        const target = new URL(url(path, query), (globalThis as { location?: { href: string } }).location?.href);
        target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
        socket = new WS(target.href, [WS_PROTOCOL, ...(auth ? [WS_AUTH_PREFIX + encodeAuthToken(auth)] : [])]);
      } catch (error) {
        throw new SandboxError('invalid_request', `Cannot open a WebSocket to ${base}${path} (outside a browser, baseUrl must be absolute)`, { cause: error });
      }
      socket.binaryType = 'arraybuffer';
      return new Promise<PtyConnection>((resolve, reject) => {
        let settled = false;
        const onAbort = () => {
          if (settled) return;
          settled = true;
          socket.close(1000, 'aborted');
          reject(abortError(signal));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = (fn: () => void) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          fn();
        };
        socket.addEventListener('message', (event: { data: unknown }) => {
          if (settled || typeof event.data !== 'string') return;
          const message = parseControl(event.data);
          if (message?.type === 'ready' && typeof message.sessionId === 'string') {
            // `replayBytes` is absent from older servers: then nothing is known to be replay.
            const replay = typeof message.replayBytes === 'number' && Number.isInteger(message.replayBytes) && message.replayBytes > 0 ? message.replayBytes : 0;
            settle(() => resolve(new HttpPtyConnection(socket, message.sessionId as string, replay)));
          } else if (message?.type === 'error') {
            settle(() => reject(fromWireError(message, 500)));
          }
        });
        // `close` follows and says what to do; a listener keeps Node's `ws` from throwing.
        socket.addEventListener('error', () => {});
        socket.addEventListener('close', () => {
          if (settled) return;
          // A browser hides why a handshake failed; ask the same URL over plain HTTP, which answers with the reason.
          call('GET', path, { query, signal }).then(
            () => settle(() => reject(new SandboxError('network', 'The PTY WebSocket could not connect'))),
            (error: SandboxError) =>
              settle(() =>
                reject(error.status === 426 ? new SandboxError('network', 'The PTY WebSocket could not connect (is handleUpgrade wired?)') : error),
              ),
          );
        });
      });
    };
  }

  return transport;
}

/** Run a sink callback; its bug is reported, never mistaken for a broken stream. */
function deliver(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportListenerError(error);
  }
}

function ptyQuery(req: PtyRequest): Query {
  return {
    cols: req.cols,
    rows: req.rows,
    sessionId: req.sessionId,
    port: req.port,
    cwd: req.cwd,
    env: req.env ? JSON.stringify(req.env) : undefined,
  };
}

function parseControl(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One PTY over one WebSocket. Binary frames are terminal bytes both ways; text
 * frames are JSON control messages (`resize`, `kill` up; `exit`, `close` down).
 */
class HttpPtyConnection implements PtyConnection {
  /** Output held until the first listener (bounded, newest kept) and a close held until the first close listener. */
  private events: PtyEvents;
  private ending: PtyCloseEvent | undefined;
  private killed: Array<{ resolve(): void; reject(error: SandboxError): void }> = [];

  constructor(
    private socket: WebSocketLike,
    readonly sessionId: string,
    replayBytes: number,
  ) {
    this.events = new PtyEvents({ replayBytes });
    socket.addEventListener('message', (event: { data: unknown }) => this.message(event.data));
    socket.addEventListener('close', (event: { code: number; reason: string }) => this.end(event));
  }

  get replayBytes(): number {
    return this.events.replayBytes;
  }

  get droppedBytes(): number {
    return this.events.droppedBytes;
  }

  private message(raw: unknown): void {
    if (this.events.isClosed) return;
    if (typeof raw === 'string') {
      const message = parseControl(raw);
      if (message?.type === 'exit') this.ending = { exitCode: Number(message.exitCode) };
      else if (message?.type === 'error') {
        // A refused control message (e.g. kill on a transport that cannot): the socket stays open.
        const error = fromWireError(message, 400);
        for (const k of this.killed.splice(0)) k.reject(error);
      }
      else if (message?.type === 'close') {
        const reason = typeof message.reason === 'string' ? message.reason : 'Connection closed by the server';
        this.ending = { reason, error: message.error ? fromWireError(message, 502) : new SandboxError('network', reason) };
      }
      return;
    }
    const bytes = raw instanceof ArrayBuffer ? new Uint8Array(raw) : ArrayBuffer.isView(raw) ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
    if (bytes) this.events.deliver(bytes);
  }

  private end(event: { code: number; reason: string }): void {
    for (const k of this.killed.splice(0)) k.resolve();
    const reason = event.reason || `Connection lost (WebSocket close ${event.code})`;
    this.events.close(this.ending ?? { reason, error: new SandboxError('network', reason) });
  }

  private send(data: string | Uint8Array): void {
    if (!this.events.isClosed && this.socket.readyState === 1) this.socket.send(data);
  }

  write(data: string | Uint8Array): void {
    if (typeof data !== 'string') {
      for (let i = 0; i < data.byteLength; i += WRITE_CHUNK) this.send(data.subarray(i, i + WRITE_CHUNK));
      return;
    }
    for (let i = 0; i < data.length; ) {
      let end = Math.min(data.length, i + WRITE_CHUNK);
      // Never split a surrogate pair across frames.
      if (end < data.length && /[\uD800-\uDBFF]/.test(data[end - 1]!)) end--;
      this.send(encoder.encode(data.slice(i, end)));
      i = end;
    }
  }

  resize(cols: number, rows: number): void {
    validatePtySize(cols, rows);
    this.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  onData(listener: (data: Uint8Array | string) => void): Disposable {
    return this.events.onData(listener);
  }

  onClose(listener: (event: PtyCloseEvent) => void): Disposable {
    return this.events.onClose(listener);
  }

  kill(): Promise<void> {
    if (this.events.isClosed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.killed.push({ resolve, reject });
      this.send(JSON.stringify({ type: 'kill' }));
    });
  }

  /** Detach: the session lives on and can be re-attached by `sessionId`. */
  dispose(): void {
    if (this.events.isClosed) return this.events.dispose();
    this.events.dispose();
    try {
      this.socket.close(1000, 'detached');
    } catch {
      // Already closing.
    }
  }
}

/** Map a failed exchange (thrown by fetch or a body read) to a SandboxError. */
function failure(error: unknown, signal?: AbortSignal, target?: string): SandboxError {
  if (signal?.aborted) return abortError(signal);
  const mapped = toSandboxError(error, 'network');
  if (mapped.code !== 'network' || !target) return mapped;
  return new SandboxError('network', `Could not reach ${target}: ${mapped.message}`, { cause: error });
}

async function errorFromResponse(response: Response): Promise<SandboxError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return fromWireError(body, response.status, parseRetryAfter(response.headers.get('Retry-After')));
}
