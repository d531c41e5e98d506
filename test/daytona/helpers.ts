import dc from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { Daytona } from '@daytonaio/sdk';
import { createDaytonaTransport, type DaytonaTransportOptions } from '../../src/daytona/index';
import { API_KEY, startFakeDaytona, type FakeDaytona } from './fake-daytona';

/**
 * The real SDK client pointed at the fake. `useDeprecatedPolling` keeps the
 * SDK from opening its Socket.IO event stream (`/api/socket.io/`), which the
 * fake does not speak; state changes are then polled with `GET /sandbox/{id}`.
 * OpenTelemetry stays off (it is off unless asked for).
 */
export function makeDaytona(apiUrl: string): Daytona {
  return new Daytona({ apiKey: API_KEY, apiUrl, target: 'us', useDeprecatedPolling: true, otelEnabled: false });
}

export interface Harness {
  fake: FakeDaytona;
  daytona: Daytona;
  transport: ReturnType<typeof createDaytonaTransport>;
  cleanup(): Promise<void>;
}

export async function startHarness(options: Omit<DaytonaTransportOptions, 'daytona'> = {}, fakeOptions?: Parameters<typeof startFakeDaytona>[0]): Promise<Harness> {
  const fake = await startFakeDaytona(fakeOptions);
  const daytona = makeDaytona(fake.apiUrl);
  const transport = createDaytonaTransport({ daytona, ...options });
  return {
    fake,
    daytona,
    transport,
    async cleanup() {
      transport.dispose();
      await daytona[Symbol.asyncDispose]();
      await fake.close();
    },
  };
}

/**
 * Records the remote end of every outgoing TCP socket the process opens
 * (Node's `net.client.socket` diagnostics channel sees `http`, `ws` and
 * undici's fetch/WebSocket alike), so a test can assert that nothing left
 * the loopback.
 */
export function watchOutgoingSockets(): { destinations: () => string[]; stop: () => void } {
  const seen: string[] = [];
  const onSocket = (message: unknown) => {
    const socket = (message as { socket: Socket }).socket;
    socket.once('connect', () => seen.push(`${socket.remoteAddress}:${socket.remotePort}`));
    socket.once('error', (error: NodeJS.ErrnoException & { address?: string; port?: number }) => {
      if (error.address) seen.push(`${error.address}:${error.port}`);
    });
  };
  dc.subscribe('net.client.socket', onSocket);
  return { destinations: () => [...seen], stop: () => dc.unsubscribe('net.client.socket', onSocket) };
}

export { until } from '../support/until.mjs';
