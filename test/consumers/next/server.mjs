// Next.js in this process, plus the PTY WebSocket: route handlers cannot take
// an `upgrade`, so this server hands upgrades under /api/sandbox to the same
// handler the route handler uses. Everything else is plain Next.
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import next from 'next';
import { sandboxHandler } from './lib/sandbox.js';

const dev = process.env.NODE_ENV !== 'production';
// Next attaches its own `upgrade` listener to `httpServer` (by default the
// server of the first request it handles), and that listener ends every socket
// whose path matches a route: the PTY path is under the
// app/api/sandbox/[...path] catch-all, so it would close the terminal right
// after the sandbox handler accepted it. Next gets a stand-in emitter instead,
// and its upgrade handler is called only for what the sandbox handler leaves
// (in `next dev`, the HMR socket).
const app = next({ dev, dir: import.meta.dirname, httpServer: /** @type {any} */ (new EventEmitter()) });
await app.prepare();
const handle = app.getRequestHandler();
const upgrade = app.getUpgradeHandler();

const server = createServer((req, res) => handle(req, res));
server.on('upgrade', async (req, socket, head) => {
  if (!(await sandboxHandler().handleUpgrade(req, socket, head))) await upgrade(req, socket, head);
});
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1', () => {
  const address = server.address();
  console.log(`ready on http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', async () => {
  await sandboxHandler().close();
  server.close(() => process.exit(0));
});
