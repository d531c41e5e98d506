#!/usr/bin/env node
// `npm run bench -- NAME`: runs bench/NAME/run.mjs. With no name, lists them.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const names = readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`./${d.name}/run.mjs`, import.meta.url)))
  .map((d) => d.name);
const wanted = process.argv.slice(2);
if (!wanted.length) {
  console.log(`usage: npm run bench -- <${names.join(' | ')}>`);
  process.exit(names.length ? 0 : 1);
}
for (const name of wanted) {
  if (!names.includes(name)) {
    console.error(`no benchmark named ${name}; have: ${names.join(', ')}`);
    process.exit(2);
  }
  const result = spawnSync('node', [new URL(`./${name}/run.mjs`, import.meta.url).pathname], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
