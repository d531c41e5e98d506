#!/usr/bin/env node
// Visual check of every story: renders each story of the static Storybook in
// headless Chromium, fails on console errors, uncaught exceptions, requests
// off loopback and axe-core violations, and writes a PNG of each to
// .artifacts/stories/<story-id>.png (plus <story-id>--dark.png for the
// AllStates stories) so a reviewer can look at every state.
//
// Usage: node scripts/visual-check.mjs [--build] [--dir storybook-static] [--only substring] [--workers 2]
//   --build   build the static Storybook first (otherwise an existing build is used, or built if missing)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic } from '../test/support/static-server.mjs';

const { values: args } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    dir: { type: 'string', default: 'storybook-static' },
    only: { type: 'string' },
    workers: { type: 'string', default: '2' },
  },
});
const OUT = join('.artifacts', 'stories');
const STORY_TIMEOUT_MS = 20_000;
/**
 * Page-level rules that do not apply to a component rendered alone in
 * Storybook's iframe (a host page supplies landmarks and the h1).
 */
const AXE_DISABLED = { region: { enabled: false }, 'landmark-one-main': { enabled: false }, 'page-has-heading-one': { enabled: false } };

if (args.build || !existsSync(join(args.dir, 'index.json'))) {
  console.log(`visual check: building Storybook into ${args.dir}…`);
  const built = spawnSync('npx', ['storybook', 'build', '--quiet', '-o', args.dir], { stdio: 'inherit' });
  if (built.status !== 0) {
    console.error('visual check: the Storybook build failed');
    process.exit(1);
  }
}

const index = JSON.parse(readFileSync(join(args.dir, 'index.json'), 'utf8'));
let stories = Object.values(index.entries).filter((e) => e.type === 'story');
if (args.only) stories = stories.filter((s) => s.id.includes(args.only));
if (stories.length === 0) {
  console.error('visual check: no stories found');
  process.exit(1);
}
// Each AllStates story is also checked (and pictured) in the dark theme.
const jobs = stories.flatMap((story) => [
  { story, theme: 'light' },
  ...(/--all-states$/.test(story.id) ? [{ story, theme: 'dark' }] : []),
]);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const axeSource = readFileSync(new URL('../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const server = await serveStatic(args.dir);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const started = Date.now();
const results = [];

async function check({ story, theme }, context) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text().split('\n')[0]}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message.split('\n')[0]}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['data:', 'blob:', 'about:'].includes(u.protocol) && !['127.0.0.1', 'localhost'].includes(u.hostname)) {
      problems.push(`request off loopback: ${r.url()}`);
    }
  });
  const t0 = Date.now();
  const name = `${story.id}${theme === 'dark' ? '--dark' : ''}`;
  try {
    const globals = theme === 'dark' ? '&globals=theme:dark' : '';
    await page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story${globals}`, { waitUntil: 'load', timeout: STORY_TIMEOUT_MS });
    await page.waitForFunction(
      () => (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0 || document.body.classList.contains('sb-show-errordisplay'),
      null,
      { timeout: 10_000 },
    );
    if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) {
      problems.push(`story failed to render: ${(await page.locator('#error-message').innerText().catch(() => '')).split('\n')[0]}`);
    }
    // Let effects (transport calls, timers, fonts) settle before judging and picturing.
    await page.evaluate(() => document.fonts?.ready);
    await page.waitForTimeout(400);
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async (rules) => {
      const result = await window.axe.run(document.querySelector('#storybook-root'), { rules, resultTypes: ['violations'] });
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    }, AXE_DISABLED);
    for (const v of violations) problems.push(`axe ${v}`);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  } catch (error) {
    problems.push(String(error?.message ?? error).split('\n')[0]);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true }).catch(() => {});
  }
  await page.close();
  const seconds = (Date.now() - t0) / 1000;
  results.push({ name, problems, seconds });
  if (problems.length) console.log(`✘ ${name} (${seconds.toFixed(1)}s)\n${problems.map((p) => `    ${p}`).join('\n')}`);
  else console.log(`✔ ${name} (${seconds.toFixed(1)}s)`);
}

try {
  const queue = [...jobs];
  const workers = Math.max(1, Math.min(Number(args.workers) || 1, 4));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
      for (let job = queue.shift(); job; job = queue.shift()) await check(job, context);
      await context.close();
    }),
  );
} finally {
  await browser.close();
  await server.close();
}

const failed = results.filter((r) => r.problems.length);
console.log(`visual check: ${results.length} renders of ${stories.length} stories in ${((Date.now() - started) / 1000).toFixed(1)}s; PNGs in ${OUT}/`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
