// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PROTOCOL_VERSION, VERSION_HEADER, WS_PROTOCOL } from '../../src/http/protocol';
import { createSandboxHandler, type AuthorizeContext } from '../../src/server/index';
import { createMemoryTransport } from '../../src/transport/memory';
import { BASE_PATH, TOKEN, startWire, until, type Wire } from './harness';

let wire: Wire | undefined;
afterEach(async () => {
  await wire?.close();
  wire = undefined;
});

const auth = { Authorization: `Bearer ${TOKEN}` };

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${wire!.baseUrl}${path}`, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the assertion on `body` shows it.
  }
  return { status: response.status, body, headers: response.headers };
}

/** Open a raw WebSocket and report how the handshake ended. */
function rawUpgrade(url: string, options: { protocols?: string[]; origin?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status?: number; body?: string; socket?: WebSocket; ready?: Promise<unknown> }>((resolve) => {
    const socket = new WebSocket(url, options.protocols ?? [WS_PROTOCOL], {
      ...(options.origin ? { origin: options.origin } : {}),
      headers: options.headers ?? {},
    });
    // Listen from the start: `ready` can arrive in the same packet as the handshake.
    const ready = new Promise((r) => socket.once('message', r));
    socket.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    socket.on('open', () => resolve({ socket, ready }));
    socket.on('error', () => resolve({}));
  });
}

/** One request per endpoint, each well-formed, so only authorization can stop it. */
const EVERY_ENDPOINT: Array<[string, string, RequestInit?]> = [
  ['GET', '/v1/capabilities'],
  ['GET', '/v1/sandboxes/abc123/preview-link?port=3000'],
  ['GET', '/v1/sandboxes/abc123'],
  ['GET', '/v1/sandboxes/abc123/logs'],
  ['GET', '/v1/sandboxes/abc123/pty?cols=80&rows=24'],
  ['POST', '/v1/sandboxes/abc123/exec', { body: JSON.stringify({ command: 'ls' }) }],
  ['GET', '/v1/sandboxes/abc123/computer-use/screenshot'],
  ['GET', '/v1/sandboxes/abc123/computer-use/display'],
  ['POST', '/v1/sandboxes/abc123/computer-use/actions', { body: JSON.stringify({ action: { type: 'move', x: 1, y: 1 } }) }],
  ['POST', '/v1/sandboxes/abc123/computer-use/start'],
  ['GET', '/v1/sandboxes/abc123/computer-use/status'],
  ['GET', '/v1/sandboxes/abc123/files?path=/'],
  ['DELETE', '/v1/sandboxes/abc123/files?path=/x'],
  ['GET', '/v1/sandboxes/abc123/files/content?path=/x'],
  ['PUT', '/v1/sandboxes/abc123/files/content?path=/x', { body: 'hello' }],
  ['POST', '/v1/workspace/sandboxes', { body: '{}' }],
  ['GET', '/v1/workspace/sandboxes'],
  ['GET', '/v1/workspace/sandboxes/abc123'],
  ['POST', '/v1/workspace/sandboxes/abc123/start'],
  ['POST', '/v1/workspace/sandboxes/abc123/stop'],
  ['POST', '/v1/workspace/sandboxes/abc123/archive'],
  ['DELETE', '/v1/workspace/sandboxes/abc123'],
];

describe('createSandboxHandler: deny by default', () => {
  it('given no authorize function, when constructing a handler, should throw and say why', () => {
    const transport = createMemoryTransport();
    expect(() => createSandboxHandler({ transport } as never)).toThrow(/authorize/);
    expect(() => createSandboxHandler({ transport, authorize: true } as never)).toThrow(/authorize/);
  });

  it('given a request authorize denies, on every endpoint, should answer 403 JSON and never touch the transport', async () => {
    const seen: AuthorizeContext[] = [];
    wire = await startWire({
      handler: {
        expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'],
        authorize: (_request, context) => (seen.push(context), false),
      },
    });
    for (const [method, path, init] of EVERY_ENDPOINT) {
      const { status, body } = await call(path, { method, headers: auth, ...init });
      expect(status, `${method} ${path}`).toBe(403);
      expect(body).toEqual({ error: { code: 'forbidden', message: 'Not allowed' } });
    }
    const upgrade = await rawUpgrade(`${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`);
    expect(upgrade.status).toBe(403);
    expect(JSON.parse(upgrade.body!)).toEqual({ error: { code: 'forbidden', message: 'Not allowed' } });
    expect(wire.memory.stats().calls).toEqual({});
    expect(wire.memory.stats().logSubscriptions).toBe(0);
    expect(seen).toContainEqual({ op: 'files.write', sandboxId: 'abc123' });
    expect(seen).toContainEqual({ op: 'sandboxes.create' });
    expect(seen).toContainEqual({ op: 'openPty', sandboxId: 'abc123' });
  });

  it('given authorize returns a truthy non-true value or throws a plain error, should deny', async () => {
    let verdict: () => unknown = () => 'yes';
    wire = await startWire({ handler: { authorize: () => verdict() as boolean } });
    expect((await call('/v1/sandboxes/abc123/preview-link?port=3000')).status).toBe(403);
    verdict = () => {
      throw new Error('database down: password=hunter2');
    };
    const denied = await call('/v1/sandboxes/abc123/preview-link?port=3000');
    expect(denied.status).toBe(403);
    expect(JSON.stringify(denied.body)).not.toContain('hunter2');
    expect(wire.memory.stats().calls).toEqual({});
  });

  it('given authorize throws a SandboxError, should answer with its code', async () => {
    const { SandboxUnauthorizedError } = await import('../../src/transport/errors');
    wire = await startWire({
      handler: {
        authorize: () => {
          throw new SandboxUnauthorizedError('Sign in first');
        },
      },
    });
    const { status, body } = await call('/v1/sandboxes/abc123');
    expect(status).toBe(401);
    expect(body).toEqual({ error: { code: 'unauthorized', message: 'Sign in first' } });
    await expect(wire.client().getSandbox!({ sandboxId: 'abc123' })).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('given the default expose, should refuse exec, files and sandboxes with 501 unsupported and list the rest', async () => {
    wire = await startWire();
    const caps = await call('/v1/capabilities', { headers: auth });
    expect(caps.body).toEqual({ protocol: PROTOCOL_VERSION, capabilities: ['getSandbox', 'logs', 'pty', 'computerUse'] });
    for (const [method, path, init] of EVERY_ENDPOINT.filter(([, p]) => /exec|files|workspace/.test(p))) {
      const { status, body } = await call(path, { method, headers: auth, ...init });
      expect(status, `${method} ${path}`).toBe(501);
      expect(body.error.code).toBe('unsupported');
    }
    expect(wire.memory.stats().calls).toEqual({});
    await expect(wire.client().exec!({ sandboxId: 'abc123', command: 'ls' })).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('given an unknown capability in expose, cors credentials with "*", a bad limit or basePath, should throw at construction', () => {
    const transport = createMemoryTransport();
    const authorize = () => true;
    expect(() => createSandboxHandler({ transport, authorize, expose: ['shell' as never] })).toThrow(/unknown capability/);
    expect(() => createSandboxHandler({ transport, authorize, cors: { origins: '*', credentials: true } })).toThrow(/credentials/);
    expect(() => createSandboxHandler({ transport, authorize, limits: { maxPtys: -1 } })).toThrow(/limits.maxPtys must be a number/);
    expect(() => createSandboxHandler({ transport, authorize, limits: { maxBodyBytes: Number.NaN } })).toThrow(/limits.maxBodyBytes/);
    expect(() => createSandboxHandler({ transport, authorize, basePath: 'api' })).toThrow(/basePath/);
  });
});

describe('createSandboxHandler: input validation', () => {
  it('given malformed inputs, should answer 400/413 with a clear message and not call the transport', async () => {
    wire = await startWire({ handler: { expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'], limits: { maxBodyBytes: 1024 } } });
    const cases: Array<[string, RequestInit, number, RegExp]> = [
      ['/v1/sandboxes/abc123/preview-link?port=0', {}, 400, /port must be a whole number from 1 to 65535/],
      ['/v1/sandboxes/abc123/preview-link?port=65536', {}, 400, /port/],
      ['/v1/sandboxes/abc123/preview-link?port=3e3', {}, 400, /^port must be a whole number from 1 to 65535, got "3e3"$/],
      ['/v1/sandboxes/abc123/preview-link', {}, 400, /^port must be a whole number from 1 to 65535, got \(missing\)$/],
      ['/v1/sandboxes/..%2F..%2Fetc%2Fpasswd/preview-link?port=3000', {}, 400, /Invalid sandbox id/],
      ['/v1/sandboxes/%FF/preview-link?port=3000', {}, 400, /percent-encoded UTF-8/],
      ['/v1/sandboxes/abc123/logs?sessionId=a%20b', {}, 400, /sessionId/],
      // The same messages every transport gives (src/transport/validate.ts).
      ['/v1/sandboxes/abc123/pty?cols=0&rows=24', {}, 400, /^Terminal size must be whole numbers from 1 to 1000, got 0×24$/],
      ['/v1/sandboxes/abc123/pty?cols=wide&rows=24', {}, 400, /^Terminal size must be whole numbers from 1 to 1000, got "wide"×24$/],
      ['/v1/sandboxes/abc123/pty?rows=24', {}, 400, /^Terminal size must be whole numbers from 1 to 1000, got \(missing\)×24$/],
      ['/v1/sandboxes/abc123/logs?commandId=%3Cx%3E', {}, 400, /^commandId must be 1–128 letters, digits, "\.", "_", ":" or "-", got "<x>"$/],
      ['/v1/sandboxes/abc123/pty?cols=80&rows=24&env=%7Bnot-json', {}, 400, /env is not valid JSON/],
      ['/v1/sandboxes/abc123/computer-use/screenshot?format=gif', {}, 400, /format/],
      ['/v1/sandboxes/abc123/computer-use/screenshot?scale=2', {}, 400, /scale/],
      ['/v1/sandboxes/abc123/computer-use/actions', { method: 'POST', body: '{"action":' }, 400, /not valid JSON/],
      ['/v1/sandboxes/abc123/computer-use/actions', { method: 'POST', body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, 400, /not valid UTF-8/],
      ['/v1/sandboxes/abc123/computer-use/actions', { method: 'POST', body: '[1,2]' }, 400, /must be a JSON object/],
      ['/v1/sandboxes/abc123/computer-use/actions', { method: 'POST', body: '{"action":{"type":"explode"}}' }, 400, /Unknown action type/],
      ['/v1/sandboxes/abc123/computer-use/actions', { method: 'POST', body: '{"action":{"type":"click","x":-1,"y":2}}' }, 400, /outside the display/],
      ['/v1/sandboxes/abc123/computer-use/actions', { method: 'POST', body: JSON.stringify({ action: { type: 'type', text: 'x'.repeat(2000) } }) }, 413, /larger than 1024 bytes/],
      ['/v1/sandboxes/abc123/exec', { method: 'POST', body: '{"command":42}' }, 400, /command must be a non-empty string/],
      ['/v1/sandboxes/abc123/files?path=', {}, 400, /path/],
      ['/v1/workspace/sandboxes?labels=%5B%5D', {}, 400, /labels must be an object/],
      ['/v1/workspace/sandboxes', { method: 'POST', body: '{"labels":{"k":1}}' }, 400, /labels\.k must be a string/],
      ['/v1/sandboxes/abc123/nope', {}, 404, /No such endpoint/],
      ['/v2/sandboxes/abc123', {}, 404, /No such endpoint/],
      ['/v1/sandboxes/abc123/exec', { method: 'GET' }, 405, /not allowed/],
    ];
    for (const [path, init, status, message] of cases) {
      const result = await call(path, { ...init, headers: auth });
      expect(result.status, path).toBe(status);
      expect(result.headers.get('content-type')).toMatch(/^application\/json/);
      expect(result.body.error.message, path).toMatch(message);
      expect(['invalid_request', 'not_found']).toContain(result.body.error.code);
    }
    const versioned = await call('/v1/sandboxes/abc123', { headers: { ...auth, [VERSION_HEADER]: '2' } });
    expect(versioned.status).toBe(400);
    expect(versioned.body.error.message).toMatch(/Unsupported protocol version/);
    expect(wire.memory.stats().calls).toEqual({});
  });

  it('given a transport that throws a plain error with secrets, should answer a bare internal error', async () => {
    const memory = createMemoryTransport();
    memory.getSandbox = async () => {
      throw new Error('upstream said: {"apiKey":"sk-live-123"} at Object.<anonymous> (/srv/app.js:1:1)');
    };
    wire = await startWire({ handler: { transport: memory } });
    const result = await call('/v1/sandboxes/abc123', { headers: auth });
    expect(result.status).toBe(500);
    expect(result.body).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    memory.dispose();
  });
});

describe('createSandboxHandler: CORS and WebSocket origin', () => {
  it('given no cors option, should send no CORS headers and refuse preflights', async () => {
    wire = await startWire();
    const plain = await call('/v1/sandboxes/abc123', { headers: { ...auth, Origin: 'https://evil.example' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await call('/v1/sandboxes/abc123', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(403);
    expect(preflight.body.error.code).toBe('forbidden');
  });

  it('given a cors allowlist, should answer listed origins (exposing the screenshot headers) and ignore others', async () => {
    wire = await startWire({ handler: { cors: { origins: ['https://app.example'] } } });
    const ok = await call('/v1/sandboxes/abc123', { method: 'OPTIONS', headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(ok.headers.get('access-control-allow-methods')).toContain('GET');
    const shot = await fetch(`${wire.baseUrl}/v1/sandboxes/abc123/computer-use/screenshot`, { headers: { ...auth, Origin: 'https://app.example' } });
    expect(shot.headers.get('access-control-expose-headers')).toMatch(/Sandbox-Elements-Width/);
    await shot.arrayBuffer();
    const other = await call('/v1/sandboxes/abc123', { headers: { ...auth, Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('given a cross-origin page and no cors, should refuse the PTY upgrade; same origin and listed origins pass', async () => {
    wire = await startWire();
    const url = `${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`;
    const headers = auth;
    const evil = await rawUpgrade(url, { origin: 'https://evil.example', headers });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body!).error.message).toMatch(/origin/);
    const same = await rawUpgrade(url, { origin: wire.origin, headers });
    expect(same.socket).toBeDefined();
    same.socket!.close();
    await wire.close();

    wire = await startWire({ handler: { cors: { origins: ['https://app.example'] } } });
    const url2 = `${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`;
    const listed = await rawUpgrade(url2, { origin: 'https://app.example', headers });
    expect(listed.socket).toBeDefined();
    listed.socket!.close();
    expect((await rawUpgrade(url2, { origin: 'https://evil.example', headers })).status).toBe(403);
    expect(wire.memory.stats().calls.openPty).toBe(1);
  });

  it("given cors origins '*', should still refuse a PTY upgrade from a foreign origin; same origin passes", async () => {
    wire = await startWire({ handler: { cors: { origins: '*' } } });
    const url = `${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`;
    const evil = await rawUpgrade(url, { origin: 'https://evil.example', headers: auth });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body!).error.code).toBe('forbidden');
    const same = await rawUpgrade(url, { origin: wire.origin, headers: auth });
    expect(same.socket).toBeDefined();
    same.socket!.close();
    // The HTTP API stays open to any origin.
    const plain = await call('/v1/sandboxes/abc123', { headers: { ...auth, Origin: 'https://evil.example' } });
    expect(plain.headers.get('access-control-allow-origin')).toBe('*');
    expect(wire.memory.stats().calls.openPty).toBe(1);
  });

  it('given a cors predicate, should accept the PTY upgrade from the origins it names only', async () => {
    wire = await startWire({ handler: { cors: { origins: (o) => o === 'https://app.example' } } });
    const url = `${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`;
    const listed = await rawUpgrade(url, { origin: 'https://app.example', headers: auth });
    expect(listed.socket).toBeDefined();
    listed.socket!.close();
    expect((await rawUpgrade(url, { origin: 'https://evil.example', headers: auth })).status).toBe(403);
  });

  it('given an upgrade without the protocol, should refuse it with 400; an unknown path is left to the host', async () => {
    wire = await startWire();
    const url = `${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`;
    const bare = await rawUpgrade(url, { protocols: ['other'], headers: auth });
    expect(bare.status).toBe(400);
    const elsewhere = await rawUpgrade(`${wire.origin.replace('http', 'ws')}/hmr`, { headers: auth });
    // The harness destroys sockets the handler declines.
    expect(elsewhere.socket).toBeUndefined();
    expect(elsewhere.status).toBeUndefined();
  });
});

describe('createSandboxHandler: frame limits and slow clients', () => {
  it('given a frame over maxFrameBytes, should close the socket with 1009', async () => {
    wire = await startWire({ handler: { limits: { maxFrameBytes: 1024 } } });
    const { socket, ready } = await rawUpgrade(`${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`, { headers: auth });
    const closed = new Promise<number>((resolve) => socket!.on('close', (code) => resolve(code)));
    await ready;
    socket!.send(Buffer.alloc(4096, 0x61));
    expect(await closed).toBe(1009);
    await until(() => wire!.handler.stats().ptySockets === 0, 'the socket released');
    await until(() => wire!.memory.stats().ptyConnections === 0, 'the PTY detached');
  });

  it('given a PTY client that stops reading, should cut it off instead of buffering without bound', async () => {
    wire = await startWire({
      handler: { limits: { maxBufferedBytes: 64 * 1024 } },
      memory: { files: { '/home/user/big.txt': 'y'.repeat(60_000) + '\n' } },
    });
    const { socket, ready } = await rawUpgrade(`${wire.baseUrl.replace('http', 'ws')}/v1/sandboxes/abc123/pty?cols=80&rows=24`, { headers: auth });
    await ready;
    // Stop reading: the server's send buffer fills once the kernel's does.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 400; i++) socket!.send(Buffer.from('cat /home/user/big.txt\r'));
    await until(() => wire!.handler.stats().ptySockets === 0, 'the slow socket cut off', 8000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
    socket!.terminate();
  }, 15_000);

  it('given a log client that stops reading, should hold no backlog for it and tell it what it lost when it reads again', async () => {
    wire = await startWire({ handler: { limits: { maxBufferedBytes: 256 * 1024 } } });
    const { request } = await import('node:http');
    const slow = await new Promise<import('node:http').IncomingMessage>((resolve) => {
      request(`${wire!.baseUrl}/v1/sandboxes/abc123/logs`, { headers: auth }, resolve).end();
    });
    slow.pause();
    const received: string[] = [];
    const sub = wire.client().subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: (e) => received.push(...e.map((x) => x.message)) });
    await until(() => wire!.handler.stats().logStreams === 2 && wire!.memory.stats().logSubscriptions === 1, 'both streams on one upstream');
    const line = 'z'.repeat(8192);
    const total = 1200;
    for (let i = 0; i < total; i += 10) {
      wire.memory.emitLogs('abc123', Array.from({ length: 10 }, (_, k) => ({ message: `${i + k} ${line}` })));
      await until(() => received.length >= i + 10, 'the healthy client to keep up');
    }
    expect(received.map((m) => Number(m.split(' ')[0]))).toEqual(Array.from({ length: total }, (_, i) => i));
    // ~9.8 MB went out; the slow client gets what the sockets held, then a gap notice, then the ring.
    let text = '';
    slow.on('data', (chunk: Buffer) => (text += chunk.toString()));
    slow.resume();
    await until(() => /event: gap\ndata: \{"missed":\d+\}/.test(text) && text.includes(`${total - 1} z`), 'the gap notice and the newest entry');
    expect(text.length).toBeLessThan((total * line.length) / 2);
    sub.dispose();
    slow.destroy();
    await until(() => wire!.handler.stats().logStreams === 0, 'both streams closed');
  }, 20_000);
});

describe('createSandboxHandler: connection limits', () => {
  it('given maxPtys terminals open, should refuse the next with rate_limited and Retry-After, and accept again after one closes', async () => {
    wire = await startWire({ handler: { limits: { maxPtys: 2 } } });
    const client = wire.client();
    const a = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    const b = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    await expect(client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 1000 });
    expect(wire.memory.stats().calls.openPty).toBe(2);
    a.dispose();
    await until(() => wire!.handler.stats().ptySockets === 1, 'a socket freed');
    const c = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    b.dispose();
    c.dispose();
  });

  it('given maxLogStreams streams open, should answer the next with 429 JSON and Retry-After', async () => {
    wire = await startWire({ handler: { limits: { maxLogStreams: 1 } } });
    const sub = wire.client().subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: () => {} });
    await until(() => wire!.handler.stats().logStreams === 1, 'the first stream');
    const refused = await call('/v1/sandboxes/abc123/logs', { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body).toEqual({ error: { code: 'rate_limited', message: 'Too many log streams on this server', retryAfterMs: 1000 } });
    sub.dispose();
  });
});
