// @vitest-environment node
/**
 * Fuzz: thousands of malformed requests across every endpoint (random bytes,
 * wrong types, huge bodies, bad UTF-8, path traversal in ids, unknown ops,
 * bad upgrades). Every answer must be a 4xx JSON error, and the server must
 * still serve afterwards. Seeded, so a failure repeats.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WS_PROTOCOL } from '../../src/http/protocol';
import { SANDBOX_ERROR_CODES } from '../../src/transport/errors';
import { BASE_PATH, TOKEN, startWire, type Wire } from './harness';

const HTTP_COUNT = 2400;
const UPGRADE_COUNT = 120;

function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const word = (n = 1 + int(12)) => Array.from({ length: n }, () => pick('abcdefghijklmnopqrstuvwxyz-_'.split(''))).join('');
  return { next, int, pick, bytes, word };
}

interface Req {
  kind: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

const r = prng(20261127);
const auth = { authorization: `Bearer ${TOKEN}` };
const v1 = `${BASE_PATH}/v1`;
const SUFFIXES = ['', '/preview-link?port=3000', '/logs', '/pty?cols=80&rows=24', '/exec', '/computer-use/screenshot', '/computer-use/display', '/computer-use/actions', '/computer-use/start', '/computer-use/status', '/files?path=/', '/files/content?path=/x'];
const METHOD_OF: Record<string, string> = { '/exec': 'POST', '/computer-use/actions': 'POST', '/computer-use/start': 'POST' };

/** Sandbox ids that can never pass `^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$` (or contain ".."). */
function badId(): string {
  switch (r.int(7)) {
    case 0: return `../../${r.word()}`;
    case 1: return `${r.word()}/../${r.word()}`;
    case 2: return '.' + r.word();
    case 3: return 'a'.repeat(129 + r.int(5000));
    case 4: return `${r.word()} ${r.word()}`;
    case 5: return `a..${r.word()}`;
    default: return `x${r.bytes(1 + r.int(24)).toString('latin1')}\u0000`;
  }
}

const INVALID_PORTS = ['0', '-1', '65536', '99999', '3000.5', '1e3', '0x50', ' 80', '', 'NaN', 'Infinity', '３０００', '80;rm', '١٢٣'];

function invalidAction(): unknown {
  switch (r.int(14)) {
    case 0: return null;
    case 1: return r.word();
    case 2: return [1, 2, 3];
    case 3: return { type: r.word() + 'x' };
    case 4: return { type: 'click', x: -1 - r.int(100), y: 0 };
    case 5: return { type: 'move', x: r.next() + 0.01, y: 1 };
    case 6: return { type: 'move', x: String(r.int(100)), y: 1 };
    case 7: return { type: 'type', text: r.int(1000) };
    case 8: return { type: 'type', text: '' };
    case 9: return { type: 'scroll', x: 1, y: 1, direction: r.pick(['left', 'sideways', 1, null]) };
    case 10: return { type: 'drag', from: { x: 0, y: 0 } };
    case 11: return { type: 'press', key: r.bytes(40).toString('latin1') + '!' };
    case 12: return { type: 'hotkey', keys: '+' + r.word() };
    default: return { type: 'press', key: 'a', modifiers: [r.word() + 'x'] };
  }
}

function generate(): Req {
  const kind = r.int(14);
  switch (kind) {
    case 0: {
      const suffix = r.pick(SUFFIXES);
      return { kind: 'bad sandbox id', method: METHOD_OF[suffix.split('?')[0]!] ?? 'GET', path: `${v1}/sandboxes/${encodeURIComponent(badId())}${suffix}`, headers: auth, body: METHOD_OF[suffix] ? '{}' : undefined };
    }
    case 1:
      return { kind: 'bad port', method: 'GET', path: `${v1}/sandboxes/abc123/preview-link?port=${encodeURIComponent(r.pick(INVALID_PORTS))}`, headers: auth };
    case 2: {
      const paths = [
        `${v1}/sandboxes/../../../etc/passwd`,
        `${v1}/../../${r.word()}`,
        `${v1}/sandboxes/%2e%2e%2f%2e%2e%2fetc/preview-link?port=3000`,
        `${v1}/sandboxes/abc123/files/../../../../${r.word()}`,
        `${BASE_PATH}/../${r.word()}`,
        `${v1}/sandboxes/%${r.pick(['', 'G', 'FF', 'E0%A4', 'C3'])}/logs`,
      ];
      return { kind: 'path traversal / bad encoding', method: 'GET', path: r.pick(paths), headers: auth };
    }
    case 3: {
      const paths = [`${v1}/sandboxes/abc123/${r.word()}`, `${v1}/${r.word()}`, `${BASE_PATH}/v${2 + r.int(8)}/sandboxes/abc123`, `${v1}/sandboxes/abc123/computer-use/${r.word()}`, `${v1}/workspace/${r.word()}`, `${v1}`];
      return { kind: 'unknown op', method: r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH']), path: r.pick(paths), headers: auth };
    }
    case 4: {
      const [path, allowed] = r.pick([
        [`${v1}/sandboxes/abc123/exec`, 'POST'],
        [`${v1}/sandboxes/abc123/preview-link?port=3000`, 'GET'],
        [`${v1}/sandboxes/abc123/computer-use/actions`, 'POST'],
        [`${v1}/capabilities`, 'GET'],
        [`${v1}/workspace/sandboxes/abc123/start`, 'POST'],
      ] as const);
      const method = r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => m !== allowed));
      return { kind: 'wrong method', method, path, headers: auth };
    }
    case 5: {
      const body = r.pick([
        () => r.bytes(1 + r.int(2000)),
        () => Buffer.concat([Buffer.from('{"action":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]),
        () => `{"action":${'['.repeat(1 + r.int(50))}`,
        () => '',
        () => JSON.stringify({ action: invalidAction() }),
        () => JSON.stringify(invalidAction()),
      ])();
      return { kind: 'bad action body', method: 'POST', path: `${v1}/sandboxes/abc123/computer-use/actions`, headers: { ...auth, 'content-type': 'application/json' }, body };
    }
    case 6: {
      const body = r.pick([
        () => JSON.stringify({ command: r.pick([42, null, '', [], {}, true]) }),
        () => JSON.stringify({ command: 'x'.repeat(65 * 1024) }),
        () => JSON.stringify({ command: 'ls', timeoutMs: r.pick([-1, 0, 1.5, 'soon', 1e12]) }),
        () => JSON.stringify({ command: 'ls', cwd: r.pick(['', 'a\u0000b', 5]) }),
        () => r.bytes(1 + r.int(500)),
      ])();
      return { kind: 'bad exec body', method: 'POST', path: `${v1}/sandboxes/abc123/exec`, headers: auth, body };
    }
    case 7: {
      const body = r.pick([
        () => JSON.stringify({ labels: r.pick([[], 'x', 5, { k: 1 }, { 'bad key!': 'v' }]) }),
        () => JSON.stringify({ image: r.pick(['', 5, 'x'.repeat(600)]) }),
        () => JSON.stringify({ ['$' + r.word()]: 'x' }),
        () => JSON.stringify({ nested: { deep: true } }),
        () => JSON.stringify([r.word()]),
        () => Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80]),
      ])();
      return { kind: 'bad create body', method: 'POST', path: `${v1}/workspace/sandboxes`, headers: auth, body };
    }
    case 8: {
      const path = r.pick([
        `${v1}/sandboxes/abc123/computer-use/actions`,
        `${v1}/sandboxes/abc123/exec`,
        `${v1}/workspace/sandboxes`,
        `${v1}/sandboxes/abc123/files/content?path=/big`,
      ]);
      const method = path.includes('files') ? 'PUT' : 'POST';
      return { kind: 'huge body', method, path, headers: auth, body: Buffer.alloc((path.includes('files') ? 70 * 1024 : 1100 * 1024) + r.int(4096), 0x7b) };
    }
    case 9: {
      const q = r.pick([
        `/logs?sessionId=${encodeURIComponent(r.pick(['', ' ', 'a/b', '../x', 'x'.repeat(200)]))}`,
        `/logs?commandId=${encodeURIComponent(r.word() + '$')}`,
        `/pty?cols=${r.pick(['0', '1001', 'x', '-5', '80.5'])}&rows=24`,
        `/pty?cols=80&rows=24&env=${encodeURIComponent(r.pick(['{', '[]', '{"1BAD":"x"}', '{"A":1}']))}`,
        `/pty?cols=80&rows=24&port=${encodeURIComponent(r.pick(INVALID_PORTS))}`,
        `/pty?cols=80&rows=24&sessionId=${encodeURIComponent('../' + r.word())}`,
        `/computer-use/screenshot?format=${r.pick(['gif', 'PNG', '', 'svg'])}`,
        `/computer-use/screenshot?quality=${r.pick(['0', '101', 'high', '5.5'])}`,
        `/computer-use/screenshot?scale=${r.pick(['0', '2', '-1', 'half', '1e-9'])}`,
        `/computer-use/screenshot?showCursor=${r.pick(['yes', 'maybe', ''])}`,
        `/files${r.pick(['', '?path=', '?path=a%00b'])}`,
        `/files/content?path=${'a'.repeat(5000)}`,
      ]);
      const headers: Record<string, string> = { ...auth, 'last-event-id': r.bytes(8).toString('hex') };
      return { kind: 'bad query', method: 'GET', path: `${v1}/sandboxes/abc123${q}`, headers };
    }
    case 10:
      return { kind: 'bad labels', method: 'GET', path: `${v1}/workspace/sandboxes?labels=${encodeURIComponent(r.pick(['{', '[1]', '"s"', '{"a":{"b":1}}', 'null']))}`, headers: auth };
    case 11:
      return { kind: 'wrong protocol version', method: 'GET', path: `${v1}/sandboxes/abc123`, headers: { ...auth, 'sandbox-elements-protocol': r.pick(['0', '2', 'v1', '1.0', r.word()]) } };
    case 12: {
      const suffix = r.pick(SUFFIXES);
      const headers = r.pick<Record<string, string>>([{}, { authorization: 'Bearer wrong' }, { authorization: r.bytes(20).toString('hex') }]);
      return { kind: 'unauthenticated', method: METHOD_OF[suffix.split('?')[0]!] ?? 'GET', path: `${v1}/sandboxes/abc123${suffix}`, headers };
    }
    default: {
      const path = r.pick([`${v1}/sandboxes/abc123/files?path=/`, `${v1}/sandboxes/abc123/files/content?path=/x`]);
      return { kind: 'bad files method / path', method: r.pick(['POST', 'PATCH']), path, headers: auth, body: r.bytes(r.int(64)) };
    }
  }
}

function send(base: URL, agent: Agent, req: Req): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body);
    const outgoing = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path,
        agent,
        headers: { ...req.headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`timeout: ${req.method} ${req.path.slice(0, 120)}`)));
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A huge body refused early may reset the connection while we still write: the answer was already sent.
      if (body && body.byteLength > 60_000 && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve({ status: 413, type: 'application/json (reset)', text: '{"error":{"code":"invalid_request","message":"reset after refusal"}}' });
      else reject(new Error(`${error.message} on ${req.kind}: ${req.method} ${req.path.slice(0, 160)} (${body?.byteLength ?? 0} bytes)`));
    });
    outgoing.end(body);
  });
}

function upgrade(url: string, protocols: string[], headers: Record<string, string>): Promise<{ status?: number; type?: string; text?: string; opened?: boolean }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, protocols, { headers, handshakeTimeout: 5000 });
    socket.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), text }));
    });
    socket.on('open', () => {
      socket.terminate();
      resolve({ opened: true });
    });
    socket.on('error', () => resolve({}));
  });
}

function expectJsonError(answer: { status?: number; type?: string; text?: string }, what: string) {
  expect(answer.status, what).toBeGreaterThanOrEqual(400);
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.type, what).toMatch(/^application\/json/);
  const body = JSON.parse(answer.text!);
  expect(Object.keys(body), what).toEqual(['error']);
  expect(SANDBOX_ERROR_CODES, what).toContain(body.error.code);
  expect(typeof body.error.message, what).toBe('string');
  expect(body.error.message.length, what).toBeGreaterThan(0);
  expect(body.error.message, what).not.toMatch(/\n\s+at /);
}

describe('fuzz: malformed requests against every endpoint', () => {
  let wire: Wire;
  beforeAll(async () => {
    wire = await startWire({
      handler: { expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'], limits: { maxFileBytes: 64 * 1024 } },
    });
  });
  afterAll(() => wire.close());

  it(`given ${HTTP_COUNT} malformed HTTP requests and ${UPGRADE_COUNT} malformed upgrades, should answer each with a 4xx JSON error and keep serving`, async () => {
    const base = new URL(wire.baseUrl);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const kinds = new Map<string, number>();
    const statuses = new Map<number, number>();
    const requests = Array.from({ length: HTTP_COUNT }, generate);
    for (let i = 0; i < requests.length; i += 32) {
      const batch = requests.slice(i, i + 32);
      const answers = await Promise.all(batch.map((req) => send(base, agent, req)));
      answers.forEach((answer, k) => {
        const req = batch[k]!;
        kinds.set(req.kind, (kinds.get(req.kind) ?? 0) + 1);
        const what = `${req.kind}: ${req.method} ${req.path.slice(0, 160)} → ${answer.status} ${answer.text.slice(0, 200)}`;
        expectJsonError(answer, what);
        // Authenticated requests must be refused for what they are, not by authorization.
        if (req.kind === 'unauthenticated') expect(answer.status, what).toBe(403);
        else expect(answer.status, what).not.toBe(403);
        if (req.kind === 'huge body') expect(answer.status, what).toBe(413);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      });
    }
    agent.destroy();
    expect([...statuses.keys()].sort()).toEqual([400, 403, 404, 405, 413]);
    // Every generator ran many times.
    expect(kinds.size).toBe(14);
    for (const [kind, count] of kinds) expect(count, kind).toBeGreaterThan(100);

    const ws = wire.baseUrl.replace('http', 'ws');
    for (let i = 0; i < UPGRADE_COUNT; i++) {
      const variant = i % 6;
      const path =
        variant === 0 ? `/v1/sandboxes/${encodeURIComponent(badId())}/pty?cols=80&rows=24`
        : variant === 1 ? `/v1/sandboxes/abc123/pty?cols=${r.pick(['0', 'x', '5000'])}&rows=24`
        : variant === 2 ? `/v1/sandboxes/abc123/pty?cols=80&rows=24&env=${encodeURIComponent('{"A":1}')}`
        : `/v1/sandboxes/abc123/pty?cols=80&rows=24`;
      const protocols = variant === 3 ? [r.word()] : [WS_PROTOCOL];
      const headers: Record<string, string> = variant === 4 ? { authorization: 'Bearer nope' } : variant === 5 ? { ...auth, origin: `https://${r.word()}.example` } : auth;
      const answer = await upgrade(ws + path, protocols, headers);
      expectJsonError(answer, `upgrade ${variant} ${path.slice(0, 100)} → ${JSON.stringify(answer).slice(0, 200)}`);
    }

    // Still serving, and nothing left open.
    const client = wire.client();
    await expect(client.getPreviewLink({ sandboxId: 'abc123', port: 3000 })).resolves.toHaveProperty('url');
    const pty = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    let text = '';
    pty.onData((d) => (text += typeof d === 'string' ? d : new TextDecoder().decode(d)));
    pty.write('echo still-alive\r');
    await expect.poll(() => text, { timeout: 5000 }).toContain('still-alive\r\n');
    pty.dispose();
    await expect.poll(() => wire.handler.stats(), { timeout: 5000 }).toMatchObject({ ptySockets: 0, logStreams: 0 });
    expect(wire.memory.stats().calls.exec ?? 0).toBe(0);
    expect(wire.memory.stats().calls['computerUse.perform'] ?? 0).toBe(0);
  }, 60_000);
});
