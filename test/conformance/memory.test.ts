// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../src/transport/memory';
import { describeTransportConformance } from './index';

describeTransportConformance(
  'memory',
  async () => {
    const transport = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0 });
    return {
      transport,
      sandboxId: 'abc123',
      emitLogs: (messages) => transport.emitLogs('abc123', messages.map((message) => ({ message }))),
      stats: () => transport.stats(),
      disconnect: () => transport.disconnect(),
      failNext: (op, code) => transport.failNext(op as never, code),
      cleanup: () => transport.dispose(),
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
  'memory without optional capabilities',
  async () => {
    const transport = createMemoryTransport({ without: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'] });
    return { transport, sandboxId: 'abc123', cleanup: () => transport.dispose() };
  },
  { capabilities: [] },
);

describe('conformance suite self-check', () => {
  it('given a transport that lies about its sandbox state, should fail (the suite can fail)', async () => {
    const transport = createMemoryTransport({ sandboxes: [{ id: 'abc123', state: 'stopped' }] });
    await expect(transport.getPreviewLink({ sandboxId: 'abc123', port: 3000 })).rejects.toMatchObject({ code: 'unavailable' });
  });
});
