#!/usr/bin/env node
// Checks the package as a user receives it: pack, publint, attw, then install
// the tarball into a scratch project and require/import every entry in Node,
// server-render the provider, and check the "use client" banners.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = resolve('.');
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const failures = [];
const check = (ok, message) => {
  console.log(`${ok ? '✔' : '✘'} ${message}`);
  if (!ok) failures.push(message);
};
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });

// Every export target exists.
for (const [subpath, target] of Object.entries(pkg.exports)) {
  const files = typeof target === 'string' ? [target] : [target.import.types, target.import.default, target.require.types, target.require.default];
  for (const file of files) check(existsSync(file), `export ${subpath} → ${file} exists`);
}

const scratch = join(root, '.artifacts', 'package-check');
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
const tarball = run('npm', ['pack', '--silent', '--pack-destination', scratch]).trim().split('\n').pop();
const tarPath = join(scratch, tarball);
check(existsSync(tarPath), `npm pack → ${tarball}`);

try {
  const out = run('npx', ['publint', 'run', tarPath, '--strict']);
  check(!/warning|error|suggestion/i.test(out.replace(/All good!?/i, '')), `publint: ${out.trim().split('\n').pop()}`);
} catch (error) {
  check(false, `publint failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
}

try {
  // node10 resolution cannot see subpath exports; every modern resolution must be clean.
  const out = run('npx', ['attw', tarPath, '--profile', 'node16', '--exclude-entrypoints', 'styles.css', '--format', 'table-flipped']);
  check(true, 'attw (node16 + bundler profiles): no problems');
  if (process.env.VERBOSE) console.log(out);
} catch (error) {
  check(false, `attw reported problems:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
}

// A scratch consumer with the tarball installed and the peers linked from ours.
const consumer = join(scratch, 'consumer');
mkdirSync(join(consumer, 'node_modules'), { recursive: true });
run('tar', ['-xzf', tarPath, '-C', scratch]);
run('mv', [join(scratch, 'package'), join(consumer, 'node_modules', 'sandbox-elements')]);
for (const dep of ['react', 'react-dom', 'scheduler', '@radix-ui', 'ws', '@xterm', '@novnc', 'node-pty', '@daytonaio', 'ai', '@ai-sdk', '@opentelemetry', '@standard-schema', '@vercel', 'eventsource-parser', 'zod', '@workflow']) {
  const from = join(root, 'node_modules', dep);
  if (existsSync(from)) symlinkSync(from, join(consumer, 'node_modules', dep));
}
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));

const clientEntries = ['', '/terminal', '/vnc'];
const serverEntries = ['/server', '/daytona', '/local', '/ai', '/preview-bridge'].filter((e) => pkg.exports[`.${e}`]);
writeFileSync(
  join(consumer, 'check.cjs'),
  `const out = {};
for (const e of ${JSON.stringify([...clientEntries, ...serverEntries])}) out['require' + (e || ' .')] = Object.keys(require('sandbox-elements' + e)).length;
const React = require('react');
const { renderToString } = require('react-dom/server');
const se = require('sandbox-elements');
out.ssr = renderToString(React.createElement(se.SandboxProvider, { transport: se.createMemoryTransport() }, React.createElement('p', null, 'ok')));
// The CJS entries do not share chunks: the terminal must still see the core entry's provider.
const term = require('sandbox-elements/terminal');
const html = renderToString(React.createElement(se.SandboxProvider, { transport: se.createMemoryTransport(), sandboxId: 'abc123' }, React.createElement(term.WebTerminal, null)));
out.terminalState = (html.match(/data-status="([^"]+)"/) || [])[1];
// The ai entry with ai 7 installed: tools over the core entry's simulated sandbox.
out.aiTools = Object.keys(require('sandbox-elements/ai').createSandboxTools({ transport: se.createMemoryTransport(), sandboxId: 'abc123' })).join(',');
console.log(JSON.stringify(out));`,
);
writeFileSync(
  join(consumer, 'check.mjs'),
  `const out = {};
for (const e of ${JSON.stringify([...clientEntries, ...serverEntries])}) out['import' + (e || ' .')] = Object.keys(await import('sandbox-elements' + e)).length;
const React = await import('react');
const { renderToString } = await import('react-dom/server');
const se = await import('sandbox-elements');
out.ssr = renderToString(React.createElement(se.SandboxProvider, { transport: se.createMemoryTransport() }, React.createElement('p', null, 'ok')));
const { createSandboxTools } = await import('sandbox-elements/ai');
out.aiTools = Object.keys(createSandboxTools({ transport: se.createMemoryTransport(), sandboxId: 'abc123' })).join(',');
console.log(JSON.stringify(out));`,
);
for (const script of ['check.cjs', 'check.mjs']) {
  try {
    const result = JSON.parse(run('node', [script], { cwd: consumer }).trim().split('\n').pop());
    const counts = Object.entries(result).filter(([k]) => k.startsWith('require') || k.startsWith('import'));
    if (result.terminalState !== undefined) check(result.terminalState === 'connecting', `${script}: WebTerminal from the CJS terminal entry sees the core entry's SandboxProvider (data-status=${result.terminalState})`);
    check(counts.every(([, n]) => n > 0), `${script}: every entry loads with exports (${counts.map(([k, n]) => `${k}=${n}`).join(', ')})`);
    check(result.aiTools === 'exec,readFile,writeFile,listFiles,previewUrl,screenshot,computer', `${script}: sandbox-elements/ai createSandboxTools → ${result.aiTools}`);
    check(result.ssr === '<p>ok</p>', `${script}: renderToString(<SandboxProvider transport={createMemoryTransport()} />) → ${result.ssr}`);
  } catch (error) {
    check(false, `${script} threw:\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
  }
}

// Per-module output: follow each entry's relative imports through dist/.
const dist = join(consumer, 'node_modules', 'sandbox-elements', 'dist');
function graph(entryFile) {
  const seen = new Set();
  const queue = [entryFile];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s*|import\s*\(?\s*|require\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) queue.push(join(dirname(file), m[1]));
  }
  return [...seen];
}
const rel = (file) => file.slice(dist.length + 1);
const firstLine = (file) => readFileSync(file, 'utf8').split('\n')[0].trim();
// An import statement (ESM) or a top-level require (CJS) of react or react-dom; not a string that mentions one.
const importsReact = (text) => /^import\s[^;]*from\s*["']react(-dom)?(\/[^"']*)?["']|^var\s+[\w$]+\s*=\s*(?:__toESM\()?require\(["']react(-dom)?(\/[^"']*)?["']\)/m.test(text);

// "use client" opens every built module that uses React, and no entry file
// (entries `export *`, which a client boundary may not) and no server module.
for (const name of ['index', 'terminal', 'vnc']) {
  for (const ext of ['js', 'cjs']) {
    const files = graph(join(dist, `${name}.${ext}`));
    check(files.length > 1, `dist/${name}.${ext} is per-module: it loads ${files.length - 1} modules`);
    check(!/use client/.test(firstLine(join(dist, `${name}.${ext}`))), `dist/${name}.${ext} (export * entry) has no "use client"`);
    const missing = files.filter((f) => importsReact(readFileSync(f, 'utf8')) && !/^["']use client["'];?$/.test(firstLine(f)));
    check(missing.length === 0, `every React module reached from dist/${name}.${ext} starts with "use client"${missing.length ? `; not: ${missing.map(rel).join(', ')}` : ''}`);
  }
}
for (const name of serverEntries.map((e) => e.slice(1))) {
  for (const ext of ['js', 'cjs']) {
    const files = graph(join(dist, `${name}.${ext}`));
    const client = files.filter((f) => /use client/.test(firstLine(f)));
    check(client.length === 0, `no module reached from dist/${name}.${ext} has "use client"${client.length ? `; found: ${client.map(rel).join(', ')}` : ''}`);
    const react = files.filter((f) => importsReact(readFileSync(f, 'utf8')));
    check(react.length === 0, `no module reached from dist/${name}.${ext} imports React${react.length ? `; found: ${react.map(rel).join(', ')}` : ''}`);
  }
}
// Heavy peers stay out of the core entry.
const coreFiles = graph(join(dist, 'index.js')).map((f) => readFileSync(f, 'utf8')).join('\n');
for (const peer of ['@xterm/xterm', '@novnc/novnc', '@daytonaio/sdk', 'node-pty']) check(!coreFiles.includes(peer), `core entry does not reference ${peer}`);
check(!/^import\s[^;]*from\s*['"]ai['"]|require\(['"]ai['"]\)/m.test(coreFiles), 'core entry does not import ai (only sandbox-elements/ai does)');
check(existsSync(join(dist, 'styles.css')), 'styles.css is in the package');

if (failures.length) {
  console.error(`\n${failures.length} package check(s) failed`);
  process.exit(1);
}
console.log('\npackage checks: all passed');
