import { describe, expect, it } from 'vitest';
import { SandboxError, SANDBOX_ERROR_CODES } from './errors';
import { backoffDelay, DEFAULT_BACKOFF, isRetryableError, RETRYABLE_ERROR_CODES, retryDelay } from './retry';

describe('retry policy', () => {
  it('given each error code, should retry only network, timeout, unavailable and rate_limited', () => {
    const retried = SANDBOX_ERROR_CODES.filter((code) => isRetryableError(new SandboxError(code, code)));
    expect(retried.sort()).toEqual(['network', 'rate_limited', 'timeout', 'unavailable']);
    expect([...RETRYABLE_ERROR_CODES].sort()).toEqual(retried);
  });

  it('given something that is not a SandboxError, should treat it as final', () => {
    expect(isRetryableError(new Error('network'))).toBe(false);
    expect(isRetryableError({ code: 'network' })).toBe(false);
    expect(isRetryableError(undefined)).toBe(false);
    expect(retryDelay(new TypeError('x'), 1)).toBeNull();
  });

  it('given a SandboxError from another copy of the package (same shape, no brand), should still classify it', () => {
    const foreign = Object.assign(new Error('gone'), { name: 'SandboxError', code: 'unavailable' });
    expect(isRetryableError(foreign)).toBe(true);
  });

  it('given no jitter, should grow by the factor and stop at the cap', () => {
    const o = { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, o))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it('given jitter, should stay between (1 - jitter) of the delay and the delay, using the injected random', () => {
    const o = { initialDelayMs: 1_000, maxDelayMs: 60_000, factor: 2, jitter: 0.5 };
    expect(backoffDelay(3, o, () => 0)).toBe(4_000);
    expect(backoffDelay(3, o, () => 1)).toBe(2_000);
    expect(backoffDelay(3, o, () => 0.5)).toBe(3_000);
    // Full jitter may go down to zero, never above the cap.
    expect(backoffDelay(20, { ...o, jitter: 1 }, () => 0)).toBe(60_000);
    expect(backoffDelay(20, { ...o, jitter: 1 }, () => 1)).toBe(0);
  });

  it('given no options, should use the defaults', () => {
    expect(backoffDelay(1, {}, () => 0)).toBe(DEFAULT_BACKOFF.initialDelayMs);
    expect(backoffDelay(100, {}, () => 0)).toBe(DEFAULT_BACKOFF.maxDelayMs);
    expect(backoffDelay(1, { initialDelayMs: undefined, jitter: Number.NaN }, () => 0)).toBe(500);
  });

  it('given a retryable error, should return the backoff; given a final one, null', () => {
    const o = { initialDelayMs: 100, jitter: 0 };
    expect(retryDelay(new SandboxError('network', 'x'), 2, o)).toBe(200);
    expect(retryDelay(new SandboxError('internal', 'x'), 1, o)).toBeNull();
    expect(retryDelay(new SandboxError('not_found', 'x'), 1, o)).toBeNull();
    expect(retryDelay(new SandboxError('aborted', 'x'), 1, o)).toBeNull();
  });

  it('given rate_limited with retryAfterMs, should wait at least that long, even past the cap', () => {
    const o = { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0 };
    expect(retryDelay(new SandboxError('rate_limited', 'slow down', { retryAfterMs: 5_000 }), 1, o)).toBe(5_000);
    // A shorter ask than the backoff does not shorten it.
    expect(retryDelay(new SandboxError('rate_limited', 'slow down', { retryAfterMs: 10 }), 3, o)).toBe(400);
  });
});
