/**
 * PTYs over WebSocket (package `ws`, loaded on the first upgrade so the server
 * entry imports without it). Every check (origin, route, sandbox id,
 * authorization, capability, parameters, socket count) runs before the
 * handshake; a refusal is a plain HTTP answer with the JSON error body.
 *
 * Frames: binary = terminal bytes (both ways); text = JSON control messages.
 * Down: `ready`, `exit`, `close`, `error`. Up: `resize`, `kill`.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket as WsSocket, WebSocketServer as WsServer } from 'ws';
import { SandboxError, toSandboxError } from '../transport/errors';
import type { PtyConnection, PtyRequest, SandboxTransport } from '../transport/types';
import {
  CLOSE_DROPPED,
  CLOSE_NORMAL,
  CLOSE_TOO_SLOW,
  WS_AUTH_PREFIX,
  WS_PROTOCOL,
  decodeAuthToken,
} from '../http/protocol';
import { formatRetryAfter, toWireError } from '../transport/wire-error';
import { originAllowed } from './cors';
import type { CorsOptions, ResolvedLimits } from './options';

interface PtySocketsOptions {
  transport: SandboxTransport;
  limits: ResolvedLimits;
  cors: CorsOptions | undefined;
  match(pathname: string): boolean;
  admit(request: Request, url: URL): Promise<PtyRequest>;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
};

export class PtySockets {
  /** Created on the first upgrade; the promise is kept so upgrades arriving together share one server. */
  private server: Promise<WsServer> | undefined;
  private sockets = new Set<WsSocket>();
  /** Upgrades admitted but not yet open count against the limit too. */
  private pending = 0;

  constructor(private o: PtySocketsOptions) {}

  get size(): number {
    return this.sockets.size;
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    } catch {
      // Not a URL this handler could have issued; leave it to the host.
      return false;
    }
    if (!this.o.match(url.pathname)) return false;
    let params: PtyRequest;
    this.pending++;
    try {
      this.checkOrigin(req);
      const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
        .split(',')
        .map((p) => p.trim());
      if (!protocols.includes(WS_PROTOCOL)) {
        throw new SandboxError('invalid_request', `Ask for the WebSocket subprotocol "${WS_PROTOCOL}"`);
      }
      params = await this.o.admit(toRequest(req, url, protocols), url);
      if (this.sockets.size + this.pending > this.o.limits.maxPtys) {
        throw new SandboxError('rate_limited', 'Too many terminals open on this server', { retryAfterMs: 1000 });
      }
      const server = await this.wsServer();
      if (socket.destroyed) return true;
      server.handleUpgrade(req, socket, head, (ws) => this.session(ws, params));
    } catch (error) {
      refuse(socket, error);
    } finally {
      this.pending--;
    }
    return true;
  }

  private wsServer(): Promise<WsServer> {
    if (!this.server) {
      const created = createServer(this.o.limits.maxFrameBytes);
      this.server = created;
      // A failed load (no `ws`) is not kept: the next upgrade tries again.
      created.catch(() => {
        if (this.server === created) this.server = undefined;
      });
    }
    return this.server;
  }

  /**
   * Same-origin, or an origin `cors` names explicitly (a list or a predicate).
   * `origins: '*'` never admits a PTY: browsers send cookies on WebSocket
   * handshakes, so a wildcard would let any page open a shell with the user's
   * session (cross-site WebSocket hijacking).
   */
  private checkOrigin(req: IncomingMessage): void {
    const origin = req.headers.origin;
    if (!origin) return;
    const cors = this.o.cors;
    if (cors && cors.origins !== '*' && originAllowed(cors, origin)) return;
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    const forwarded = String(req.headers['x-forwarded-host'] ?? '').split(',')[0]?.trim();
    if (host && (host === req.headers.host || host === forwarded)) return;
    throw new SandboxError('forbidden', 'This origin may not open terminals here', { status: 403 });
  }

  private session(ws: WsSocket, params: PtyRequest): void {
    this.sockets.add(ws);
    const controller = new AbortController();
    let pty: PtyConnection | undefined;
    let alive = true;
    let heartbeat: ReturnType<typeof setInterval> | undefined;
    const subs: Array<{ dispose(): void }> = [];
    const sendJson = (message: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('close', () => {
      this.sockets.delete(ws);
      controller.abort();
      if (heartbeat) clearInterval(heartbeat);
      for (const s of subs.splice(0).reverse()) s.dispose();
      // Closing the socket detaches; the session lives on for re-attach.
      pty?.dispose();
    });
    ws.on('error', () => ws.terminate());
    if (this.o.limits.heartbeatMs > 0) {
      ws.on('pong', () => (alive = true));
      heartbeat = setInterval(() => {
        if (!alive) return ws.terminate();
        alive = false;
        ws.ping();
      }, this.o.limits.heartbeatMs);
      heartbeat.unref?.();
    }
    ws.on('message', (data, isBinary) => {
      if (!pty) return;
      if (isBinary) return pty.write(toBytes(data));
      let message: { type?: unknown; cols?: unknown; rows?: unknown };
      try {
        message = JSON.parse(toBytes(data).toString()) as typeof message;
      } catch {
        return sendJson({ type: 'error', error: { code: 'invalid_request', message: 'Control frames must be JSON' } });
      }
      try {
        if (message?.type === 'resize') pty.resize(message.cols as number, message.rows as number);
        else if (message?.type === 'kill') {
          if (!pty.kill) throw new SandboxError('unsupported', 'This transport cannot kill a PTY session');
          pty.kill().catch((error: unknown) => sendJson({ type: 'error', ...toWireError(toSandboxError(error)).body }));
        } else throw new SandboxError('invalid_request', 'Unknown control message');
      } catch (error) {
        sendJson({ type: 'error', ...toWireError(error).body });
      }
    });

    const { sandboxId, ...rest } = params;
    this.o.transport.openPty!({ sandboxId, ...rest }, controller.signal).then(
      (connection) => {
        if (ws.readyState !== ws.OPEN) return connection.dispose();
        pty = connection;
        // `replayFrom`: where the output that follows starts in the session's output (bytes since it started), so a
        // client drops only what it has shown; `replayBytes`: how much of it repeats earlier output (older clients).
        // Each is absent when the transport cannot tell (Daytona): the client then judges for itself.
        const { replayBytes, replayFrom } = connection;
        sendJson({
          type: 'ready',
          sessionId: connection.sessionId,
          ...(replayBytes !== undefined ? { replayBytes } : {}),
          ...(replayFrom !== undefined ? { replayFrom } : {}),
        });
        subs.push(
          connection.onData((chunk) => {
            if (ws.readyState !== ws.OPEN) return;
            // A client that cannot keep up is cut off; it re-attaches and gets the scrollback.
            if (ws.bufferedAmount > this.o.limits.maxBufferedBytes) return cutOff(ws);
            ws.send(typeof chunk === 'string' ? Buffer.from(chunk) : chunk, { binary: true });
          }),
          connection.onClose((event) => {
            if (event.exitCode !== undefined) {
              sendJson({ type: 'exit', exitCode: event.exitCode });
              ws.close(CLOSE_NORMAL, 'Exited');
            } else {
              const reason = event.reason ?? 'Connection to the sandbox lost';
              sendJson({ type: 'close', reason, ...(event.error ? toWireError(event.error).body : {}) });
              ws.close(CLOSE_DROPPED, closeReason(reason));
            }
          }),
        );
      },
      (error: unknown) => {
        const { status, body } = toWireError(error);
        sendJson({ type: 'error', ...body });
        ws.close(4000 + status, closeReason(body.error.message));
      },
    );
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.close(1001, 'Server shutting down');
    const pending = this.server;
    this.server = undefined;
    const server = await pending?.catch(() => undefined);
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}

async function createServer(maxPayload: number): Promise<WsServer> {
  let ws: typeof import('ws');
  try {
    ws = await import('ws');
  } catch (error) {
    throw new SandboxError('unsupported', 'PTY sockets need the `ws` package: npm install ws', { cause: error });
  }
  const WebSocketServer = ws.WebSocketServer ?? (ws as unknown as { default: typeof import('ws') }).default.WebSocketServer;
  return new WebSocketServer({
    noServer: true,
    maxPayload,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
}

/** Close a client that stopped reading; if it cannot even take the close frame, drop it. */
function cutOff(ws: WsSocket): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.close(CLOSE_TOO_SLOW, 'Client too slow');
  setTimeout(() => ws.terminate(), 1000).unref();
}

/** A close reason must fit in 123 bytes of UTF-8. */
function closeReason(text: string): string {
  let out = text;
  while (Buffer.byteLength(out) > 120) out = out.slice(0, -1);
  return out;
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

/** A Fetch `Request` for `authorize`: the upgrade's headers, plus `Authorization` carried in the subprotocol. */
function toRequest(req: IncomingMessage, url: URL, protocols: string[]): Request {
  const headers = new Headers();
  for (const [k, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(k, one);
  }
  const auth = protocols.find((p) => p.startsWith(WS_AUTH_PREFIX));
  if (auth && !headers.has('authorization')) {
    const decoded = decodeAuthToken(auth.slice(WS_AUTH_PREFIX.length));
    if (decoded !== undefined) headers.set('authorization', decoded);
  }
  const secure = (req.socket as { encrypted?: boolean }).encrypted;
  return new Request(new URL(url.pathname + url.search, `${secure ? 'https' : 'http'}://${url.host}`), { headers });
}

/** Answer a refused upgrade with a plain HTTP error and close the socket. */
function refuse(socket: Duplex, error: unknown): void {
  if (socket.destroyed) return;
  const { status, body } = toWireError(error);
  const text = JSON.stringify(body);
  const retry = body.error.retryAfterMs !== undefined ? `Retry-After: ${formatRetryAfter(body.error.retryAfterMs)}\r\n` : '';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n${retry}Connection: close\r\n\r\n${text}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}
