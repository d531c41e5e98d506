#!/usr/bin/env node
// Visual check of every story, for what the `storybook` vitest project (every
// story with play + axe in the light theme, see vitest.config.ts) does not do:
//   - a PNG of every story in light and dark at 1280 px, and of the overview
//     stories (AllStates, Playground) at 320 px too, in .artifacts/stories/;
//   - axe on every story in the dark theme (and again in light: addon-a11y's
//     run, reported with storyFinished; any violation fails, as
//     parameters.a11y.test = 'error' says);
//   - console errors, uncaught exceptions and requests off loopback in both themes.
// One Chromium, one reused page per theme × width: stories are switched through
// Storybook's channel, not page loads (test/support/storybook-page.mjs).
//
// Usage: node scripts/visual-check.mjs [--build] [--dir storybook-static] [--only substring] [--out dir]
//   --build   build the static Storybook first (otherwise an existing build is used, or built if missing)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openStorybook } from '../test/support/storybook-page.mjs';

const { values: args } = parseArgs({
  options: {
    build: { type: 'boolean', default: false },
    dir: { type: 'string', default: 'storybook-static' },
    only: { type: 'string' },
    out: { type: 'string', default: join('.artifacts', 'stories') },
  },
});
const OUT = args.out;
/** Stories that are also pictured at 320 px: the ones that show every state. */
const NARROW = /--(all-states|playground)$/;

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
const jobs = [
  ...stories.map((story) => ({ story, setup: 'light' })),
  ...stories.map((story) => ({ story, setup: 'dark' })),
  ...stories.filter((s) => NARROW.test(s.id)).flatMap((story) => [
    { story, setup: 'light-320' },
    { story, setup: 'dark-320' },
  ]),
];
const SUFFIX = { light: '', dark: '--dark', 'light-320': '--320', 'dark-320': '--dark-320' };

/**
 * A PNG of the whole page. Chromium's full-page capture leaves out-of-process
 * frames (a WebPreview's sandboxed iframe) blank outside the viewport, so the
 * viewport is made as tall as the page for the picture and then restored.
 */
async function pictureWholePage(page, path) {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  if (height <= viewport.height) return page.screenshot({ path, animations: 'disabled' });
  await page.setViewportSize({ width: viewport.width, height: Math.min(height, 16000) });
  try {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path, animations: 'disabled' });
  } finally {
    await page.setViewportSize(viewport);
  }
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const narrow = { width: 320, height: 800 };
const sb = await openStorybook(
  args.dir,
  { light: {}, dark: { globals: { theme: 'dark' } }, 'light-320': { viewport: narrow }, 'dark-320': { viewport: narrow, globals: { theme: 'dark' } } },
);
const started = Date.now();
const results = [];
try {
  for (const { story, setup } of jobs) {
    const t0 = Date.now();
    const name = `${story.id}${SUFFIX[setup]}`;
    const problems = [];
    try {
      const shown = await sb.show(setup, story.id, 'story');
      problems.push(...shown.problems);
      await pictureWholePage(shown.page, join(OUT, `${name}.png`));
      problems.push(...sb.problemsSince(setup).filter((p) => !problems.includes(p)));
    } catch (error) {
      problems.push(String(error?.message ?? error).split('\n')[0]);
    }
    const seconds = (Date.now() - t0) / 1000;
    results.push({ name, problems, seconds });
    if (problems.length) console.log(`✘ ${name} (${seconds.toFixed(1)}s)\n${problems.map((p) => `    ${p}`).join('\n')}`);
    else console.log(`✔ ${name} (${seconds.toFixed(1)}s)`);
  }
} finally {
  await sb.close();
}

const failed = results.filter((r) => r.problems.length);
console.log(`visual check: ${results.length} renders of ${stories.length} stories in ${((Date.now() - started) / 1000).toFixed(1)}s; PNGs in ${OUT}/`);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
