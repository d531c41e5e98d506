#!/usr/bin/env node
// `node bench/budgets/trace.mjs [tool-list | console]`: where a budget step's
// main-thread time goes. Builds the same page as bench/budgets/run.mjs (real
// source, Vite production build, not minified so that function names read),
// runs STEPS steps of the budget and as many no-op control steps in the same
// page, and prints, per step, the renderer main thread's trace events by phase
// (Paint, Layout, PrePaint, Commit, …; inclusive durations) and CDP
// `TaskDuration`, for both. What the budget's step costs above the control is
// the column to read.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { launchChromium } from '../../test/support/chromium.mjs';

const which = process.argv[2] ?? 'tool-list';
const STEPS = Number(process.env.BENCH_STEPS ?? 200);
const PAGES = {
  'tool-list': { setup: `toolsSetup('ToolList', 2000, 7)`, step: (u) => `toolsUpdate('random', ${u})`, control: () => `toolsUpdate('none', 0)` },
  console: { setup: `consoleSetup('virtual', 100000)`, step: () => 'consoleBatch(500)', control: () => 'consoleBatch(0)' },
};
const spec = PAGES[which];
if (!spec) throw new Error(`usage: node bench/budgets/trace.mjs <${Object.keys(PAGES).join(' | ')}>`);

const root = fileURLToPath(new URL(`../${which}/page/`, import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), `trace-${which}-`));
await build({ root, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true, minify: false }, mode: 'production' });
const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  await page.goto(server.resolvedUrls.local[0]);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 60_000 });
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const taskMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  const call = async (expression) => {
    const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, awaitPromise: true });
    if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  };
  await call(spec.setup);

  /** Runs `expression(i)` STEPS times under a trace; per-step ms by trace event name, and TaskDuration. */
  async function traced(expression) {
    const events = [];
    const onData = (d) => events.push(...d.value);
    cdp.on('Tracing.dataCollected', onData);
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline', transferMode: 'ReportEvents' });
    const before = await taskMs();
    for (let i = 0; i < STEPS; i++) await call(expression(i));
    const task = ((await taskMs()) - before) / STEPS;
    await cdp.send('Tracing.end');
    await complete;
    cdp.off('Tracing.dataCollected', onData);
    const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const phases = new Map();
    for (const e of events) if (e.tid === main?.tid && e.ph === 'X' && e.dur) phases.set(e.name, (phases.get(e.name) ?? 0) + e.dur / 1000 / STEPS);
    return { task, phases };
  }

  const control = await traced(spec.control);
  const step = await traced(spec.step);
  const names = [...new Set([...step.phases.keys(), ...control.phases.keys()])]
    .filter((n) => !n.startsWith('V8.') && n !== 'RunTask' && (step.phases.get(n) ?? 0) >= 0.01)
    .sort((a, b) => (step.phases.get(b) ?? 0) - (step.phases.get(a) ?? 0));
  const f = (x) => (x ?? 0).toFixed(3).padStart(8);
  console.log(`${which}: ${STEPS} steps and ${STEPS} no-op control steps, renderer main thread, ms per step (inclusive)`);
  console.log(`${'phase'.padEnd(24)}${'step'.padStart(8)}${'control'.padStart(9)}`);
  console.log(`${'TaskDuration (CDP)'.padEnd(24)}${f(step.task)} ${f(control.task)}`);
  for (const n of names) console.log(`${n.padEnd(24)}${f(step.phases.get(n))} ${f(control.phases.get(n))}`);
} finally {
  await browser.close();
  await new Promise((resolve) => server.httpServer.close(resolve));
  rmSync(outDir, { recursive: true, force: true });
}
