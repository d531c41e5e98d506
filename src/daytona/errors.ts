/**
 * Daytona's errors, mapped onto `SandboxError` codes.
 *
 * The SDK throws `DaytonaError` subclasses (`DaytonaNotFoundError`,
 * `DaytonaRateLimitError`, …) carrying `statusCode` and the response
 * `headers`. We read those fields by shape, never by `instanceof`: the SDK is
 * an optional peer and may be a different copy than the one a test or an app
 * constructs. `Retry-After` lives only in `headers` (there is no `retryAfter`
 * field), as seconds or as an HTTP date.
 */
import {
  SandboxError,
  codeForStatus,
  isAbortError,
  isSandboxError,
  toSandboxError,
  type SandboxErrorCode,
} from '../transport/errors';
import { parseRetryAfter } from '../transport/wire-error';

interface DaytonaErrorShape {
  name?: unknown;
  message?: unknown;
  statusCode?: unknown;
  headers?: unknown;
  code?: unknown;
}

/** Errors the SDK raises before any response, by class name. */
const CODE_BY_NAME: Record<string, SandboxErrorCode> = {
  DaytonaConnectionTimeoutError: 'timeout',
  DaytonaConnectionError: 'network',
  DaytonaTimeoutError: 'timeout',
  DaytonaProcessExecutionTimeoutError: 'timeout',
  DaytonaInvalidArgumentError: 'invalid_request',
  DaytonaValidationError: 'invalid_request',
  DaytonaBadRequestError: 'invalid_request',
  DaytonaAuthenticationError: 'unauthorized',
  DaytonaAuthorizationError: 'forbidden',
  DaytonaForbiddenError: 'forbidden',
  DaytonaNotFoundError: 'not_found',
  DaytonaFileNotFoundError: 'not_found',
  DaytonaProcessNotFoundError: 'not_found',
  DaytonaRateLimitError: 'rate_limited',
  DaytonaConflictError: 'conflict',
  DaytonaGoneError: 'not_found',
  DaytonaServiceUnavailableError: 'unavailable',
  DaytonaBadGatewayError: 'network',
};

/** Node's socket error codes that mean "could not reach the server". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Read one header from a plain object, a `Headers` or an `AxiosHeaders`, case-insensitively. */
export function readHeader(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: unknown } & Record<string, unknown>;
  if (typeof h.get === 'function') {
    const value = (h.get as (n: string) => unknown).call(headers, name);
    if (value !== undefined && value !== null && value !== false) return String(value);
  }
  const lower = name.toLowerCase();
  for (const key of Object.keys(h)) {
    if (key.toLowerCase() === lower) {
      const value = h[key];
      if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
      if (value !== undefined && value !== null) return String(value);
    }
  }
  return undefined;
}

// One `Retry-After` parser for the wire and Daytona; re-exported here, where it was public first.
export { parseRetryAfter };

/** Map anything the SDK (or a socket) threw to a `SandboxError`, keeping it as `cause`. */
export function toDaytonaSandboxError(error: unknown, context?: string): SandboxError {
  if (isSandboxError(error)) return error;
  if (isAbortError(error)) return toSandboxError(error);
  const e = (typeof error === 'object' && error !== null ? error : {}) as DaytonaErrorShape;
  const raw = typeof e.message === 'string' && e.message ? e.message : typeof error === 'string' ? error : 'Unknown Daytona error';
  const message = context ? `${context}: ${raw}` : raw;
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const name = typeof e.name === 'string' ? e.name : '';
  let code: SandboxErrorCode;
  if (status !== undefined) code = codeForStatus(status);
  else if (name in CODE_BY_NAME) code = CODE_BY_NAME[name]!;
  else if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) code = 'network';
  else code = 'internal';
  const retryAfterMs = code === 'rate_limited' || code === 'unavailable' ? parseRetryAfter(readHeader(e.headers, 'retry-after')) : undefined;
  return new SandboxError(code, message, {
    ...(status !== undefined ? { status } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    cause: error,
  });
}
