// @vitest-environment node
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry, PtyConnection } from '../../src/transport/types';
import type { LocalTransport } from '../../src/local/index';
import { processesInSession, readStat } from '../../src/local/process-tree';
import { levelOf } from '../../src/local/processes';
import { makeLocal } from './helpers';
import { until } from '../support/until.mjs';

// Real processes, a real X server: give a loaded CI machine room (the waits inside are bounded).
vi.setConfig({ testTimeout: 20_000 });

async function codeOf(promise: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error as { code?: string; message?: string };
  }
}
const alive = (pid: number) => {
  const stat = readStat(pid);
  return stat !== undefined && stat.state !== 'Z';
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
function local(...args: Parameters<typeof makeLocal>) {
  const made = makeLocal(...args);
  cleanups.push(made.cleanup);
  return made;
}

describe('createLocalTransport: previews', () => {
  it('given an allowlisted port, should link to 127.0.0.1; given another port, should refuse with forbidden', async () => {
    const { transport } = local({ ports: [5173] });
    expect(await transport.getPreviewLink({ sandboxId: 'local', port: 5173 })).toEqual({ url: 'http://127.0.0.1:5173/' });
    const refused = await codeOf(transport.getPreviewLink({ sandboxId: 'local', port: 22 }));
    expect(refused?.code).toBe('forbidden');
    expect(refused?.message).toMatch(/22/);
  });

  it('given a predicate or "any", should follow it', async () => {
    const even = local({ ports: (p) => p % 2 === 0 }).transport;
    await expect(even.getPreviewLink({ sandboxId: 'local', port: 4000 })).resolves.toHaveProperty('url', 'http://127.0.0.1:4000/');
    expect((await codeOf(even.getPreviewLink({ sandboxId: 'local', port: 4001 })))?.code).toBe('forbidden');
    const any = local({ ports: 'any', previewHost: '::1' }).transport;
    await expect(any.getPreviewLink({ sandboxId: 'local', port: 9999 })).resolves.toHaveProperty('url', 'http://[::1]:9999/');
  });
});

describe('createLocalTransport: getSandbox', () => {
  it('given getSandbox, should describe the sandbox without the server path of its root (it goes to the browser)', async () => {
    const { transport, root } = local();
    const info = await transport.getSandbox!({ sandboxId: 'local' });
    expect(info).toEqual({ id: 'local', state: 'running' });
    expect(JSON.stringify(info)).not.toContain(root);
  });
});

describe('createLocalTransport: exec', () => {
  it('given a command that outlives its timeout, should reject with timeout and kill it', async () => {
    const { transport, root } = local();
    const t0 = Date.now();
    const error = await codeOf(transport.exec!({ sandboxId: 'local', command: 'echo $$ > pid; exec sleep 30', timeoutMs: 300 }));
    expect(error?.code).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(3000);
    const pid = Number(readFileSync(join(root, 'pid'), 'utf8'));
    await until(() => !alive(pid), 'the timed-out command to die');
  });

  it('given an abort, should reject with aborted and kill the command', async () => {
    const { transport, root } = local();
    const controller = new AbortController();
    const pending = codeOf(transport.exec!({ sandboxId: 'local', command: 'echo $$ > pid; exec sleep 30' }, controller.signal));
    await until(() => existsSync(join(root, 'pid')) && readFileSync(join(root, 'pid'), 'utf8').trim(), 'the pid file');
    controller.abort();
    expect((await pending)?.code).toBe('aborted');
    const pid = Number(readFileSync(join(root, 'pid'), 'utf8'));
    await until(() => !alive(pid), 'the aborted command to die');
  });

  it('given stderr, a cwd and a non-zero exit, should report merged output and the code', async () => {
    const { transport, root } = local();
    mkdirSync(join(root, 'sub'));
    const result = await transport.exec!({ sandboxId: 'local', command: 'pwd; echo oops >&2; exit 7', cwd: 'sub' });
    expect(result.exitCode).toBe(7);
    expect(result.output).toContain(`${join(transport.root, 'sub')}\n`);
    expect(result.output).toContain('oops');
  });

  it('given a cwd outside the root or bad input, should refuse it', async () => {
    const { transport } = local();
    expect((await codeOf(transport.exec!({ sandboxId: 'local', command: 'true', cwd: '/etc' })))?.code).toBe('forbidden');
    expect((await codeOf(transport.exec!({ sandboxId: 'local', command: '' })))?.code).toBe('invalid_request');
    expect((await codeOf(transport.exec!({ sandboxId: 'local', command: 'true', timeoutMs: -5 })))?.code).toBe('invalid_request');
  });

  it('given huge output, should keep the cap and say how much was dropped', async () => {
    const { transport } = local({ maxExecOutputBytes: 1000 });
    const result = await transport.exec!({ sandboxId: 'local', command: 'head -c 5000 /dev/zero | tr "\\0" a' });
    expect(result.output.startsWith('a'.repeat(1000))).toBe(true);
    expect(result.output).toMatch(/4000 more bytes of output not kept/);
  });

  it('given a command that leaves a background job, should return at once (the job holds the pipes)', async () => {
    const { transport } = local();
    const t0 = Date.now();
    const result = await transport.exec!({ sandboxId: 'local', command: 'sleep 30 & echo started' });
    expect(result.output).toContain('started');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('createLocalTransport: processes and logs', () => {
  it('given a command in a session, should stream its lines with levels, then end for a commandId subscriber', async () => {
    const { transport } = local();
    const proc = await transport.startProcess({ sessionId: 'dev', command: 'echo hello; echo "[warn] careful" ; echo boom >&2; sleep 0.2; echo bye' });
    const entries: LogEntry[] = [];
    let ended = false;
    transport.subscribeLogs!({ sandboxId: 'local', commandId: proc.commandId }, { onLogs: (e) => entries.push(...e), onEnd: () => (ended = true) });
    await until(() => ended, 'onEnd after exit');
    expect(entries.map((e) => e.message).sort()).toEqual(['[warn] careful', 'boom', 'bye', 'hello']);
    expect(entries.find((e) => e.message === 'hello')).toMatchObject({ level: 'log', stream: 'stdout' });
    expect(entries.find((e) => e.message === 'boom')).toMatchObject({ level: 'error', stream: 'stderr' });
    expect(entries.find((e) => e.message === '[warn] careful')?.level).toBe('warn');
    expect(transport.listProcesses().find((p) => p.commandId === proc.commandId)?.exitCode).toBe(0);
  });

  it('given a late subscriber to a session, should replay the backlog and follow commands started later', async () => {
    const { transport } = local();
    const first = await transport.startProcess({ sessionId: 'web', command: 'echo one' });
    await until(() => transport.listProcesses().find((p) => p.commandId === first.commandId)?.exitCode !== undefined, 'first to exit');
    await transport.startProcess({ sessionId: 'other', command: 'echo not-mine' });
    const messages: string[] = [];
    const sub = transport.subscribeLogs!({ sandboxId: 'local', sessionId: 'web' }, { onLogs: (e) => messages.push(...e.map((x) => x.message)) });
    await until(() => messages.includes('one'), 'the backlog');
    await transport.startProcess({ sessionId: 'web', command: 'echo two' });
    await until(() => messages.includes('two'), 'the later command');
    expect(messages).not.toContain('not-mine');
    sub.dispose();
    expect(transport.stats().logSubscriptions).toBe(0);
  });

  it('given an unknown commandId, should report not_found through onError', async () => {
    const { transport } = local();
    let error: { code?: string } | undefined;
    transport.subscribeLogs!({ sandboxId: 'local', commandId: 'cmd-nope' }, { onLogs: () => {}, onError: (e) => (error = e) });
    await until(() => error, 'onError');
    expect(error?.code).toBe('not_found');
  });

  it('given stopProcess, should end the command and what it started', async () => {
    const { transport, root } = local();
    const proc = await transport.startProcess({ sessionId: 'srv', command: '(sleep 60 & echo $! > child); exec sleep 60' });
    await until(() => existsSync(join(root, 'child')) && readFileSync(join(root, 'child'), 'utf8').trim(), 'the child pid');
    const child = Number(readFileSync(join(root, 'child'), 'utf8'));
    expect(alive(child)).toBe(true);
    const code = await transport.stopProcess({ commandId: proc.commandId });
    expect(code).toBeGreaterThan(128);
    await until(() => !alive(child) && !alive(proc.pid), 'both to die');
  });

  it('given bad session ids or commands, should refuse them with invalid_request', async () => {
    const { transport } = local();
    expect((await codeOf(transport.startProcess({ sessionId: '../x', command: 'true' })))?.code).toBe('invalid_request');
    expect((await codeOf(transport.startProcess({ sessionId: 's', command: '  ' })))?.code).toBe('invalid_request');
    expect((await codeOf(transport.startProcess({ sessionId: 's', command: 'true', cwd: '/' })))?.code).toBe('forbidden');
  });

  it('levelOf: should read leading tags and fall back on the stream', () => {
    expect(levelOf('ERROR: x', 'stdout')).toBe('error');
    expect(levelOf('\x1b[33mwarning\x1b[0m: y', 'stdout')).toBe('warn');
    expect(levelOf('[debug] z', 'stderr')).toBe('debug');
    expect(levelOf('info - ready', 'stderr')).toBe('info');
    expect(levelOf('GET / 200', 'stdout')).toBe('log');
    expect(levelOf('GET / 200', 'stderr')).toBe('error');
  });
});

describe('createLocalTransport: PTY sessions', () => {
  it('given a detached session, should replay bounded scrollback on re-attach', async () => {
    const { transport } = local({ scrollbackChars: 2000 });
    const first = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    let text = '';
    first.onData((d) => (text += String(d)));
    first.write('for i in $(seq 1 400); do echo line-$i; done\r');
    await until(() => text.includes('line-400\r\n'), 'the loop output');
    first.dispose();
    expect(transport.stats().ptySessions).toBe(1);
    const again = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, sessionId: first.sessionId });
    let replay = '';
    again.onData((d) => (replay += String(d)));
    await until(() => replay.includes('line-400'), 'the replay');
    expect(replay.length).toBeLessThanOrEqual(2000);
    expect(replay).not.toContain('line-1\r');
    await again.kill!();
    await until(() => transport.stats().ptySessions === 0, 'the session to end');
  });

  it('given output before anyone listens, should hold at most the scrollback for the first listener', async () => {
    const { transport } = local({ scrollbackChars: 500 });
    const pty = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    pty.write('seq 1 3000; echo seq-done\r');
    // Held output is bounded: the oldest is dropped (and counted) once more than 500 bytes arrived with
    // no listener. 2000 dropped bytes are far past the prompt, the command's echo and the first lines.
    await until(() => (pty.droppedBytes ?? 0) >= 2000, 'output held and its oldest part dropped');
    const chunks: string[] = [];
    pty.onData((d) => chunks.push(String(d)));
    await until(() => chunks.join('').includes('seq-done\r\n'), 'the end of the output');
    expect(chunks[0]!.length).toBeLessThanOrEqual(500);
    expect(chunks.join('')).not.toContain('\n1\r\n2\r\n');
    await pty.kill!();
  });

  it('given kill, should end the session; re-attaching then says not_found', async () => {
    const { transport } = local();
    const pty = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    let closed: { exitCode?: number } | undefined;
    pty.onClose((e) => (closed = e));
    await pty.kill!();
    await until(() => closed, 'onClose');
    expect(closed?.exitCode).toBeGreaterThan(0);
    expect((await codeOf(transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, sessionId: pty.sessionId })))?.code).toBe('not_found');
  });

  it('given the session limit with every session attached, should refuse one more with unavailable', async () => {
    const { transport } = local({ maxPtySessions: 2 });
    await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    expect((await codeOf(transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 })))?.code).toBe('unavailable');
  });

  it('given the session limit with a detached session, should end the one detached longest to make room', async () => {
    const { transport } = local({ maxPtySessions: 2 });
    const older = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    const newer = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    // Detached 1 s apart on a fake clock (Date only), so which one was detached longest is never a tie.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      older.dispose();
      vi.advanceTimersByTime(1000);
      newer.dispose();
    } finally {
      vi.useRealTimers();
    }
    const third = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    expect(transport.stats().ptySessions).toBe(2);
    expect((await codeOf(transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, sessionId: older.sessionId })))?.code).toBe('not_found');
    const back = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, sessionId: newer.sessionId });
    expect(back.sessionId).toBe(newer.sessionId);
    third.dispose();
  });

  it('given a session nobody re-attaches to, should end it after detachedSessionTtlMs', async () => {
    // The reaper (an interval reading Date) runs on a fake clock: seconds of it pass in an instant.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    let transport!: LocalTransport;
    let pty!: PtyConnection;
    let kept!: PtyConnection;
    try {
      ({ transport } = local({ detachedSessionTtlMs: 300 }));
      pty = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
      kept = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
      pty.dispose();
      // 16 ttls: the detached session is reaped at the first sweep past 300 ms; the attached one never is.
      vi.advanceTimersByTime(5_000);
    } finally {
      vi.useRealTimers();
    }
    await until(() => transport.stats().ptySessions === 1, 'the detached session to be reaped', 5000);
    // An attached session is never reaped: it still answers (a shell sent SIGHUP during the sweeps above
    // would have exited before reading this line), and it is still counted.
    let text = '';
    kept.onData((d) => (text += String(d)));
    kept.write('echo still-$((40 + 2))\r');
    await until(() => text.includes('still-42'), 'the kept shell to answer');
    expect(transport.stats().ptySessions).toBe(1);
    expect((await codeOf(transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, sessionId: pty.sessionId })))?.code).toBe('not_found');
    kept.dispose();
  });

  it('given a cwd and env, should start the shell there with them; a cwd outside the root is forbidden', async () => {
    const { transport, root } = local();
    mkdirSync(join(root, 'work'));
    const pty = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, cwd: 'work', env: { GREETING: 'hi-there' } });
    let text = '';
    pty.onData((d) => (text += String(d)));
    pty.write('echo "$GREETING in $PWD"\r');
    await until(() => text.includes(`hi-there in ${join(transport.root, 'work')}`), 'the echo');
    await pty.kill!();
    expect((await codeOf(transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, cwd: '/etc' })))?.code).toBe('forbidden');
  });

  it('given node-pty cannot load, should reject with unsupported naming it', async () => {
    const { transport } = local({ pty: () => Promise.reject(new Error("Cannot find module 'node-pty'")) });
    const error = await codeOf(transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 }));
    expect(error?.code).toBe('unsupported');
    expect(error?.message).toMatch(/node-pty/);
  });
});

describe('createLocalTransport: dispose leaves no process behind', () => {
  it('given shells, commands and background jobs, should kill them all, leaving no zombie of ours', async () => {
    const { transport, root } = makeLocal();
    const pty = await transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24 });
    let text = '';
    pty.onData((d) => (text += String(d)));
    // A job the shell puts in its own process group: killing the group alone would miss it.
    pty.write('sleep 300 & echo bg=$!\r');
    const bg = Number((await until(() => /bg=(\d+)/.exec(text) ?? undefined, 'the job pid'))[1]);
    const proc = await transport.startProcess({ sessionId: 's', command: 'sleep 300 & sleep 300' });
    await transport.exec!({ sandboxId: 'local', command: 'sleep 300 & echo $! > execbg' });
    const execBg = Number(readFileSync(join(root, 'execbg'), 'utf8'));
    await transport.display();
    const pids = [bg, proc.pid, ...processesInSession(proc.pid), execBg];
    for (const pid of pids) expect(alive(pid), `pid ${pid} alive before dispose`).toBe(true);
    const ours = () => readdirPids().filter((pid) => readStat(pid)?.ppid === process.pid);
    const before = new Set(ours());
    expect(before.size).toBeGreaterThan(0);

    await transport.close();
    rmSync(root, { recursive: true, force: true });
    for (const pid of pids) await until(() => !alive(pid), `pid ${pid} to die`);
    // Every child we started is reaped: none is left as a zombie of this process.
    await until(() => ours().every((pid) => !before.has(pid)), 'our children to be reaped');
    expect(ours().filter((pid) => readStat(pid)?.state === 'Z' && before.has(pid))).toEqual([]);
  }, 15_000);
});

describe('createLocalTransport: computer use', () => {
  it('given a fresh transport, should start Xvfb on a free display and stop it on dispose', async () => {
    const a = makeLocal({ display: { width: 800, height: 600 } });
    const b = makeLocal({ display: { width: 640, height: 480 } });
    const [da, db] = await Promise.all([a.transport.display(), b.transport.display()]);
    expect(da.display).not.toBe(db.display);
    expect(await a.transport.computerUse!.displayInfo({ sandboxId: 'local' })).toEqual({ width: 800, height: 600 });
    expect(await a.transport.computerUse!.status!({ sandboxId: 'local' })).toBe('active');
    const socket = `/tmp/.X11-unix/X${da.display.slice(1)}`;
    expect(existsSync(socket)).toBe(true);
    await a.cleanup();
    await until(() => !existsSync(socket), 'the X socket to go');
    // The other display is untouched.
    expect((await b.transport.computerUse!.screenshot({ sandboxId: 'local' })).width).toBe(640);
    await b.cleanup();
  });

  it('given an X client drawing, should show it in the next screenshot; jpeg and scale work', async () => {
    const { transport } = local({ display: { width: 640, height: 480 } });
    const cu = transport.computerUse!;
    const blank = await cu.screenshot({ sandboxId: 'local' });
    const blankBytes = new Uint8Array(await blank.image.arrayBuffer());
    expect([...blankBytes.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    await transport.startProcess({ sessionId: 'x', command: 'exec xterm -geometry 40x10+0+0 -bg white -fg black' });
    // Until xterm has mapped its window and drawn: a screenshot different from the blank one.
    await until(
      async () => {
        const shot = new Uint8Array(await (await cu.screenshot({ sandboxId: 'local' })).image.arrayBuffer());
        return shot.length !== blankBytes.length || shot.some((b, j) => b !== blankBytes[j]);
      },
      'a screenshot that differs from the blank display',
      5000,
      100,
    );
    const jpeg = await cu.screenshot({ sandboxId: 'local', format: 'jpeg', quality: 50, scale: 0.5 });
    expect(jpeg.image.type).toBe('image/jpeg');
    expect(jpeg.width).toBe(640);
    const bytes = new Uint8Array(await jpeg.image.arrayBuffer());
    expect(bytes[0]).toBe(0xff);
    expect(bytes[1]).toBe(0xd8);
    expect((await codeOf(cu.screenshot({ sandboxId: 'local', format: 'gif' as never })))?.code).toBe('invalid_request');
  });

  it('given no xdotool or import on PATH, should report unsupported naming the Debian package', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'se-bin-'));
    cleanups.push(async () => rmSync(bin, { recursive: true, force: true }));
    const bare = local({ env: { PATH: bin } }).transport;
    const none = await codeOf(bare.computerUse!.screenshot({ sandboxId: 'local' }));
    expect(none?.code).toBe('unsupported');
    expect(none?.message).toMatch(/Debian package `(imagemagick|xdotool)`/);
    expect((await codeOf(bare.computerUse!.status!({ sandboxId: 'local' })))?.code).toBe('unsupported');
    // xdotool and Xvfb present, ImageMagick missing: input works, screenshots name imagemagick.
    symlinkSync('/usr/bin/xdotool', join(bin, 'xdotool'));
    symlinkSync('/usr/bin/Xvfb', join(bin, 'Xvfb'));
    const partial = local({ env: { PATH: bin } }).transport;
    await partial.computerUse!.perform({ sandboxId: 'local', action: { type: 'move', x: 5, y: 5 } });
    const noImport = await codeOf(partial.computerUse!.screenshot({ sandboxId: 'local' }));
    expect(noImport?.code).toBe('unsupported');
    expect(noImport?.message).toMatch(/Debian package `imagemagick`/);
  });

  it('given an existing display name, should use it as is and leave it running on dispose', async () => {
    const owner = local({ display: { width: 700, height: 500 } });
    const { display } = await owner.transport.display();
    const guest = makeLocal({ display });
    const handle = await guest.transport.display();
    expect(handle).toEqual({ display, width: 700, height: 500, owned: false });
    expect((await guest.transport.computerUse!.screenshot({ sandboxId: 'local' })).width).toBe(700);
    await guest.cleanup();
    expect(existsSync(`/tmp/.X11-unix/X${display.slice(1)}`)).toBe(true);
    await owner.transport.computerUse!.perform({ sandboxId: 'local', action: { type: 'move', x: 1, y: 1 } });
    expect((await codeOf(local({ display: ':987' }).transport.display()))?.code).toBe('unavailable');
  });

  it('given display: false, should have no computer use', async () => {
    const { transport } = local({ display: false });
    expect(transport.computerUse).toBeUndefined();
    expect((await codeOf(transport.display()))?.code).toBe('unsupported');
  });
});

function readdirPids(): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
}
