// @vitest-environment node
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport } from '../../src/http/index';
import { createSandboxHandler, toNodeListener } from '../../src/server/index';
import { SandboxError } from '../../src/transport/errors';
import { createMemoryTransport } from '../../src/transport/memory';
import { until } from './harness';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(s: Server): Promise<string> {
  server = s;
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('toNodeListener', () => {
  it('given middleware use (connect, Vite), should answer its own paths and pass every other request to next()', async () => {
    const memory = createMemoryTransport();
    const listener = toNodeListener(createSandboxHandler({ transport: memory, basePath: '/api/sandbox', authorize: () => true }));
    const origin = await listen(
      createServer((req, res) =>
        listener(req, res, () => {
          res.setHeader('Content-Type', 'text/html');
          res.end('<p>the app</p>');
        }),
      ),
    );
    expect(await (await fetch(`${origin}/`)).text()).toBe('<p>the app</p>');
    expect(await (await fetch(`${origin}/api/sandboxes`)).text()).toBe('<p>the app</p>');
    expect(await (await fetch(`${origin}/api/sandbox/v1/capabilities`)).json()).toMatchObject({ protocol: 1 });
    const unknown = await fetch(`${origin}/api/sandbox/v1/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    memory.dispose();
  });

  it('given an Express-style mount that strips the prefix from req.url, should still see the full path through originalUrl', async () => {
    const memory = createMemoryTransport();
    const listener = toNodeListener(createSandboxHandler({ transport: memory, basePath: '/api/sandbox', authorize: () => true }));
    const origin = await listen(
      createServer((req, res) => {
        const r = req as typeof req & { originalUrl?: string };
        r.originalUrl = req.url;
        req.url = req.url!.replace(/^\/api\/sandbox/, '') || '/';
        listener(req, res, () => res.end('next'));
      }),
    );
    const client = createHttpTransport({ baseUrl: `${origin}/api/sandbox` });
    await expect(client.getSandbox!({ sandboxId: 'abc123' })).resolves.toMatchObject({ id: 'abc123' });
    memory.dispose();
  });

  it('given HEAD on a known path, should answer 405 with Allow and an empty body', async () => {
    const memory = createMemoryTransport();
    const origin = await listen(createServer(toNodeListener(createSandboxHandler({ transport: memory, basePath: '/api/sandbox', authorize: () => true }))));
    const response = await fetch(`${origin}/api/sandbox/v1/sandboxes/abc123`, { method: 'HEAD' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    memory.dispose();
  });
});

describe('malformed Host headers', () => {
  it('given a Host that makes no URL, should answer 400 JSON over HTTP and leave an upgrade to the host', async () => {
    const memory = createMemoryTransport();
    const handler = createSandboxHandler({ transport: memory, basePath: '/api/sandbox', authorize: () => true });
    const origin = await listen(createServer(toNodeListener(handler)));
    const { request } = await import('node:http');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${origin}/api/sandbox/v1/capabilities`, { headers: { host: 'bad host' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'invalid_request', message: 'Malformed request' } });
    const { Duplex } = await import('node:stream');
    const fake = { url: '/api/sandbox/v1/sandboxes/abc123/pty', headers: { host: 'bad host' }, socket: {} };
    await expect(handler.handleUpgrade(fake as never, new Duplex(), Buffer.alloc(0))).resolves.toBe(false);
    memory.dispose();
  });
});

describe('log streams', () => {
  it('given a transport that ends the stream inside subscribeLogs, should report the error and release what it returned', async () => {
    let disposed = 0;
    const memory = createMemoryTransport();
    memory.subscribeLogs = (_req, sink) => {
      sink.onError?.(new SandboxError('unavailable', 'Logs are warming up', { retryAfterMs: 5000 }));
      return { dispose: () => disposed++ };
    };
    const handler = createSandboxHandler({ transport: memory, basePath: '/api/sandbox', authorize: () => true });
    const origin = await listen(createServer(toNodeListener(handler)));
    const errors: SandboxError[] = [];
    const sub = createHttpTransport({ baseUrl: `${origin}/api/sandbox` }).subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: () => {}, onError: (e) => errors.push(e) });
    await until(() => errors.length === 1, 'onError');
    expect(errors[0]).toMatchObject({ code: 'unavailable', message: 'Logs are warming up', retryAfterMs: 5000 });
    expect(disposed).toBe(1);
    await until(() => handler.stats().logStreams === 0 && handler.stats().logHubs === 0, 'nothing left');
    sub.dispose();
    memory.dispose();
  });
});

describe('handler.fetch without Node (route handlers, Hono, Bun, Deno)', () => {
  it('given Fetch API requests, should answer JSON, stream logs, and release the stream when request.signal aborts', async () => {
    const memory = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0 });
    const handler = createSandboxHandler({ transport: memory, basePath: '/api/sandbox', authorize: (r) => r.headers.get('x-user') === 'ada' });
    const info = await handler.fetch(new Request('https://app.example/api/sandbox/v1/sandboxes/abc123', { headers: { 'x-user': 'ada' } }));
    expect(info.status).toBe(200);
    expect(info.headers.get('sandbox-elements-protocol')).toBe('1');
    expect(await info.json()).toMatchObject({ id: 'abc123', state: 'running' });

    const controller = new AbortController();
    const stream = await handler.fetch(new Request('https://app.example/api/sandbox/v1/sandboxes/abc123/logs', { headers: { 'x-user': 'ada' }, signal: controller.signal }));
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    await until(() => memory.stats().logSubscriptions === 1, 'the upstream subscription');
    memory.emitLogs('abc123', [{ message: 'from a route handler' }]);
    while (!text.includes('from a route handler')) text += decoder.decode((await reader.read()).value);
    expect(text).toMatch(/id: [a-z0-9]+-1\nevent: logs\ndata: \[\{"level":"log","message":"from a route handler"/);
    controller.abort();
    await until(() => handler.stats().logStreams === 0, 'the stream released on abort');
    expect((await reader.read()).done).toBe(true);
    await handler.close();
    memory.dispose();
  });
});
