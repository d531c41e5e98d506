// @vitest-environment node
// Re-attach after a drop (over the wire, and while the shell kept printing): the terminal must show what it missed, once,
// and what it had shown, once. The transports say where their replay starts in the session's output
// (`replayFrom`); the terminal counts what it received. Real parts: the simulated sandbox directly,
// over the real wire (createHttpTransport → WebSocket on loopback → createSandboxHandler → memory),
// and a real bash on node-pty through the local transport.
import { afterEach, describe, expect, it } from 'vitest';
import { makeLocal } from '../../test/local/helpers';
import { startWire, until, type Wire } from '../../test/wire/harness';
import { SandboxError } from '../transport/errors';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import type { Disposable, PtyCloseEvent, PtyConnection, SandboxTransport } from '../transport/types';
import { PtySession, type WebTerminalReconnectOptions, type WebTerminalState } from './pty-session';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A PtySession on `transport` whose reconnect waits for the test (`retry()`), and the screen it draws. */
function terminal(transport: SandboxTransport, sandboxId: string, reconnect: WebTerminalReconnectOptions = { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 }) {
  let screen = '';
  let state: WebTerminalState = 'idle';
  const connects: boolean[] = [];
  const decoder = new TextDecoder();
  const session = new PtySession({
    transport,
    sandboxId,
    cols: 80,
    rows: 24,
    // By default, reconnect only when the test says so (retry), after the shell printed while nobody was attached.
    reconnect,
    listeners: () => ({
      onOutput: (data) => (screen += typeof data === 'string' ? data : decoder.decode(data)),
      onStatus: (status) => (state = status.state),
      onConnect: ({ reattached }) => connects.push(reattached),
    }),
  });
  cleanups.push(() => session.dispose());
  session.start();
  return {
    session,
    screen: () => screen,
    state: () => state,
    connects,
    count: (text: string) => screen.split(text).length - 1,
  };
}

/** Reconnect now and wait for the re-attach (the only one this test makes). */
async function reattach(t: ReturnType<typeof terminal>): Promise<void> {
  await until(() => t.state() === 'reconnecting', 'the drop');
  t.session.retry();
  await until(() => t.connects.length === 2 && t.state() === 'connected', 'the re-attach');
  expect(t.connects).toEqual([false, true]);
}

/** The memory scenario, on memory directly or through the wire. */
async function missedWhileDetached(memory: MemoryTransport, transport: SandboxTransport) {
  const t = terminal(transport, 'abc123');
  await until(() => t.state() === 'connected' && t.screen().endsWith('$ '), 'the prompt');
  t.session.write('echo shown-before-the-drop\r');
  await until(() => t.count('shown-before-the-drop\r\n') === 2 && t.screen().endsWith('$ '), 'the first output');
  memory.disconnect();
  // The shell prints while nobody is attached (a background job would).
  memory.inspect().sessions[0]!.emit('printed-while-detached\r\n');
  await reattach(t);
  t.session.write('echo after-the-reattach\r');
  await until(() => t.count('after-the-reattach\r\n') === 2 && t.screen().endsWith('$ '), 'output after the re-attach');
  expect(t.count('printed-while-detached')).toBe(1);
  expect(t.count('Simulated sandbox abc123')).toBe(1);
  // The command's echo and its output: once each, not replayed again.
  expect(t.count('shown-before-the-drop')).toBe(2);
  expect(t.count('after-the-reattach')).toBe(2);
  expect(t.screen().indexOf('printed-while-detached')).toBeGreaterThan(t.screen().lastIndexOf('shown-before-the-drop'));
}

describe('PtySession re-attach with output printed while detached (replayFrom)', () => {
  it('on the simulated sandbox, should show the missed output once and what was shown once', async () => {
    const memory = createMemoryTransport({ logIntervalMs: 0 });
    cleanups.push(() => memory.dispose());
    await missedWhileDetached(memory, memory);
  });

  it('over HTTP → memory (real WebSocket), should show the missed output once and what was shown once', async () => {
    const wire: Wire = await startWire();
    cleanups.push(() => wire.close());
    await missedWhileDetached(wire.memory, wire.client());
  });

  it('over HTTP → memory, given a drop and a re-attach by itself, should show the replay once and keep live output that repeats the last lines', async () => {
    const wire: Wire = await startWire();
    cleanups.push(() => wire.close());
    const t = terminal(wire.client(), 'abc123', { initialDelayMs: 10, maxDelayMs: 10, jitter: 0 });
    await until(() => t.state() === 'connected' && t.screen().includes('$ '), 'the prompt');
    const line = 'echo the same long line — over thirty-two characters';
    t.session.write(`${line}\r`);
    const outputs = () => t.count('\r\nthe same long line — over thirty-two characters\r\n');
    await until(() => outputs() === 1 && t.screen().endsWith('$ '), 'the first output');
    wire.memory.disconnect();
    await until(() => t.connects.length === 2, 'the re-attach');
    expect(t.connects).toEqual([false, true]);
    // The same command again: its echo and output repeat the last lines legitimately.
    t.session.write(`${line}\r`);
    await until(() => outputs() === 2 && t.screen().endsWith('$ '), 'the second output');
    await until(() => t.state() === 'connected', 'connected');
    expect(t.count('Simulated sandbox abc123')).toBe(1);
    expect(t.count(line)).toBe(2);
  });

  it('on a real bash (local transport, node-pty), should show a background job’s output printed while detached once', async () => {
    const local = makeLocal({ display: false });
    cleanups.push(local.cleanup);
    const { transport, drop } = droppable(local.transport);
    const t = terminal(transport, 'local');
    await until(() => t.state() === 'connected' && t.screen().includes('$ '), 'the prompt', 10_000);
    t.session.write('echo shown-$((20+1))\r');
    await until(() => t.count('shown-21') === 1 && t.screen().endsWith('$ '), 'the first output', 10_000);
    // A job that prints once the terminal is gone: it waits for the file the test creates after the drop.
    const flag = `${local.root}/go`;
    t.session.write(`(while [ ! -e ${flag} ]; do sleep 0.02; done; echo bg-$((6*7))-done) &\r`);
    await until(() => t.screen().endsWith('$ '), 'the job started', 10_000);
    drop();
    // Watch the session from a second connection to know when the job has printed.
    const watcher = await local.transport.openPty!({ sandboxId: 'local', cols: 80, rows: 24, sessionId: t.session.currentSessionId! });
    let watched = '';
    const sub = watcher.onData((chunk) => (watched += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)));
    await local.transport.exec!({ sandboxId: 'local', command: `touch ${flag}` });
    await until(() => watched.includes('bg-42-done'), 'the job’s output, while the terminal is detached', 10_000);
    sub.dispose();
    watcher.dispose();
    await reattach(t);
    t.session.write('echo after-$((1+2))\r');
    await until(() => t.count('after-3') === 1, 'output after the re-attach', 10_000);
    expect(t.count('bg-42-done')).toBe(1);
    expect(t.count('shown-21')).toBe(1);
  }, 30_000);
});

/** The transport, with `drop()`: every open connection detaches and reports a dropped network, as a lost socket would. */
function droppable(inner: SandboxTransport): { transport: SandboxTransport; drop: () => void } {
  const open = new Set<() => void>();
  const transport: SandboxTransport = {
    ...inner,
    async openPty(req, signal) {
      const c = await inner.openPty!(req, signal);
      const closers = new Set<(event: PtyCloseEvent) => void>();
      const drop = () => {
        open.delete(drop);
        c.dispose();
        const error = new SandboxError('network', 'dropped by the test');
        for (const listener of [...closers]) listener({ reason: error.message, error });
      };
      open.add(drop);
      const connection: PtyConnection = {
        sessionId: c.sessionId,
        ...(c.replayBytes !== undefined ? { replayBytes: c.replayBytes } : {}),
        ...(c.replayFrom !== undefined ? { replayFrom: c.replayFrom } : {}),
        write: (data) => c.write(data),
        resize: (cols, rows) => c.resize(cols, rows),
        onData: (listener) => c.onData(listener),
        onClose: (listener): Disposable => {
          closers.add(listener);
          const sub = c.onClose(listener);
          return { dispose: () => (closers.delete(listener), sub.dispose()) };
        },
        dispose: () => {
          open.delete(drop);
          c.dispose();
        },
      };
      return connection;
    },
  };
  return { transport, drop: () => [...open].forEach((d) => d()) };
}
