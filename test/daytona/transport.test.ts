// @vitest-environment node
/**
 * The Daytona transport with the real `@daytonaio/sdk` against the fake
 * Daytona API: what the SDK sent (routes, bodies, headers) and what the
 * transport made of the answers.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Daytona } from '@daytonaio/sdk';
import { DaytonaService, createDaytonaTransport } from '../../src/daytona/index';
import { LineCollector, StdDemuxer } from '../../src/daytona/logs';
import type { SandboxError } from '../../src/transport/errors';
import type { ComputerAction, LogEntry } from '../../src/transport/types';
import { API_KEY, type RecordedRequest } from './fake-daytona';
import { makeDaytona, startHarness, until, watchOutgoingSockets, type Harness } from './helpers';

const JPEG = readFileSync(new URL('./fixtures/desktop.jpg', import.meta.url));

let h: Harness;
afterEach(async () => {
  await h?.cleanup();
});

function sent(method: string, path: string | RegExp): RecordedRequest[] {
  return h.fake.requests.filter((r) => r.method === method && (typeof path === 'string' ? r.path === path : path.test(r.path)));
}

async function rejection(promise: Promise<unknown>): Promise<SandboxError> {
  try {
    await promise;
  } catch (error) {
    return error as SandboxError;
  }
  throw new Error('expected a rejection');
}

describe('given the real SDK configured for the fake', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  it('should send every request to the fake on loopback, authenticated, and hit only routes the fake knows', async () => {
    const watch = watchOutgoingSockets();
    try {
      await h.transport.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
      await h.transport.exec!({ sandboxId: 'abc123', command: 'echo hi' });
      await h.transport.files!.write({ sandboxId: 'abc123', path: '/tmp/a.txt', content: 'a' });
      await h.transport.files!.read({ sandboxId: 'abc123', path: '/tmp/a.txt' });
      await h.transport.computerUse!.screenshot({ sandboxId: 'abc123' });
      const pty = await h.transport.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
      pty.dispose();
      const sub = h.transport.subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: () => {} });
      await until(() => h.fake.stats().logSubscriptions === 1, 'the follow socket');
      sub.dispose();
      await h.transport.sandboxes!.list();
    } finally {
      watch.stop();
    }
    const destinations = watch.destinations();
    expect(destinations.length).toBeGreaterThan(0);
    expect(new Set(destinations)).toEqual(new Set([`127.0.0.1:${h.fake.port}`]));
    expect(h.fake.unmatched()).toEqual([]);
    // No Socket.IO event stream, no analytics, no telemetry export.
    expect(h.fake.requests.filter((r) => /socket\.io|config|telemetry|v1\/traces/.test(r.path))).toEqual([]);
    for (const r of h.fake.requests.filter((r) => r.kind === 'http')) {
      expect(r.headers.authorization).toBe('Bearer test-key');
      expect(r.headers['x-daytona-source']).toMatch(/^sdk-typescript/);
      expect(r.headers['x-daytona-sdk-version']).toBe('0.218.0');
    }
  });

  it("given the SDK's default config (event stream on), should open that stream only to the apiUrl origin", async () => {
    const watch = watchOutgoingSockets();
    const daytona = new Daytona({ apiKey: API_KEY, apiUrl: h.fake.apiUrl, target: 'us' });
    try {
      const transport = createDaytonaTransport({ daytona });
      expect((await transport.getSandbox({ sandboxId: 'abc123' })).state).toBe('running');
      await until(() => h.fake.requests.some((r) => r.path === '/api/socket.io/'), 'the Socket.IO connection attempt');
    } finally {
      await daytona[Symbol.asyncDispose]();
      watch.stop();
    }
    expect(new Set(watch.destinations())).toEqual(new Set([`127.0.0.1:${h.fake.port}`]));
    const io = h.fake.requests.find((r) => r.path === '/api/socket.io/')!;
    expect(io).toMatchObject({ kind: 'ws', query: { EIO: '4', transport: 'websocket' } });
  });

  it('given no daytona client, should throw a clear TypeError', () => {
    expect(() => createDaytonaTransport({} as never)).toThrow(/constructed `Daytona` client/);
  });

  describe('getPreviewLink', () => {
    it('should ask for a signed URL with the configured lifetime and report when it expires', async () => {
      const before = Date.now();
      const link = await h.transport.getPreviewLink({ sandboxId: 'abc123', port: 5173 });
      const [request] = sent('GET', '/api/sandbox/abc123/ports/5173/signed-preview-url');
      expect(request?.query).toEqual({ expiresInSeconds: '300' });
      expect(link.url).toMatch(new RegExp(`^http://5173-signed\\w+\\.localhost:${h.fake.port}$`));
      expect(link.token).toBeUndefined();
      expect(link.expiresAt).toBeGreaterThanOrEqual(before + 300_000);
      expect(link.expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);
    });

    it("given preview: 'token', should return the stable URL and its header token, without expiry", async () => {
      const transport = createDaytonaTransport({ daytona: h.daytona, preview: 'token' });
      const link = await transport.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
      expect(sent('GET', '/api/sandbox/abc123/ports/3000/preview-url')).toHaveLength(1);
      expect(link).toEqual({ url: `http://3000-abc123.localhost:${h.fake.port}`, token: h.fake.sandboxes.get('abc123')!.previewToken });
    });

    it('given a stopped sandbox, should reject with unavailable and say why', async () => {
      h.fake.addSandbox('stopped1', { state: 'stopped' });
      const error = await rejection(h.transport.getPreviewLink({ sandboxId: 'stopped1', port: 3000 }));
      expect(error.code).toBe('unavailable');
      expect(error.message).toContain('stopped');
      expect(sent('GET', /signed-preview-url/)).toHaveLength(0);
    });
  });

  describe('sandbox info and the cache', () => {
    it("should map Daytona's states onto the contract's and keep errorReason", async () => {
      h.fake.addSandbox('broken', { state: 'build_failed', errorReason: 'Dockerfile: step 3 failed' });
      h.fake.addSandbox('paused1', { state: 'paused' });
      h.fake.addSandbox('arch1', { state: 'archived' });
      const broken = await h.transport.getSandbox({ sandboxId: 'broken' });
      expect(broken).toMatchObject({ id: 'broken', state: 'error', daytonaState: 'build_failed', errorReason: 'Dockerfile: step 3 failed' });
      expect((await h.transport.getSandbox({ sandboxId: 'paused1' })).state).toBe('stopped');
      expect((await h.transport.getSandbox({ sandboxId: 'arch1' })).state).toBe('archived');
      expect((await h.transport.getSandbox({ sandboxId: 'abc123' })).state).toBe('running');
    });

    it('should reuse a fetched sandbox for toolbox calls within the TTL', async () => {
      await h.transport.exec!({ sandboxId: 'abc123', command: 'true' });
      await h.transport.exec!({ sandboxId: 'abc123', command: 'true' });
      await h.transport.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
      expect(sent('GET', '/api/sandbox/abc123')).toHaveLength(1);
      expect(sent('POST', '/toolbox/abc123/process/execute')).toHaveLength(2);
    });

    it('given a zero TTL and a small cache, should fetch again and keep at most cacheSize sandboxes', async () => {
      for (const id of ['s1', 's2', 's3']) h.fake.addSandbox(id);
      const transport = createDaytonaTransport({ daytona: h.daytona, cacheTtlMs: 0, cacheSize: 2 });
      await transport.exec({ sandboxId: 's1', command: 'true' });
      await transport.exec({ sandboxId: 's1', command: 'true' });
      expect(sent('GET', '/api/sandbox/s1')).toHaveLength(2);
      await transport.exec({ sandboxId: 's2', command: 'true' });
      await transport.exec({ sandboxId: 's3', command: 'true' });
      expect(transport.stats().cachedSandboxes).toBe(2);
    });
  });

  describe('subscribeLogs', () => {
    it('should follow a session command: stdout as log, stderr as error, whole lines, and close the socket on dispose', async () => {
      h.fake.addCommand('abc123', 'dev', 'cmd-1', 'npm run dev');
      const received: LogEntry[] = [];
      const sub = h.transport.subscribeLogs!({ sandboxId: 'abc123', sessionId: 'dev', commandId: 'cmd-1' }, { onLogs: (e) => received.push(...e) });
      await until(() => h.fake.stats().logSubscriptions === 1, 'the follow socket');
      h.fake.emitLogs('abc123', ['ready in 120 ms', 'GET / 200'], { sessionId: 'dev', commandId: 'cmd-1' });
      h.fake.emitLogs('abc123', ['TypeError: x is undefined'], { sessionId: 'dev', commandId: 'cmd-1', stream: 'stderr' });
      await until(() => received.length === 3, 'three entries');
      expect(received.map(({ level, message, stream }) => ({ level, message, stream }))).toEqual([
        { level: 'log', message: 'ready in 120 ms', stream: 'stdout' },
        { level: 'log', message: 'GET / 200', stream: 'stdout' },
        { level: 'error', message: 'TypeError: x is undefined', stream: 'stderr' },
      ]);
      const ws = h.fake.requests.find((r) => r.kind === 'ws' && r.path.endsWith('/logs'))!;
      expect(ws.path).toBe('/toolbox/abc123/process/session/dev/command/cmd-1/logs');
      expect(ws.query).toEqual({ follow: 'true', DAYTONA_SANDBOX_AUTH_KEY: h.fake.sandboxes.get('abc123')!.previewToken });
      expect(sent('GET', '/toolbox/abc123/process/session/dev/command/cmd-1')).toHaveLength(1);
      expect(h.transport.stats().logSubscriptions).toBe(1);
      sub.dispose();
      // Closed at once, though no frame follows (the SDK's own follow cannot do this).
      await until(() => h.fake.stats().logSubscriptions === 0, 'the socket to close');
      expect(h.transport.stats().logSubscriptions).toBe(0);
    });

    it('given the command ends, should flush a partial last line and call onEnd', async () => {
      h.fake.addCommand('abc123', 'build', 'c2');
      const received: LogEntry[] = [];
      let ended = false;
      h.transport.subscribeLogs!({ sandboxId: 'abc123', sessionId: 'build', commandId: 'c2' }, { onLogs: (e) => received.push(...e), onEnd: () => (ended = true) });
      await until(() => h.fake.stats().logSubscriptions === 1, 'the follow socket');
      h.fake.emitLogs('abc123', ['done'], { sessionId: 'build', commandId: 'c2' });
      h.fake.finishCommand('abc123', 'build', 'c2');
      await until(() => ended, 'onEnd');
      expect(received.map((e) => e.message)).toEqual(['done']);
      expect(h.transport.stats().logSubscriptions).toBe(0);
    });

    it('given an unknown command, should report not_found through onError', async () => {
      let error: SandboxError | undefined;
      h.transport.subscribeLogs!({ sandboxId: 'abc123', sessionId: 'nope', commandId: 'c9' }, { onLogs: () => {}, onError: (e) => (error = e) });
      await until(() => error, 'onError');
      expect(error!.code).toBe('not_found');
      expect(h.fake.stats().logSubscriptions).toBe(0);
    });

    it('given only one of sessionId and commandId, should report invalid_request', async () => {
      let error: SandboxError | undefined;
      h.transport.subscribeLogs!({ sandboxId: 'abc123', sessionId: 'dev' }, { onLogs: () => {}, onError: (e) => (error = e) });
      await until(() => error, 'onError');
      expect(error!.code).toBe('invalid_request');
    });

    it("given follow: 'sdk', should deliver through the SDK's getSessionCommandLogs, which closes only on the next frame after dispose", async () => {
      const transport = createDaytonaTransport({ daytona: h.daytona, logs: { follow: 'sdk' } });
      h.fake.addCommand('abc123', 'dev', 'c3');
      const received: LogEntry[] = [];
      const sub = transport.subscribeLogs({ sandboxId: 'abc123', sessionId: 'dev', commandId: 'c3' }, { onLogs: (e) => received.push(...e) });
      await until(() => h.fake.stats().logSubscriptions === 1, 'the SDK follow socket');
      const ws = h.fake.requests.find((r) => r.kind === 'ws' && r.path.endsWith('/c3/logs'))!;
      // The SDK authenticates its socket with the API key header in Node.
      expect(ws.headers.authorization).toBe('Bearer test-key');
      expect(ws.query).toEqual({ follow: 'true' });
      h.fake.emitLogs('abc123', ['via sdk'], { sessionId: 'dev', commandId: 'c3', stream: 'stderr' });
      await until(() => received.length === 1, 'the entry');
      expect(received[0]).toMatchObject({ level: 'error', message: 'via sdk', stream: 'stderr' });
      sub.dispose();
      // Still open after dispose: the SDK's socket answers a ping sent after it (a close would come first).
      await h.fake.pingLogSockets();
      expect(h.fake.stats().logSubscriptions).toBe(1);
      h.fake.emitLogs('abc123', ['after dispose'], { sessionId: 'dev', commandId: 'c3' });
      await until(() => h.fake.stats().logSubscriptions === 0, 'the SDK to close its socket');
      expect(received).toHaveLength(1);
    });
  });

  it("given follow: 'sdk' and no command, should follow the entrypoint through getEntrypointLogs", async () => {
    const transport = createDaytonaTransport({ daytona: h.daytona, logs: { follow: 'sdk' } });
    const received: LogEntry[] = [];
    const sub = transport.subscribeLogs({ sandboxId: 'abc123' }, { onLogs: (e) => received.push(...e) });
    await until(() => h.fake.stats().logSubscriptions === 1, 'the SDK follow socket');
    expect(h.fake.requests.filter((r) => r.kind === 'ws').map((r) => r.path)).toEqual(['/toolbox/abc123/process/session/entrypoint/logs']);
    h.fake.emitLogs('abc123', ['entry line']);
    await until(() => received.length === 1, 'the entry');
    expect(received[0]).toMatchObject({ level: 'log', message: 'entry line', stream: 'stdout' });
    sub.dispose();
  });

  describe('openPty', () => {
    it('should create through /process/pty/create-connect with size, cwd and envs as the SDK frames them', async () => {
      const pty = await h.transport.openPty!({ sandboxId: 'abc123', cols: 100, rows: 30, cwd: '/tmp', env: { GREETING: 'héllo' } });
      const ws = h.fake.requests.find((r) => r.kind === 'ws' && r.path.endsWith('/create-connect'))!;
      expect(ws.path).toBe('/toolbox/abc123/process/pty/create-connect');
      expect(ws.query).toEqual({ id: pty.sessionId, cols: '100', rows: '30', cwd: '/tmp' });
      const envToken = Buffer.from(JSON.stringify({ GREETING: 'héllo' })).toString('base64url');
      expect(ws.protocols).toEqual([`X-Daytona-Pty-Envs~${envToken}`, 'X-Daytona-Pty-Exit-Control']);
      expect(ws.headers.authorization).toBe('Bearer test-key');
      let text = '';
      pty.onData((d) => (text += typeof d === 'string' ? d : new TextDecoder().decode(d)));
      pty.write('pwd && echo $GREETING\r');
      await until(() => text.includes('/tmp\r\nhéllo'), 'pwd and the env var');
      await pty.kill!();
      pty.dispose();
    });

    it('should send resizes before the input typed after them, and kill with DELETE, reporting the exit', async () => {
      const pty = await h.transport.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
      let text = '';
      let closed: { exitCode?: number } | undefined;
      pty.onData((d) => (text += typeof d === 'string' ? d : new TextDecoder().decode(d)));
      pty.onClose((e) => (closed = e));
      pty.resize(132, 43);
      pty.write('stty size\r');
      await until(() => text.includes('43 132'), 'the new size');
      expect(sent('POST', `/toolbox/abc123/process/pty/${pty.sessionId}/resize`).map((r) => r.body)).toEqual([{ cols: 132, rows: 43 }]);
      expect(() => pty.resize(0, 10)).toThrow(/Terminal size/);
      await pty.kill!();
      expect(sent('DELETE', `/toolbox/abc123/process/pty/${pty.sessionId}`)).toHaveLength(1);
      const event = await until(() => closed, 'onClose');
      expect(event.exitCode).toBe(137);
      expect(h.transport.stats().ptyConnections).toBe(0);
    });

    it('should re-attach by id: GET the session, then connect over /process/pty/{id}/connect and resize to the new size', async () => {
      const first = await h.transport.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
      first.dispose();
      await until(() => h.fake.stats().ptyConnections === 0, 'the first socket to close');
      const second = await h.transport.openPty!({ sandboxId: 'abc123', cols: 90, rows: 20, sessionId: first.sessionId });
      expect(second.sessionId).toBe(first.sessionId);
      expect(sent('GET', `/toolbox/abc123/process/pty/${first.sessionId}`)).toHaveLength(1);
      const ws = h.fake.requests.filter((r) => r.kind === 'ws' && r.path === `/toolbox/abc123/process/pty/${first.sessionId}/connect`);
      expect(ws).toHaveLength(1);
      expect(ws[0]!.protocols).toEqual(['X-Daytona-Pty-Exit-Control']);
      await until(() => sent('POST', `/toolbox/abc123/process/pty/${first.sessionId}/resize`).length === 1, 'the resize');
      expect(h.fake.sandboxes.get('abc123')!.ptys.get(first.sessionId)!.session.cols).toBe(90);
      await second.kill!();
      second.dispose();
    });

    it('given the sandbox stops, should close the PTY with the exit code the daemon reports', async () => {
      const pty = await h.transport.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
      let closed: { exitCode?: number } | undefined;
      pty.onClose((e) => (closed = e));
      await h.transport.sandboxes!.stop({ sandboxId: 'abc123' });
      expect((await until(() => closed, 'onClose')).exitCode).toBe(143);
    });
  });

  describe('computerUse', () => {
    it('should take a compressed JPEG with the requested options and return it as a Blob with its size and the cursor', async () => {
      const shot = await h.transport.computerUse!.screenshot({ sandboxId: 'abc123' });
      const [request] = sent('GET', '/toolbox/abc123/computeruse/screenshot/compressed');
      expect(request!.query).toEqual({ showCursor: 'true', format: 'jpeg', quality: '75', scale: '1' });
      expect(shot.image.type).toBe('image/jpeg');
      expect(shot.image.size).toBe(JPEG.length);
      expect(Buffer.from(await shot.image.arrayBuffer()).equals(JPEG)).toBe(true);
      expect(shot).toMatchObject({ width: 1280, height: 800, cursor: { x: 640, y: 400 } });
    });

    it('given png at half scale, should report the size read from the image itself', async () => {
      const shot = await h.transport.computerUse!.screenshot({ sandboxId: 'abc123', format: 'png', scale: 0.5, quality: 90, showCursor: false });
      expect(sent('GET', '/toolbox/abc123/computeruse/screenshot/compressed')[0]!.query).toEqual({ showCursor: 'false', format: 'png', quality: '90', scale: '0.5' });
      expect(shot.image.type).toBe('image/png');
      expect(shot).toMatchObject({ width: 640, height: 400 });
      expect(shot.cursor).toBeUndefined();
    });

    it('given bad screenshot options, should refuse them before calling Daytona', async () => {
      for (const bad of [{ format: 'gif' }, { quality: 0 }, { quality: 101 }, { scale: 0 }, { scale: 2 }]) {
        expect((await rejection(h.transport.computerUse!.screenshot({ sandboxId: 'abc123', ...(bad as object) }))).code).toBe('invalid_request');
      }
      expect(sent('GET', /screenshot/)).toHaveLength(0);
    });

    it('should map every ComputerAction to its SDK call and route, with the body the SDK builds', async () => {
      const cu = h.transport.computerUse!;
      const actions = [
        { type: 'move', x: 10, y: 20 },
        { type: 'click', x: 30, y: 40 },
        { type: 'click', x: 30, y: 40, button: 'right', double: true },
        { type: 'drag', from: { x: 1, y: 2 }, to: { x: 300, y: 400 }, button: 'middle' },
        { type: 'scroll', x: 5, y: 6, direction: 'up', amount: 3 },
        { type: 'scroll', x: 5, y: 6, direction: 'down' },
        { type: 'type', text: 'hello', delayMs: 25 },
        { type: 'press', key: 'Return', modifiers: ['ctrl', 'shift'] },
        { type: 'press', key: 'a' },
        { type: 'hotkey', keys: 'ctrl+shift+p' },
      ] satisfies ComputerAction[];
      for (const action of actions) await cu.perform({ sandboxId: 'abc123', action });
      expect(h.fake.sandboxes.get('abc123')!.actions).toEqual([
        { route: 'mouse/move', body: { x: 10, y: 20 } },
        { route: 'mouse/click', body: { x: 30, y: 40, button: 'left', double: false } },
        { route: 'mouse/click', body: { x: 30, y: 40, button: 'right', double: true } },
        { route: 'mouse/drag', body: { startX: 1, startY: 2, endX: 300, endY: 400, button: 'middle' } },
        { route: 'mouse/scroll', body: { x: 5, y: 6, direction: 'up', amount: 3 } },
        { route: 'mouse/scroll', body: { x: 5, y: 6, direction: 'down', amount: 1 } },
        { route: 'keyboard/type', body: { text: 'hello', delay: 25 } },
        { route: 'keyboard/key', body: { key: 'Return', modifiers: ['ctrl', 'shift'] } },
        { route: 'keyboard/key', body: { key: 'a', modifiers: [] } },
        { route: 'keyboard/hotkey', body: { keys: 'ctrl+shift+p' } },
      ]);
      // The display is asked once and reused to validate the following actions.
      expect(sent('GET', '/toolbox/abc123/computeruse/display/info')).toHaveLength(1);
    });

    it('should start computer use and read its status', async () => {
      h.fake.addSandbox('desk', { computerUse: 'inactive' });
      const cu = h.transport.computerUse!;
      expect(await cu.status!({ sandboxId: 'desk' })).toBe('inactive');
      const error = await rejection(cu.screenshot({ sandboxId: 'desk' }));
      expect(error.code).toBe('unavailable');
      await cu.start!({ sandboxId: 'desk' });
      expect(sent('POST', '/toolbox/desk/computeruse/start')).toHaveLength(1);
      expect(await cu.status!({ sandboxId: 'desk' })).toBe('active');
      expect(sent('GET', '/toolbox/desk/computeruse/process-status')).toHaveLength(2);
    });
  });

  describe('exec and files', () => {
    it('should POST /process/execute with command, cwd and a timeout in seconds', async () => {
      h.fake.sandboxes.get('abc123')!.fs.mkdir('/work', '/', true);
      const result = await h.transport.exec!({ sandboxId: 'abc123', command: 'pwd', cwd: '/work', timeoutMs: 1500 });
      expect(result).toEqual({ exitCode: 0, output: '/work\n' });
      expect(sent('POST', '/toolbox/abc123/process/execute')[0]!.body).toEqual({ command: 'pwd', cwd: '/work', timeout: 2 });
      const failed = await h.transport.exec!({ sandboxId: 'abc123', command: 'nope' });
      expect(failed.exitCode).toBe(127);
    });

    it('should upload as multipart, download through bulk-download, list and delete', async () => {
      const files = h.transport.files!;
      await files.write({ sandboxId: 'abc123', path: '/home/user/notes.md', content: new TextEncoder().encode('# notes\n') });
      const upload = sent('POST', '/toolbox/abc123/files/bulk-upload')[0]!;
      expect(String(upload.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
      expect(upload.body).toEqual({ fields: { 'files[0].path': '/home/user/notes.md' }, files: { 'files[0].file': '# notes\n' } });
      expect(new TextDecoder().decode(await files.read({ sandboxId: 'abc123', path: '/home/user/notes.md' }))).toBe('# notes\n');
      expect(sent('POST', '/toolbox/abc123/files/bulk-download')[0]!.body).toEqual({ paths: ['/home/user/notes.md'] });
      const entries = await files.list({ sandboxId: 'abc123', path: '/home/user' });
      expect(sent('GET', '/toolbox/abc123/files')[0]!.query).toEqual({ path: '/home/user' });
      expect(entries.find((e) => e.name === 'notes.md')).toMatchObject({ path: '/home/user/notes.md', isDir: false, size: 8 });
      expect(entries.find((e) => e.name === 'app')).toMatchObject({ isDir: true });
      await files.remove({ sandboxId: 'abc123', path: '/home/user/app', recursive: true });
      expect(sent('DELETE', '/toolbox/abc123/files')[0]!.query).toEqual({ path: '/home/user/app', recursive: 'true' });
      const missing = await rejection(files.read({ sandboxId: 'abc123', path: '/home/user/app/package.json' }));
      expect(missing.code).toBe('not_found');
    });
  });

  describe('sandboxes', () => {
    it('should create with labels, env and the target, waiting for the sandbox to start', async () => {
      const info = await h.transport.sandboxes!.create({ labels: { workspace: 'w1' }, env: { NODE_ENV: 'development' }, snapshot: 'node-20', public: true });
      const body = sent('POST', '/api/sandbox')[0]!.body as Record<string, unknown>;
      expect(body).toMatchObject({ snapshot: 'node-20', env: { NODE_ENV: 'development' }, labels: { workspace: 'w1', 'code-toolbox-language': 'python' }, target: 'us' });
      // Only what the server allows passes through from a (possibly browser-made) request.
      expect(body.public).toBeUndefined();
      expect(info).toMatchObject({ id: 'sbx-1', state: 'running', daytonaState: 'started' });
      // The SDK polled until the sandbox left `creating`.
      expect(sent('GET', '/api/sandbox/sbx-1').length).toBeGreaterThanOrEqual(1);
    });

    it('given a sandbox whose build fails, should reject with the error reason Daytona gives', async () => {
      h.fake.nextCreate = { states: ['pending_build', 'build_failed'], errorReason: 'npm ci exited with 1' };
      const error = await rejection(h.transport.sandboxes!.create({ labels: { workspace: 'w2' } }));
      expect(error.name).toBe('SandboxError');
      expect(error.code).toBe('internal');
      expect(error.message).toContain('build_failed');
      expect(error.message).toContain('npm ci exited with 1');
      const info = await h.transport.getSandbox({ sandboxId: 'sbx-1' });
      expect(info).toMatchObject({ state: 'error', daytonaState: 'build_failed', errorReason: 'npm ci exited with 1' });
    });

    it('should list through every page, filtering by labels', async () => {
      await h.cleanup();
      h = await startHarness({}, { pageSize: 2, sandboxes: ['a1', 'a2', 'a3', 'a4', 'a5'] });
      for (const id of ['a1', 'a3', 'a4', 'a5']) h.fake.sandboxes.get(id)!.labels.team = 'x';
      const all = await h.transport.sandboxes!.list();
      expect(all.map((s) => s.id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5']);
      expect(sent('GET', '/api/sandbox').map((r) => r.query.cursor)).toEqual([undefined, '2', '4']);
      const team = await h.transport.sandboxes!.list({ labels: { team: 'x' } });
      expect(team.map((s) => s.id)).toEqual(['a1', 'a3', 'a4', 'a5']);
      expect(sent('GET', '/api/sandbox').at(-1)!.query.labels).toBe('{"team":"x"}');
    });

    it('should start, stop, archive and delete through the lifecycle routes', async () => {
      const sb = h.transport.sandboxes!;
      expect((await sb.stop({ sandboxId: 'abc123' })).state).toBe('stopped');
      expect((await sb.archive({ sandboxId: 'abc123' })).state).toBe('archived');
      expect((await sb.start({ sandboxId: 'abc123' })).state).toBe('running');
      await sb.remove({ sandboxId: 'abc123' });
      expect(sent('POST', '/api/sandbox/abc123/stop')).toHaveLength(1);
      expect(sent('POST', '/api/sandbox/abc123/archive')).toHaveLength(1);
      expect(sent('POST', '/api/sandbox/abc123/start')).toHaveLength(1);
      expect(sent('DELETE', '/api/sandbox/abc123')).toHaveLength(1);
      expect((await rejection(sb.get({ sandboxId: 'abc123' }))).code).toBe('not_found');
    });

    it('given archive of a running sandbox, should stop it first, as Daytona archives only stopped ones', async () => {
      expect((await h.transport.sandboxes!.archive({ sandboxId: 'abc123' })).state).toBe('archived');
      expect(h.fake.sandboxes.get('abc123')!.history).toEqual(['started', 'stopping', 'stopped', 'archiving', 'archived']);
    });

    it('given Daytona refuses a lifecycle call, should surface the refusal as invalid_request', async () => {
      h.fake.failNext('POST /api/sandbox/abc123/stop', { status: 400, body: { statusCode: 400, message: 'Sandbox state change in progress', error: 'Bad Request' } });
      const error = await rejection(h.transport.sandboxes!.stop({ sandboxId: 'abc123' }));
      expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
      expect(error.message).toContain('state change in progress');
    });
  });
});

describe('error mapping', () => {
  beforeEach(async () => {
    h = await startHarness();
  });

  const table = [
    { status: 404, headers: {}, code: 'not_found', retryAfterMs: undefined },
    { status: 408, headers: {}, code: 'timeout', retryAfterMs: undefined },
    { status: 429, headers: { 'retry-after': '7' }, code: 'rate_limited', retryAfterMs: 7000 },
    { status: 500, headers: {}, code: 'internal', retryAfterMs: undefined },
    { status: 503, headers: { 'retry-after': '2' }, code: 'unavailable', retryAfterMs: 2000 },
    { status: 401, headers: {}, code: 'unauthorized', retryAfterMs: undefined },
  ] as const;

  for (const row of table) {
    it(`given HTTP ${row.status}${row.retryAfterMs ? ` with Retry-After` : ''}, should reject with ${row.code}`, async () => {
      h.fake.failNext(/^GET \/api\/sandbox\/abc123$/, { status: row.status, headers: row.headers, body: { statusCode: row.status, message: `upstream said ${row.status}` } });
      const error = await rejection(h.transport.getSandbox({ sandboxId: 'abc123' }));
      expect(error.name).toBe('SandboxError');
      expect(error.code).toBe(row.code);
      expect(error.status).toBe(row.status);
      expect(error.retryAfterMs).toBe(row.retryAfterMs);
      expect(error.message).toContain(`upstream said ${row.status}`);
      expect((error.cause as { name?: string }).name).toMatch(/^Daytona/);
    });
  }

  it('given 429 with an HTTP-date Retry-After on a toolbox route, should convert it to milliseconds', async () => {
    await h.transport.exec!({ sandboxId: 'abc123', command: 'true' });
    h.fake.failNext('/process/execute', { status: 429, headers: { 'retry-after': new Date(Date.now() + 30_000).toUTCString() } });
    const error = await rejection(h.transport.exec!({ sandboxId: 'abc123', command: 'true' }));
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('given a refused connection, should reject with network', async () => {
    const { port } = h.fake;
    await h.cleanup();
    const daytona = makeDaytona(`http://127.0.0.1:${port}/api`);
    const transport = createDaytonaTransport({ daytona });
    try {
      const error = await rejection(transport.getSandbox({ sandboxId: 'abc123' }));
      expect(error.code).toBe('network');
      expect((error.cause as { name?: string }).name).toBe('DaytonaConnectionError');
    } finally {
      await daytona[Symbol.asyncDispose]();
      h = await startHarness();
    }
  });

  it('given an abort while Daytona is slow, should reject with aborted at once and leave the transport usable', async () => {
    await h.transport.exec!({ sandboxId: 'abc123', command: 'true' });
    h.fake.delayNext('/process/execute', 1500);
    const controller = new AbortController();
    const started = Date.now();
    const pending = rejection(h.transport.exec!({ sandboxId: 'abc123', command: 'echo slow' }, controller.signal));
    await until(() => sent('POST', '/toolbox/abc123/process/execute').length === 2, 'the slow request to reach the fake');
    controller.abort('user left');
    const error = await pending;
    expect(error).toMatchObject({ code: 'aborted', message: 'Aborted', cause: 'user left' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await h.transport.exec!({ sandboxId: 'abc123', command: 'echo again' })).toEqual({ exitCode: 0, output: 'again\n' });
  });

  it('should keep its internals off the object a host app holds, and its services refuse a transport made elsewhere', () => {
    expect(Object.keys(h.transport)).not.toContain('core');
    expect(Object.keys(h.transport)).not.toContain('lifecycleTimeoutMs');
    expect(new DaytonaService({ transport: h.transport }).transport).toBe(h.transport);
    expect(() => new DaytonaService({ transport: { ...h.transport } })).toThrow(/pass a transport made by createDaytonaTransport/);
  });

  it('given an aborted signal, should not call Daytona at all', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(h.transport.exec!({ sandboxId: 'abc123', command: 'true' }, controller.signal));
    expect(error.code).toBe('aborted');
    expect(h.fake.requests).toHaveLength(0);
  });
});

describe('the stdout/stderr demuxer', () => {
  it('given markers split across frames and multi-byte characters split too, should keep the streams apart', () => {
    const out: Array<[string, string]> = [];
    const demux = new StdDemuxer((stream, text) => out.push([stream, text]));
    const bytes = Buffer.concat([Buffer.from([1, 1, 1]), Buffer.from('héllo\n'), Buffer.from([2, 2, 2]), Buffer.from('bad\n'), Buffer.from([1, 1, 1]), Buffer.from('ok')]);
    for (const cut of [1, 2, 3, 5, 9, 11, 12, 14]) {
      out.length = 0;
      const d = new StdDemuxer((stream, text) => out.push([stream, text]));
      d.push(bytes.subarray(0, cut));
      d.push(bytes.subarray(cut));
      d.end();
      const joined = { stdout: '', stderr: '' };
      for (const [stream, text] of out) joined[stream as 'stdout' | 'stderr'] += text;
      expect(joined).toEqual({ stdout: 'héllo\nok', stderr: 'bad\n' });
    }
    demux.end();
  });

  it('should turn chunks into whole lines per stream', () => {
    const lines = new LineCollector(() => 42);
    const out: LogEntry[] = [];
    lines.add('stdout', 'a\r\nb', out);
    lines.add('stderr', 'x', out);
    lines.add('stdout', 'c\n', out);
    lines.flush(out);
    expect(out).toEqual([
      { level: 'log', message: 'a', timestamp: 42, stream: 'stdout' },
      { level: 'log', message: 'bc', timestamp: 42, stream: 'stdout' },
      { level: 'error', message: 'x', timestamp: 42, stream: 'stderr' },
    ]);
  });
});
