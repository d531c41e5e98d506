// Next.js with a custom server, only so that the PTY WebSocket
// (/api/sandbox/v1/…/pty) can be upgraded: route handlers cannot take an
// `upgrade`. Everything else goes to Next as usual.
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import next from 'next';
import { sandbox } from './lib/sandbox.js';

const dev = process.env.NODE_ENV !== 'production';
// Next attaches its own `upgrade` listener to `httpServer` (by default the
// server of the first request) and ends every socket whose path matches a
// route, which app/api/sandbox/[...path] does for the PTY: give it a stand-in.
const app = next({ dev, httpServer: /** @type {any} */ (new EventEmitter()) });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => handle(req, res));
server.on('upgrade', async (req, socket, head) => {
  // The handler answers only its own paths (basePath /api/sandbox) and leaves
  // the others (Next's HMR socket in dev) alone.
  if (await sandbox().handler.handleUpgrade(req, socket, head)) return;
  await app.getUpgradeHandler()(req, socket, head);
});

const port = Number(process.env.PORT ?? 3000);
// HOST=127.0.0.1 keeps it on loopback; unset, it listens on every interface.
server.listen(port, process.env.HOST, () => console.log(`> http://localhost:${port}`));

// Close PTYs and log streams cleanly on shutdown; Daytona sessions live on.
process.on('SIGTERM', async () => {
  await sandbox().handler.close();
  server.close(() => process.exit(0));
});
