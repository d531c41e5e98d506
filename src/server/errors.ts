/**
 * What an error looks like on the wire. Only a `SandboxError`'s code and its
 * own (short) message cross; anything else becomes a bare `internal` error, so
 * stack traces, upstream bodies and secrets in exception text never leave the
 * server.
 */
import { isSandboxError, statusForCode, type SandboxErrorCode } from '../transport/errors';

export interface WireError {
  status: number;
  body: { error: { code: SandboxErrorCode; message: string; retryAfterMs?: number } };
}

const MAX_MESSAGE = 300;

export function publicError(error: unknown): WireError {
  if (!isSandboxError(error) || error.code === 'internal') {
    return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } } };
  }
  const status =
    typeof error.status === 'number' && error.status >= 400 && error.status <= 599 && error.code !== 'aborted'
      ? error.status
      : statusForCode(error.code);
  const message = error.message.length > MAX_MESSAGE ? `${error.message.slice(0, MAX_MESSAGE)}…` : error.message;
  const retryAfterMs =
    typeof error.retryAfterMs === 'number' && Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0 ? Math.round(error.retryAfterMs) : undefined;
  return { status, body: { error: { code: error.code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) } } };
}
