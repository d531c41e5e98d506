/**
 * `createSandboxHandler`: remotes any `SandboxTransport` over HTTP (Fetch API
 * `Request` → `Response`) plus a WebSocket for PTYs. Deny by default: nothing
 * runs until `authorize` says yes, and `exec`, `files` and `sandboxes` are not
 * on the wire unless listed in `expose`. The protocol is docs/protocol.md.
 */
import { SandboxError, isSandboxError } from '../transport/errors';
import { SANDBOX_CAPABILITIES, SANDBOX_OPERATIONS, hasCapability, type SandboxCapability } from '../transport/operations';
import { CURSOR_HEADER, HEIGHT_HEADER, PROTOCOL_PREFIX, PROTOCOL_VERSION, VERSION_HEADER, WIDTH_HEADER } from '../http/protocol';
import { formatRetryAfter, toWireError } from '../transport/wire-error';
import { originAllowed } from './cors';
import { LogHubs } from './logs';
import type { ResolvedLimits, SandboxHandler, SandboxHandlerOptions } from './options';
import { PtySockets } from './pty';
import { NO_CONTENT, baseHeaders, buildRoutes, parseJson, ptyParams, readBody, type Ctx, type Route } from './routes';
import * as v from './validate';

export type * from './options';

const DEFAULT_EXPOSE: SandboxCapability[] = ['getSandbox', 'logs', 'pty', 'computerUse'];

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
