/**
 * A real wire for tests: `createHttpTransport` → loopback HTTP server →
 * `createSandboxHandler` → a memory transport. Real fetch, real SSE, real
 * WebSocket (`ws`'s client: Node 20 has no global one).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { createHttpTransport, type HttpTransport, type HttpTransportOptions, type WebSocketConstructor } from '../../src/http/index';
import { createSandboxHandler, toNodeListener, type SandboxHandler, type SandboxHandlerOptions } from '../../src/server/index';
import { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from '../../src/transport/memory';

export const TOKEN = 'test-token-1234';
export const BASE_PATH = '/api/sandbox';

export interface Wire {
  memory: MemoryTransport;
  handler: SandboxHandler;
  server: Server;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `http://127.0.0.1:PORT/api/sandbox` */
  baseUrl: string;
  client(options?: Partial<HttpTransportOptions>): HttpTransport;
  close(): Promise<void>;
}

export async function startWire(
  options: {
    memory?: MemoryTransportOptions;
    handler?: Partial<SandboxHandlerOptions>;
  } = {},
): Promise<Wire> {
  const memory = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0, ...options.memory });
  const handler = createSandboxHandler({
    transport: memory,
    basePath: BASE_PATH,
    authorize: (request) => request.headers.get('authorization') === `Bearer ${TOKEN}`,
    ...options.handler,
  });
  const listener = toNodeListener(handler);
  const server = createServer(listener);
  server.on('upgrade', (req, socket, head) => {
    handler.handleUpgrade(req, socket, head).then((handled) => {
      if (!handled) socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const baseUrl = `${origin}${BASE_PATH}`;
  return {
    memory,
    handler,
    server,
    origin,
    baseUrl,
    client: (o = {}) =>
      createHttpTransport({
        baseUrl,
        WebSocket: WebSocket as unknown as WebSocketConstructor,
        headers: () => ({ Authorization: `Bearer ${TOKEN}` }),
        ...o,
      }),
    async close() {
      await handler.close();
      memory.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { until } from '../support/until.mjs';
