#!/usr/bin/env node
// Opens the static Storybook build in headless Chromium and renders every
// story: each must put content in #storybook-root with no console error and
// no uncaught exception. (scripts/visual-check.mjs adds axe and screenshots.)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic } from './support/static-server.mjs';

const dir = process.argv[2] ?? 'storybook-static';
const index = JSON.parse(readFileSync(`${dir}/index.json`, 'utf8'));
const stories = Object.values(index.entries).filter((e) => e.type === 'story');
if (stories.length === 0) {
  console.error('no stories in the build');
  process.exit(1);
}
const server = await serveStatic(dir);
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const failures = [];
let passed = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  for (const story of stories) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:', 'about:'].includes(u.protocol)) {
        errors.push(`network request off loopback: ${r.url()}`);
      }
    });
    try {
      await page.goto(`${server.url}/iframe.html?id=${story.id}&viewMode=story`, { waitUntil: 'load', timeout: 20_000 });
      await page.waitForFunction(() => (document.querySelector('#storybook-root')?.childElementCount ?? 0) > 0, null, { timeout: 10_000 });
      // Let effects (transport calls, timers) run and fail if they will.
      await page.waitForTimeout(300);
      const text = await page.locator('#storybook-root').innerText();
      if (/Something went wrong|The component failed to render/i.test(text)) errors.push('error boundary shown');
    } catch (error) {
      errors.push(String(error.message ?? error).split('\n')[0]);
    }
    await page.close();
    if (errors.length) failures.push(`${story.id}: ${errors.join(' | ')}`);
    else passed++;
  }
} finally {
  await browser.close();
  await server.close();
}
for (const f of failures) console.error(`✘ ${f}`);
console.log(`storybook smoke: ${stories.length} stories`);
console.log(`${passed} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
