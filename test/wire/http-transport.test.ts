// @vitest-environment node
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createHttpTransport, type WebSocketConstructor } from '../../src/http/index';
import { createSandboxHandler, toNodeListener } from '../../src/server/index';
import { SandboxTimeoutError, isSandboxError } from '../../src/transport/errors';
import { createMemoryTransport } from '../../src/transport/memory';
import type { LogEntry, PtyCloseEvent } from '../../src/transport/types';
import { BASE_PATH, TOKEN, startWire, until, type Wire } from './harness';

let wire: Wire | undefined;
afterEach(async () => {
  await wire?.close();
  wire = undefined;
});

describe('createHttpTransport', () => {
  it('given headers as a function, should call it for every request (fresh tokens) and send the protocol version', async () => {
    const seen: Array<string | null> = [];
    wire = await startWire({
      handler: {
        authorize: (request, { op }) => {
          seen.push(request.headers.get('authorization'));
          // HTTP calls carry the version in a header; the PTY socket in its subprotocol.
          return op === 'openPty' || request.headers.get('sandbox-elements-protocol') === '1';
        },
      },
    });
    let n = 0;
    const client = wire.client({ headers: () => ({ Authorization: `Bearer t${++n}` }) });
    await client.getSandbox!({ sandboxId: 'abc123' });
    await client.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
    const pty = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    pty.dispose();
    // The PTY socket carries Authorization in its subprotocol; authorize sees it as a header.
    expect(seen).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t3']);
  });

  it('given a rate-limited answer, should reject with rate_limited, its status and retryAfterMs from Retry-After', async () => {
    wire = await startWire();
    wire.memory.failNext('getSandbox', 'rate_limited');
    const error = await wire.client().getSandbox!({ sandboxId: 'abc123' }).catch((e: unknown) => e);
    expect(isSandboxError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 1000 });
    expect((error as Error).message).toMatch(/Injected rate_limited failure/);
  });

  it('given a call aborted mid-flight, should reject with aborted at once and abort the server side', async () => {
    wire = await startWire({ memory: { latencyMs: 2000 } });
    const controller = new AbortController();
    const started = Date.now();
    const pending = wire.client().computerUse!.displayInfo({ sandboxId: 'abc123' }, controller.signal);
    // In flight: the sandbox has the call and is inside its 2 s latency.
    await until(() => wire!.memory.stats().calls['computerUse.displayInfo'] === 1, 'the call to reach the sandbox');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('given openPty aborted while its headers resolve or before ready, should reject with aborted and leave no PTY open', async () => {
    wire = await startWire({ memory: { latencyMs: { openPty: 300 } } });
    const early = new AbortController();
    const slowHeaders = wire.client({ headers: async () => (early.abort(), { Authorization: 'Bearer test-token-1234' }) });
    await expect(slowHeaders.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 }, early.signal)).rejects.toMatchObject({ code: 'aborted' });
    // How the sandbox's openPty ended: the server must abort it, or dispose what it opened too late.
    const upstream: Array<'opened' | 'failed'> = [];
    const openUpstream = wire.memory.openPty!.bind(wire.memory);
    wire.memory.openPty = (req, signal) => {
      const opening = openUpstream(req, signal);
      opening.then(() => upstream.push('opened'), () => upstream.push('failed'));
      return opening;
    };
    const late = new AbortController();
    const pending = wire.client().openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 }, late.signal);
    await until(() => wire!.handler.stats().ptySockets === 1, 'the socket open');
    late.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    await until(() => wire!.handler.stats().ptySockets === 0, 'the socket closed');
    // Once the sandbox's openPty settled (the server's handler of it ran in the same microtask run):
    // aborted, or opened and at once disposed.
    await until(() => upstream.length === 1, "the sandbox's openPty to settle");
    expect(wire.memory.stats().ptyConnections).toBe(0);
  });

  it('given a server that is not there, should reject with network', async () => {
    const client = createHttpTransport({ baseUrl: 'http://127.0.0.1:9/api' });
    await expect(client.getPreviewLink({ sandboxId: 'abc123', port: 3000 })).rejects.toMatchObject({ code: 'network' });
  });

  it('should return screenshots as image bytes with size and cursor from the headers', async () => {
    wire = await startWire();
    const client = wire.client();
    await client.computerUse!.perform({ sandboxId: 'abc123', action: { type: 'move', x: 100, y: 200 } });
    const shot = await client.computerUse!.screenshot({ sandboxId: 'abc123', format: 'png' });
    expect(shot).toMatchObject({ width: 1280, height: 800, cursor: { x: 100, y: 200 } });
    expect(shot.image.type).toBe('image/svg+xml');
    expect(await shot.image.text()).toContain('<svg');
    expect(await client.computerUse!.status!({ sandboxId: 'abc123' })).toBe('active');
    expect(wire.memory.inspect().actions).toEqual([{ type: 'move', x: 100, y: 200 }]);
  });

  it('given the log connection drops while lines keep coming, should reconnect with Last-Event-ID and lose or repeat nothing', async () => {
    wire = await startWire();
    const received: LogEntry[] = [];
    const errors: unknown[] = [];
    const reconnecting: string[] = [];
    const sub = wire.client({ reconnect: { initialDelayMs: 50 } }).subscribeLogs!(
      { sandboxId: 'abc123' },
      { onLogs: (e) => received.push(...e), onError: (e) => errors.push(e), onReconnecting: (e) => reconnecting.push(e.code) },
    );
    await until(() => wire!.memory.stats().logSubscriptions === 1, 'the upstream subscription');
    let sent = 0;
    const emit = (count: number) => {
      for (let i = 0; i < count; i++) wire!.memory.emitLogs('abc123', [{ message: `line ${sent++}` }]);
    };
    emit(20);
    await until(() => received.length === 20, 'the first lines');
    for (let drop = 0; drop < 3; drop++) {
      // Cut every TCP connection: the client sees its stream end mid-flight.
      wire.server.closeAllConnections();
      emit(15); // written while the client is away: the hub keeps them
      await until(() => wire!.handler.stats().logStreams === 1, 'the client back');
      emit(5);
    }
    await until(() => received.length >= sent, `all ${sent} lines`);
    // A repeat would arrive before a last line sent now (one ordered stream): wait for that line, not for a time.
    emit(1);
    await until(() => received.some((e) => e.message === `line ${sent - 1}`), 'the last line');
    expect(received.map((e) => e.message)).toEqual(Array.from({ length: sent }, (_, i) => `line ${i}`));
    expect(errors).toEqual([]);
    // The client said each time that it was resuming by itself, so a console does not retry on top.
    expect(reconnecting.length).toBeGreaterThanOrEqual(1);
    expect(new Set(reconnecting)).toEqual(new Set(['network']));
    expect(wire.memory.stats().logSubscriptions).toBe(1);
    sub.dispose();
    await until(() => wire!.handler.stats().logStreams === 0, 'the stream closed');
  });

  it('given a refused log stream, should report it through onError once and not retry', async () => {
    let calls = 0;
    wire = await startWire({ handler: { authorize: () => (calls++, false) } });
    const errors: unknown[] = [];
    let fetches = 0;
    const client = wire.client({ reconnect: { initialDelayMs: 10 }, fetch: (input, init) => (fetches++, fetch(input, init)) });
    // A retry waits on a timer: the client's timers run on the fake clock from the start (a retry timer
    // set with the error, on the real clock, would escape). A minute of it is far past the longest
    // backoff (5 s); a retry would have fetched again by then.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      client.subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: () => {}, onError: (e) => errors.push(e) });
      await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 5000 });
      await vi.advanceTimersByTimeAsync(60_000);
    } finally {
      vi.useRealTimers();
    }
    expect(fetches).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'forbidden', status: 403 });
    expect(calls).toBe(1);
  });

  it('given a log stream the sandbox ends, should call onEnd', async () => {
    wire = await startWire();
    let ended = 0;
    wire.client().subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: () => {}, onEnd: () => ended++ });
    await until(() => wire!.memory.stats().logSubscriptions === 1, 'subscribed');
    wire.memory.setSandboxState('abc123', 'stopped');
    await until(() => ended === 1, 'onEnd');
  });

  it('given a refused PTY upgrade, should reject with the reason the server gave', async () => {
    wire = await startWire();
    const stranger = wire.client({ headers: { Authorization: 'Bearer wrong' } });
    await expect(stranger.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'forbidden', status: 403 });
    expect(wire.memory.stats().calls.openPty).toBeUndefined();
  });

  it('given a server with no upgrade handler wired, should reject openPty with network and say why', async () => {
    const memory = createMemoryTransport();
    const handler = createSandboxHandler({ transport: memory, basePath: BASE_PATH, authorize: () => true });
    const server = createServer(toNodeListener(handler));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    const client = createHttpTransport({ baseUrl: `http://127.0.0.1:${port}${BASE_PATH}`, WebSocket: WebSocket as unknown as WebSocketConstructor });
    await expect(client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/handleUpgrade/) });
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    memory.dispose();
  });

  it('given the PTY socket dies on the network, should report onClose with a network error and allow re-attach', async () => {
    wire = await startWire();
    const client = wire.client();
    const sockets: import('node:net').Socket[] = [];
    wire.server.on('upgrade', (_req, socket) => sockets.push(socket as import('node:net').Socket));
    const pty = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    const closes: PtyCloseEvent[] = [];
    pty.onClose((e) => closes.push(e));
    // Upgraded sockets are no longer the HTTP server's: cut them at the TCP level.
    for (const socket of sockets) socket.destroy();
    await until(() => closes.length === 1, 'onClose');
    expect(closes[0]!.exitCode).toBeUndefined();
    expect(closes[0]!.error?.code).toBe('network');
    const again = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24, sessionId: pty.sessionId });
    expect(again.sessionId).toBe(pty.sessionId);
    again.dispose();
  });

  it('should hold output that arrives before onData, send big input in frames under the limit, and resolve kill', async () => {
    wire = await startWire({ handler: { limits: { maxFrameBytes: 16 * 1024 } } });
    // The client's socket, seen from outside: the banner has reached the client (and is held, no onData yet).
    let bannerArrived = false;
    class WatchedWebSocket extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.on('message', (data) => {
          // The client reads frames as ArrayBuffers (binaryType); its text frames are JSON.
          if (Buffer.from(data as ArrayBuffer).toString().includes('Simulated sandbox abc123')) bannerArrived = true;
        });
      }
    }
    const pty = await wire.client({ WebSocket: WatchedWebSocket as unknown as WebSocketConstructor }).openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    await until(() => bannerArrived, 'the banner at the client');
    let text = '';
    const decoder = new TextDecoder();
    pty.onData((d) => (text += typeof d === 'string' ? d : decoder.decode(d, { stream: true })));
    await until(() => text.includes('Simulated sandbox abc123'), 'the banner');
    const big = `echo ${'é'.repeat(20_000)}done\r`;
    pty.write(big);
    await until(() => text.includes('édone'), 'the echoed big line');
    expect(wire.memory.inspect().sessions[0]!.received).toBe(big);
    let closed: PtyCloseEvent | undefined;
    pty.onClose((e) => (closed = e));
    await pty.kill!();
    await until(() => closed, 'onClose after kill');
    expect(closed!.exitCode).toBe(130);
  });

  it('given a re-attach, should say in ready how many bytes replay the scrollback, and live output should follow them', async () => {
    wire = await startWire();
    const client = wire.client();
    const first = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    expect(first.replayBytes).toBe(0);
    let seen = '';
    const decoder = new TextDecoder();
    first.onData((d) => (seen += typeof d === 'string' ? d : decoder.decode(d, { stream: true })));
    first.write('echo before\r');
    await until(() => seen.includes('before\r\n'), 'the first output');
    first.dispose();
    const again = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24, sessionId: first.sessionId });
    const bytes: number[] = [];
    again.onData((d) => bytes.push(...(typeof d === 'string' ? new TextEncoder().encode(d) : d)));
    again.write('echo after\r');
    const replay = again.replayBytes!;
    expect(replay).toBeGreaterThan(0);
    await until(() => new TextDecoder().decode(Uint8Array.from(bytes)).includes('after\r\n'), 'live output after the replay');
    const all = Uint8Array.from(bytes);
    const replayed = new TextDecoder().decode(all.subarray(0, replay));
    const live = new TextDecoder().decode(all.subarray(replay));
    expect(replayed).toContain('Simulated sandbox abc123');
    expect(replayed).toContain('before');
    expect(replayed).not.toContain('after');
    expect(live.startsWith('echo after')).toBe(true);
    again.dispose();
  });

  it('given a transport that cannot tell what it replays (Daytona), should leave replayBytes out of ready and the client should read it as unknown', async () => {
    const memory = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0 });
    // The same PTY without `replayBytes`, as Daytona's PTY connection is.
    const unknowing = {
      ...memory,
      getPreviewLink: memory.getPreviewLink.bind(memory),
      openPty: async (...args: Parameters<NonNullable<typeof memory.openPty>>) => {
        const connection = await memory.openPty!(...args);
        return new Proxy(connection, {
          get: (target, key) => {
            if (key === 'replayBytes') return undefined;
            const value = Reflect.get(target, key, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      },
    };
    wire = await startWire({ handler: { transport: unknowing } });
    const pty = await wire.client().openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    // Unknown, not 0: a client that still shows the session judges the overlap itself.
    expect(pty.replayBytes).toBeUndefined();
    pty.dispose();
    memory.dispose();
  });

  it('given a Retry-After of decimal seconds, should read it as the server meant (one parser with Daytona)', async () => {
    const client = createHttpTransport({
      baseUrl: 'http://127.0.0.1:9/api',
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), { status: 429, headers: { 'Retry-After': '1.5' } }),
    });
    await expect(client.getSandbox!({ sandboxId: 'abc123' })).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 1500 });
  });

  it('given a transport that times out, should answer 504 on the wire whatever status the error carried', async () => {
    wire = await startWire();
    wire.memory.getSandbox = async () => {
      throw new SandboxTimeoutError('The sandbox did not answer');
    };
    const response = await fetch(`${wire.baseUrl}/v1/sandboxes/abc123`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error: { code: 'timeout', message: 'The sandbox did not answer' } });
  });

  it('given an onLogs that throws, should report it and keep the stream going without repeats', async () => {
    wire = await startWire();
    const reported: unknown[] = [];
    const original = globalThis.reportError;
    globalThis.reportError = (e: unknown) => reported.push(e);
    try {
      const received: string[] = [];
      const sub = wire.client().subscribeLogs!(
        { sandboxId: 'abc123' },
        {
          onLogs: (entries) => {
            received.push(...entries.map((e) => e.message));
            if (entries.some((e) => e.message === 'boom')) throw new Error('bug in the host app');
          },
        },
      );
      await until(() => wire!.memory.stats().logSubscriptions === 1, 'subscribed');
      wire.memory.emitLogs('abc123', [{ message: 'boom' }]);
      wire.memory.emitLogs('abc123', [{ message: 'after' }]);
      await until(() => received.includes('after'), 'the next entry');
      expect(received).toEqual(['boom', 'after']);
      expect(reported).toHaveLength(1);
      expect((reported[0] as Error).message).toBe('bug in the host app');
      sub.dispose();
    } finally {
      globalThis.reportError = original;
    }
  });

  it('given headers that fail, or a relative baseUrl outside a browser for a PTY, should reject with a SandboxError', async () => {
    const failing = createHttpTransport({
      baseUrl: 'http://127.0.0.1:9/api',
      headers: () => {
        throw new Error('token refresh failed');
      },
    });
    await expect(failing.getPreviewLink({ sandboxId: 'abc123', port: 3000 })).rejects.toMatchObject({ code: 'unauthorized', message: 'token refresh failed' });
    const relative = createHttpTransport({ baseUrl: '/api/sandbox', WebSocket: WebSocket as unknown as WebSocketConstructor });
    await expect(relative.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/baseUrl must be absolute/) });
    await expect(relative.openPty!({ sandboxId: 'abc123', cols: 0, rows: 24 })).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('given credentials, should use it for every fetch and give an EventSource withCredentials only for include', async () => {
    // What a browser then sends is checked in real Chromium (test/wire/browser.e2e.mjs): Node's fetch has no cookie jar.
    wire = await startWire();
    for (const mode of [undefined, 'omit', 'same-origin', 'include'] as const) {
      const sent: Array<RequestCredentials | undefined> = [];
      const opened: Array<boolean | undefined> = [];
      class RecordingEventSource {
        constructor(_url: string, init?: { withCredentials?: boolean }) {
          opened.push(init?.withCredentials);
        }
        close() {}
        addEventListener() {}
      }
      const recordingFetch: typeof fetch = (input, init) => (sent.push(init?.credentials), fetch(input, init));
      const client = wire.client({ fetch: recordingFetch, ...(mode ? { credentials: mode } : {}) });
      await client.getSandbox!({ sandboxId: 'abc123' });
      const lines: LogEntry[] = [];
      const sub = client.subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: (e) => lines.push(...e) });
      await until(() => wire!.handler.stats().logStreams === 1, 'the log stream');
      sub.dispose();
      wire.client({ EventSource: RecordingEventSource, ...(mode ? { credentials: mode } : {}) }).subscribeLogs!({ sandboxId: 'abc123' }, { onLogs() {} }).dispose();
      expect(sent).toEqual([mode ?? 'same-origin', mode ?? 'same-origin']);
      expect(opened).toEqual([mode === 'include']);
    }
    expect(() => createHttpTransport({ baseUrl: '/api', credentials: 'yes' as never })).toThrow(/credentials must be 'omit', 'same-origin' or 'include', got yes/);
  });

  it('given capabilities, should expose only those methods', () => {
    const client = createHttpTransport({ baseUrl: '/api/sandbox', capabilities: ['logs'] });
    expect(client.subscribeLogs).toBeTypeOf('function');
    expect(client.openPty).toBeUndefined();
    expect(client.exec).toBeUndefined();
    expect(client.getPreviewLink).toBeTypeOf('function');
    expect(() => createHttpTransport({} as never)).toThrow(/baseUrl/);
  });
});

