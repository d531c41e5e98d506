/**
 * Load on the wire: N log subscribers and M PTYs through `createHttpTransport`
 * → loopback HTTP → `createSandboxHandler` → memory transport, while request
 * workers measure throughput and latency. Checks as it goes: no error, no lost
 * or repeated log entry, every PTY answers; then that sockets, streams,
 * upstream subscriptions, process handles and heap return to baseline.
 *
 * Used by `npm run bench -- server` (20 s) and by the unit suite (3 s).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Disposable, LogEntry, PtyConnection } from '../../src/transport/types';
import { startWire } from '../../test/wire/harness';

export interface LoadOptions {
  durationMs: number;
  subscribers?: number;
  ptys?: number;
  /** Log batches per second (5 entries each). */
  logBatchesPerSecond?: number;
  /** Concurrent request workers for the throughput figure. */
  workers?: number;
  /**
   * Work to do whatever the clock says: the run goes on past `durationMs`
   * until these counts are reached, so a loaded machine does as much as a
   * fast one (only slower) and a test can assert on what was done, not on a rate.
   */
  atLeast?: { logEntries?: number; ptyCommands?: number; requests?: number };
  log?: (line: string) => void;
}

export interface LoadReport {
  durationMs: number;
  subscribers: number;
  ptys: number;
  logEntriesEmitted: number;
  logEntriesDelivered: number;
  ptyCommands: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: string[];
  /** Problems found in what was delivered (lost, repeated, out of order). */
  mismatches: string[];
  handlesBefore: number;
  handlesAfter: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  leftOpen: { ptySockets: number; logStreams: number; ptyConnections: number; logSubscriptions: number; openResponses: number };
}

function gc(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(read: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!read()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const handles = () => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'Timeout' && r !== 'Immediate').length;

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const { durationMs, subscribers = 200, ptys = 50, logBatchesPerSecond = 50, workers = 8, log = () => {} } = options;
  gc();
  const handlesBefore = handles();
  const heapBefore = process.memoryUsage().heapUsed;
  const wire = await startWire({ handler: { limits: { logLingerMs: 200 } } });
  // Responses still open on the server (undici keeps spare idle sockets, so connections are no measure).
  let openResponses = 0;
  wire.server.on('request', (_req, res) => {
    openResponses++;
    res.on('close', () => openResponses--);
  });
  const client = wire.client();
  const errors: string[] = [];
  const mismatches: string[] = [];

  // Log subscribers: each checks that entry n follows n-1, exactly.
  const expected = new Array<number>(subscribers).fill(0);
  const subs: Disposable[] = [];
  for (let i = 0; i < subscribers; i++) {
    subs.push(
      client.subscribeLogs!(
        { sandboxId: 'abc123' },
        {
          onLogs: (entries: LogEntry[]) => {
            for (const e of entries) {
              const n = Number(e.message.slice(4));
              if (n !== expected[i]) mismatches.push(`subscriber ${i}: got ${n}, expected ${expected[i]}`);
              expected[i] = n + 1;
            }
          },
          onError: (e) => errors.push(`subscriber ${i}: ${e.code} ${e.message}`),
          onEnd: () => errors.push(`subscriber ${i}: ended early`),
        },
      ),
    );
  }
  await until(() => wire.handler.stats().logStreams === subscribers && wire.memory.stats().logSubscriptions === (subscribers ? 1 : 0), 'every subscriber connected', 20_000);
  log(`${subscribers} log subscribers on one upstream subscription`);

  // PTYs: each types numbered echo commands and checks they come back.
  const terms: Array<{ pty: PtyConnection; text: string; sent: number }> = [];
  for (let i = 0; i < ptys; i++) {
    const pty = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    const term = { pty, text: '', sent: 0 };
    const decoder = new TextDecoder();
    pty.onData((d) => {
      term.text = (term.text + (typeof d === 'string' ? d : decoder.decode(d, { stream: true }))).slice(-4096);
    });
    pty.onClose((e) => errors.push(`pty ${i}: closed ${e.reason ?? e.exitCode}`));
    terms.push(term);
  }
  log(`${ptys} PTYs open`);

  // Request workers: the latency a component sees while all that streams.
  const latencies: number[] = [];
  let running = true;
  const work = async () => {
    while (running) {
      const t0 = performance.now();
      try {
        if (latencies.length % 2) await client.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
        else await client.computerUse!.displayInfo({ sandboxId: 'abc123' });
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors.push(`request: ${(e as Error).message}`);
      }
    }
  };
  const started = performance.now();
  const workerRuns = Array.from({ length: workers }, work);

  let emitted = 0;
  let ptyCommands = 0;
  const emitter = setInterval(() => {
    wire.memory.emitLogs('abc123', Array.from({ length: 5 }, () => ({ message: `seq ${emitted++}` })));
  }, 1000 / logBatchesPerSecond);
  const typer = setInterval(() => {
    for (const t of terms) {
      t.pty.write(`echo m${++t.sent}\r`);
      ptyCommands++;
    }
  }, 100);
  await sleep(durationMs);
  const { logEntries = 0, ptyCommands: commands = 0, requests: calls = 0 } = options.atLeast ?? {};
  await until(() => emitted >= logEntries && ptyCommands >= commands && latencies.length >= calls, 'the minimum work (atLeast)', 120_000).catch((e: Error) => {
    errors.push(e.message);
  });
  clearInterval(emitter);
  clearInterval(typer);
  running = false;
  await Promise.all(workerRuns);
  const elapsed = performance.now() - started;

  await until(() => expected.every((n) => n === emitted), `every subscriber to have all ${emitted} entries`, 20_000).catch((e: Error) => {
    mismatches.push(`${e.message}; behind: ${expected.filter((n) => n !== emitted).length}`);
  });
  await until(() => terms.every((t) => t.text.includes(`m${t.sent}\r\n`)), 'every PTY to echo its last command', 20_000).catch((e: Error) => {
    mismatches.push(e.message);
  });

  for (const s of subs) s.dispose();
  for (const t of terms) t.pty.dispose();
  const open = () => ({
    ptySockets: wire.handler.stats().ptySockets,
    logStreams: wire.handler.stats().logStreams,
    ptyConnections: wire.memory.stats().ptyConnections,
    logSubscriptions: wire.memory.stats().logSubscriptions,
  });
  await until(() => Object.values(open()).every((n) => n === 0), 'every stream and socket released', 10_000).catch(() => {});
  await until(() => openResponses === 0, 'every response closed', 5000).catch(() => {});
  const leftOpen = { ...open(), openResponses };
  await wire.close();
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  const requests = latencies.length;
  const delivered = expected.reduce((a, b) => a + b, 0);
  // Drop this run's own references (sessions, scrollback, samples) so the heap figure shows only what the server kept.
  terms.length = 0;
  subs.length = 0;
  latencies.length = 0;
  await sleep(200);
  gc();
  return {
    durationMs: Math.round(elapsed),
    subscribers,
    ptys,
    logEntriesEmitted: emitted,
    logEntriesDelivered: delivered,
    ptyCommands,
    requests,
    requestsPerSecond: Math.round((requests / elapsed) * 1000),
    p50Ms: Number(at(0.5).toFixed(2)),
    p99Ms: Number(at(0.99).toFixed(2)),
    errors,
    mismatches: mismatches.slice(0, 20),
    handlesBefore,
    handlesAfter: handles(),
    heapBeforeMb: Number((heapBefore / 2 ** 20).toFixed(1)),
    heapAfterMb: Number((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)),
    leftOpen,
  };
}
