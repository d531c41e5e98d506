// What the end-to-end runner and `npm run dev:live` need on the server side,
// bundled from the real source by `load-server.mjs`.
export { createLocalTransport, DEFAULT_PREVIEW_PORTS } from '../../../src/local/index';
export { createSandboxHandler, toNodeListener } from '../../../src/server/index';
