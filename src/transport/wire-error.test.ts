// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SandboxError, SandboxTimeoutError } from './errors';
import { formatRetryAfter, fromWireError, parseRetryAfter, toWireError } from './wire-error';

describe('parseRetryAfter (the one parser for the wire client and Daytona)', () => {
  it('given delta-seconds, whole or decimal, should answer milliseconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 1.5 ')).toBe(1500);
    expect(parseRetryAfter('0')).toBe(0);
  });

  it('given an HTTP date, should answer the time left (never negative)', () => {
    const now = Date.parse('Wed, 02 Dec 2026 12:00:00 GMT');
    expect(parseRetryAfter('Wed, 02 Dec 2026 12:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 02 Dec 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('given nothing or garbage, should answer undefined (not a date parsed out of a number)', () => {
    for (const value of [undefined, null, '', '   ', '-3', '1.5s', 'soon', '12abc']) expect(parseRetryAfter(value)).toBeUndefined();
  });

  it('should format whole seconds, rounded up', () => {
    expect(formatRetryAfter(1)).toBe('1');
    expect(formatRetryAfter(1500)).toBe('2');
  });
});

describe('toWireError / fromWireError', () => {
  it('given a timeout, from any source, should answer 504', () => {
    expect(new SandboxTimeoutError().status).toBe(504);
    expect(toWireError(new SandboxTimeoutError('slow')).status).toBe(504);
    expect(toWireError(new SandboxError('timeout', 'upstream 408', { status: 408 })).status).toBe(504);
  });

  it('given a plain error or an internal one, should send a bare internal error', () => {
    expect(toWireError(new Error('password=hunter2'))).toEqual({ status: 500, body: { error: { code: 'internal', message: 'Internal error' } } });
    expect(toWireError(new SandboxError('internal', 'db at 10.0.0.3 down')).body.error.message).toBe('Internal error');
  });

  it('should round-trip code, message and retryAfterMs; a header wins over the body', () => {
    const wire = toWireError(new SandboxError('rate_limited', 'slow down', { retryAfterMs: 1200.4 }));
    expect(wire).toEqual({ status: 429, body: { error: { code: 'rate_limited', message: 'slow down', retryAfterMs: 1200 } } });
    const back = fromWireError(wire.body, wire.status);
    expect(back).toMatchObject({ code: 'rate_limited', message: 'slow down', retryAfterMs: 1200, status: 429 });
    expect(fromWireError(wire.body, wire.status, 3000).retryAfterMs).toBe(3000);
    expect(fromWireError({ error: { code: 'nonsense' } }, 503)).toMatchObject({ code: 'unavailable', message: 'Request failed with HTTP 503' });
  });
});
