// @vitest-environment node
import { createMemoryTransport, type MemoryTransport } from '../transport';
import { SandboxError } from '../transport/errors';
import type { PtyConnection, SandboxTransport } from '../transport/types';
import { toDisposable } from '../internal';
import {
  PtySession,
  completeLength,
  longestPrefixSuffix,
  utf8Length,
  type InputOverflowDetails,
  type PtySessionOptions,
  type WebTerminalStatusInfo,
} from './pty-session';

function setup(options: Partial<PtySessionOptions> & { transport?: SandboxTransport } = {}) {
  const transport = (options.transport ?? createMemoryTransport()) as MemoryTransport;
  const output: string[] = [];
  const statuses: WebTerminalStatusInfo[] = [];
  const overflows: InputOverflowDetails[] = [];
  const exits: number[] = [];
  const session = new PtySession({
    sandboxId: 'abc123',
    cols: 80,
    rows: 24,
    random: () => 0.5,
    ...options,
    transport,
    listeners: () => ({
      onOutput: (_data, text) => output.push(text()),
      onStatus: (status) => statuses.push(status),
      onExit: (code) => exits.push(code),
      onInputOverflow: (details) => overflows.push(details),
    }),
  });
  return { transport, session, output, statuses, overflows, exits, screen: () => output.join(''), state: () => session.status };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PtySession', () => {
  it('given the memory transport, when started, should connect, show the banner and pass port and size', async () => {
    const transport = createMemoryTransport();
    const requests: unknown[] = [];
    const open = transport.openPty!.bind(transport);
    transport.openPty = (req, signal) => (requests.push(req), open(req, signal));
    const { session, state, screen } = setup({ transport, port: 22222, cols: 100, rows: 30 });
    session.start();
    expect(state()).toBe('connecting');
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('connected');
    expect(screen()).toContain('Simulated sandbox abc123');
    expect(requests).toEqual([{ sandboxId: 'abc123', cols: 100, rows: 30, port: 22222 }]);
    session.dispose();
    expect(transport.stats().ptyConnections).toBe(0);
  });

  it('given a connected session, when resized, should send only changes', async () => {
    const { session, transport } = setup();
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    const pty = transport.inspect().sessions[0]!;
    session.resize(80, 24);
    session.resize(120, 40);
    session.resize(120, 40);
    session.resize(90, 20);
    expect(pty.resizes).toEqual([
      { cols: 120, rows: 40 },
      { cols: 90, rows: 20 },
    ]);
    session.dispose();
  });

  it('given a resize while connecting, should send it once connected', async () => {
    const { session, transport } = setup({ transport: createMemoryTransport({ latencyMs: 50 }) });
    session.start();
    session.resize(100, 30);
    await vi.advanceTimersByTimeAsync(60);
    expect(transport.inspect().sessions[0]!.resizes).toEqual([{ cols: 100, rows: 30 }]);
    session.dispose();
  });

  it('given a drop, should go reconnecting with backoff, re-attach the same session, and send keys typed meanwhile in order', async () => {
    const { session, transport, statuses, state, screen } = setup({ reconnect: { initialDelayMs: 100, jitter: 0.5 } });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    session.write('ec');
    transport.disconnect();
    expect(state()).toBe('reconnecting');
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1, maxRetries: 10, retryInMs: 75, error: { code: 'network' } });
    session.write('ho');
    session.write(' hi\r');
    await vi.advanceTimersByTimeAsync(74);
    expect(state()).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(state()).toBe('connected');
    const sessions = transport.inspect().sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.received).toBe('echo hi\r');
    await vi.advanceTimersByTimeAsync(0);
    // The replay on re-attach is not shown twice.
    expect(screen().split('Simulated sandbox').length - 1).toBe(1);
    expect(screen()).toMatch(/echo hi\r\nhi\r\n/);
    expect(screen().match(/echo hi/g)).toHaveLength(1);
    session.dispose();
  });

  it('given repeated drops while typing, should lose nothing and never duplicate output', async () => {
    const { session, transport, state, screen } = setup({ reconnect: { initialDelayMs: 10, jitter: 0 } });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    let typed = '';
    for (let i = 0; i < 20; i++) {
      session.write(`a${i}`);
      transport.disconnect();
      session.write('b');
      typed += `a${i}b`;
      await vi.advanceTimersByTimeAsync(i % 2 ? 10 : 0);
    }
    await vi.advanceTimersByTimeAsync(20);
    expect(state()).toBe('connected');
    expect(transport.inspect().sessions[0]!.received).toBe(typed);
    expect(screen().split('Simulated sandbox').length - 1).toBe(1);
    expect(screen().endsWith(typed)).toBe(true);
    session.dispose();
  });

  it('given the input buffer is full, should keep what fits in order and report the overflow', async () => {
    const { session, transport, overflows, statuses } = setup({ inputBufferBytes: 8, reconnect: { initialDelayMs: 100, jitter: 0 } });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    transport.disconnect();
    session.write('12345');
    session.write('€€'); // 6 bytes: does not fit (5 + 6 > 8), dropped whole
    session.write('678');
    expect(overflows).toEqual([{ droppedBytes: 6, bufferedBytes: 5, limitBytes: 8 }]);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', droppedInputBytes: 6 });
    await vi.advanceTimersByTimeAsync(100);
    expect(transport.inspect().sessions[0]!.received).toBe('12345678');
    expect(statuses.at(-1)).toMatchObject({ state: 'connected' });
    expect(statuses.at(-1)!.droppedInputBytes).toBeUndefined();
    session.dispose();
  });

  it('given retries keep failing, should stop after maxRetries in error, and Retry should re-attach', async () => {
    const { session, transport, statuses, state } = setup({ reconnect: { initialDelayMs: 10, maxDelayMs: 40, jitter: 0, maxRetries: 3 } });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    const id = transport.inspect().sessions[0]!.id;
    for (let i = 0; i < 3; i++) transport.failNext('openPty', 'unavailable');
    transport.disconnect();
    await vi.advanceTimersByTimeAsync(10 + 20 + 40);
    expect(statuses.filter((s) => s.state === 'reconnecting').map((s) => s.retryInMs)).toEqual([10, 20, 40]);
    expect(state()).toBe('error');
    expect(statuses.at(-1)!.error!.code).toBe('unavailable');
    session.write('pwd\r');
    session.retry();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('connected');
    expect(transport.inspect().sessions).toHaveLength(1);
    expect(transport.inspect().sessions[0]!.id).toBe(id);
    expect(transport.inspect().sessions[0]!.received).toBe('pwd\r');
    session.dispose();
  });

  it('given rate limiting, should wait at least retryAfterMs', async () => {
    const { session, transport, statuses } = setup({ reconnect: { initialDelayMs: 10, jitter: 0 } });
    transport.failNext('openPty', 'rate_limited');
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', retryInMs: 1000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(session.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(session.status).toBe('connected');
    session.dispose();
  });

  it('given a non-retryable error, should go to error without retrying', async () => {
    const { session, transport, state, statuses } = setup({ sandboxId: 'nope' });
    session.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(state()).toBe('error');
    expect(statuses.at(-1)!.error!.code).toBe('not_found');
    expect(transport.stats().calls.openPty).toBe(1);
  });

  it('given a shell that cannot start (internal), should show the error at once instead of reconnecting', async () => {
    const { session, transport, state, statuses } = setup();
    transport.failNext('openPty', 'internal', 'exec /bin/bash: no such file');
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('error');
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'error']);
    expect(statuses.at(-1)!.error).toMatchObject({ code: 'internal', message: 'exec /bin/bash: no such file' });
    // Nothing is scheduled: no second attempt however long we wait.
    expect(vi.getTimerCount()).toBe(0);
    expect(transport.stats().calls.openPty).toBe(1);
    session.dispose();
  });

  it('given a drop that closes with an internal error, should not reconnect', async () => {
    let close: ((event: { error: SandboxError }) => void) | undefined;
    let opened = 0;
    const transport: SandboxTransport = {
      getPreviewLink: async () => ({ url: '' }),
      openPty: async () => {
        opened++;
        return {
          sessionId: 's1',
          write() {},
          resize() {},
          onData: () => toDisposable(() => {}),
          onClose: (listener) => ((close = listener), toDisposable(() => {})),
          dispose() {},
        } satisfies PtyConnection;
      },
    };
    const { session, state, statuses } = setup({ transport });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('connected');
    close!({ error: new SandboxError('internal', 'pty host crashed') });
    expect(state()).toBe('error');
    expect(statuses.at(-1)!.error!.message).toBe('pty host crashed');
    expect(opened).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
    session.dispose();
  });

  it('given a transport without openPty, should be unsupported', () => {
    const { session, state } = setup({ transport: createMemoryTransport({ without: ['pty'] }) });
    session.start();
    expect(state()).toBe('unsupported');
  });

  it('given the shell exits, should report the code, ignore input, and Restart should start a new session', async () => {
    const { session, transport, exits, state, statuses } = setup();
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    session.write('exit 3\r');
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('exited');
    expect(exits).toEqual([3]);
    expect(statuses.at(-1)).toMatchObject({ state: 'exited', exitCode: 3 });
    session.write('ignored');
    session.restart();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('connected');
    const sessions = transport.inspect().sessions;
    expect(sessions).toHaveLength(2);
    expect(sessions[1]!.received).toBe('');
    session.dispose();
  });

  it('given the session vanished while disconnected, should show error, and Retry should start a new one', async () => {
    const { session, transport, state, statuses } = setup({ reconnect: { initialDelayMs: 10, jitter: 0 } });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    transport.disconnect();
    transport.inspect().sessions[0]!.exitCode = 1; // ended on the server while we were away
    await vi.advanceTimersByTimeAsync(10);
    expect(state()).toBe('error');
    expect(statuses.at(-1)!.error!.code).toBe('not_found');
    session.write('rm -rf build\r'); // meant for the shell that is gone
    session.retry();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toBe('connected');
    expect(transport.inspect().sessions).toHaveLength(2);
    expect(transport.inspect().sessions[1]!.received).toBe('');
    session.dispose();
  });

  it('given dispose while openPty is pending, should not leak the connection it resolves with', async () => {
    const { session, transport } = setup({ transport: createMemoryTransport({ latencyMs: 50 }) });
    session.start();
    session.dispose();
    await vi.advanceTimersByTimeAsync(100);
    expect(transport.stats().ptyConnections).toBe(0);
    session.dispose();
  });

  it('given UTF-8 split across chunks, should decode each character once', async () => {
    const bytes = new TextEncoder().encode('é€😀!');
    let emit: (chunk: Uint8Array) => void = () => {};
    const transport: SandboxTransport = {
      getPreviewLink: async () => ({ url: '' }),
      openPty: async (): Promise<PtyConnection> => ({
        sessionId: 's',
        write() {},
        resize() {},
        onData: (l) => ((emit = l), toDisposable(() => {})),
        onClose: () => toDisposable(() => {}),
        dispose() {},
      }),
    };
    const { session, output } = setup({ transport });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    for (const b of bytes) emit(new Uint8Array([b]));
    expect(output.join('')).toBe('é€😀!');
    expect(output).toEqual(['é', '€', '😀', '!']);
  });

  it('given byte output, should hand the screen whole characters only (carrying a split one), and text after a replay', async () => {
    const encoder = new TextEncoder();
    const emits: Array<(chunk: Uint8Array) => void> = [];
    const closes: Array<(e: { error?: SandboxError }) => void> = [];
    const transport: SandboxTransport = {
      getPreviewLink: async () => ({ url: '' }),
      openPty: async (): Promise<PtyConnection> => ({
        sessionId: 's',
        write() {},
        resize() {},
        onData: (l) => (emits.push(l), toDisposable(() => {})),
        onClose: (l) => (closes.push(l), toDisposable(() => {})),
        dispose() {},
      }),
    };
    const screens: Array<string | Uint8Array> = [];
    const texts: string[] = [];
    const session = new PtySession({
      transport,
      sandboxId: 'abc123',
      cols: 80,
      rows: 24,
      reconnect: { initialDelayMs: 10, jitter: 0 },
      listeners: () => ({ onOutput: (data, text) => (texts.push(text()), screens.push(data)), onStatus: () => {} }),
    });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    const dash = encoder.encode('a—b'); // 61 e2 80 94 62
    emits[0]!(dash.subarray(0, 2));
    emits[0]!(dash.subarray(2, 3));
    emits[0]!(dash.subarray(3));
    expect(screens.map((x) => [...(x as Uint8Array)])).toEqual([[0x61], [0xe2, 0x80, 0x94, 0x62]]);
    expect(texts.join('')).toBe('a—b');
    const history = encoder.encode(' a long enough line of history output, over 32 chars\r\n');
    emits[0]!(history);
    expect(screens.at(-1)).toEqual(history);
    closes[0]!({ error: new SandboxError('network', 'drop') });
    await vi.advanceTimersByTimeAsync(10);
    screens.length = 0;
    // The replay (everything again) plus new output whose € is cut at the chunk's end.
    const replay = encoder.encode('a—b a long enough line of history output, over 32 chars\r\nnew €');
    emits[1]!(replay.subarray(0, replay.length - 1));
    emits[1]!(replay.subarray(replay.length - 1));
    expect(screens).toEqual(['new ', encoder.encode('€')]);
    session.dispose();
  });

  it('given a transport that says replayBytes, should drop exactly those bytes across chunks (split characters too) and keep live output that repeats the last lines', async () => {
    const encoder = new TextEncoder();
    const emits: Array<(chunk: Uint8Array | string) => void> = [];
    const closes: Array<(e: { error?: SandboxError }) => void> = [];
    const replays = [0, 0];
    const transport: SandboxTransport = {
      getPreviewLink: async () => ({ url: '' }),
      openPty: async (): Promise<PtyConnection> => ({
        sessionId: 's',
        replayBytes: replays[emits.length],
        write() {},
        resize() {},
        onData: (l) => (emits.push(l), toDisposable(() => {})),
        onClose: (l) => (closes.push(l), toDisposable(() => {})),
        dispose() {},
      }),
    };
    const texts: string[] = [];
    const session = new PtySession({
      transport,
      sandboxId: 'abc123',
      cols: 80,
      rows: 24,
      reconnect: { initialDelayMs: 10, jitter: 0 },
      listeners: () => ({ onOutput: (_data, text) => texts.push(text()), onStatus: () => {} }),
    });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    const shown = '$ ls\r\na—b\r\n$ ';
    emits[0]!(encoder.encode(shown));
    expect(texts.join('')).toBe(shown);
    // Short (under the guess's 32 characters) and ending in what is repeated live.
    const replay = encoder.encode(shown);
    replays[1] = replay.length;
    closes[0]!({ error: new SandboxError('network', 'drop') });
    await vi.advanceTimersByTimeAsync(10);
    texts.length = 0;
    const live = encoder.encode('ls\r\na—b\r\n$ ');
    const stream = new Uint8Array(replay.length + live.length);
    stream.set(replay);
    stream.set(live, replay.length);
    // Chunks that cut the replay inside "—" and cross from replay into live output mid-chunk.
    const dash = shown.indexOf('—') + 3; // bytes: "$ ls\r\na" then e2 80 94
    for (const [from, to] of [[0, dash - 1], [dash - 1, replay.length + 3], [replay.length + 3, replay.length + 8], [replay.length + 8, stream.length]] as const) {
      emits[1]!(stream.subarray(from, to));
    }
    expect(texts.join('')).toBe('ls\r\na—b\r\n$ ');
    // A string chunk is counted in UTF-8 bytes too.
    replays[2] = utf8Length('—x');
    closes[1]!({ error: new SandboxError('network', 'drop') });
    await vi.advanceTimersByTimeAsync(10);
    texts.length = 0;
    emits[2]!('—');
    emits[2]!('x—y');
    expect(texts.join('')).toBe('—y');
    session.dispose();
  });

  it('given a close with a truncated character, should flush the decoder once', async () => {
    let emit: (chunk: Uint8Array) => void = () => {};
    let close: (e: { exitCode?: number }) => void = () => {};
    const transport: SandboxTransport = {
      getPreviewLink: async () => ({ url: '' }),
      openPty: async (): Promise<PtyConnection> => ({
        sessionId: 's',
        write() {},
        resize() {},
        onData: (l) => ((emit = l), toDisposable(() => {})),
        onClose: (l) => ((close = l), toDisposable(() => {})),
        dispose() {},
      }),
    };
    const { session, output, state } = setup({ transport });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    emit(new Uint8Array([0x61, 0xe2, 0x82]));
    close({ exitCode: 0 });
    expect(output).toEqual(['a', '\ufffd']);
    expect(state()).toBe('exited');
  });

  it('given errors thrown as plain values, should map them to SandboxError codes', async () => {
    const transport: SandboxTransport = {
      getPreviewLink: async () => ({ url: '' }),
      openPty: async () => {
        throw new SandboxError('forbidden', 'no shell for you');
      },
    };
    const { session, statuses } = setup({ transport });
    session.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses.at(-1)).toMatchObject({ state: 'error', error: { code: 'forbidden', message: 'no shell for you' } });
  });
});

describe('helpers', () => {
  it('longestPrefixSuffix finds the overlap of a replay with what was shown', () => {
    expect(longestPrefixSuffix('cdefX', 'abcdef')).toBe(4);
    expect(longestPrefixSuffix('abcdef', 'abcdef')).toBe(6);
    expect(longestPrefixSuffix('zzz', 'abc')).toBe(0);
    expect(longestPrefixSuffix('aab', 'aaaa')).toBe(2);
  });
  it('completeLength stops before a character cut at the end', () => {
    const euro = new TextEncoder().encode('a€'); // 61 e2 82 ac
    expect(completeLength(euro)).toBe(4);
    expect(completeLength(euro.subarray(0, 3))).toBe(1);
    expect(completeLength(euro.subarray(0, 2))).toBe(1);
    expect(completeLength(euro.subarray(0, 1))).toBe(1);
    expect(completeLength(new TextEncoder().encode('x😀').subarray(0, 4))).toBe(1);
    expect(completeLength(new TextEncoder().encode('x😀'))).toBe(5);
  });
  it('utf8Length counts bytes', () => {
    expect(utf8Length('a€😀é')).toBe(1 + 3 + 4 + 2);
  });
});
