/**
 * One way to abort: every transport builds its `aborted` error, races a
 * promise against a signal and waits abortably with these. Server-safe.
 */
import { SandboxAbortError } from '../transport/errors';

/** The `aborted` SandboxError for `signal` (its reason is the cause). */
export function abortError(signal?: AbortSignal): SandboxAbortError {
  // The default message, 'Aborted'; the constructor leaves an undefined cause out.
  return new SandboxAbortError(undefined, { cause: signal?.reason });
}

/**
 * `promise`, or an `aborted` rejection as soon as `signal` fires (the work
 * itself is not stopped: pass `onAbort` to stop it). Listeners are removed
 * when either side settles.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort?: () => void): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    onAbort?.();
    promise.catch(() => {});
    return Promise.reject(abortError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => {
      onAbort?.();
      reject(abortError(signal));
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

/** Resolve after `ms`; reject with `aborted` (and clear the timer) if `signal` fires first. */
export function delay(
  ms: number,
  signal?: AbortSignal,
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void } = {
    setTimeout: (fn, t) => globalThis.setTimeout(fn, t),
    clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
  },
): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const abort = () => {
      timers.clearTimeout(handle);
      reject(abortError(signal));
    };
    const handle = timers.setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
