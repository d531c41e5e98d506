#!/usr/bin/env node
// `npm run bench -- terminal`: 20 MB of realistic ANSI output (coloured
// `ls -R`, build logs, a `\r` progress bar; cut into 1–32 KiB chunks at any
// byte, so UTF-8 characters split) through the real WebTerminal, fed by an
// in-page transport, and through a bare xterm.js `Terminal.write` with the same
// chunks and grid size, in one headless Chromium page. A third contender, bare
// xterm fed strings from a streaming TextDecoder (what wrappers usually do),
// is shown for context. Completion is xterm's
// write callback after the last chunk. Runs alternate; medians are reported.
// Then keystroke → transport `write` latency for typed keys (keydown event
// timestamp to the PTY connection's `write` call). Exits non-zero only on
// errors, never for missing the target.
//
// On a shared machine wall-clock time drifts with other load, so each run is
// also measured in main-thread CPU time (CDP Performance `ThreadTime`), each
// round runs both contenders back to back (order alternating), and ratios are
// medians of the per-round ratios; best-of-N and medians are shown too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';

const BYTES = Number(process.env.BENCH_BYTES ?? 20 * 1024 * 1024);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const KEYS = Number(process.env.BENCH_KEYS ?? 200);
const SEED = 5;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const root = fileURLToPath(new URL('./page/', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'bench-terminal-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
let server;
let browser;
try {
  await build({ root, logLevel: 'warn', plugins: [react()], build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      chunkSizeWarningLimit: 4000,
      rollupOptions: {
        // The baseline imports xterm statically on purpose; WebTerminal's dynamic import then shares that chunk.
        onwarn: (warning, warn) => warning.code !== 'INEFFECTIVE_DYNAMIC_IMPORT' && warn(warning),
      },
    }, mode: 'production' });
  server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  const url = server.resolvedUrls.local[0];
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 30_000 });

  const data = await page.evaluate(([b, s]) => window.terminalBench.prepare(b, s), [BYTES, SEED]);
  const mb = data.bytes / (1024 * 1024);
  console.log(`terminal: ${mb.toFixed(1)} MiB in ${data.chunks} chunks, ${ROUNDS} rounds (Chromium ${browser.version()})`);

  // Main-thread CPU time (CDP `ThreadTime`) as well as wall time: on a shared
  // machine the wall clock mostly measures the neighbours.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
  const run = async (mode) => {
    await page.evaluate((m) => window.terminalBench.setup(m), mode);
    const before = await cpu();
    const wall = await page.evaluate(() => window.terminalBench.feed());
    const cpuMs = (await cpu()) - before;
    await page.evaluate(() => window.terminalBench.teardown());
    return { wall, cpu: cpuMs };
  };

  // Warm-up (JIT, fonts, and the WebTerminal run fixes the grid size the raw run copies).
  await run('WebTerminal');
  await run('raw');

  const times = { raw: [], rawString: [], WebTerminal: [] };
  const cpus = { raw: [], rawString: [], WebTerminal: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['WebTerminal', 'rawString', 'raw'] : ['raw', 'rawString', 'WebTerminal'];
    for (const mode of order) {
      const r = await run(mode);
      times[mode].push(r.wall);
      cpus[mode].push(r.cpu);
      console.log(
        `  round ${round + 1} ${mode.padEnd(11)} wall ${r.wall.toFixed(0).padStart(6)} ms ${(mb / (r.wall / 1000)).toFixed(1).padStart(6)} MB/s` +
          `   cpu ${r.cpu.toFixed(0).padStart(6)} ms ${(mb / (r.cpu / 1000)).toFixed(1).padStart(6)} MB/s`,
      );
    }
  }

  // Keystroke latency: real key events from Playwright into the focused terminal.
  await page.evaluate(() => window.terminalBench.startLatency());
  const text = Array.from({ length: KEYS }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[i % 36]).join('');
  await page.keyboard.type(text, { delay: 2 });
  await page.waitForTimeout(50);
  const latency = await page.evaluate(() => window.terminalBench.endLatency());
  if (latency.typed !== text) throw new Error(`typed keys did not arrive intact: sent ${text.length}, got ${latency.typed.length}`);
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);

  const rate = (ms) => mb / (ms / 1000);
  const row = (label, xs) => `${label.padEnd(24)}${rate(median(xs)).toFixed(1).padStart(8)}${rate(Math.min(...xs)).toFixed(1).padStart(8)}`;
  const ratios = (xs) => xs.raw.map((r, i) => r / xs.WebTerminal[i]);
  const cpuRatio = median(ratios(cpus));
  const wallRatio = median(ratios(times));
  console.log('');
  console.log(`${''.padEnd(24)}  median    best   (MB/s)`);
  console.log(row('raw xterm, CPU time', cpus.raw));
  console.log(row('WebTerminal, CPU time', cpus.WebTerminal));
  console.log(row('raw xterm + TextDecoder', cpus.rawString) + '   (CPU; strings, the usual wrapper)');
  console.log(row('raw xterm, wall time', times.raw));
  console.log(row('WebTerminal, wall time', times.WebTerminal));
  console.log(`per-round ratios (cpu)  ${ratios(cpus).map((r) => r.toFixed(2)).join(' ')}`);
  console.log(`per-round ratios (wall) ${ratios(times).map((r) => r.toFixed(2)).join(' ')}`);
  console.log(`throughput WebTerminal/raw: ${cpuRatio.toFixed(3)}x by main-thread CPU time, ${wallRatio.toFixed(3)}x by wall time (medians of per-round ratios; target >= 0.9x: ${cpuRatio >= 0.9 ? 'met' : 'MISSED'} by CPU, ${wallRatio >= 0.9 ? 'met' : 'MISSED'} by wall)`);
  const s = latency.samples;
  console.log(
    `keystroke → PTY write        : p50 ${median(s).toFixed(2)} ms, p95 ${pct(s, 95).toFixed(2)} ms, max ${Math.max(...s).toFixed(2)} ms over ${s.length} keys (all ${text.length} arrived in order)`,
  );
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await browser?.close();
  await new Promise((resolve) => (server ? server.httpServer.close(resolve) : resolve()));
  rmSync(outDir, { recursive: true, force: true });
}
