// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from './ansi';
import { BRIDGE_CHANNEL, isFromPreviewFrame, parseBridgeMessage, resolveBridgeNavigation } from './bridge-protocol';
import { emptyHistory, historyReducer, MAX_HISTORY } from './history';
import { LogRingBuffer } from './log-buffer';
import { resolveSandboxAttribute } from './sandbox-attribute';

describe('resolveSandboxAttribute', () => {
  const host = 'https://app.example.com';
  const tokens = (value: string) => value.split(' ');

  it('given a preview on another origin, should allow scripts and same-origin', () => {
    const r = resolveSandboxAttribute('https://3000-abc.proxy.dev/', host);
    expect(tokens(r.value)).toEqual(expect.arrayContaining(['allow-scripts', 'allow-same-origin', 'allow-forms']));
    expect(r.unsafe).toBe(false);
  });

  it('given a preview on the host origin, should never pair allow-scripts with allow-same-origin', () => {
    for (const url of ['https://app.example.com/preview', 'https://app.example.com:443/x', '/relative', 'data:text/html,x', 'about:blank', 'blob:https://app.example.com/1', '', 'not a url']) {
      const r = resolveSandboxAttribute(url, host);
      expect(tokens(r.value), url).toContain('allow-scripts');
      expect(tokens(r.value), url).not.toContain('allow-same-origin');
    }
  });

  it('given no host origin (server rendering), should assume the same origin', () => {
    expect(tokens(resolveSandboxAttribute('https://3000-abc.proxy.dev/', null).value)).not.toContain('allow-same-origin');
  });

  it('given an override, should use it as is and flag the escape when it allows one', () => {
    expect(resolveSandboxAttribute('https://app.example.com/p', host, 'allow-scripts allow-same-origin')).toEqual({ value: 'allow-scripts allow-same-origin', unsafe: true });
    expect(resolveSandboxAttribute('https://other.dev/p', host, 'allow-scripts allow-same-origin').unsafe).toBe(false);
    expect(resolveSandboxAttribute('https://app.example.com/p', host, '').value).toBe('');
  });
});

describe('parseAnsi / stripAnsi', () => {
  it('given SGR colours, should split into styled segments', () => {
    expect(parseAnsi('\x1b[31merror\x1b[0m TS2322')).toEqual([
      { text: 'error', style: { fg: 'red' } },
      { text: ' TS2322', style: {} },
    ]);
    expect(parseAnsi('\x1b[1;92mok\x1b[22m!')).toEqual([
      { text: 'ok', style: { bold: true, fg: 'bright-green' } },
      { text: '!', style: { fg: 'bright-green' } },
    ]);
  });

  it('given 256 and true colour, should give hex colours', () => {
    expect(parseAnsi('\x1b[38;5;196mx')[0]!.style.fg).toBe('#ff0000');
    expect(parseAnsi('\x1b[48;2;1;2;3mx')[0]!.style.bg).toBe('#010203');
    expect(parseAnsi('\x1b[38;2;999;0;0mx')[0]!.style.fg).toBeUndefined();
    expect(parseAnsi('\x1b[38;5mx')[0]!.style.fg).toBeUndefined();
    expect(parseAnsi('\x1b[38;2;1;2mx')[0]!.style.fg).toBeUndefined();
    // The first 16 of the 256 are the named colours.
    expect(parseAnsi('\x1b[38;5;11mx')[0]!.style.fg).toBe('bright-yellow');
  });

  it('given bright backgrounds and a bare reset, should name them and reset', () => {
    expect(parseAnsi('\x1b[103;30mx\x1b[my')).toEqual([
      { text: 'x', style: { bg: 'bright-yellow', fg: 'black' } },
      { text: 'y', style: {} },
    ]);
  });

  it('given cursor moves, OSC hyperlinks and control bytes, should drop them and keep the text', () => {
    const text = '\x1b[2K\x1b[1Gline\x1b]8;;https://e.com\x07link\x1b]8;;\x07\x07\x00 end';
    expect(stripAnsi(text)).toBe('linelink end');
    expect(parseAnsi(text).map((s) => s.text).join('')).toBe('linelink end');
  });

  it('given HTML in a line, should keep it as text', () => {
    expect(parseAnsi('<script>alert(1)</script>')).toEqual([{ text: '<script>alert(1)</script>', style: {} }]);
  });
});

describe('LogRingBuffer', () => {
  const entry = (i: number, level: 'log' | 'error' = 'log') => ({ level, message: `m${i}`, timestamp: i });
  const messages = (b: LogRingBuffer) => Array.from({ length: b.size }, (_, i) => b.get(i)!.message);

  it('given more entries than capacity, should drop the oldest and keep counts right', () => {
    const b = new LogRingBuffer(3);
    b.push([entry(1, 'error'), entry(2), entry(3)]);
    b.push([entry(4), entry(5, 'error')]);
    expect(messages(b)).toEqual(['m3', 'm4', 'm5']);
    expect(b.counts).toMatchObject({ error: 1, log: 2 });
    expect(b.dropped).toBe(2);
    expect(b.get(3)).toBeUndefined();
    // Long after the first compaction, still the newest three in order.
    for (let i = 6; i <= 20; i++) b.push([entry(i, i % 3 ? 'log' : 'error')]);
    expect(messages(b)).toEqual(['m18', 'm19', 'm20']);
    expect(b.counts).toMatchObject({ error: 1, log: 2 });
    expect(b.dropped).toBe(17);
  });

  it('given one batch larger than capacity, should keep only its newest entries', () => {
    const b = new LogRingBuffer(2);
    b.push(Array.from({ length: 10 }, (_, i) => entry(i, i % 2 ? 'error' : 'log')));
    expect(messages(b)).toEqual(['m8', 'm9']);
    expect(b.counts).toMatchObject({ log: 1, error: 1 });
    expect(b.dropped).toBe(8);
  });

  it('given resize and clear, should keep the newest and then empty', () => {
    const b = new LogRingBuffer(5);
    b.push([1, 2, 3, 4, 5].map((i) => entry(i)));
    b.resize(2);
    expect(messages(b)).toEqual(['m4', 'm5']);
    expect(b.counts.log).toBe(2);
    expect(b.dropped).toBe(3);
    b.resize(4);
    b.push([6, 7, 8].map((i) => entry(i)));
    expect(messages(b)).toEqual(['m5', 'm6', 'm7', 'm8']);
    b.clear();
    expect(b.size).toBe(0);
    expect(b.counts.log).toBe(0);
    // The ring takes whole capacities of at least 1: the console clamps `maxEntries` to one
    // ("given maxEntries out of range …" in console.test.tsx), so the ring no longer checks.
  });
});

describe('parseBridgeMessage', () => {
  const base = { channel: BRIDGE_CHANNEL, version: 1 };
  const now = Date.UTC(2026, 0, 1);

  it('given valid envelopes, should return only their known fields', () => {
    expect(parseBridgeMessage({ ...base, type: 'navigate', kind: 'push', url: '/a', extra: 'dropped' })).toEqual({ ...base, type: 'navigate', kind: 'push', url: '/a' });
    expect(parseBridgeMessage({ ...base, type: 'console', level: 'warn', message: 'hi', timestamp: now })).toEqual({ ...base, type: 'console', level: 'warn', message: 'hi', timestamp: now });
    expect(parseBridgeMessage({ ...base, type: 'error', message: 'boom', timestamp: now })).toMatchObject({ type: 'error' });
  });

  it('given malformed payloads, should ignore every one', () => {
    const bad: unknown[] = [
      null,
      'string',
      42,
      [],
      { ...base },
      { ...base, type: 'unknown' },
      { channel: 'other', version: 1, type: 'console', level: 'log', message: 'x', timestamp: now },
      { ...base, version: 2, type: 'console', level: 'log', message: 'x', timestamp: now },
      { ...base, version: '1', type: 'console', level: 'log', message: 'x', timestamp: now },
      { ...base, type: 'console', level: 'trace', message: 'x', timestamp: now },
      { ...base, type: 'console', level: 'log', message: 42, timestamp: now },
      { ...base, type: 'console', level: 'log', message: 'x', timestamp: 'now' },
      { ...base, type: 'console', level: 'log', message: 'x', timestamp: Number.NaN },
      { ...base, type: 'console', level: 'log', message: 'x', timestamp: 1e20 },
      { ...base, type: 'console', level: 'log', message: 'x'.repeat(70_000), timestamp: now },
      { ...base, type: 'navigate', kind: 'teleport', url: '/a' },
      { ...base, type: 'navigate', kind: 'push', url: '' },
      { ...base, type: 'navigate', kind: 'push', url: { href: '/a' } },
      { ...base, type: 'navigate', kind: 'push', url: '/a', title: 7 },
      { ...base, type: 'error', message: 'x' },
      Object.assign(Object.create({ polluted: true }), { ...base, type: 'error', message: 'x', timestamp: now }),
    ];
    for (const data of bad) expect(parseBridgeMessage(data), JSON.stringify(data)?.slice(0, 80)).toBeNull();
  });

  it('given an event, should accept only its frame window and origin', () => {
    const frameWindow = {};
    expect(isFromPreviewFrame({ source: frameWindow as Window, origin: 'null' }, { window: frameWindow, origin: 'null' })).toBe(true);
    expect(isFromPreviewFrame({ source: {} as Window, origin: 'null' }, { window: frameWindow, origin: 'null' })).toBe(false);
    expect(isFromPreviewFrame({ source: frameWindow as Window, origin: 'https://evil.dev' }, { window: frameWindow, origin: 'null' })).toBe(false);
    expect(isFromPreviewFrame({ source: null, origin: 'null' }, { window: null, origin: 'null' })).toBe(false);
  });

  it('given a navigation, should resolve it only within the preview', () => {
    expect(resolveBridgeNavigation('/about', 'https://p.dev/x?token=1')).toBe('https://p.dev/about');
    expect(resolveBridgeNavigation('https://evil.dev/', 'https://p.dev/x')).toBeNull();
    expect(resolveBridgeNavigation('javascript:alert(1)', 'https://p.dev/x')).toBeNull();
    expect(resolveBridgeNavigation('#/todos', 'data:text/html,abc#/about')).toBe('data:text/html,abc#/todos');
    expect(resolveBridgeNavigation('#', 'data:text/html,abc#/about')).toBe('data:text/html,abc');
    expect(resolveBridgeNavigation('data:text/html,evil', 'data:text/html,abc')).toBeNull();
  });
});

describe('historyReducer', () => {
  it('given push, go and observe, should behave like a browser history', () => {
    let h = historyReducer(emptyHistory, { type: 'push', url: 'a' });
    h = historyReducer(h, { type: 'push', url: 'b' });
    h = historyReducer(h, { type: 'push', url: 'c' });
    h = historyReducer(h, { type: 'go', delta: -1 });
    expect(h.entries[h.index]).toBe('b');
    // The page itself went back to a: move, do not push.
    h = historyReducer(h, { type: 'observe', url: 'a' });
    expect(h).toEqual({ entries: ['a', 'b', 'c'], index: 0 });
    h = historyReducer(h, { type: 'push', url: 'd' });
    expect(h).toEqual({ entries: ['a', 'd'], index: 1 });
    h = historyReducer(h, { type: 'observe', url: 'e', replace: true });
    expect(h).toEqual({ entries: ['a', 'e'], index: 1 });
  });

  it('given more than the limit, should drop the oldest', () => {
    let h = emptyHistory;
    for (let i = 0; i < MAX_HISTORY + 5; i++) h = historyReducer(h, { type: 'push', url: String(i) });
    expect(h.entries).toHaveLength(MAX_HISTORY);
    expect(h.entries[0]).toBe('5');
    expect(h.index).toBe(MAX_HISTORY - 1);
  });
});
