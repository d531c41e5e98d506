/**
 * PTYs of `createHttpTransport`: one WebSocket per connection. Binary frames
 * are terminal bytes both ways; text frames are JSON control messages
 * (`resize`, `kill` up; `ready`, `exit`, `close`, `error` down).
 */
import { PtyEvents } from '../internal/pty-events';
import { abortError } from '../internal/abort';
import { SandboxError, throwIfAborted } from '../transport/errors';
import { fromWireError } from '../transport/wire-error';
import { validatePtySize } from '../transport/validate';
import type { Disposable, PtyCloseEvent, PtyConnection, PtyRequest } from '../transport/types';
import { WS_AUTH_PREFIX, WS_PROTOCOL, encodeAuthToken } from './protocol';
import { sandboxPath as sb, type Query, type Requester } from './request';
import type { HttpTransportOptions, WebSocketConstructor, WebSocketLike } from './types';

const encoder = /* @__PURE__ */ new TextEncoder();
/** Text input is sent in pieces well under the server's frame limit. */
const WRITE_CHUNK = 8192;

/** `transport.openPty`: resolves once the server's `ready` frame names the session. */
export async function openHttpPty(http: Requester, options: HttpTransportOptions, req: PtyRequest, signal?: AbortSignal): Promise<PtyConnection> {
  throwIfAborted(signal);
  validatePtySize(req.cols, req.rows);
  const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!WS) throw new SandboxError('unsupported', 'No WebSocket implementation: pass `WebSocket` to createHttpTransport');
  const path = `${sb(req.sandboxId)}/pty`;
  const query = ptyQuery(req);
  const auth = (await http.headers()).get('authorization');
  throwIfAborted(signal);
  let socket: WebSocketLike;
  try {
    const target = new URL(http.url(path, query), (globalThis as { location?: { href: string } }).location?.href);
    target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WS(target.href, [WS_PROTOCOL, ...(auth ? [WS_AUTH_PREFIX + encodeAuthToken(auth)] : [])]);
  } catch (error) {
    throw new SandboxError('invalid_request', `Cannot open a WebSocket to ${http.base}${path} (outside a browser, baseUrl must be absolute)`, { cause: error });
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
        // `replayBytes` and `replayFrom` are absent when the server's transport cannot tell (and from older servers): unknown.
        const replay = count(message.replayBytes);
        const from = count(message.replayFrom);
        settle(() => resolve(new HttpPtyConnection(socket, message.sessionId as string, replay, from)));
      } else if (message?.type === 'error') {
        settle(() => reject(fromWireError(message, 500)));
      }
    });
    // `close` follows and says what to do; a listener keeps Node's `ws` from throwing.
    socket.addEventListener('error', () => {});
    socket.addEventListener('close', () => {
      if (settled) return;
      // A browser hides why a handshake failed; ask the same URL over plain HTTP, which answers with the reason.
      http.call('GET', path, { query, signal }).then(
        () => settle(() => reject(new SandboxError('network', 'The PTY WebSocket could not connect'))),
        (error: SandboxError) =>
          settle(() =>
            reject(error.status === 426 ? new SandboxError('network', 'The PTY WebSocket could not connect (is handleUpgrade wired?)') : error),
          ),
      );
    });
  });
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

/** A whole number of bytes from a control frame, or `undefined` (absent or not one). */
function count(value: unknown): number | undefined {
  // Number.isInteger is false for anything that is not a number.
  return Number.isInteger(value) ? Math.max(0, value as number) : undefined;
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
    private replayKnown: number | undefined,
    replayFrom: number | undefined,
  ) {
    this.events = new PtyEvents({ replayBytes: replayKnown, offset: replayFrom });
    socket.addEventListener('message', (event: { data: unknown }) => this.message(event.data));
    socket.addEventListener('close', (event: { code: number; reason: string }) => this.end(event));
  }

  get replayBytes(): number | undefined {
    return this.replayKnown === undefined ? undefined : this.events.replayBytes;
  }

  get replayFrom(): number | undefined {
    return this.events.replayFrom;
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
    // Binary frames are ArrayBuffers: `binaryType` is 'arraybuffer' (browsers and `ws` both honour it).
    if (raw instanceof ArrayBuffer) this.events.deliver(new Uint8Array(raw));
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
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    for (let i = 0; i < bytes.byteLength; ) {
      let end = Math.min(bytes.byteLength, i + WRITE_CHUNK);
      // Never split a UTF-8 character across frames: end before its continuation bytes (at most 3).
      for (let k = 0; k < 3 && end < bytes.byteLength && (bytes[end]! & 0xc0) === 0x80; k++) end--;
      this.send(bytes.subarray(i, end));
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
    const open = !this.events.isClosed;
    this.events.dispose();
    if (open) this.socket.close(1000, 'detached');
  }
}
