// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortError, delay, raceAbort } from './abort';

afterEach(() => {
  vi.useRealTimers();
});

describe('abort helpers', () => {
  it('abortError should be an aborted SandboxError carrying the reason', () => {
    const controller = new AbortController();
    controller.abort('gone');
    expect(abortError(controller.signal)).toMatchObject({ code: 'aborted', message: 'Aborted', cause: 'gone' });
  });

  it('raceAbort should settle with the promise, or reject with aborted when the signal fires first, and stop listening', async () => {
    await expect(raceAbort(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    const controller = new AbortController();
    const stop = vi.fn();
    const raced = raceAbort(new Promise(() => {}), controller.signal, stop);
    controller.abort();
    await expect(raced).rejects.toMatchObject({ code: 'aborted' });
    expect(stop).toHaveBeenCalledOnce();
    const pre = new AbortController();
    pre.abort();
    await expect(raceAbort(Promise.reject(new Error('ignored')), pre.signal)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('delay should wait on the given clock, and reject with aborted (clearing the timer) when aborted', async () => {
    vi.useFakeTimers();
    let done = false;
    const waiting = delay(1000).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    const controller = new AbortController();
    const aborted = delay(1000, controller.signal);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'aborted' });
    expect(vi.getTimerCount()).toBe(0);
  });
});
