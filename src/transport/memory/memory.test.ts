// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../types';
import { createMemoryTransport, type MemoryTransport } from './index';
import { tokenize } from './shell';

const decode = (d: string | Uint8Array) => (typeof d === 'string' ? d : new TextDecoder().decode(d));
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

async function shell(t: MemoryTransport, line: string): Promise<string> {
  const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
  let out = '';
  pty.onData((d) => (out += decode(d)));
  await tick();
  out = '';
  pty.write(`${line}\r`);
  await tick();
  pty.dispose();
  return out;
}

describe('memory transport: shell', () => {
  let t: MemoryTransport;
  beforeEach(() => (t = createMemoryTransport({ logIntervalMs: 0 })));
  afterEach(() => t.dispose());

  it('given ls, should list the home directory with directories in ANSI blue', async () => {
    const out = await shell(t, 'ls');
    expect(out).toContain('\x1b[1;34mapp\x1b[0m');
    expect(out).toContain('README.md');
  });

  it('given mkdir, cd, touch, ls and pwd, should change the file system and working directory', async () => {
    const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    let out = '';
    pty.onData((d) => (out += decode(d)));
    pty.write('mkdir -p work/deep && cd work/deep && touch a.txt && ls && pwd\r');
    await tick();
    expect(out).toContain('a.txt');
    expect(out).toContain('/home/user/work/deep\r\n');
    expect(t.inspect().fs.exists('/home/user/work/deep/a.txt')).toBe(true);
    pty.dispose();
  });

  it('given an unknown command, should print an error and exit 127 through exec', async () => {
    expect(await shell(t, 'frobnicate')).toContain('frobnicate: command not found');
    const result = await t.exec!({ sandboxId: 'abc123', command: 'frobnicate' });
    expect(result.exitCode).toBe(127);
  });

  it('given echo with a redirect and cat, should round-trip through the file', async () => {
    await t.exec!({ sandboxId: 'abc123', command: 'echo "hello there" > /tmp/x.txt' });
    expect((await t.exec!({ sandboxId: 'abc123', command: 'cat /tmp/x.txt' })).output).toBe('hello there\n');
    const bytes = await t.files!.read({ sandboxId: 'abc123', path: '/tmp/x.txt' });
    expect(new TextDecoder().decode(bytes)).toBe('hello there\n');
  });

  it('given rm on a non-empty directory without -r, should refuse; with -r, should remove', async () => {
    expect((await t.exec!({ sandboxId: 'abc123', command: 'rm /home/user/app' })).exitCode).toBe(1);
    expect((await t.exec!({ sandboxId: 'abc123', command: 'rm -r /home/user/app' })).exitCode).toBe(0);
    expect(t.inspect().fs.exists('/home/user/app')).toBe(false);
  });

  it('given backspace, Ctrl+C and bracketed paste, should edit the line like a terminal', async () => {
    const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    let out = '';
    pty.onData((d) => (out += decode(d)));
    pty.write('echo abx\x7fc\r');
    pty.write('echo lost\x03');
    pty.write('\x1b[200~echo pasted\x1b[201~\r');
    await tick();
    expect(out).toContain('abc\r\n');
    expect(out).not.toContain('lost\r\n');
    expect(out).toContain('pasted\r\n');
    pty.dispose();
  });

  it('tokenize should honour quotes and redirects', () => {
    expect(tokenize(`echo "a b" 'c' d>e`)).toEqual(['echo', 'a b', 'c', 'd', '>', 'e']);
  });
});

describe('memory transport: PTY sessions', () => {
  it('given a dropped connection, should keep the session and replay its screen on re-attach', async () => {
    const t = createMemoryTransport();
    const first = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    const closes: unknown[] = [];
    first.onClose((e) => closes.push(e));
    first.onData(() => {});
    first.write('mkdir kept && cd kept\r');
    t.disconnect();
    expect(closes).toEqual([expect.objectContaining({ reason: 'Connection lost', error: expect.objectContaining({ code: 'network' }) })]);
    const again = await t.openPty!({ sandboxId: 'abc123', cols: 100, rows: 30, sessionId: first.sessionId });
    let out = '';
    again.onData((d) => (out += decode(d)));
    await tick();
    expect(out).toContain('mkdir kept');
    again.write('pwd\r');
    expect(out).toContain('/home/user/kept');
    expect(t.inspect().sessions[0]!.resizes).toEqual([{ cols: 100, rows: 30 }]);
    again.dispose();
    expect(t.stats().ptyConnections).toBe(0);
    t.dispose();
  });

  it('given kill, should close with an exit code and refuse re-attach', async () => {
    const t = createMemoryTransport();
    const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    const closed = new Promise((r) => pty.onClose(r));
    await pty.kill!();
    expect(await closed).toEqual({ exitCode: 130 });
    await expect(t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24, sessionId: pty.sessionId })).rejects.toMatchObject({ code: 'not_found' });
    t.dispose();
  });
});

describe('memory transport: bounded records (it runs long-term in examples/node-server)', () => {
  it('given more input, resizes and desktop actions than it keeps, should keep only the newest of each', async () => {
    const t = createMemoryTransport();
    const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    pty.onData(() => {});
    const session = t.inspect().sessions[0]!;
    // 80 KiB typed on one line (no Enter, so the shell runs nothing), ending in a marker.
    for (let i = 0; i < 80; i++) pty.write('x'.repeat(1024));
    pty.write('END');
    expect(session.received.length).toBe(64 * 1024);
    expect(session.received.endsWith('xxEND')).toBe(true);
    for (let i = 0; i < 1100; i++) pty.resize(10 + (i % 500), 10 + (i % 2));
    expect(session.resizes).toHaveLength(1000);
    expect(session.resizes.at(-1)).toEqual({ cols: 10 + (1099 % 500), rows: 11 });
    const cu = t.computerUse!;
    for (let i = 0; i < 1005; i++) await cu.perform({ sandboxId: 'abc123', action: { type: 'move', x: i % 1280, y: 1 } });
    expect(t.inspect().actions).toHaveLength(1000);
    expect(t.inspect().actions[0]).toEqual({ type: 'move', x: 5, y: 1 });
    expect(t.inspect().actions.at(-1)).toEqual({ type: 'move', x: 1004, y: 1 });
    pty.dispose();
    t.dispose();
  });
});

describe('memory transport: desktop', () => {
  it('given a click and typing, the next screenshot should differ and show the text', async () => {
    const t = createMemoryTransport();
    const cu = t.computerUse!;
    const before = await (await cu.screenshot({ sandboxId: 'abc123' })).image.text();
    await cu.perform({ sandboxId: 'abc123', action: { type: 'click', x: 700, y: 300 } });
    await cu.perform({ sandboxId: 'abc123', action: { type: 'type', text: 'Hello <desktop>' } });
    await cu.perform({ sandboxId: 'abc123', action: { type: 'press', key: 'Return' } });
    await cu.perform({ sandboxId: 'abc123', action: { type: 'type', text: 'line two' } });
    const shot = await cu.screenshot({ sandboxId: 'abc123' });
    const after = await shot.image.text();
    expect(shot.image.type).toBe('image/svg+xml');
    expect(after).not.toBe(before);
    expect(after).toContain('Hello &#60;desktop&#62;');
    expect(after).not.toContain('<desktop>');
    expect(t.inspect().desktop.text).toBe('Hello <desktop>\nline two');
    expect(shot.cursor).toEqual({ x: 700, y: 300 });
    t.dispose();
  });

  it('given a drag on a title bar, should move that window', async () => {
    const t = createMemoryTransport();
    const cu = t.computerUse!;
    await cu.perform({ sandboxId: 'abc123', action: { type: 'drag', from: { x: 100, y: 80 }, to: { x: 300, y: 180 } } });
    const svg = await (await cu.screenshot({ sandboxId: 'abc123' })).image.text();
    expect(svg).toContain('<rect x="260" y="170" width="420" height="520"');
    t.dispose();
  });

  it('given invalid actions, should refuse each with invalid_request and record nothing', async () => {
    const t = createMemoryTransport();
    const cu = t.computerUse!;
    const bad = [
      { type: 'click', x: 1280, y: 10 },
      { type: 'type', text: 'x'.repeat(100 * 1024) },
      { type: 'press', key: '' },
      { type: 'press', key: 'a', modifiers: ['hyper'] },
      { type: 'hotkey', keys: 'ctrl++' },
      { type: 'teleport' },
    ];
    for (const action of bad) {
      await expect(cu.perform({ sandboxId: 'abc123', action: action as never })).rejects.toMatchObject({ code: 'invalid_request' });
    }
    expect(t.inspect().actions).toEqual([]);
    t.dispose();
  });

  it('given computer use starts inactive, should refuse screenshots until started', async () => {
    const t = createMemoryTransport({ computerUseActive: false });
    const cu = t.computerUse!;
    expect(await cu.status!({ sandboxId: 'abc123' })).toBe('inactive');
    await expect(cu.screenshot({ sandboxId: 'abc123' })).rejects.toMatchObject({ code: 'unavailable' });
    await cu.start!({ sandboxId: 'abc123' });
    expect(await cu.status!({ sandboxId: 'abc123' })).toBe('active');
    await expect(cu.screenshot({ sandboxId: 'abc123' })).resolves.toHaveProperty('width', 1280);
    t.dispose();
  });
});

describe('memory transport: preview, logs, lifecycle, injection', () => {
  it('given a port, should return a loadable HTML page naming the sandbox and port', async () => {
    const t = createMemoryTransport();
    const link = await t.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
    expect(link.url.startsWith('data:text/html')).toBe(true);
    const html = decodeURIComponent(link.url.slice(link.url.indexOf(',') + 1));
    expect(html).toContain('port 3000');
    expect(html).toContain('<!doctype html>');
    expect(link.expiresAt).toBeUndefined();
  });

  it('given a TTL and a fake clock, links should carry expiresAt', async () => {
    let now = 1_000_000;
    const t = createMemoryTransport({ previewTtlMs: 60_000, clock: { now: () => now, setTimeout, clearTimeout } });
    expect((await t.getPreviewLink({ sandboxId: 'abc123', port: 8080 })).expiresAt).toBe(1_060_000);
    now += 5000;
    expect((await t.getPreviewLink({ sandboxId: 'abc123', port: 8080 })).expiresAt).toBe(1_065_000);
  });

  it('given the same seed, should generate the same log lines at every level', async () => {
    const collect = async () => {
      const t = createMemoryTransport({ seed: 7, logBacklog: 40, logIntervalMs: 0 });
      const got: LogEntry[] = [];
      const sub = t.subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: (e) => got.push(...e) });
      await tick();
      sub.dispose();
      t.dispose();
      return got;
    };
    const a = await collect();
    const b = await collect();
    expect(a.map((e) => e.message)).toEqual(b.map((e) => e.message));
    expect(new Set(a.map((e) => e.level))).toEqual(new Set(['debug', 'info', 'log', 'warn', 'error']));
  });

  it('given fake timers, the log generator should tick on the interval and stop on dispose', async () => {
    vi.useFakeTimers();
    const t = createMemoryTransport({ logBacklog: 0, logIntervalMs: 1000 });
    const got: LogEntry[] = [];
    const sub = t.subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: (e) => got.push(...e) });
    await vi.advanceTimersByTimeAsync(3500);
    expect(got).toHaveLength(3);
    sub.dispose();
    await vi.advanceTimersByTimeAsync(5000);
    expect(got).toHaveLength(3);
    expect(t.stats().logSubscriptions).toBe(0);
    t.dispose();
    vi.useRealTimers();
  });

  it('given latency, a call should wait and an abort should end it at once', async () => {
    vi.useFakeTimers();
    const t = createMemoryTransport({ latencyMs: 500 });
    let settled = false;
    const p = t.getPreviewLink({ sandboxId: 'abc123', port: 3000 }).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(settled).toBe(true);
    const controller = new AbortController();
    const aborted = t.getPreviewLink({ sandboxId: 'abc123', port: 3000 }, controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    t.dispose();
    vi.useRealTimers();
  });

  it('given failNext twice, should fail two calls then succeed, with retryAfterMs for rate limits', async () => {
    const t = createMemoryTransport();
    t.failNext('exec', 'rate_limited');
    t.failNext('exec', 'timeout', 'slow');
    await expect(t.exec!({ sandboxId: 'abc123', command: 'true' })).rejects.toMatchObject({ code: 'rate_limited', retryAfterMs: 1000 });
    await expect(t.exec!({ sandboxId: 'abc123', command: 'true' })).rejects.toMatchObject({ code: 'timeout', message: 'slow' });
    await expect(t.exec!({ sandboxId: 'abc123', command: 'true' })).resolves.toMatchObject({ exitCode: 0 });
  });

  it('given a stopped sandbox, should report its state and refuse previews with unavailable', async () => {
    const t = createMemoryTransport({ sandboxes: [{ id: 'abc123' }, { id: 'old', state: 'error', errorReason: 'OOM killed' }] });
    expect(await t.getSandbox!({ sandboxId: 'old' })).toMatchObject({ state: 'error', errorReason: 'OOM killed' });
    await expect(t.getPreviewLink({ sandboxId: 'old', port: 3000 })).rejects.toMatchObject({ code: 'unavailable' });
    t.setSandboxState('abc123', 'stopped');
    await expect(t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'unavailable' });
    await t.sandboxes!.start({ sandboxId: 'abc123' });
    await expect(t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).resolves.toHaveProperty('sessionId');
  });

  it('given without, should leave those capabilities out', () => {
    const t = createMemoryTransport({ without: ['logs', 'pty', 'computerUse'] });
    expect(t.subscribeLogs).toBeUndefined();
    expect(t.openPty).toBeUndefined();
    expect(t.computerUse).toBeUndefined();
    expect(typeof t.exec).toBe('function');
  });
});

describe('memory transport: output held before a listener', () => {
  it('given a connection nobody reads, should hold at most the scrollback (64 KiB), newest kept', async () => {
    const t = createMemoryTransport();
    const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    const session = t.inspect().sessions[0]!;
    for (let i = 0; i < 2000; i++) session.emit(`line ${i} ${'x'.repeat(60)}\r\n`);
    let held = '';
    pty.onData((d) => (held += decode(d)));
    expect(held.length).toBe(64 * 1024);
    expect(held.endsWith(`line 1999 ${'x'.repeat(60)}\r\n`)).toBe(true);
    pty.dispose();
    t.dispose();
  });
});
