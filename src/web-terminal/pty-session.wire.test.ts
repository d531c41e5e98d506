// @vitest-environment node
// A re-attached terminal over the real wire: createHttpTransport → real WebSocket on loopback →
// createSandboxHandler → the simulated sandbox, which replays its scrollback on re-attach and
// says how many bytes that is (`replayBytes` in the ready frame).
import { afterEach, describe, expect, it } from 'vitest';
import { startWire, until, type Wire } from '../../test/wire/harness';
import { PtySession, type WebTerminalState } from './pty-session';

let wire: Wire | undefined;
afterEach(async () => {
  await wire?.close();
  wire = undefined;
});

describe('PtySession over HTTP → memory (real WebSocket)', () => {
  it('given a drop and a re-attach, should show the replay once and keep live output that repeats the last lines', async () => {
    wire = await startWire();
    const transport = wire.client();
    let screen = '';
    let state: WebTerminalState = 'idle';
    const connects: boolean[] = [];
    const decoder = new TextDecoder();
    const session = new PtySession({
      transport,
      sandboxId: 'abc123',
      cols: 80,
      rows: 24,
      reconnect: { initialDelayMs: 10, maxDelayMs: 10, jitter: 0 },
      listeners: () => ({
        // The screen gets whole characters only, so each piece decodes on its own.
        onOutput: (data) => (screen += typeof data === 'string' ? data : decoder.decode(data)),
        onStatus: (status) => (state = status.state),
        onConnect: ({ reattached }) => connects.push(reattached),
      }),
    });
    session.start();
    await until(() => state === 'connected' && screen.includes('$ '), 'the prompt');
    const line = 'echo the same long line — over thirty-two characters';
    session.write(`${line}\r`);
    const outputs = () => screen.split('\r\nthe same long line — over thirty-two characters\r\n').length - 1;
    await until(() => outputs() === 1 && screen.endsWith('$ '), 'the first output');

    wire.memory.disconnect();
    await until(() => connects.length === 2, 'the re-attach');
    expect(connects).toEqual([false, true]);
    // The same command again: its echo and output repeat the last lines legitimately.
    session.write(`${line}\r`);
    await until(() => outputs() === 2 && screen.endsWith('$ '), 'the second output');
    await until(() => state === 'connected', 'connected');

    expect(screen.split('Simulated sandbox abc123').length - 1).toBe(1);
    expect(screen.split(line).length - 1).toBe(2);
    expect(outputs()).toBe(2);
    session.dispose();
  });
});
