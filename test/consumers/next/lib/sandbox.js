// @ts-check
// One sandbox handler per process, shared by the route handler (bundled by
// Next) and server.mjs (loaded by Node): two copies of this module, one handler.
import { createMemoryTransport, createSandboxHandler } from 'sandbox-elements/server';

const KEY = Symbol.for('consumer-next.sandbox-handler');

/** @returns {import('sandbox-elements/server').SandboxHandler} */
export function sandboxHandler() {
  const store = /** @type {Record<symbol, import('sandbox-elements/server').SandboxHandler | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (store[KEY] ??= createSandboxHandler({
    transport: createMemoryTransport(),
    basePath: '/api/sandbox',
    // A real app checks the user's session here.
    authorize: () => true,
  }));
}
