#!/usr/bin/env node
// `npm run bench -- tool-list`: 2,000 invocations, 500 status updates, ToolList
// vs a naive `.map` over un-memoised ToolPanels, in one headless Chromium run.
// Update-to-paint: from the state update (started at the top of a frame)
// until a task queued before it runs, i.e. after that frame's style, layout
// and paint; commit: the synchronous React render + commit alone. "Other
// panels re-rendered" counts panel renders for items other than the one
// updated. Exits non-zero only on errors, never for missing a target.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 500);
// The baseline costs ~0.3-1 s per update; BENCH_BASELINE_UPDATES shortens it for quick runs.
const BASELINE_UPDATES = Number(process.env.BENCH_BASELINE_UPDATES ?? UPDATES);
const SEED = 7;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const root = fileURLToPath(new URL('./page/', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'bench-tool-list-'));
let server;
let browser;
const t0 = Date.now();
try {
  await build({ root, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true, minify: true }, mode: 'production' });
  server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const url = server.resolvedUrls.local[0];
  console.log(`  page built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 30_000 });

  const results = [];
  // The baseline re-renders all panels whatever item changes, so it runs the
  // brief's scenario (random items) only; 'none' is a no-op update, the floor
  // of the measurement, and 'visible' updates only rows in view (the worst case
  // for a virtualised list, since off-screen rows are not mounted at all).
  const plan = [
    ['ToolList', 'none', 100],
    ['baseline', 'none', 100],
    ['ToolList', 'random', UPDATES],
    ['baseline', 'random', BASELINE_UPDATES],
    ['ToolList', 'visible', UPDATES],
  ];
  for (const [mode, pick, updates] of plan) {
    {
      const t = Date.now();
      const r = await page.evaluate(([m, p, n, u, s]) => window.bench(m, p, n, u, s), [mode, pick, ITEMS, updates, SEED]);
      results.push(r);
      console.log(`  ${mode} / ${pick}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);

  const f = (x) => x.toFixed(2);
  const rows = results.map((r) => [
    r.mode,
    r.pick === 'none' ? 'none (control)' : r.pick,
    String(r.updates),
    String(r.mountedPanels),
    f(r.paintP50),
    f(r.paintP95),
    f(r.commitP50),
    f(r.commitP95),
    String(r.otherRendersTotal),
    f(r.otherRendersPerUpdate),
    f(r.rowsMountedPerUpdate),
  ]);
  const head = ['list', 'updated item', 'updates', 'panels mounted', 'paint p50 ms', 'paint p95 ms', 'commit p50 ms', 'commit p95 ms', 'other panels re-rendered', 'per update', 'rows mounted/update'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join('  ');
  console.log(`\ntool-list: ${ITEMS} items, ${UPDATES} status updates (Chromium ${browser.version()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  console.log('');
  const base = results.find((r) => r.mode === 'baseline' && r.pick === 'random');
  for (const pick of ['random', 'visible']) {
    const list = results.find((r) => r.mode === 'ToolList' && r.pick === pick);
    console.log(
      `${pick.padEnd(7)} items: baseline(random)/ToolList paint p95 = ${(base.paintP95 / list.paintP95).toFixed(1)}x, p50 = ${(base.paintP50 / list.paintP50).toFixed(1)}x; ` +
        `ToolList p95 ${f(list.paintP95)} ms (target <= 4 ms: ${list.paintP95 <= 4 ? 'met' : 'MISSED'}); ` +
        `other panels re-rendered: ${list.otherRendersTotal} (target 0: ${list.otherRendersTotal === 0 ? 'met' : 'MISSED'})`,
    );
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await new Promise((resolve) => (server ? server.httpServer.close(resolve) : resolve()));
  rmSync(outDir, { recursive: true, force: true });
}
