/**
 * Fake time for jsdom component tests that must prove that nothing happened
 * over a stretch of time (no retry, no refresh, nothing left running after
 * unmount), instead of sleeping on the real clock and hoping the machine was
 * fast enough for the wrong thing to show up.
 */
import { act } from '@testing-library/react';
import { vi } from 'vitest';

/**
 * Every clock a component runs on (timeouts, intervals, animation frames),
 * faked. Install it before rendering: a timer started on the real clock
 * escapes it. Undo with `vi.useRealTimers()` (in an `afterEach`).
 */
export function fakeClock(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'requestAnimationFrame', 'cancelAnimationFrame'] });
}

/**
 * Let `ms` pass on the fake clock, running every timer and promise due
 * meanwhile. In steps of at most 25 ms, each its own `act`: React renders what
 * the timers changed when an act ends, and that render can start more timers
 * (a frame loop, a retry) that must run within the same stretch.
 */
export async function elapse(ms: number): Promise<void> {
  let left = ms;
  do {
    const step = Math.min(25, left);
    await act(async () => void (await vi.advanceTimersByTimeAsync(step)));
    left -= step;
  } while (left > 0);
}
