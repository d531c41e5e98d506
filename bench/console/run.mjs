#!/usr/bin/env node
// `npm run bench -- console`: append 100,000 log entries in batches of 500 to
// WebPreviewConsole (virtualised, default bound of 5,000 entries) and to a
// naive console that renders every row, in one headless Chromium run, each on
// a fresh page. Batch-to-paint: from the append (made at the top of a frame)
// until a task queued then runs, i.e. after that frame's style, layout and
// paint. Commit: the synchronous React render + commit + forced layout alone.
// Heap: usedJSHeapSize after a forced GC, before mounting and after the last
// batch (--enable-precise-memory-info, --expose-gc). The naive baseline stops
// at BENCH_NAIVE_LIMIT rows (default 20,000): past that each batch costs
// hundreds of ms. Exits non-zero on errors, and prints whether targets are met.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const TOTAL = Number(process.env.BENCH_TOTAL ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const NAIVE_LIMIT = Number(process.env.BENCH_NAIVE_LIMIT ?? 20_000);
// The machine is shared: each mode runs REPEATS times, interleaved, and the run with the median p95 is reported.
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--enable-precise-memory-info', '--js-flags=--expose-gc',
];

const root = fileURLToPath(new URL('./page/', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'bench-console-'));
let server;
let browser;
try {
  await build({ root, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true, minify: true }, mode: 'production' });
  server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const url = server.resolvedUrls.local[0];
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

  const pct = (xs, p) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
  };
  const runs = { virtual: [], naive: [] };
  for (let i = 0; i < REPEATS; i++) {
    for (const mode of ['virtual', 'naive']) {
      const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'ready', null, { timeout: 30_000 });
      const r = await page.evaluate(([m, t, b, n]) => window.bench(m, t, b, n), [mode, TOTAL, BATCH, NAIVE_LIMIT]);
      if (errors.length) throw new Error(`page errors (${mode}):\n${errors.join('\n')}`);
      runs[mode].push(r);
      await page.close();
      console.log(`  run ${i + 1}/${REPEATS}: ${mode} ${r.appended} entries, paint p95 ${pct(r.paint, 95).toFixed(2)} ms`);
    }
  }
  const median = (list) => [...list].sort((a, b) => pct(a.paint, 95) - pct(b.paint, 95))[Math.floor(list.length / 2)];
  const results = [median(runs.virtual), median(runs.naive)];

  const mb = (x) => (x / 1024 / 1024).toFixed(1);
  const f = (x) => x.toFixed(2);
  const rows = results.map((r) => [
    r.mode === 'virtual' ? 'WebPreviewConsole' : 'naive (all rows)',
    String(r.appended),
    String(r.domRows),
    String(r.maxDomRows),
    f(pct(r.paint, 50)),
    f(pct(r.paint, 95)),
    f(pct(r.commit, 50)),
    f(pct(r.commit, 95)),
    mb(r.heapAfter - r.heapBefore),
  ]);
  const head = ['console', 'appended', 'DOM rows', 'max DOM rows', 'paint p50 ms', 'paint p95 ms', 'commit p50 ms', 'commit p95 ms', 'heap growth MB'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(`\nconsole bench: ${TOTAL} entries in batches of ${BATCH}, median of ${REPEATS} interleaved runs (Chromium ${browser.version()}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  const [v, n] = results;
  for (const r of results) if (r.stoppedEarly) console.log(`note: ${r.mode} ${r.stoppedEarly}`);
  // Compare at the same number of appended entries: the virtual console's first batches vs the naive run.
  const vSame = v.paint.slice(0, n.paint.length);
  console.log(`\nat equal size (${n.appended} entries): paint p95 ${f(pct(vSame, 95))} ms vs ${f(pct(n.paint, 95))} ms (${(pct(n.paint, 95) / pct(vSame, 95)).toFixed(1)}× faster); last naive batch ${f(n.paint.at(-1))} ms`);
  console.log(`heap: ${mb(v.heapAfter - v.heapBefore)} MB after ${v.appended} entries (bounded at 5,000) vs ${mb(n.heapAfter - n.heapBefore)} MB after ${n.appended} (naive)`);
  console.log(`paint p95 of every run: virtual ${runs.virtual.map((r) => pct(r.paint, 95).toFixed(2)).join(', ')} ms; naive ${runs.naive.map((r) => pct(r.paint, 95).toFixed(2)).join(', ')} ms`);
  const ok = v.maxDomRows <= 200 && pct(v.paint, 95) <= 8;
  console.log(`targets (≤ 200 DOM rows, paint p95 ≤ 8 ms): ${ok ? 'met' : 'NOT met'} — max DOM rows ${v.maxDomRows}, paint p95 ${f(pct(v.paint, 95))} ms`);
} finally {
  await browser?.close();
  await server?.close?.();
  if (server?.httpServer) await new Promise((r) => server.httpServer.close(r));
  rmSync(outDir, { recursive: true, force: true });
}
