#!/usr/bin/env node
// Docs pages of the static Storybook build, in headless Chromium: every Docs
// entry renders with no console error, no uncaught exception and no request
// off loopback, and every autodocs page has a props table.
//
// The rule (it failed a whole session's CI once): a `*.stories.tsx` meta needs
// `component: TheComponent` (autodocs reads its props from the TypeScript
// types) or `tags: ['!autodocs']` (no docs page for that file).
//
// Stories themselves are checked by the `storybook` vitest projects (render,
// play, axe, light and dark) and pictured by scripts/visual-check.mjs.
import { readFileSync } from 'node:fs';
import { openStorybook } from './support/storybook-page.mjs';

const dir = process.argv[2] ?? 'storybook-static';
const index = JSON.parse(readFileSync(`${dir}/index.json`, 'utf8'));
const entries = Object.values(index.entries);
const docs = entries.filter((e) => e.type === 'docs');
if (!entries.some((e) => e.type === 'story') || docs.length === 0) {
  console.error('storybook smoke: no stories or no docs pages in the build');
  process.exit(1);
}
const RULE = "its meta needs `component: TheComponent` (so autodocs has the props from the TypeScript types) or `tags: ['!autodocs']` (no docs page)";

const started = Date.now();
const sb = await openStorybook(dir, { docs: {} });
const failures = [];
try {
  for (const entry of docs) {
    const t0 = Date.now();
    const { page, problems } = await sb.show('docs', entry.id, 'docs');
    // Autodocs pages of story files (MDX pages are written by hand and need no props table).
    if (entry.tags?.includes('autodocs') && /\.stories\.[jt]sx?$/.test(entry.importPath)) {
      const table = await page.evaluate(() => {
        const root = document.querySelector('#storybook-docs');
        const tables = root ? [...root.querySelectorAll('.docblock-argstable')] : [];
        return { tables: tables.length, rows: tables.reduce((n, t) => n + t.querySelectorAll('tbody tr').length, 0), empty: /No inputs found/i.test(root?.textContent ?? '') };
      });
      if (table.tables === 0 || table.rows === 0 || table.empty) problems.push(`no props table: ${RULE} — ${entry.importPath}`);
    }
    const seconds = ((Date.now() - t0) / 1000).toFixed(1);
    if (problems.length) {
      failures.push(entry.id);
      console.log(`✘ ${entry.id} (${seconds}s)\n${problems.map((p) => `    ${p}`).join('\n')}`);
    } else console.log(`✔ ${entry.id} (${seconds}s)`);
  }
} finally {
  await sb.close();
}
console.log(`storybook smoke: ${docs.length} docs pages in ${((Date.now() - started) / 1000).toFixed(1)}s`);
console.log(`${docs.length - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length ? 1 : 0);
