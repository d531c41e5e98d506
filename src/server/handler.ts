/**
 * `createSandboxHandler`: remotes any `SandboxTransport` over HTTP (Fetch API
 * `Request` → `Response`) plus a WebSocket for PTYs. Deny by default: nothing
 * runs until `authorize` says yes, and `exec`, `files` and `sandboxes` are not
 * on the wire unless listed in `expose`. The protocol is docs/protocol.md.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { SandboxError, isSandboxError } from '../transport/errors';
import type { SandboxTransport } from '../transport/types';
import { SANDBOX_CAPABILITIES, SANDBOX_OPERATIONS, hasCapability, type SandboxCapability, type SandboxOperation } from '../transport/operations';
import {
  CURSOR_HEADER,
  HEIGHT_HEADER,
  PROTOCOL_PREFIX,
  PROTOCOL_VERSION,
  VERSION_HEADER,
  WIDTH_HEADER,
} from '../http/protocol';
import { originAllowed } from './cors';
import { formatRetryAfter, toWireError } from '../transport/wire-error';
import { LogHubs } from './logs';
import { PtySockets, type PtyParams } from './pty';
import * as v from './validate';

/** @deprecated Use `SandboxCapability` (the one list, `SANDBOX_CAPABILITIES`). */
export type ExposedCapability = SandboxCapability;

export interface AuthorizeContext {
  /** The call asked for: an operation of the contract, or `capabilities` (the wire's own question, what this server exposes). */
  op: SandboxOperation | 'capabilities';
  /** The sandbox the request is about (absent for `capabilities`, `sandboxes.create` and `sandboxes.list`). */
  sandboxId?: string;
}

/**
 * Decide whether `request` may perform `op`. Only `true` allows; anything else
 * (false, undefined, a throw) denies with 403. Throw a `SandboxError` (e.g.
 * `unauthorized`) to answer with its code instead.
 */
export type Authorize = (request: Request, context: AuthorizeContext) => boolean | Promise<boolean>;

export interface CorsOptions {
  /** Origins allowed to call the handler and open PTY sockets. */
  origins: string[] | '*' | ((origin: string) => boolean);
  /** Send `Access-Control-Allow-Credentials: true` (cookies). Not allowed with `'*'`. @default false */
  credentials?: boolean;
  /** How long browsers may cache a preflight answer, seconds. @default 600 */
  maxAgeSeconds?: number;
}

export interface SandboxHandlerLimits {
  /** Largest JSON request body, bytes. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** Largest file upload (`files.write`), bytes. @default 10485760 (10 MiB) */
  maxFileBytes?: number;
  /** Longest text in a `type` action or an `exec` command, characters. @default 65536 */
  maxTextLength?: number;
  /** Largest WebSocket frame a client may send, bytes; larger closes the socket with 1009. @default 65536 */
  maxFrameBytes?: number;
  /** Concurrent PTY sockets. @default 64 */
  maxPtys?: number;
  /** Concurrent log streams (SSE clients). @default 512 */
  maxLogStreams?: number;
  /** Bytes queued for one slow SSE or WebSocket client before it is cut off. @default 1048576 (1 MiB) */
  maxBufferedBytes?: number;
  /** Log entries kept per stream for `Last-Event-ID` replay. @default 1000 */
  logReplay?: number;
  /** How long a log stream's upstream subscription outlives its last client (for reconnects), ms. @default 3000 */
  logLingerMs?: number;
  /** Interval of SSE comments and WebSocket pings that find dead peers, ms; 0 turns them off. @default 15000 */
  heartbeatMs?: number;
}

export interface SandboxHandlerOptions {
  /** The transport to put on the wire (Daytona, local, memory, …). */
  transport: SandboxTransport;
  /** Required. Runs before the transport is touched; only `true` allows. */
  authorize: Authorize;
  /** The path the handler is mounted at, e.g. `/api/sandbox`. @default '' */
  basePath?: string;
  /** Capabilities on the wire. `exec`, `files` and `sandboxes` are off unless listed. @default ['getSandbox', 'logs', 'pty', 'computerUse'] */
  expose?: SandboxCapability[];
  /** Cross-origin access; off unless set (PTY sockets then accept only same-origin pages). @default undefined */
  cors?: CorsOptions;
  /** Sizes, counts and timers that bound what one client can make the server hold. @default each field's own default (see SandboxHandlerLimits) */
  limits?: SandboxHandlerLimits;
}

export interface SandboxHandlerStats {
  ptySockets: number;
  logStreams: number;
  logHubs: number;
}

export interface SandboxHandler {
  /** The path the handler answers under (its `basePath`, normalised). */
  readonly basePath: string;
  /** Answer one HTTP request (Next.js route handlers, Hono, Bun, Deno, or Node via `toNodeListener`). */
  fetch(request: Request): Promise<Response>;
  /**
   * Take a Node `upgrade` event for the PTY WebSocket (needs the `ws` package).
   * Resolves `false`, leaving the socket alone, when the path is not the handler's.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean>;
  /** Open sockets and streams, for monitoring and leak checks. */
  stats(): SandboxHandlerStats;
  /** End every PTY socket and log stream (shutdown). */
  close(): Promise<void>;
}

const DEFAULT_EXPOSE: SandboxCapability[] = ['getSandbox', 'logs', 'pty', 'computerUse'];

export type ResolvedLimits = Required<SandboxHandlerLimits>;

interface Ctx {
  request: Request;
  url: URL;
  sandboxId: string;
  signal: AbortSignal;
  body(): Promise<unknown>;
  bytes(limit: number): Promise<Uint8Array>;
}

interface Route {
  op: SandboxOperation | 'capabilities';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  run(t: SandboxTransport, ctx: Ctx): Promise<Response | unknown>;
}

/** A Response-or-JSON marker for routes with no content. */
const NO_CONTENT = Symbol('no content');

export function createSandboxHandler(options: SandboxHandlerOptions): SandboxHandler {
  if (!options || typeof options !== 'object') throw new TypeError('createSandboxHandler needs options');
  if (!options.transport || typeof options.transport.getPreviewLink !== 'function') {
    throw new TypeError('createSandboxHandler needs a `transport` (a SandboxTransport)');
  }
  if (typeof options.authorize !== 'function') {
    throw new TypeError(
      'createSandboxHandler needs an `authorize(request, { op, sandboxId })` function: the handler denies everything by default. ' +
        'Check the session or token there and return true to allow.',
    );
  }
  const cors = options.cors;
  if (cors && cors.credentials && cors.origins === '*') throw new TypeError("cors: credentials cannot be combined with origins '*'");
  const transport = options.transport;
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  if (basePath && !basePath.startsWith('/')) throw new TypeError('basePath must start with "/"');
  const exposed = new Set(options.expose ?? DEFAULT_EXPOSE);
  for (const c of exposed) if (!SANDBOX_CAPABILITIES.includes(c)) throw new TypeError(`expose: unknown capability "${String(c)}"`);
  const limits: ResolvedLimits = {
    maxBodyBytes: 1 << 20,
    maxFileBytes: 10 << 20,
    maxTextLength: 64 * 1024,
    maxFrameBytes: 64 * 1024,
    maxPtys: 64,
    maxLogStreams: 512,
    maxBufferedBytes: 1 << 20,
    logReplay: 1000,
    logLingerMs: 3000,
    heartbeatMs: 15_000,
    ...options.limits,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new TypeError(`limits.${name} must be a number ≥ 0, got ${String(value)}`);
  }
  const logs = new LogHubs(transport, limits);

  /** Whether a capability is both listed and implemented. */
  const available = (c: SandboxCapability): boolean => exposed.has(c) && hasCapability(transport, c);

  const routes = buildRoutes(logs, limits, available, () => ptys.size);

  /** Check origin, route, sandbox id, authorization, capability, in that order. Throws SandboxError. */
  async function admit(request: Request, url: URL, method: string): Promise<{ route: Route; sandboxId: string }> {
    const version = request.headers.get(VERSION_HEADER);
    if (version !== null && version !== String(PROTOCOL_VERSION)) {
      throw new SandboxError('invalid_request', `Unsupported protocol version ${v.excerpt(version)}; this server speaks ${PROTOCOL_VERSION}`);
    }
    const match = matchRoute(url.pathname);
    if (!match) throw new SandboxError('not_found', 'No such endpoint', { status: 404 });
    const route = match.routes.find((r) => r.method === method);
    if (!route) throw Object.assign(new SandboxError('invalid_request', `Method ${v.excerpt(method)} is not allowed here`, { status: 405 }), { allow: match.routes.map((r) => r.method) });
    const sandboxId = match.sandboxId === undefined ? '' : v.sandboxId(match.sandboxId);
    let allowed: unknown = false;
    try {
      allowed = await options.authorize(request, { op: route.op, ...(sandboxId ? { sandboxId } : {}) });
    } catch (error) {
      if (isSandboxError(error)) throw error;
      allowed = false;
    }
    if (allowed !== true) throw new SandboxError('forbidden', 'Not allowed', { status: 403 });
    const capability = route.op === 'capabilities' ? null : SANDBOX_OPERATIONS[route.op];
    if (capability && !available(capability)) {
      throw new SandboxError('unsupported', `This server does not expose ${capability}`, { status: 501 });
    }
    return { route, sandboxId };
  }

  function matchRoute(pathname: string): { routes: Route[]; sandboxId?: string } | undefined {
    const prefix = basePath + PROTOCOL_PREFIX;
    if (pathname !== prefix && !pathname.startsWith(`${prefix}/`)) return undefined;
    const raw = pathname.slice(prefix.length).split('/').slice(1);
    let parts: string[];
    try {
      parts = raw.map((p) => decodeURIComponent(p));
    } catch {
      throw new SandboxError('invalid_request', 'The path is not valid percent-encoded UTF-8');
    }
    // Collections and capabilities have fixed names; sandbox ids sit at a known position.
    let key: string;
    let sandboxId: string | undefined;
    if (parts[0] === 'sandboxes' && parts.length >= 2) {
      sandboxId = parts[1];
      key = ['sandboxes', ':id', ...parts.slice(2)].join('/');
    } else if (parts[0] === 'workspace' && parts[1] === 'sandboxes' && parts.length >= 3) {
      sandboxId = parts[2];
      key = ['workspace', 'sandboxes', ':id', ...parts.slice(3)].join('/');
    } else key = parts.join('/');
    const found = routes.get(key);
    return found ? { routes: found, ...(sandboxId !== undefined ? { sandboxId } : {}) } : undefined;
  }

  function corsHeaders(request: Request, headers: Headers): void {
    const origin = request.headers.get('Origin');
    if (!cors || !origin || !originAllowed(cors, origin)) return;
    headers.set('Access-Control-Allow-Origin', cors.origins === '*' ? '*' : origin);
    if (cors.origins !== '*') headers.append('Vary', 'Origin');
    if (cors.credentials) headers.set('Access-Control-Allow-Credentials', 'true');
    headers.set('Access-Control-Expose-Headers', [VERSION_HEADER, WIDTH_HEADER, HEIGHT_HEADER, CURSOR_HEADER, 'Retry-After'].join(', '));
  }

  function errorResponse(request: Request, error: unknown): Response {
    const { status, body } = toWireError(error);
    const headers = baseHeaders('application/json; charset=utf-8');
    if (body.error.retryAfterMs !== undefined) headers.set('Retry-After', formatRetryAfter(body.error.retryAfterMs));
    const allow = (error as { allow?: string[] }).allow;
    if (allow) headers.set('Allow', allow.join(', '));
    corsHeaders(request, headers);
    return new Response(JSON.stringify(body), { status, headers });
  }

  const handler: SandboxHandler = {
    basePath,

    async fetch(request) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return errorResponse(request, new SandboxError('invalid_request', 'Malformed request URL'));
      }
      const method = request.method.toUpperCase();
      if (method === 'OPTIONS') return preflight(request, url);
      try {
        const { route, sandboxId } = await admit(request, url, method);
        if (route.op === 'subscribeLogs' && logs.clients >= limits.maxLogStreams) {
          throw new SandboxError('rate_limited', 'Too many log streams on this server', { retryAfterMs: 1000 });
        }
        const ctx: Ctx = {
          request,
          url,
          sandboxId,
          signal: request.signal,
          bytes: (limit) => readBody(request, limit),
          body: async () => parseJson(await readBody(request, limits.maxBodyBytes)),
        };
        const result = await route.run(transport, ctx);
        let response: Response;
        if (result instanceof Response) response = result;
        else if (result === NO_CONTENT) response = new Response(null, { status: 204, headers: baseHeaders() });
        else response = new Response(JSON.stringify(result ?? null), { status: 200, headers: baseHeaders('application/json; charset=utf-8') });
        corsHeaders(request, response.headers);
        return response;
      } catch (error) {
        return errorResponse(request, error);
      }
    },

    handleUpgrade: (req, socket, head) => ptys.handleUpgrade(req, socket, head),

    stats: () => ({ ptySockets: ptys.size, logStreams: logs.clients, logHubs: logs.size }),

    async close() {
      logs.close();
      await ptys.close();
    },
  };

  function preflight(request: Request, url: URL): Response {
    const origin = request.headers.get('Origin');
    let match: ReturnType<typeof matchRoute>;
    try {
      match = matchRoute(url.pathname);
    } catch (error) {
      return errorResponse(request, error);
    }
    if (!match) return errorResponse(request, new SandboxError('not_found', 'No such endpoint', { status: 404 }));
    if (!cors || !origin || !originAllowed(cors, origin)) {
      return errorResponse(request, new SandboxError('forbidden', 'Cross-origin requests are not allowed', { status: 403 }));
    }
    const headers = baseHeaders();
    corsHeaders(request, headers);
    headers.set('Access-Control-Allow-Methods', [...new Set(match.routes.map((r) => r.method)), 'OPTIONS'].join(', '));
    headers.set('Access-Control-Allow-Headers', request.headers.get('Access-Control-Request-Headers') ?? 'Authorization, Content-Type');
    headers.set('Access-Control-Max-Age', String(cors.maxAgeSeconds ?? 600));
    return new Response(null, { status: 204, headers });
  }

  const ptys = new PtySockets({
    transport,
    limits,
    cors,
    match: (pathname) => {
      try {
        const found = matchRoute(pathname);
        return !!found?.routes.some((r) => r.op === 'openPty');
      } catch {
        return true;
      }
    },
    admit: async (request, url) => {
      const { sandboxId } = await admit(request, url, 'GET');
      return { sandboxId, ...ptyParams(url.searchParams) };
    },
  });

  return handler;
}

function baseHeaders(contentType?: string): Headers {
  const headers = new Headers({
    [VERSION_HEADER]: String(PROTOCOL_VERSION),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Nothing this handler returns is meant to run as a page on the app's origin.
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  if (contentType) headers.set('Content-Type', contentType);
  return headers;
}

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get('Content-Length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      throw new SandboxError('aborted', 'The request body was interrupted', { cause: error });
    }
    if (next.done) break;
    size += next.value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(next.value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) out.set(c, offset), (offset += c.byteLength);
  return out;
}

const tooLarge = (limit: number) => new SandboxError('invalid_request', `The request body is larger than ${limit} bytes`, { status: 413 });

function parseJson(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SandboxError('invalid_request', 'The request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SandboxError('invalid_request', `The request body is not valid JSON (${(error as Error).message.slice(0, 80)})`);
  }
}

function ptyParams(params: URLSearchParams): Omit<PtyParams, 'sandboxId'> {
  const sessionId = v.optionalId('sessionId', params.get('sessionId'));
  const cwd = v.path('cwd', params.get('cwd'), false);
  const env = params.has('env') ? v.env(v.jsonParam('env', params.get('env'))) : undefined;
  return {
    ...v.ptySize(params.get('cols'), params.get('rows')),
    ...(sessionId !== undefined ? { sessionId } : {}),
    ...(params.has('port') ? { port: v.port(params.get('port')) } : {}),
    ...(cwd !== undefined ? { cwd } : {}),
    ...(env !== undefined ? { env } : {}),
  };
}

function buildRoutes(
  logs: LogHubs,
  limits: ResolvedLimits,
  available: (c: SandboxCapability) => boolean,
  ptyCount: () => number,
): Map<string, Route[]> {
  const table = new Map<string, Route[]>();
  const add = (key: string, route: Route) => table.set(key, [...(table.get(key) ?? []), route]);
  const q = (ctx: Ctx, name: string) => ctx.url.searchParams.get(name);

  add('capabilities', {
    op: 'capabilities',
    method: 'GET',
    run: async () => ({ protocol: PROTOCOL_VERSION, capabilities: SANDBOX_CAPABILITIES.filter(available) }),
  });
  add('sandboxes/:id/preview-link', {
    op: 'getPreviewLink',
    method: 'GET',
    run: (t, ctx) => t.getPreviewLink({ sandboxId: ctx.sandboxId, port: v.port(q(ctx, 'port')) }, ctx.signal),
  });
  add('sandboxes/:id', {
    op: 'getSandbox',
    method: 'GET',
    run: (t, ctx) => t.getSandbox!({ sandboxId: ctx.sandboxId }, ctx.signal),
  });
  add('sandboxes/:id/logs', {
    op: 'subscribeLogs',
    method: 'GET',
    run: async (_t, ctx) => {
      const sessionId = v.optionalId('sessionId', q(ctx, 'sessionId'));
      const commandId = v.optionalId('commandId', q(ctx, 'commandId'));
      const body = logs.stream(
        { sandboxId: ctx.sandboxId, ...(sessionId ? { sessionId } : {}), ...(commandId ? { commandId } : {}) },
        ctx.request.headers.get('Last-Event-ID'),
        ctx.signal,
      );
      const headers = baseHeaders('text/event-stream; charset=utf-8');
      headers.set('Cache-Control', 'no-store, no-transform');
      headers.set('X-Accel-Buffering', 'no');
      return new Response(body, { status: 200, headers });
    },
  });
  add('sandboxes/:id/pty', {
    op: 'openPty',
    method: 'GET',
    // Reached over plain HTTP: the checks passed, but a PTY needs the WebSocket upgrade.
    run: async (_t, ctx) => {
      ptyParams(ctx.url.searchParams);
      // The same answer the upgrade would have given, so a browser learns why its socket failed.
      if (ptyCount() >= limits.maxPtys) throw new SandboxError('rate_limited', 'Too many terminals open on this server', { retryAfterMs: 1000 });
      throw new SandboxError('invalid_request', 'Open this endpoint as a WebSocket (Upgrade: websocket)', { status: 426 });
    },
  });
  add('sandboxes/:id/exec', {
    op: 'exec',
    method: 'POST',
    run: async (t, ctx) => t.exec!({ sandboxId: ctx.sandboxId, ...v.exec(await ctx.body(), limits.maxTextLength) }, ctx.signal),
  });

  const cu = 'sandboxes/:id/computer-use';
  add(`${cu}/screenshot`, {
    op: 'computerUse.screenshot',
    method: 'GET',
    run: async (t, ctx) => {
      const shot = await t.computerUse!.screenshot({ sandboxId: ctx.sandboxId, ...v.screenshot(ctx.url.searchParams) }, ctx.signal);
      const headers = baseHeaders(shot.image.type || 'application/octet-stream');
      headers.set(WIDTH_HEADER, String(shot.width));
      headers.set(HEIGHT_HEADER, String(shot.height));
      if (shot.cursor) headers.set(CURSOR_HEADER, `${shot.cursor.x},${shot.cursor.y}`);
      return new Response(await shot.image.arrayBuffer(), { status: 200, headers });
    },
  });
  add(`${cu}/display`, {
    op: 'computerUse.displayInfo',
    method: 'GET',
    run: async (t, ctx) => {
      const { width, height } = await t.computerUse!.displayInfo({ sandboxId: ctx.sandboxId }, ctx.signal);
      return { width, height };
    },
  });
  add(`${cu}/actions`, {
    op: 'computerUse.perform',
    method: 'POST',
    run: async (t, ctx) => {
      const body = v.object('The body', await ctx.body());
      await t.computerUse!.perform({ sandboxId: ctx.sandboxId, action: v.action(body.action, limits.maxTextLength) }, ctx.signal);
      return NO_CONTENT;
    },
  });
  add(`${cu}/start`, {
    op: 'computerUse.start',
    method: 'POST',
    run: async (t, ctx) => {
      if (!t.computerUse!.start) throw new SandboxError('unsupported', 'This transport cannot start computer use');
      await t.computerUse!.start({ sandboxId: ctx.sandboxId });
      return NO_CONTENT;
    },
  });
  add(`${cu}/status`, {
    op: 'computerUse.status',
    method: 'GET',
    run: async (t, ctx) => {
      if (!t.computerUse!.status) throw new SandboxError('unsupported', 'This transport cannot report computer-use status');
      return { status: await t.computerUse!.status({ sandboxId: ctx.sandboxId }) };
    },
  });

  add('sandboxes/:id/files', {
    op: 'files.list',
    method: 'GET',
    run: (t, ctx) => t.files!.list({ sandboxId: ctx.sandboxId, path: v.path('path', q(ctx, 'path'))! }, ctx.signal),
  });
  add('sandboxes/:id/files', {
    op: 'files.remove',
    method: 'DELETE',
    run: async (t, ctx) => {
      const recursive = v.bool('recursive', q(ctx, 'recursive'));
      await t.files!.remove({ sandboxId: ctx.sandboxId, path: v.path('path', q(ctx, 'path'))!, ...(recursive ? { recursive } : {}) }, ctx.signal);
      return NO_CONTENT;
    },
  });
  add('sandboxes/:id/files/content', {
    op: 'files.read',
    method: 'GET',
    run: async (t, ctx) => {
      const bytes = await t.files!.read({ sandboxId: ctx.sandboxId, path: v.path('path', q(ctx, 'path'))! }, ctx.signal);
      const headers = baseHeaders('application/octet-stream');
      headers.set('Content-Disposition', 'attachment');
      return new Response(bytes as unknown as BodyInit, { status: 200, headers });
    },
  });
  add('sandboxes/:id/files/content', {
    op: 'files.write',
    method: 'PUT',
    run: async (t, ctx) => {
      const path = v.path('path', q(ctx, 'path'))!;
      await t.files!.write({ sandboxId: ctx.sandboxId, path, content: await ctx.bytes(limits.maxFileBytes) }, ctx.signal);
      return NO_CONTENT;
    },
  });

  const w = 'workspace/sandboxes';
  add(w, {
    op: 'sandboxes.create',
    method: 'POST',
    run: async (t, ctx) => t.sandboxes!.create(v.createSandbox(await ctx.body()), ctx.signal),
  });
  add(w, {
    op: 'sandboxes.list',
    method: 'GET',
    run: (t, ctx) => {
      const labels = ctx.url.searchParams.has('labels') ? v.labels(v.jsonParam('labels', q(ctx, 'labels'))) : undefined;
      return t.sandboxes!.list(labels ? { labels } : {}, ctx.signal);
    },
  });
  add(`${w}/:id`, { op: 'sandboxes.get', method: 'GET', run: (t, ctx) => t.sandboxes!.get({ sandboxId: ctx.sandboxId }, ctx.signal) });
  add(`${w}/:id`, {
    op: 'sandboxes.remove',
    method: 'DELETE',
    run: async (t, ctx) => {
      await t.sandboxes!.remove({ sandboxId: ctx.sandboxId }, ctx.signal);
      return NO_CONTENT;
    },
  });
  for (const verb of ['start', 'stop', 'archive'] as const) {
    add(`${w}/:id/${verb}`, {
      op: `sandboxes.${verb}`,
      method: 'POST',
      run: (t, ctx) => t.sandboxes![verb]({ sandboxId: ctx.sandboxId }, ctx.signal),
    });
  }
  return table;
}
