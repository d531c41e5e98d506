/**
 * The one retry policy: which failures are worth another try, and how long to
 * wait before it. Everything that reconnects by itself (the terminal, the log
 * stream, the VNC display, the screenshot loop, the HTTP client) asks here, so
 * they agree on both.
 */
import { isSandboxError, type SandboxErrorCode } from './errors';

/**
 * Failures a later attempt can fix: the connection dropped, the other side was
 * slow, busy or rate-limiting. Every other code needs the user (a refusal, bad
 * input, a missing sandbox) or a code change (`internal`), so retrying it only
 * delays the error.
 */
export const RETRYABLE_ERROR_CODES: readonly SandboxErrorCode[] = ['network', 'timeout', 'unavailable', 'rate_limited'];

/** True when `error` is a `SandboxError` whose code is in `RETRYABLE_ERROR_CODES`. */
export function isRetryableError(error: unknown): boolean {
  return isSandboxError(error) && (RETRYABLE_ERROR_CODES as readonly string[]).includes(error.code);
}

/** How a reconnect backs off: exponential from `initialDelayMs`, capped, partly random. */
export interface BackoffOptions {
  /** Delay before the first retry, ms. @default 500 */
  initialDelayMs?: number;
  /** Cap on any one delay, ms (a server's `retryAfterMs` may ask for longer). @default 15000 */
  maxDelayMs?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Fraction of each delay that is random (0 = none, 1 = "full jitter"). @default 0.5 */
  jitter?: number;
}

/** The backoff every reconnecting part uses unless told otherwise. */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = {
  initialDelayMs: 500,
  maxDelayMs: 15_000,
  factor: 2,
  jitter: 0.5,
};

/**
 * The delay before retry `attempt` (1-based): `initialDelayMs · factor^(attempt-1)`,
 * capped at `maxDelayMs`, of which the `jitter` fraction is random (so many
 * clients dropped together do not come back together). Never more than the cap,
 * never less than `(1 - jitter)` of it. `random` is injectable for tests.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = finiteOr(options.initialDelayMs, DEFAULT_BACKOFF.initialDelayMs);
  const max = finiteOr(options.maxDelayMs, DEFAULT_BACKOFF.maxDelayMs);
  const factor = finiteOr(options.factor, DEFAULT_BACKOFF.factor);
  const jitter = Math.min(1, Math.max(0, finiteOr(options.jitter, DEFAULT_BACKOFF.jitter)));
  const base = Math.max(0, Math.min(max, initial * factor ** Math.max(0, attempt - 1)));
  return Math.round(base * (1 - jitter * random()));
}

/**
 * The delay before retry `attempt` after `error`, or `null` when the error is
 * final. A server's `retryAfterMs` (from `Retry-After`) is honoured: the delay
 * is never shorter than what it asked for.
 */
export function retryDelay(error: unknown, attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number | null {
  if (!isRetryableError(error)) return null;
  const delay = backoffDelay(attempt, options, random);
  const asked = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof asked === 'number' && Number.isFinite(asked) && asked > delay ? Math.ceil(asked) : delay;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}
