/**
 * `toNodeListener`: mount a Fetch-API handler on `http.createServer`, Express,
 * Fastify (raw) or Vite's connect middleware. The request body streams in (the
 * handler caps it), the response streams out with backpressure, and a client
 * that goes away aborts `request.signal`, which ends log streams at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

export interface FetchHandler {
  fetch(request: Request): Promise<Response>;
  /** When set, and the listener is used as middleware, requests outside this path go to `next()`. @default undefined */
  readonly basePath?: string;
}

/**
 * Node's `(req, res)` listener for `handler`. Works as Express/connect middleware
 * too: it reads `req.originalUrl`, and hands requests outside the handler's
 * `basePath` to `next()`.
 */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void {
  const prefix = handler.basePath ? `${handler.basePath}/` : undefined;
  return (req, res, next) => {
    if (next && prefix) {
      const path = ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/').split('?')[0]!;
      if (!`${path}/`.startsWith(prefix)) return next();
    }
    handle(handler, req, res).catch((error: unknown) => {
      if (next) return next(error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ error: { code: 'internal', message: 'Internal error' } }));
      } else res.destroy();
    });
  };
}

/** A Fetch `Request` for a Node request; `signal` aborts when the client disconnects. */
export function toFetchRequest(req: IncomingMessage, signal?: AbortSignal): Request {
  const secure = (req.socket as { encrypted?: boolean }).encrypted;
  const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
  const url = new URL(path.startsWith('/') ? path : `/${path}`, `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (const [k, value] of Object.entries(req.headers)) {
    if (value === undefined || k.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(k, one);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, ...(signal ? { signal } : {}) };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

async function handle(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  const socket = req.socket;
  res.on('close', () => {
    if (res.writableFinished) return;
    controller.abort();
    // The client went away mid-response (e.g. it closed a log stream): free the connection, it cannot be reused.
    socket.destroy();
  });
  let request: Request;
  try {
    request = toFetchRequest(req, controller.signal);
  } catch {
    res.statusCode = 400;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ error: { code: 'invalid_request', message: 'Malformed request' } }));
    return;
  }
  const response = await handler.fetch(request);
  res.statusCode = response.status;
  // Answered before the body was read (e.g. 413): the connection cannot be reused safely.
  if (!req.complete && req.method !== 'GET' && req.method !== 'HEAD') res.shouldKeepAlive = false;
  for (const [k, value] of response.headers) {
    if (k === 'set-cookie') continue;
    res.setHeader(k, value);
  }
  const cookies = response.headers.getSetCookie?.() ?? [];
  if (cookies.length) res.setHeader('set-cookie', cookies);
  if (!response.body || req.method === 'HEAD') {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  const stop = () => reader.cancel().catch(() => {});
  res.on('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) {
        // Backpressure: wait for the socket to drain (or to close).
        await new Promise<void>((resolve) => {
          const go = () => (res.off('drain', go), res.off('close', go), resolve());
          res.on('drain', go);
          res.on('close', go);
        });
        if (res.destroyed) break;
      }
    }
    res.end();
  } catch {
    // The body errored (e.g. a slow SSE client was cut off): end the response abruptly.
    res.destroy();
  } finally {
    res.off('close', stop);
  }
}
