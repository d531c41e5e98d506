// @vitest-environment node
// The full stack a host app runs: browser-side HTTP transport → createSandboxHandler → Daytona transport → @daytonaio/sdk → fake Daytona API, all on loopback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { describeTransportConformance } from '../conformance';
import { createSandboxHandler, toNodeListener } from '../../src/server/index';
import { createHttpTransport } from '../../src/http/index';
import { startHarness } from './helpers';

describeTransportConformance('http → handler → daytona (real SDK against the fake Daytona API)', async () => {
  const h = await startHarness();
  const handler = createSandboxHandler({ transport: h.transport, authorize: () => true, expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'] });
  const server = http.createServer(toNodeListener(handler));
  server.on('upgrade', (req, socket, head) => void handler.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const transport = createHttpTransport({ baseUrl: `http://127.0.0.1:${port}`, WebSocket: WebSocket as never });
  return {
    transport, sandboxId: 'abc123',
    emitLogs: (m) => h.fake.emitLogs('abc123', m),
    cleanup: async () => { await handler.close(); server.closeAllConnections(); await new Promise((r) => server.close(r)); await h.cleanup(); },
  };
}, { capabilities: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'] });
