// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  SANDBOX_ERROR_CODES,
  SandboxError,
  SandboxNotFoundError,
  SandboxRateLimitError,
  codeForStatus,
  isSandboxError,
  statusForCode,
  toSandboxError,
  throwIfAborted,
  unsupported,
} from './errors';

describe('SandboxError', () => {
  it('given a code, message and options, should keep them all', () => {
    const cause = new Error('upstream');
    const error = new SandboxError('rate_limited', 'slow down', { status: 429, retryAfterMs: 1500, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('rate_limited');
    expect(error.message).toBe('slow down');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(1500);
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ code: 'rate_limited', message: 'slow down', status: 429, retryAfterMs: 1500 });
  });

  it('given the subclasses, should carry the code and status that mirror the Daytona SDK', () => {
    expect(new SandboxNotFoundError()).toMatchObject({ code: 'not_found', status: 404, name: 'SandboxNotFoundError' });
    expect(new SandboxRateLimitError('x', { retryAfterMs: 10 })).toMatchObject({ code: 'rate_limited', status: 429, retryAfterMs: 10 });
  });

  it('given an error from another copy of the package, should still be recognised', () => {
    const foreign = Object.assign(new Error('gone'), { name: 'SandboxError', code: 'not_found' });
    expect(isSandboxError(foreign)).toBe(true);
    const branded = { [Symbol.for('sandbox-elements.SandboxError')]: true, code: 'internal', message: 'x' };
    expect(isSandboxError(branded)).toBe(true);
    expect(isSandboxError(new Error('plain'))).toBe(false);
    expect(isSandboxError({ code: 'bogus', name: 'SandboxError', message: 'x' })).toBe(false);
    expect(isSandboxError(null)).toBe(false);
  });

  it('given anything thrown, toSandboxError should wrap it and keep the cause', () => {
    const plain = new Error('boom');
    const wrapped = toSandboxError(plain);
    expect(wrapped.code).toBe('internal');
    expect(wrapped.message).toBe('boom');
    expect(wrapped.cause).toBe(plain);
    expect(toSandboxError('text', 'network').code).toBe('network');
    const abort = new DOMException('stop', 'AbortError');
    expect(toSandboxError(abort).code).toBe('aborted');
    const already = new SandboxError('conflict', 'c');
    expect(toSandboxError(already)).toBe(already);
  });

  it('given every code, statusForCode and codeForStatus should round-trip', () => {
    for (const code of SANDBOX_ERROR_CODES) expect(codeForStatus(statusForCode(code))).toBe(code);
    expect(codeForStatus(418)).toBe('internal');
    expect(codeForStatus(408)).toBe('timeout');
  });

  it('given an aborted signal, throwIfAborted should throw aborted', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    controller.abort();
    expect(() => throwIfAborted(controller.signal)).toThrow(expect.objectContaining({ code: 'aborted' }));
    expect(unsupported('logs')).toMatchObject({ code: 'unsupported', message: expect.stringContaining('logs') });
  });
});
