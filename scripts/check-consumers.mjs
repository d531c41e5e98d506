#!/usr/bin/env node
// Consumer apps (test/consumers/*): each from the packed tarball with only the
// packages the README tells users to install, built with its own tools and
// checked in headless Chromium. Needs `npm run build` first. One line per
// check, with times; exits non-zero on the first failing app.
//
// Usage: node scripts/check-consumers.mjs [vite] [next]   (default: both)
// `vite` also typechecks the server entries in a consumer of their own.
import { spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createConsumer, repoRoot, sharedTarball } from '../test/support/consumer.mjs';
import { launchChromium, watchPage } from '../test/support/chromium.mjs';
import { serveStatic } from '../test/support/static-server.mjs';

const TEMPLATES = join(repoRoot, 'test', 'consumers');
// What the README's Install section lists, per app, plus each app's own tools.
const CORE = ['react', 'react-dom'];
const TERMINAL = ['@xterm/xterm', '@xterm/addon-fit'];
const TYPES = ['typescript', '@types/react', '@types/react-dom'];

const wanted = process.argv.slice(2);
const failures = [];
const cleanups = [];
const t0 = Date.now();
const secs = (since) => `${((Date.now() - since) / 1000).toFixed(1)}s`;
async function step(name, fn) {
  const started = Date.now();
  try {
    const detail = await fn();
    console.log(`✔ ${name}${detail ? `: ${detail}` : ''} (${secs(started)})`);
  } catch (error) {
    const output = serverOutput();
    console.log(`✘ ${name} (${secs(started)})\n${String(error?.stack ?? error).replace(/^/gm, '    ')}${output ? `\n  server output:\n${output.slice(-3000).replace(/^/gm, '    ')}` : ''}`);
    failures.push(name);
    throw error;
  }
}
const run = (cmd, args, cwd, env = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${out.slice(-4000)}`))));
  });
async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}
/** Starts a long-running server; resolves once `url` answers. */
async function startServer(cmd, args, cwd, url, env = {}) {
  const child = spawn(cmd, args, { cwd, detached: true, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const stop = () => {
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }
  };
  cleanups.push(stop);
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd} ${args.join(' ')} exited ${child.exitCode}:\n${out.slice(-4000)}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return { stop, output: () => out };
    } catch {}
    if (Date.now() > end) throw new Error(`${url} did not answer in 60 s:\n${out.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Types into the terminal and waits for the shell's answer on a line of its own. */
async function echoThroughTerminal(page, word) {
  await page
    .locator('[data-se-part="web-terminal"][data-status="connected"]')
    .waitFor({ timeout: 30_000 })
    .catch(async (error) => {
      const root = page.locator('[data-se-part="web-terminal"]');
      const status = await root.getAttribute('data-status').catch(() => 'absent');
      const text = await root.innerText().catch(() => '');
      throw new Error(`the terminal is "${status}", not connected (shows: ${JSON.stringify(text.slice(0, 300))})`, { cause: error });
    });
  await page.locator('[data-se-part="web-terminal-viewport"]').click();
  await page.keyboard.type(`echo ${word}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (w) => [...document.querySelectorAll('.xterm-rows > div')].some((row) => row.textContent.trim() === w),
    word,
    { timeout: 30_000 },
  );
  return `"echo ${word}" answered "${word}"`;
}

let browser;
/** KEEP_CONSUMERS=1 leaves the consumer directories for a look. */
function keep(consumer) {
  if (process.env.KEEP_CONSUMERS) console.log(`  (kept ${consumer.dir})`);
  else cleanups.push(consumer.dispose);
}
/** The output of the server under test, printed when its step fails. */
let serverOutput = () => '';
try {
  const tarball = sharedTarball();
  browser = await launchChromium();

  if (!wanted.length || wanted.includes('vite')) {
    const started = Date.now();
    let app;
    await step('vite: consumer from the tarball (react, react-dom, @xterm/xterm, @xterm/addon-fit; vite, @vitejs/plugin-react, typescript, @types/react*)', () => {
      app = createConsumer({ name: 'vite', tarball, deps: [...CORE, ...TERMINAL, 'vite', '@vitejs/plugin-react', ...TYPES] });
      keep(app);
      cpSync(join(TEMPLATES, 'vite'), app.dir, { recursive: true });
    });
    await step('vite: tsc with skipLibCheck: false over the types of ., /terminal, /vnc, /preview-bridge (only the peers above installed)', () =>
      run(join(app.dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], app.dir),
    );
    await step('vite: vite build', async () => void (await run(join(app.dir, 'node_modules/.bin/vite'), ['build'], app.dir)));
    await step('vite: in Chromium, typing into WebTerminal echoes through the simulated sandbox', async () => {
      const server = await serveStatic(join(app.dir, 'dist'));
      cleanups.push(server.close);
      const page = await browser.newPage();
      const problems = watchPage(page);
      await page.goto(server.url);
      const detail = await echoThroughTerminal(page, 'hello-from-vite');
      await page.locator('[data-se-part="tool-panel"]').waitFor();
      if (problems.length) throw new Error(problems.join('\n'));
      await page.close();
      return detail;
    });
    console.log(`  vite app: ${secs(started)}`);

    let types;
    await step('server entries: consumer from the tarball (ws, @daytonaio/sdk, node-pty, ai; typescript, @types/node, @types/ws)', () => {
      types = createConsumer({ name: 'server-types', tarball, deps: ['ws', '@daytonaio/sdk', 'node-pty', 'ai', 'typescript', '@types/node', '@types/ws'] });
      keep(types);
      cpSync(join(TEMPLATES, 'server-types'), types.dir, { recursive: true });
    });
    await step('server entries: tsc with skipLibCheck: false over the types of /server, /daytona, /local, /ai', () =>
      run(join(types.dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], types.dir),
    );
  }

  if (!wanted.length || wanted.includes('next')) {
    const started = Date.now();
    let app;
    await step('next: consumer from the tarball (react, react-dom, @xterm/xterm, @xterm/addon-fit, ws; next, typescript, @types/*)', () => {
      app = createConsumer({ name: 'next', tarball, deps: [...CORE, ...TERMINAL, 'ws', 'next', ...TYPES, '@types/node'] });
      keep(app);
      cpSync(join(TEMPLATES, 'next'), app.dir, { recursive: true });
    });
    await step('next: next build', async () => {
      const out = await run(join(app.dir, 'node_modules/.bin/next'), ['build'], app.dir);
      return out.match(/Next\.js [\d.]+/)?.[0];
    });
    await step('next: the `next start` HTML has each component server-rendered', async () => {
      const port = await freePort();
      const server = await startServer(join(app.dir, 'node_modules/.bin/next'), ['start', '-p', String(port), '-H', '127.0.0.1'], app.dir, `http://127.0.0.1:${port}/`);
      const html = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      server.stop();
      const parts = ['web-preview', 'web-preview-navigation', 'web-preview-url', 'web-preview-console', 'tool-panel', 'tool-panel-title', 'web-terminal'];
      const missing = parts.filter((p) => !html.includes(`data-se-part="${p}"`));
      if (missing.length) throw new Error(`missing in the HTML: ${missing.join(', ')}\n${html.slice(0, 3000)}`);
      if (!html.includes('read_file')) throw new Error('the ToolPanel title "read_file" is not in the HTML');
      return `${parts.length} parts and the read_file title`;
    });
    await step('next: through server.mjs (PTY upgrades) in Chromium: no hydration or console errors, preview loads, logs over SSE, terminal echoes', async () => {
      const port = await freePort();
      const server = await startServer('node', ['server.mjs'], app.dir, `http://127.0.0.1:${port}/`, { PORT: String(port), NODE_ENV: 'production' });
      serverOutput = server.output;
      const page = await browser.newPage();
      const problems = watchPage(page);
      const sse = [];
      page.on('response', (r) => /text\/event-stream/.test(r.headers()['content-type'] ?? '') && sse.push(r.url()));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.locator('[data-se-part="web-preview"][data-status="ready"]').waitFor({ timeout: 30_000 });
      const preview = await page.frameLocator('[data-se-part="web-preview-frame"]').locator('#body').textContent({ timeout: 30_000 });
      if (!/served by the simulated sandbox on port 3000/.test(preview ?? '')) throw new Error(`the preview frame shows ${JSON.stringify(preview)}`);
      await page.locator('[data-se-part="web-preview-console-entry"]').first().waitFor({ timeout: 30_000 });
      const logLines = await page.locator('[data-se-part="web-preview-console-entry"]').count();
      if (!sse.some((u) => u.includes('/api/sandbox/'))) throw new Error(`no SSE response from /api/sandbox (saw: ${sse.join(', ') || 'none'})`);
      const echo = await echoThroughTerminal(page, 'hello-from-next');
      if (problems.length) throw new Error(problems.join('\n'));
      await page.close();
      return `preview ready (its page loaded in the frame), ${logLines} log lines over SSE, ${echo}`;
    });
    console.log(`  next app: ${secs(started)}`);
  }
} catch {
  // Reported by step().
} finally {
  await browser?.close().catch(() => {});
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
}
console.log(`\nconsumer apps: ${failures.length ? `${failures.length} failed` : 'all passed'} in ${secs(t0)}`);
process.exit(failures.length ? 1 : 0);
