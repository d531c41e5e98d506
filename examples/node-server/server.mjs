#!/usr/bin/env node
// A sandbox server on 127.0.0.1: the simulated sandbox (memory transport) behind
// createSandboxHandler, with a random bearer token printed once. Point the
// Storybook (or any app using createHttpTransport) at it:
//
//   npm run build && PORT=8787 node examples/node-server/server.mjs
//   STORYBOOK_SANDBOX_URL=… STORYBOOK_SANDBOX_TOKEN=… npm run storybook
//
// Swap createMemoryTransport() for createDaytonaTransport({ daytona }) or
// createLocalTransport() to serve a real sandbox the same way.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { createMemoryTransport, createSandboxHandler, toNodeListener } from 'sandbox-elements/server';

const host = '127.0.0.1'; // loopback only: this server hands out a shell
const port = Number(process.env.PORT ?? 8787);
const basePath = '/api/sandbox';
const token = process.env.SANDBOX_TOKEN || randomBytes(24).toString('base64url');
const expected = Buffer.from(`Bearer ${token}`);
const origins = (process.env.CORS_ORIGINS ?? 'http://localhost:6006,http://127.0.0.1:6006').split(',').filter(Boolean);

const transport = createMemoryTransport({ logIntervalMs: Number(process.env.LOG_INTERVAL_MS ?? 1000) });
const handler = createSandboxHandler({
  transport,
  basePath,
  // Deny by default: only requests carrying the token printed below get through.
  authorize: (request) => {
    const given = Buffer.from(request.headers.get('authorization') ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  },
  // A simulated sandbox is safe to expose whole; think twice before doing this with a real one.
  expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'],
  // Storybook runs on another port, so it is another origin.
  cors: { origins },
});

const server = createServer(toNodeListener(handler));
server.on('upgrade', async (req, socket, head) => {
  if (!(await handler.handleUpgrade(req, socket, head))) socket.destroy();
});
server.listen(port, host, () => {
  const { port: actual } = server.address();
  console.log(`sandbox server on http://${host}:${actual}${basePath} (sandbox "abc123", CORS for ${origins.join(', ')})`);
  console.log(`STORYBOOK_SANDBOX_URL=http://${host}:${actual}${basePath}`);
  console.log(`STORYBOOK_SANDBOX_TOKEN=${token}`);
  console.log('STORYBOOK_SANDBOX_ID=abc123');
});

const stop = async () => {
  await handler.close();
  transport.dispose();
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
