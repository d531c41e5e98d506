// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WS_PROTOCOL } from '../../src/http/protocol';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createSandboxHandler } from '../../src/server/index';
import { createMemoryTransport } from '../../src/transport/memory';
import { TOKEN } from './harness';

/** The WebSocketServers that took an upgrade (the real class, its method wrapped). */
const servers = new Set<WebSocketServer>();
const realHandleUpgrade = WebSocketServer.prototype.handleUpgrade;
beforeAll(() => {
  WebSocketServer.prototype.handleUpgrade = function (this: WebSocketServer, ...args: Parameters<WebSocketServer['handleUpgrade']>) {
    servers.add(this);
    return realHandleUpgrade.apply(this, args);
  };
});
afterAll(() => {
  WebSocketServer.prototype.handleUpgrade = realHandleUpgrade;
});

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, [WS_PROTOCOL], { headers: { Authorization: `Bearer ${TOKEN}` } });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('PTY upgrades at start-up', () => {
  it('given upgrades handed over in the same tick before any server exists, should create one WebSocketServer for all', async () => {
    const memory = createMemoryTransport({ logIntervalMs: 0 });
    const handler = createSandboxHandler({
      transport: memory,
      basePath: '/api',
      authorize: (request) => request.headers.get('authorization') === `Bearer ${TOKEN}`,
    });
    server = createServer();
    // Hold the upgrades until all three are here, then give them to the handler together,
    // as a busy server does at start-up.
    const held: Array<[IncomingMessage, Duplex, Buffer]> = [];
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      held.push([req, socket, head]);
      if (held.length === 3) for (const [r, s, h] of held) void handler.handleUpgrade(r, s, h);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const url = `ws://127.0.0.1:${port}/api/v1/sandboxes/abc123/pty?cols=80&rows=24`;
    const sockets = await Promise.all([open(url), open(url), open(url)]);
    expect(servers.size).toBe(1);
    expect(handler.stats().ptySockets).toBe(3);
    for (const s of sockets) s.close();
    await handler.close();
    memory.dispose();
  });
});
