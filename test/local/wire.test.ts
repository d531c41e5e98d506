// @vitest-environment node
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { createHttpTransport, type WebSocketConstructor } from '../../src/http/index';
import { createSandboxHandler, toNodeListener } from '../../src/server/index';
import { describeTransportConformance } from '../conformance/index';
import { makeLocal, shellQuote } from './helpers';

const TOKEN = 'local-wire-token';

describeTransportConformance(
  'http → handler → local (real HTTP, SSE and WebSocket on 127.0.0.1, real processes)',
  async () => {
    const local = makeLocal();
    const handler = createSandboxHandler({
      transport: local.transport,
      basePath: '/api/sandbox',
      expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files'],
      authorize: (request) => request.headers.get('authorization') === `Bearer ${TOKEN}`,
    });
    const server = createServer(toNodeListener(handler));
    server.on('upgrade', (req, socket, head) => {
      void handler.handleUpgrade(req, socket, head).then((handled) => handled || socket.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const transport = createHttpTransport({
      baseUrl: `http://127.0.0.1:${port}/api/sandbox`,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      headers: { Authorization: `Bearer ${TOKEN}` },
      capabilities: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files'],
    });
    return {
      transport,
      sandboxId: 'local',
      filesDir: local.root,
      emitLogs: async (messages) => {
        await local.transport.startProcess({ sessionId: 'conformance', command: `printf '%s\\n' ${messages.map(shellQuote).join(' ')}` });
      },
      // What the local transport holds, seen through the wire: closing the client's stream or socket must release it.
      stats: () => local.transport.stats(),
      cleanup: async () => {
        await handler.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await local.cleanup();
      },
    };
  },
  { capabilities: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files'], leakChecks: true, timeoutMs: 20_000 },
);
