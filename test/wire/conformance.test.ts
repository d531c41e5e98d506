// @vitest-environment node
import { describeTransportConformance } from '../conformance';
import { startWire } from './harness';

describeTransportConformance(
  'http → handler → memory (real HTTP, SSE and WebSocket on 127.0.0.1)',
  async () => {
    const wire = await startWire({
      handler: { expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'] },
    });
    return {
      transport: wire.client(),
      sandboxId: 'abc123',
      emitLogs: (messages) => wire.memory.emitLogs('abc123', messages.map((message) => ({ message }))),
      // What the server holds upstream, seen through the wire: closing the client's stream or socket must release it.
      stats: () => wire.memory.stats(),
      disconnect: () => wire.memory.disconnect(),
      failNext: (op, code) => wire.memory.failNext(op as never, code),
      cleanup: () => wire.close(),
    };
  },
  {
    capabilities: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'],
    failureInjection: true,
    disconnect: true,
    leakChecks: true,
  },
);

describeTransportConformance(
  'http → handler (default expose) → memory without optional capabilities',
  async () => {
    const wire = await startWire({ memory: { without: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'] } });
    return { transport: wire.client({ capabilities: [] }), sandboxId: 'abc123', cleanup: () => wire.close() };
  },
  { capabilities: [] },
);
