/**
 * The transport conformance suite: one function that checks the whole
 * `SandboxTransport` contract against any transport. Every transport runs it
 * (memory, http → memory, http → local, daytona against a fake API).
 *
 * Usage, in a test file:
 *   describeTransportConformance('memory', async () => ({ transport, sandboxId: 'abc123', ... }));
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSandboxError, type SandboxErrorCode } from '../../src/transport/errors';
import type { ComputerAction, LogEntry, PtyConnection, SandboxTransport } from '../../src/transport/types';

export type Capability = 'getSandbox' | 'logs' | 'pty' | 'computerUse' | 'exec' | 'files' | 'sandboxes';

export interface ConformanceSubject {
  transport: SandboxTransport;
  /** A running sandbox. */
  sandboxId: string;
  /** A sandbox id that is well-formed but does not exist. @default 'no-such-sandbox' */
  missingSandboxId?: string;
  /** A directory the files tests may write in. @default '/tmp' */
  filesDir?: string;
  /** Make log lines appear for `subscribeLogs` (skip when the stream produces its own). */
  emitLogs?: (messages: string[]) => Promise<void> | void;
  /** Counters for leak checks, where the backend can tell. */
  stats?: () => { ptyConnections?: number; logSubscriptions?: number };
  /** Drop live connections as a network failure would. */
  disconnect?: () => void | Promise<void>;
  /** Make the next call of an operation fail with `code` (memory-style op names). */
  failNext?: (op: string, code: SandboxErrorCode) => void;
  /** Release everything the factory made. */
  cleanup?: () => Promise<void> | void;
}

export interface ConformanceOptions {
  /** Capabilities the transport must provide; the others must be absent or report `unsupported`. */
  capabilities: Capability[];
  /** The subject provides `failNext` (injected failures are checked). @default false */
  failureInjection?: boolean;
  /** The subject provides `disconnect` (dropped PTYs are checked). @default false */
  disconnect?: boolean;
  /** The subject provides `stats` (leak checks). @default false */
  leakChecks?: boolean;
  /** Per-test timeout in ms. @default 10000 */
  timeoutMs?: number;
}

/** Register a test only when its precondition holds, so nothing is reported as skipped. */
function itIf(condition: boolean): typeof it | ((name: string, fn: () => unknown, timeout?: number) => void) {
  return condition ? it : () => {};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(read: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function expectCode(promise: Promise<unknown>, code: SandboxErrorCode | SandboxErrorCode[]): Promise<Error> {
  const codes = Array.isArray(code) ? code : [code];
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  expect(error, `expected a SandboxError with code ${codes.join('|')}`).toBeDefined();
  expect(isSandboxError(error), `expected a SandboxError, got ${String(error)}`).toBe(true);
  expect(codes).toContain((error as { code: string }).code);
  expect((error as Error).message.length).toBeGreaterThan(0);
  return error as Error;
}

function readText(pty: PtyConnection): { text: () => string; bytes: () => number; dispose: () => void } {
  let text = '';
  let bytes = 0;
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const sub = pty.onData((d) => {
    text += typeof d === 'string' ? d : decoder.decode(d, { stream: true });
    bytes += typeof d === 'string' ? encoder.encode(d).length : d.byteLength;
  });
  return { text: () => text, bytes: () => bytes, dispose: () => sub.dispose() };
}

export function describeTransportConformance(
  name: string,
  factory: () => Promise<ConformanceSubject>,
  options: ConformanceOptions,
): void {
  const has = (c: Capability) => options.capabilities.includes(c);
  const timeout = options.timeoutMs ?? 10_000;

  describe(`transport conformance: ${name}`, () => {
    let s: ConformanceSubject;
    beforeEach(async () => {
      s = await factory();
    }, timeout);
    afterEach(async () => {
      await s?.cleanup?.();
    }, timeout);
    const missing = () => s.missingSandboxId ?? 'no-such-sandbox';

    describe('getPreviewLink', () => {
      it('given a running sandbox and a valid port, when asked for a link, should return a URL', async () => {
        const link = await s.transport.getPreviewLink({ sandboxId: s.sandboxId, port: 3000 });
        expect(typeof link.url).toBe('string');
        expect(() => new URL(link.url)).not.toThrow();
        if (link.expiresAt !== undefined) expect(link.expiresAt).toBeGreaterThan(Date.now() - 1000);
      }, timeout);

      it('given ports outside 1–65535 or not whole, should reject with invalid_request and the shared message', async () => {
        for (const port of [0, -1, 65536, 3000.5, Number.NaN]) {
          const error = await expectCode(s.transport.getPreviewLink({ sandboxId: s.sandboxId, port }), 'invalid_request');
          // One message on every transport (src/transport/validate.ts); over the wire the value comes back as the query carried it.
          expect(error.message).toMatch(/^port must be a whole number from 1 to 65535, got /);
        }
      }, timeout);

      it('given an unknown sandbox, should reject with not_found', async () => {
        await expectCode(s.transport.getPreviewLink({ sandboxId: missing(), port: 3000 }), ['not_found', 'forbidden']);
      }, timeout);

      it('given a malformed sandbox id, should reject with invalid_request (or not_found)', async () => {
        const error = await expectCode(s.transport.getPreviewLink({ sandboxId: '../../etc/passwd', port: 3000 }), ['invalid_request', 'not_found']);
        if ((error as { code?: string }).code === 'invalid_request') expect(error.message).toBe('Invalid sandbox id "../../etc/passwd": use 1–128 letters, digits, ".", "_" or "-"');
      }, timeout);

      it('given an aborted signal, should reject with aborted', async () => {
        const controller = new AbortController();
        controller.abort();
        await expectCode(s.transport.getPreviewLink({ sandboxId: s.sandboxId, port: 3000 }, controller.signal), 'aborted');
      }, timeout);

      itIf(!!options.failureInjection)('given an injected failure, should reject with that code and then recover', async () => {
        s.failNext!('getPreviewLink', 'rate_limited');
        await expectCode(s.transport.getPreviewLink({ sandboxId: s.sandboxId, port: 3000 }), 'rate_limited');
        await expect(s.transport.getPreviewLink({ sandboxId: s.sandboxId, port: 3000 })).resolves.toHaveProperty('url');
      }, timeout);
    });

    describe('getSandbox', () => {
      it(has('getSandbox') ? 'should report a running sandbox and not_found for a missing one' : 'should be absent', async () => {
        if (!has('getSandbox')) return expect(s.transport.getSandbox).toBeUndefined();
        const info = await s.transport.getSandbox!({ sandboxId: s.sandboxId });
        expect(info.id).toBe(s.sandboxId);
        expect(info.state).toBe('running');
        await expectCode(s.transport.getSandbox!({ sandboxId: missing() }), ['not_found', 'forbidden']);
      }, timeout);
    });

    describe('subscribeLogs', () => {
      it(has('logs') ? 'should deliver entries of the contract shape, and stop after dispose' : 'should be absent', async () => {
        if (!has('logs')) return expect(s.transport.subscribeLogs).toBeUndefined();
        const received: LogEntry[] = [];
        const sub = s.transport.subscribeLogs!({ sandboxId: s.sandboxId }, { onLogs: (e) => received.push(...e) });
        const marker = `conformance-${Math.random().toString(36).slice(2)}`;
        if (s.emitLogs) {
          // The subscription attaches asynchronously (over the wire: a request and a hub); a line
          // emitted before it did is not for it. Emit again until one arrives, instead of guessing a delay.
          const seen = () => received.some((e) => e.message.includes(marker));
          const end = Date.now() + 5000;
          while (!seen()) {
            if (Date.now() > end) throw new Error('timed out waiting for the emitted log line');
            await s.emitLogs([marker]);
            await until(seen, 'the emitted log line', 250).catch(() => undefined);
          }
        } else {
          await until(() => received.length > 0, 'a log entry');
        }
        for (const entry of received) {
          expect(['debug', 'info', 'log', 'warn', 'error']).toContain(entry.level);
          expect(typeof entry.message).toBe('string');
          expect(typeof entry.timestamp).toBe('number');
        }
        sub.dispose();
        sub.dispose(); // idempotent
        if (options.leakChecks) await until(() => s.stats!().logSubscriptions === 0, 'no log subscription left');
        const count = received.length;
        if (s.emitLogs) {
          // A fresh subscriber that sees a later line proves the earlier one was sent: the disposed one must not have it.
          const later: LogEntry[] = [];
          const probe = s.transport.subscribeLogs!({ sandboxId: s.sandboxId }, { onLogs: (e) => later.push(...e) });
          const marker2 = `${marker}-after`;
          const end = Date.now() + 5000;
          await s.emitLogs(['after-dispose']);
          while (!later.some((e) => e.message.includes(marker2))) {
            if (Date.now() > end) throw new Error('timed out waiting for the probe line');
            await s.emitLogs([marker2]);
            await until(() => later.some((e) => e.message.includes(marker2)), 'the probe line', 250).catch(() => undefined);
          }
          probe.dispose();
        } else {
          // No way to make a line appear: give a stream that produces its own a moment to show a leak.
          await sleep(100);
        }
        expect(received.length).toBe(count);
      }, timeout);

      it(has('logs') ? 'given an unknown sandbox, should report a SandboxError through onError' : 'should be absent (unknown sandbox)', async () => {
        if (!has('logs')) return expect(s.transport.subscribeLogs).toBeUndefined();
        let error: unknown;
        const sub = s.transport.subscribeLogs!({ sandboxId: missing() }, { onLogs: () => {}, onError: (e) => (error = e) });
        await until(() => error, 'onError');
        expect(isSandboxError(error)).toBe(true);
        expect(['not_found', 'forbidden']).toContain((error as { code: string }).code);
        sub.dispose();
      }, timeout);
    });

    describe('openPty', () => {
      it(has('pty') ? 'should run a command and show its output' : 'should be absent', async () => {
        if (!has('pty')) return expect(s.transport.openPty).toBeUndefined();
        const pty = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24 });
        expect(typeof pty.sessionId).toBe('string');
        expect(pty.sessionId.length).toBeGreaterThan(0);
        const out = readText(pty);
        pty.write('echo conformance-$((40+2))-ok\r');
        await until(() => out.text().includes('conformance-42-ok') || out.text().includes('conformance-$((40+2))-ok'), 'echo output');
        out.dispose();
        pty.dispose();
        pty.dispose();
        await pty.kill?.().catch(() => {});
      }, timeout);

      it(has('pty') ? 'should apply a resize that the shell sees' : 'should be absent (resize)', async () => {
        if (!has('pty')) return expect(s.transport.openPty).toBeUndefined();
        const pty = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24 });
        const out = readText(pty);
        // No wait: every transport applies a resize before input written after it (one ordered channel).
        pty.resize(100, 30);
        pty.write('stty size\r');
        await until(() => out.text().includes('30 100'), '"30 100" from stty size');
        out.dispose();
        await pty.kill?.().catch(() => {});
        pty.dispose();
      }, timeout);

      it(has('pty') ? 'should re-attach to a session by id after detaching' : 'should be absent (re-attach)', async () => {
        if (!has('pty')) return expect(s.transport.openPty).toBeUndefined();
        const first = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24 });
        const id = first.sessionId;
        const out1 = readText(first);
        first.write('echo before-detach\r');
        await until(() => out1.text().includes('before-detach\r\n') || out1.text().split('before-detach').length > 2, 'first output');
        out1.dispose();
        first.dispose();
        const second = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24, sessionId: id });
        expect(second.sessionId).toBe(id);
        if (second.replayFrom !== undefined) {
          // Where the replay starts in the session's output: at or before the end of what the first connection
          // got (so a client can drop exactly what it showed), and it reaches at least that far.
          expect(first.replayFrom).toBeTypeOf('number');
          const firstEnd = first.replayFrom! + out1.bytes();
          expect(second.replayFrom).toBeLessThanOrEqual(firstEnd);
          expect(second.replayFrom + (second.replayBytes ?? 0)).toBeGreaterThanOrEqual(firstEnd);
        }
        const out2 = readText(second);
        second.write('echo after-attach\r');
        await until(() => out2.text().split('after-attach').length > 2, 'output after re-attach');
        out2.dispose();
        await second.kill?.().catch(() => {});
        second.dispose();
      }, timeout);

      it(has('pty') ? 'should report a clean exit with its code through onClose' : 'should be absent (exit)', async () => {
        if (!has('pty')) return expect(s.transport.openPty).toBeUndefined();
        const pty = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24 });
        let closed: { exitCode?: number } | undefined;
        pty.onClose((e) => (closed = e));
        pty.write('exit 3\r');
        const event = await until(() => closed, 'onClose after exit');
        expect(event.exitCode).toBe(3);
        pty.dispose();
      }, timeout);

      it(has('pty') ? 'given a shell that exited before anyone listened, should still give a late onClose the exit code and a late onData the newest output' : 'should be absent (late listeners)', async () => {
        if (!has('pty')) return expect(s.transport.openPty).toBeUndefined();
        const pty = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24 });
        // A second connection to the same session sees the exit; the one under test has no listener at all.
        const watcher = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24, sessionId: pty.sessionId });
        let watched: { exitCode?: number } | undefined;
        watcher.onData(() => {});
        watcher.onClose((e) => (watched = e));
        pty.write('echo late-listener-marker && exit 7\r');
        await until(() => watched, 'the exit, seen by a second connection');
        // The point of this test is a listener that comes late: 100 ms after the exit was seen.
        await sleep(100);
        let closed: { exitCode?: number } | undefined;
        pty.onClose((e) => (closed = e));
        const event = await until(() => closed, 'onClose attached after the exit');
        expect(event.exitCode).toBe(7);
        const out = readText(pty);
        expect(out.text()).toContain('late-listener-marker');
        out.dispose();
        pty.dispose();
        watcher.dispose();
      }, timeout);

      it(has('pty') ? 'should refuse invalid sizes and unknown sessions' : 'should be absent (validation)', async () => {
        if (!has('pty')) return expect(s.transport.openPty).toBeUndefined();
        const error = await expectCode(s.transport.openPty!({ sandboxId: s.sandboxId, cols: 0, rows: 24 }), 'invalid_request');
        expect(error.message).toBe('Terminal size must be whole numbers from 1 to 1000, got 0×24');
        const envError = await expectCode(s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24, env: { 'A=B': 'x' } }), 'invalid_request');
        expect(envError.message).toBe('env has an invalid key "A=B"');
        await expectCode(s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24, sessionId: 'no-such-session' }), 'not_found');
        await expectCode(s.transport.openPty!({ sandboxId: missing(), cols: 80, rows: 24 }), ['not_found', 'forbidden']);
      }, timeout);

      itIf(has('pty') && !!options.disconnect)('given a dropped connection, should report it through onClose without an exit code and keep the session', async () => {
        const pty = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24 });
        let closed: { exitCode?: number; error?: unknown } | undefined;
        pty.onClose((e) => (closed = e));
        await s.disconnect!();
        const event = await until(() => closed, 'onClose after a drop');
        expect(event.exitCode).toBeUndefined();
        // The session survives: re-attach works.
        const again = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24, sessionId: pty.sessionId });
        expect(again.sessionId).toBe(pty.sessionId);
        await again.kill?.().catch(() => {});
        again.dispose();
        pty.dispose();
      }, timeout);

      itIf(has('pty') && !!options.leakChecks)('should leave no connection open after dispose', async () => {
        const before = s.stats!().ptyConnections ?? 0;
        const pty = await s.transport.openPty!({ sandboxId: s.sandboxId, cols: 80, rows: 24 });
        const sub = pty.onData(() => {});
        await until(() => (s.stats!().ptyConnections ?? 0) > before, 'an open connection');
        sub.dispose();
        pty.dispose();
        await until(() => (s.stats!().ptyConnections ?? 0) === before, 'connections back to baseline');
      }, timeout);
    });

    describe('exec', () => {
      it(has('exec') ? 'should run a command and return its exit code and output' : 'should be absent', async () => {
        if (!has('exec')) return expect(s.transport.exec).toBeUndefined();
        const ok = await s.transport.exec!({ sandboxId: s.sandboxId, command: 'echo exec-ok' });
        expect(ok.exitCode).toBe(0);
        expect(ok.output).toContain('exec-ok');
        const bad = await s.transport.exec!({ sandboxId: s.sandboxId, command: 'no-such-command-xyz' });
        expect(bad.exitCode).not.toBe(0);
        await expectCode(s.transport.exec!({ sandboxId: missing(), command: 'true' }), ['not_found', 'forbidden']);
      }, timeout);
    });

    describe('files', () => {
      it(has('files') ? 'should write, list, read and remove a file' : 'should be absent', async () => {
        if (!has('files')) return expect(s.transport.files).toBeUndefined();
        const dir = s.filesDir ?? '/tmp';
        const name = `conformance-${Math.random().toString(36).slice(2)}.txt`;
        const path = `${dir}/${name}`;
        await s.transport.files!.write({ sandboxId: s.sandboxId, path, content: 'héllo files' });
        const entries = await s.transport.files!.list({ sandboxId: s.sandboxId, path: dir });
        const entry = entries.find((e) => e.name === name);
        expect(entry).toBeDefined();
        expect(entry!.isDir).toBe(false);
        const bytes = await s.transport.files!.read({ sandboxId: s.sandboxId, path });
        expect(new TextDecoder().decode(bytes)).toBe('héllo files');
        await s.transport.files!.remove({ sandboxId: s.sandboxId, path });
        await expectCode(s.transport.files!.read({ sandboxId: s.sandboxId, path }), 'not_found');
      }, timeout);
    });

    describe('computerUse', () => {
      it(has('computerUse') ? 'should take a screenshot and report the display' : 'should be absent', async () => {
        if (!has('computerUse')) return expect(s.transport.computerUse).toBeUndefined();
        const cu = s.transport.computerUse!;
        const display = await cu.displayInfo({ sandboxId: s.sandboxId });
        expect(display.width).toBeGreaterThan(0);
        expect(display.height).toBeGreaterThan(0);
        const shot = await cu.screenshot({ sandboxId: s.sandboxId });
        expect(shot.image.size).toBeGreaterThan(100);
        expect(shot.image.type).toMatch(/^image\//);
        expect(shot.width).toBe(display.width);
        expect(shot.height).toBe(display.height);
      }, timeout);

      it(has('computerUse') ? 'should perform valid actions and refuse invalid ones with invalid_request' : 'should be absent (actions)', async () => {
        if (!has('computerUse')) return expect(s.transport.computerUse).toBeUndefined();
        const cu = s.transport.computerUse!;
        const { width, height } = await cu.displayInfo({ sandboxId: s.sandboxId });
        const valid: ComputerAction[] = [
          { type: 'move', x: 10, y: 10 },
          { type: 'click', x: 20, y: 20 },
          { type: 'scroll', x: 20, y: 20, direction: 'down', amount: 1 },
          { type: 'type', text: 'hi' },
          { type: 'press', key: 'Return' },
          { type: 'hotkey', keys: 'ctrl+a' },
        ];
        for (const action of valid) await cu.perform({ sandboxId: s.sandboxId, action });
        const invalid: unknown[] = [
          { type: 'click', x: width, y: 0 },
          { type: 'click', x: -1, y: 0 },
          { type: 'move', x: 1.5, y: 2 },
          { type: 'explode' },
          { type: 'type', text: 42 },
          { type: 'scroll', x: 1, y: 1, direction: 'sideways' },
          { type: 'drag', from: { x: 0, y: 0 } },
          null,
        ];
        for (const action of invalid) {
          await expectCode(cu.perform({ sandboxId: s.sandboxId, action: action as ComputerAction }), 'invalid_request');
        }
        expect(height).toBeGreaterThan(0);
      }, timeout);
    });

    describe('sandboxes', () => {
      it(has('sandboxes') ? 'should create, list by label, stop, archive and remove a sandbox' : 'should be absent', async () => {
        if (!has('sandboxes')) return expect(s.transport.sandboxes).toBeUndefined();
        const sb = s.transport.sandboxes!;
        const key = `conf-${Math.random().toString(36).slice(2)}`;
        const labelsError = await expectCode(sb.create({ labels: { workspace: 1 as unknown as string } }), 'invalid_request');
        expect(labelsError.message).toBe('labels.workspace must be a string of at most 4096 characters without NUL');
        const created = await sb.create({ labels: { workspace: key } });
        expect(created.id).toBeTruthy();
        const listed = await sb.list({ labels: { workspace: key } });
        expect(listed.map((x) => x.id)).toEqual([created.id]);
        const stopped = await sb.stop({ sandboxId: created.id });
        expect(stopped.state).toBe('stopped');
        const archived = await sb.archive({ sandboxId: created.id });
        expect(archived.state).toBe('archived');
        await sb.remove({ sandboxId: created.id });
        await expectCode(sb.get({ sandboxId: created.id }), 'not_found');
      }, timeout);
    });
  });
}
