/**
 * Every failure crossing the transport is a `SandboxError` with a stable
 * `code`. Branch on `code` (or `isSandboxError`), never on `instanceof`: two
 * copies of this package in one app break `instanceof`.
 */

export type SandboxErrorCode =
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'timeout'
  | 'unavailable'
  | 'unsupported'
  | 'invalid_request'
  | 'conflict'
  | 'aborted'
  | 'network'
  | 'internal';

export const SANDBOX_ERROR_CODES: readonly SandboxErrorCode[] = [
  'not_found',
  'unauthorized',
  'forbidden',
  'rate_limited',
  'timeout',
  'unavailable',
  'unsupported',
  'invalid_request',
  'conflict',
  'aborted',
  'network',
  'internal',
];

export interface SandboxErrorOptions {
  /** The HTTP status the error maps to. @default undefined (the subclasses set theirs, e.g. 404 for `SandboxNotFoundError`) */
  status?: number;
  /** How long to wait before retrying, from a `Retry-After` (`rate_limited`, `unavailable`). @default undefined */
  retryAfterMs?: number;
  /** The error this one wraps. @default undefined */
  cause?: unknown;
}

const BRAND = Symbol.for('sandbox-elements.SandboxError');

export class SandboxError extends Error {
  readonly code: SandboxErrorCode;
  readonly status?: number;
  readonly retryAfterMs?: number;
  declare readonly cause?: unknown;
  readonly [BRAND] = true;

  constructor(code: SandboxErrorCode, message: string, options: SandboxErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SandboxError';
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** A plain object safe to log or send over the wire (no stack, no cause). */
  toJSON(): { code: SandboxErrorCode; message: string; status?: number; retryAfterMs?: number } {
    return {
      code: this.code,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }
}

// Subclasses mirror the Daytona SDK's names so code ported from it reads the same.
export class SandboxNotFoundError extends SandboxError {
  constructor(message = 'Sandbox not found', options?: SandboxErrorOptions) {
    super('not_found', message, { status: 404, ...options });
    this.name = 'SandboxNotFoundError';
  }
}
export class SandboxUnauthorizedError extends SandboxError {
  constructor(message = 'Unauthorized', options?: SandboxErrorOptions) {
    super('unauthorized', message, { status: 401, ...options });
    this.name = 'SandboxUnauthorizedError';
  }
}
export class SandboxForbiddenError extends SandboxError {
  constructor(message = 'Forbidden', options?: SandboxErrorOptions) {
    super('forbidden', message, { status: 403, ...options });
    this.name = 'SandboxForbiddenError';
  }
}
export class SandboxRateLimitError extends SandboxError {
  constructor(message = 'Rate limited', options?: SandboxErrorOptions) {
    super('rate_limited', message, { status: 429, ...options });
    this.name = 'SandboxRateLimitError';
  }
}
export class SandboxTimeoutError extends SandboxError {
  constructor(message = 'Timed out', options?: SandboxErrorOptions) {
    super('timeout', message, { status: 504, ...options });
    this.name = 'SandboxTimeoutError';
  }
}
export class SandboxUnsupportedError extends SandboxError {
  constructor(message = 'Not supported by this transport', options?: SandboxErrorOptions) {
    super('unsupported', message, { status: 501, ...options });
    this.name = 'SandboxUnsupportedError';
  }
}
export class SandboxValidationError extends SandboxError {
  constructor(message: string, options?: SandboxErrorOptions) {
    super('invalid_request', message, { status: 400, ...options });
    this.name = 'SandboxValidationError';
  }
}
export class SandboxAbortError extends SandboxError {
  constructor(message = 'Aborted', options?: SandboxErrorOptions) {
    super('aborted', message, options);
    this.name = 'SandboxAbortError';
  }
}

/** True for any `SandboxError`, from any copy of this package. */
export function isSandboxError(value: unknown): value is SandboxError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] === true) return true;
  const v = value as { name?: unknown; code?: unknown; message?: unknown };
  return (
    typeof v.message === 'string' &&
    typeof v.code === 'string' &&
    (SANDBOX_ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.name === 'string' &&
    v.name.startsWith('Sandbox')
  );
}

/** The HTTP status that best carries `code`. */
export function statusForCode(code: SandboxErrorCode): number {
  switch (code) {
    case 'not_found': return 404;
    case 'unauthorized': return 401;
    case 'forbidden': return 403;
    case 'rate_limited': return 429;
    case 'timeout': return 504;
    case 'unavailable': return 503;
    case 'unsupported': return 501;
    case 'invalid_request': return 400;
    case 'conflict': return 409;
    case 'aborted': return 499;
    case 'network': return 502;
    case 'internal': return 500;
  }
}

/** The code an HTTP status means. */
export function codeForStatus(status: number): SandboxErrorCode {
  if (status === 400 || status === 413 || status === 422) return 'invalid_request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 499) return 'aborted';
  if (status === 501) return 'unsupported';
  if (status === 502) return 'network';
  if (status === 503) return 'unavailable';
  return 'internal';
}

/** Wrap anything thrown into a `SandboxError`, keeping the original as `cause`. */
export function toSandboxError(error: unknown, fallback: SandboxErrorCode = 'internal'): SandboxError {
  if (isSandboxError(error)) return error;
  if (isAbortError(error)) return new SandboxAbortError('Aborted', { cause: error });
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'Unknown error';
  return new SandboxError(fallback, message || 'Unknown error', { cause: error });
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' || (error as { code?: unknown }).code === 'aborted')
  );
}

/** Throw an `aborted` SandboxError if `signal` has fired. */
export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new SandboxAbortError('Aborted', { cause: signal.reason });
}

/** The error a transport lacking `capability` reports. */
export function unsupported(capability: string): SandboxError {
  return new SandboxUnsupportedError(`This transport does not support ${capability}`);
}
