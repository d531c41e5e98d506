// @vitest-environment node
import { describeTransportConformance } from '../conformance/index';
import { makeLocal, shellQuote } from './helpers';

describeTransportConformance(
  'local',
  async () => {
    const { transport, root, cleanup } = makeLocal();
    return {
      transport,
      sandboxId: 'local',
      filesDir: root,
      emitLogs: async (messages) => {
        await transport.startProcess({ sessionId: 'conformance', command: `printf '%s\\n' ${messages.map(shellQuote).join(' ')}` });
      },
      stats: () => transport.stats(),
      cleanup,
    };
  },
  { capabilities: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files'], leakChecks: true, timeoutMs: 20_000 },
);

describeTransportConformance(
  'local without computer use',
  async () => {
    const { transport, root, cleanup } = makeLocal({ display: false });
    return {
      transport,
      sandboxId: 'local',
      filesDir: root,
      emitLogs: async (messages) => {
        await transport.startProcess({ sessionId: 'conformance', command: `printf '%s\\n' ${messages.map(shellQuote).join(' ')}` });
      },
      stats: () => transport.stats(),
      cleanup,
    };
  },
  { capabilities: ['getSandbox', 'logs', 'pty', 'exec', 'files'], leakChecks: true, timeoutMs: 20_000 },
);
