#!/usr/bin/env node
// `npm run bench -- desktop`: frames/s drawn, main-thread ms per frame and
// React commits per frame for ComputerUseDisplay vs a naive baseline
// (<img src="data:…"> re-rendered through state), same page, same run, with
// an in-page transport that returns 1280×800 JPEG frames at once.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const RUN_MS = Number(process.env.BENCH_MS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const outDir = mkdtempSync(join(tmpdir(), 'se-bench-desktop-'));
let browser;
let server;
try {
  // React's production build skips <Profiler onRender>; its profiling build keeps it (and is otherwise production).
  await build({
    root: join(here, 'page'),
    configFile: false,
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: [{ find: /^react-dom\/client$/, replacement: 'react-dom/profiling' }] },
    build: { outDir, emptyOutDir: true },
  });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));

  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
  };
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 10_000 });

  const results = { display: [], baseline: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['display', 'baseline']) {
      // CDP metrics are cumulative: the page warms up, then waits for us to sample before counting.
      await page.evaluate(([k]) => window.startBench(k), [kind]);
      await page.waitForFunction(() => window.benchWarm === true, null, { timeout: 10_000 });
      const before = await metric();
      const r = await page.evaluate(([ms]) => window.measureBench(ms), [RUN_MS]);
      const after = await metric();
      results[kind].push({
        fps: (r.frames * 1000) / r.ms,
        frames: r.frames,
        received: r.received,
        mainMsPerFrame: r.frames ? ((after.task - before.task) * 1000) / r.frames : NaN,
        scriptMsPerFrame: r.frames ? ((after.script - before.script) * 1000) / r.frames : NaN,
        commitsPerFrame: r.frames ? r.commits / r.frames : NaN,
        commits: r.commits,
      });
    }
  }

  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = Object.fromEntries(
    Object.entries(results).map(([kind, rs]) => [
      kind,
      {
        fps: median(rs.map((r) => r.fps)),
        mainMsPerFrame: median(rs.map((r) => r.mainMsPerFrame)),
        scriptMsPerFrame: median(rs.map((r) => r.scriptMsPerFrame)),
        commitsPerFrame: median(rs.map((r) => r.commitsPerFrame)),
        frames: rs.map((r) => r.frames),
        received: rs.map((r) => r.received),
        commits: rs.map((r) => r.commits),
      },
    ]),
  );
  const d = summary.display;
  const b = summary.baseline;
  const f = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
  console.log(`\ndesktop bench: 1280×800 JPEG frames, in-page transport, ${ROUNDS} rounds × ${RUN_MS} ms each, headless Chromium (median)`);
  console.log('                         ComputerUseDisplay   naive <img> baseline   ratio');
  console.log(`frames/s on screen       ${f(d.fps, 1).padStart(18)}   ${f(b.fps, 1).padStart(20)}   ${f(d.fps / b.fps)}× `);
  console.log(`main-thread ms / frame   ${f(d.mainMsPerFrame).padStart(18)}   ${f(b.mainMsPerFrame).padStart(20)}   ${f(b.mainMsPerFrame / d.mainMsPerFrame)}× less`);
  console.log(`  of which script ms     ${f(d.scriptMsPerFrame).padStart(18)}   ${f(b.scriptMsPerFrame).padStart(20)}`);
  console.log(`React commits / frame    ${f(d.commitsPerFrame, 3).padStart(18)}   ${f(b.commitsPerFrame, 3).padStart(20)}`);
  console.log(`\n${JSON.stringify({ bench: 'desktop', runMs: RUN_MS, rounds: ROUNDS, display: d, baseline: b })}`);
  const ok = d.fps >= 30 && d.commitsPerFrame === 0;
  console.log(`target (≥ 30 fps, 0 React commits per frame): ${ok ? 'met' : 'NOT met'}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
  rmSync(outDir, { recursive: true, force: true });
}
