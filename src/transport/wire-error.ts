/**
 * What an error looks like on the wire, both ways: the server turns any
 * thrown value into a `WireError` (`toWireError`), the client turns the body
 * back into a `SandboxError` (`fromWireError`). Only a `SandboxError`'s code
 * and its own (short) message cross; anything else becomes a bare `internal`
 * error, so stack traces, upstream bodies and secrets never leave the server.
 * No imports beyond the error family: it ships in the browser entry too.
 */
import { SANDBOX_ERROR_CODES, SandboxError, codeForStatus, isSandboxError, statusForCode, type SandboxErrorCode } from './errors';

/** The JSON error body: `{ error: { code, message, retryAfterMs? } }`. */
export interface WireErrorBody {
  error: { code: SandboxErrorCode; message: string; retryAfterMs?: number };
}

export interface WireError {
  status: number;
  body: WireErrorBody;
}

const MAX_MESSAGE = 300;

/** The HTTP status and body for anything thrown on the server. `timeout` is always 504. */
export function toWireError(error: unknown): WireError {
  if (!isSandboxError(error) || error.code === 'internal') {
    return { status: 500, body: { error: { code: 'internal', message: 'Internal error' } } };
  }
  const own = error.status;
  const status =
    typeof own === 'number' && own >= 400 && own <= 599 && error.code !== 'aborted' && error.code !== 'timeout' ? own : statusForCode(error.code);
  const message = error.message.length > MAX_MESSAGE ? `${error.message.slice(0, MAX_MESSAGE)}…` : error.message;
  const retryAfterMs =
    typeof error.retryAfterMs === 'number' && Number.isFinite(error.retryAfterMs) && error.retryAfterMs >= 0 ? Math.round(error.retryAfterMs) : undefined;
  return { status, body: { error: { code: error.code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) } } };
}

/**
 * A `SandboxError` from an error body `{ error: { code, message, retryAfterMs } }`
 * (or its inner object). An unknown code falls back to the one `status` means;
 * `retryAfterMs` (from a `Retry-After` header) wins over the body's.
 */
export function fromWireError(body: unknown, status: number, retryAfterMs?: number): SandboxError {
  const inner = (body as { error?: unknown } | null | undefined)?.error ?? body;
  const e = (typeof inner === 'object' && inner !== null ? inner : {}) as Record<string, unknown>;
  const code = (SANDBOX_ERROR_CODES as readonly string[]).includes(e.code as string) ? (e.code as SandboxErrorCode) : codeForStatus(status);
  const message = typeof e.message === 'string' && e.message ? e.message : `Request failed with HTTP ${status}`;
  // The constructor leaves an undefined retryAfterMs out.
  return new SandboxError(code, message, { status, retryAfterMs: retryAfterMs ?? (typeof e.retryAfterMs === 'number' ? e.retryAfterMs : undefined) });
}

/** `Retry-After` as milliseconds: delta-seconds (decimals allowed) or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Only a date with a weekday-or-month name is an HTTP date; "1.5s" or "-3" is not.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The `Retry-After` header value (whole seconds, rounded up) for `retryAfterMs`. */
export function formatRetryAfter(retryAfterMs: number): string {
  return String(Math.ceil(retryAfterMs / 1000));
}
