// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { PtyEvents, byteLength } from './pty-events';

const text = (chunks: Array<string | Uint8Array>) => chunks.map((c) => (typeof c === 'string' ? c : new TextDecoder().decode(c))).join('');
const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('PtyEvents', () => {
  it('given output before the first data listener, should hand it over in order, then pass live output straight on', () => {
    const events = new PtyEvents();
    events.deliver('one ');
    events.deliver(new TextEncoder().encode('two '));
    const got: Array<string | Uint8Array> = [];
    events.onData((d) => got.push(d));
    events.deliver('three');
    expect(text(got)).toBe('one two three');
    expect(events.droppedBytes).toBe(0);
  });

  it('given more held output than the bound, should keep the newest bytes and count what it dropped', () => {
    const events = new PtyEvents({ limitBytes: 10 });
    events.deliver('0123456789');
    events.deliver('abcdef');
    events.deliver(new TextEncoder().encode('XYZ'));
    const got: Array<string | Uint8Array> = [];
    events.onData((d) => got.push(d));
    expect(text(got)).toBe('9abcdefXYZ');
    expect(events.droppedBytes).toBe(9);
  });

  it('given a cut inside a multi-byte character, should drop the whole character (never half of one)', () => {
    const events = new PtyEvents({ limitBytes: 4 });
    events.deliver('aé€'); // 1 + 2 + 3 bytes
    const bytes = new PtyEvents({ limitBytes: 4 });
    bytes.deliver(new TextEncoder().encode('aé€'));
    const got: Array<string | Uint8Array> = [];
    events.onData((d) => got.push(d));
    bytes.onData((d) => got.push(d));
    expect(text(got)).toBe('€€');
    expect(events.droppedBytes).toBe(3);
    expect(bytes.droppedBytes).toBe(3);
  });

  it('given an offset and held output dropped, should move replayFrom on by the bytes dropped', () => {
    const events = new PtyEvents({ limitBytes: 8, replayBytes: 6, offset: 100 });
    expect(events.replayFrom).toBe(100);
    events.deliver('abcdef');
    events.deliver('ghij');
    expect(events.replayFrom).toBe(102);
    const got: string[] = [];
    events.onData((d) => got.push(String(d)));
    expect(got.join('')).toBe('cdefghij');
    expect(new PtyEvents().replayFrom).toBeUndefined();
  });

  it('given a replay that is partly dropped while held, should count only the replay that is left', () => {
    const events = new PtyEvents({ limitBytes: 8, replayBytes: 6 });
    events.deliver('REPLAY');
    expect(events.replayBytes).toBe(6);
    events.deliver('live');
    expect(events.replayBytes).toBe(4);
    const got: Array<string | Uint8Array> = [];
    events.onData((d) => got.push(d));
    expect(text(got)).toBe('PLAYlive');
  });

  it('given a close before any close listener, should give it to listeners that attach later, and keep held output readable', async () => {
    const events = new PtyEvents();
    events.deliver('bye\r\n');
    events.close({ exitCode: 7 });
    events.deliver('after the close');
    const closes: unknown[] = [];
    events.onClose((e) => closes.push(e));
    expect(closes).toEqual([]); // not inside the caller's onClose call
    await flush();
    expect(closes).toEqual([{ exitCode: 7 }]);
    const got: Array<string | Uint8Array> = [];
    events.onData((d) => got.push(d));
    expect(text(got)).toBe('bye\r\n');
    expect(events.listenerCount).toBe(0);
  });

  it('given a close with a listener, should fire it once and release the listeners', () => {
    const events = new PtyEvents();
    const closes: unknown[] = [];
    events.onData(() => {});
    events.onClose((e) => closes.push(e));
    events.close({ reason: 'lost' });
    events.close({ exitCode: 1 });
    expect(closes).toEqual([{ reason: 'lost' }]);
    expect(events.listenerCount).toBe(0);
  });

  it('given dispose (a detach), should drop held output and fire nothing, even to a listener disposed late', async () => {
    const events = new PtyEvents();
    events.deliver('held');
    events.close({ exitCode: 0 });
    const closes: unknown[] = [];
    events.onClose((e) => closes.push(e));
    events.dispose();
    await flush();
    const got: unknown[] = [];
    events.onData((d) => got.push(d));
    expect(closes).toEqual([]);
    expect(got).toEqual([]);
  });

  it('should measure strings as UTF-8', () => {
    expect(byteLength('a')).toBe(1);
    expect(byteLength('é')).toBe(2);
    expect(byteLength('€')).toBe(3);
    expect(byteLength('😀')).toBe(4);
    expect(byteLength(new Uint8Array(5))).toBe(5);
  });
});
