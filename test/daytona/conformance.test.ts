// @vitest-environment node
import { describeTransportConformance } from '../conformance';
import { startHarness } from './helpers';

describeTransportConformance(
  'daytona (real @daytonaio/sdk against a fake Daytona API)',
  async () => {
    const h = await startHarness();
    return {
      transport: h.transport,
      sandboxId: 'abc123',
      emitLogs: (messages) => h.fake.emitLogs('abc123', messages),
      stats: () => h.fake.stats(),
      disconnect: () => h.fake.disconnect(),
      failNext: (op, code) => {
        const routes: Record<string, RegExp> = {
          getPreviewLink: /signed-preview-url$/,
          getSandbox: /^GET \/api\/sandbox\/[^/]+$/,
          exec: /\/process\/execute$/,
        };
        const status = { rate_limited: 429, not_found: 404, timeout: 408, internal: 500, unavailable: 503 }[code as string] ?? 500;
        h.fake.failNext(routes[op] ?? new RegExp(op), { status, headers: status === 429 ? { 'retry-after': '1' } : {} });
      },
      cleanup: () => h.cleanup(),
    };
  },
  {
    capabilities: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'],
    failureInjection: true,
    disconnect: true,
    leakChecks: true,
  },
);
