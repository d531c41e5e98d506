/**
 * Wait for a condition, never for a fixed time: poll `read` until it gives a
 * truthy value (which is returned), or fail after `timeoutMs` naming `what`.
 * `read` may be async (a screenshot to compare, a file to stat). No Node or
 * DOM APIs, so the browser page of the wire tests uses it too.
 */
export async function until<T>(
  read: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 5000,
  everyMs = 10,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
