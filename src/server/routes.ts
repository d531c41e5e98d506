/**
 * The handler's route table: one entry per operation of the wire protocol
 * (docs/protocol.md), each naming its `op` (the capability it needs follows
 * from `SANDBOX_OPERATIONS`), its method, and how it reads its inputs and
 * answers. Also the request-body and response-header helpers the routes and
 * the handler share.
 */
import { SandboxError } from '../transport/errors';
import { SANDBOX_CAPABILITIES, type SandboxCapability, type SandboxOperation } from '../transport/operations';
import type { PtyRequest, SandboxTransport } from '../transport/types';
import { CURSOR_HEADER, HEIGHT_HEADER, PROTOCOL_VERSION, VERSION_HEADER, WIDTH_HEADER } from '../http/protocol';
import type { LogHubs } from './logs';
import type { ResolvedLimits } from './options';
import * as v from './validate';

export interface Ctx {
  request: Request;
  url: URL;
  sandboxId: string;
  signal: AbortSignal;
  body(): Promise<unknown>;
  bytes(limit: number): Promise<Uint8Array>;
}

export interface Route {
  op: SandboxOperation | 'capabilities';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  run(t: SandboxTransport, ctx: Ctx): Promise<Response | unknown>;
}

/** A Response-or-JSON marker for routes with no content. */
export const NO_CONTENT = Symbol('no content');

export function baseHeaders(contentType?: string): Headers {
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

export async function readBody(request: Request, limit: number): Promise<Uint8Array> {
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

export function parseJson(bytes: Uint8Array): unknown {
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

export function ptyParams(params: URLSearchParams): Omit<PtyRequest, 'sandboxId'> {
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

export function buildRoutes(
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
