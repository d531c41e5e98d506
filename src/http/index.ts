/**
 * `createHttpTransport`: the whole `SandboxTransport` contract over the wire
 * protocol of `createSandboxHandler` (docs/protocol.md). JSON over `fetch` for
 * calls, image bytes for screenshots, Server-Sent Events for logs and a
 * WebSocket for PTYs. No React here: this file ships in the core entry and
 * must stay small.
 */
import { SANDBOX_CAPABILITIES, type SandboxCapability } from '../transport/operations';
import type { SandboxInfo } from '../transport/types';
import { subscribeHttpLogs } from './logs';
import { openHttpPty } from './pty';
import { CURSOR_HEADER, HEIGHT_HEADER, WIDTH_HEADER } from './protocol';
import { createRequester, sandboxPath as sb } from './request';
import type { HttpTransport, HttpTransportOptions } from './types';

export type * from './types';

/** A `SandboxTransport` that talks to `createSandboxHandler` over HTTP, SSE and WebSocket. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const http = createRequester(options);
  const { call, read, json, none } = http;
  const has = new Set<SandboxCapability>(options.capabilities ?? SANDBOX_CAPABILITIES);
  const ws = (sandboxId: string) => `/workspace${sb(sandboxId)}`;

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
          bytes: req.content,
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

  if (has.has('logs')) transport.subscribeLogs = (req, sink) => subscribeHttpLogs(http, options, req, sink);
  if (has.has('pty')) transport.openPty = (req, signal) => openHttpPty(http, options, req, signal);

  return transport;
}
