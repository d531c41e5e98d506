/**
 * Wait for a condition, never for a fixed time: poll `read` until it gives a
 * truthy value (which is returned), or fail after `timeoutMs` naming `what`.
 * `read` may be async (a screenshot to compare, a file to stat). No Node or
 * DOM APIs and plain JavaScript, so the tests, the wire tests' browser page
 * and the scripts (scripts/check-consumers.mjs) share it; types in until.d.mts.
 */
export async function until(read, what, timeoutMs = 5000, everyMs = 10) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
