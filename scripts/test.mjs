#!/usr/bin/env node
// `npm test`: every check, in order, each as its own step. Stops at the first
// failing step and ends with one plain summary line ("N passed, N failed").
import { spawnSync } from 'node:child_process';

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'node', ['scripts/lint.mjs']],
  ['unit tests (jsdom + node)', 'npx', ['vitest', 'run', '--project', 'unit']],
  ['browser tests (headless Chromium)', 'npx', ['vitest', 'run', '--project', 'browser']],
  ['build', 'npm', ['run', 'build']],
  ['API report (api/*.api.md matches the built declarations; npm run api:update after an intended change)', 'node', ['scripts/api-report.mjs']],
  ['option defaults (@default on every optional field of exported option types)', 'node', ['scripts/check-defaults.mjs']],
  ['package checks (pack, publint, attw, node import/require, SSR, use client)', 'node', ['scripts/check-package.mjs']],
  ['size budgets (packed tarball, esbuild minified + gzip)', 'node', ['scripts/check-size.mjs']],
  ['consumer app: Vite 8 from the packed tarball (tsc skipLibCheck: false over every entry, vite build, terminal echo in Chromium)', 'node', ['scripts/check-consumers.mjs', 'vite']],
  ['consumer app: Next.js 16 App Router from the packed tarball (next build, server-rendered HTML, hydration, preview, logs over SSE, PTY through a custom server)', 'node', ['scripts/check-consumers.mjs', 'next']],
  ['consumer app: examples/daytona-next from the packed tarball (next build; server.mjs with @daytonaio/sdk on the fake Daytona API: preview page, logs, desktop, terminal echo in Chromium)', 'node', ['scripts/check-consumers.mjs', 'daytona-next']],
  // Both gate. ToolList's p95 read 2.8-3.1 ms at load 15 on 2 cores (2026-12-02, after its window stopped forcing a layout per update).
  ['performance budgets (headless Chromium, CDP TaskDuration per step; console p95 ≤ 8 ms, ToolList p95 ≤ 4 ms)', 'node', ['bench/budgets/run.mjs']],
  ['storybook build + docs pages (props tables) + every story in Chromium (play, axe: vitest project storybook)', 'npm', ['run', 'test:storybook']],
  ['visual check of every story (light + dark, axe in dark, console errors, PNGs in .artifacts/stories)', 'node', ['scripts/visual-check.mjs']],
  ['end-to-end tests (real processes, real browser)', 'node', ['scripts/e2e.mjs']],
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const started = Date.now();
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  const t0 = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status === 0) {
    passed++;
    console.log(`✔ ${name} (${seconds}s)`);
  } else {
    failed++;
    console.log(`✘ ${name} failed with exit code ${result.status} (${seconds}s)`);
    break;
  }
}
console.log(`\nnpm test finished in ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`steps: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
