/** Polls `read` until it gives a truthy value (returned), or fails after `timeoutMs` naming `what` (see until.mjs). */
export function until<T>(
  read: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs?: number,
  everyMs?: number,
): Promise<T>;
