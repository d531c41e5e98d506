#!/usr/bin/env node
// `npm run bench -- server`: 200 log subscribers + 50 PTYs for 20 s over the
// real wire (createHttpTransport → loopback HTTP/SSE/WebSocket →
// createSandboxHandler → memory transport), with request workers measuring
// throughput and latency. The source is bundled with esbuild (tsup's) so the
// run uses src/ as it is. Baseline: the same requests with no streams open,
// measured in the same run. Exit code 1 on any error, lost entry or leak.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');
const heapMb = () => {
  gc();
  return Number((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1));
};

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
// Inside the project (git-ignored) so that `ws` resolves from its node_modules.
const artifacts = new URL('../../.artifacts/', import.meta.url).pathname;
mkdirSync(artifacts, { recursive: true });
const dir = mkdtempSync(join(artifacts, 'bench-server-'));
try {
  const outfile = join(dir, 'load.mjs');
  await build({
    entryPoints: [new URL('./load.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['ws'],
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const { runLoad } = await import(pathToFileURL(outfile).href);
  const log = (line) => console.log(`  ${line}`);

  const heapStart = heapMb();
  console.log('baseline: request workers alone, 5 s');
  const baseline = await runLoad({ durationMs: 5000, subscribers: 0, ptys: 0, workers: 8 });
  console.log(`  ${baseline.requestsPerSecond} req/s, p50 ${baseline.p50Ms} ms, p99 ${baseline.p99Ms} ms`);

  console.log(`load: 200 log subscribers + 50 PTYs + 8 request workers, ${seconds} s`);
  const load = await runLoad({ durationMs: seconds * 1000, subscribers: 200, ptys: 50, workers: 8, log });
  const delivered = load.logEntriesDelivered;
  console.log(`  requests: ${load.requestsPerSecond} req/s, p50 ${load.p50Ms} ms, p99 ${load.p99Ms} ms (${load.requests} requests)`);
  console.log(`  logs: ${load.logEntriesEmitted} entries emitted, ${delivered} delivered (= ×${(delivered / Math.max(1, load.logEntriesEmitted)).toFixed(0)}), ${Math.round(delivered / (load.durationMs / 1000))} entries/s`);
  console.log(`  ptys: ${load.ptyCommands} commands echoed`);
  console.log(`  errors: ${load.errors.length}, lost/duplicated/out-of-order: ${load.mismatches.length}`);
  console.log(`  after close: ${JSON.stringify(load.leftOpen)}; handles ${load.handlesBefore} → ${load.handlesAfter}; heap ${load.heapBeforeMb} → ${load.heapAfterMb} MB`);
  const heapEnd = heapMb();
  console.log(`  heap once the run's own objects are gone: ${heapStart} → ${heapEnd} MB (before the baseline → after everything)`);
  console.log(`  ratio to baseline: throughput ×${(load.requestsPerSecond / baseline.requestsPerSecond).toFixed(2)}, p99 ×${(load.p99Ms / baseline.p99Ms).toFixed(2)}`);
  const leaks = Object.values(load.leftOpen).some((n) => n !== 0) || load.handlesAfter > load.handlesBefore || heapEnd - heapStart > 10;
  if (load.errors.length || load.mismatches.length || leaks || delivered !== load.logEntriesEmitted * 200) {
    console.error('FAILED', JSON.stringify({ errors: load.errors.slice(0, 5), mismatches: load.mismatches.slice(0, 5) }));
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
