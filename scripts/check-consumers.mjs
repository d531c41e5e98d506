#!/usr/bin/env node
// Consumer apps (test/consumers/*): each from the packed tarball with only the
// packages the README tells users to install, built with its own tools and
// checked in headless Chromium. Needs `npm run build` first. One line per
// check, with times; exits non-zero on the first failing app.
//
// Usage: node scripts/check-consumers.mjs [vite] [next] [daytona-next]   (default: all)
// `vite` also typechecks the server entries in a consumer of their own.
// `daytona-next` is examples/daytona-next as it is, on the real @daytonaio/sdk
// pointed at the fake Daytona API of test/daytona/fake-daytona.ts (in this
// process, on 127.0.0.1).
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createConsumer, repoRoot, sharedTarball } from '../test/support/consumer.mjs';
import { launchChromium, watchPage } from '../test/support/chromium.mjs';
import { serveStatic } from '../test/support/static-server.mjs';
import { until } from '../test/support/until.mjs';

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

/**
 * test/daytona/fake-daytona.ts, bundled with esbuild (Node 20 runs no
 * TypeScript) into a temp module inside node_modules/.cache, so `ws` resolves
 * from our node_modules; `import.meta.url` keeps the source's, for its fixtures.
 */
async function loadFakeDaytona() {
  const { build } = await import('esbuild');
  const source = join(repoRoot, 'test', 'daytona', 'fake-daytona.ts');
  const cache = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, 'se-fake-daytona-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = join(dir, 'fake-daytona.mjs');
  await build({ entryPoints: [source], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning', define: { 'import.meta.url': JSON.stringify(pathToFileURL(source).href) } });
  return import(pathToFileURL(outfile).href);
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

  if (!wanted.length || wanted.includes('daytona-next')) {
    const started = Date.now();
    const example = join(repoRoot, 'examples', 'daytona-next');
    // Exactly what the example's package.json names (sandbox-elements comes from the tarball).
    const deps = Object.keys(JSON.parse(readFileSync(join(example, 'package.json'), 'utf8')).dependencies).filter((d) => d !== 'sandbox-elements');
    let app;
    await step(`daytona-next: examples/daytona-next as a consumer of the tarball (${deps.join(', ')})`, () => {
      app = createConsumer({ name: 'daytona-next', tarball, deps });
      keep(app);
      // A user's own install (node_modules, .next, lock) of the example stays out.
      cpSync(example, app.dir, { recursive: true, filter: (from) => !/^(node_modules|\.next|package-lock\.json)(\/|$)/.test(relative(example, from)) });
    });
    await step('daytona-next: next build', async () => {
      const out = await run(join(app.dir, 'node_modules/.bin/next'), ['build'], app.dir);
      return out.match(/Next\.js [\d.]+/)?.[0];
    });
    await step('daytona-next: server.mjs with @daytonaio/sdk on the fake Daytona API, in Chromium: workspace created, preview shows the sandbox\'s page, console gets its logs, terminal echoes, desktop live, no page/console errors or hydration warnings', async () => {
      const { startFakeDaytona, API_KEY } = await loadFakeDaytona();
      const fake = await startFakeDaytona({ sandboxes: [], transitionMs: 50 });
      cleanups.push(() => fake.close());
      // What the user's dev server inside the sandbox would serve on port 3000.
      fake.serve(3000, (req, res, sandbox) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><title>sandbox app</title><h1 id="app">Hello from ${sandbox.id} on port 3000</h1><p id="path">${req.url}</p>`);
      });
      const port = await freePort();
      const server = await startServer('node', ['server.mjs'], app.dir, `http://127.0.0.1:${port}/`, {
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        DAYTONA_API_URL: fake.apiUrl,
        DAYTONA_API_KEY: API_KEY,
        DAYTONA_TARGET: 'us',
        SESSION_SECRET: 'consumer-check-secret-0123456789abcdef',
      });
      serverOutput = server.output;
      const page = await browser.newPage();
      const problems = watchPage(page);
      await page.goto(`http://127.0.0.1:${port}/`);
      // The page's POST /api/workspace creates the sandbox through DaytonaWorkspaceManager.
      const sandbox = await until(() => [...fake.sandboxes.values()].find((s) => s.labels.app === 'daytona-next-example'), 'the example to create its sandbox on the fake', 30_000, 100);
      // Its entrypoint's output (followed over the toolbox WebSocket by the transport).
      fake.emitLogs(sandbox.id, ['> next dev', 'ready on http://localhost:3000']);
      fake.emitLogs(sandbox.id, ['warning: slow compile'], { stream: 'stderr' });

      await page.locator('[data-se-part="web-preview"][data-status="ready"]').waitFor({ timeout: 30_000 });
      const frame = page.frameLocator('[data-se-part="web-preview-frame"]');
      const heading = await frame
        .locator('#app')
        .textContent({ timeout: 30_000 })
        .catch(async (error) => {
          throw new Error(`the preview frame does not show the sandbox's page; it shows ${JSON.stringify(await frame.locator('body').textContent({ timeout: 1000 }).catch(() => null))}`, { cause: error });
        });
      if (heading !== `Hello from ${sandbox.id} on port 3000`) throw new Error(`the preview frame shows ${JSON.stringify(heading)}`);
      const src = await page.locator('[data-se-part="web-preview-frame"]').getAttribute('src');
      if (!/^http:\/\/3000-\w+\.localhost:\d+\/?$/.test(src ?? '')) throw new Error(`the frame is not on a signed preview URL: ${src}`);

      const entries = page.locator('[data-se-part="web-preview-console-entry"]');
      await entries.filter({ hasText: 'warning: slow compile' }).waitFor({ timeout: 30_000 });
      const lines = await entries.allTextContents();
      for (const want of ['> next dev', 'ready on http://localhost:3000']) if (!lines.some((l) => l.includes(want))) throw new Error(`the console lacks ${JSON.stringify(want)}: ${JSON.stringify(lines)}`);

      await page.locator('[data-se-part="computer-use-display"][data-status="live"]').waitFor({ timeout: 30_000 });
      const echo = await echoThroughTerminal(page, 'hello-from-daytona');
      if (!sandbox.ptys.size) throw new Error('the terminal did not open a PTY on the fake');
      if (problems.length) throw new Error(problems.join('\n'));
      // The SDK's Socket.IO event stream is the one Daytona route the fake does not speak (the SDK then polls).
      const unmatched = fake.unmatched().filter((r) => r.path !== '/api/socket.io/');
      if (unmatched.length) throw new Error(`the fake got requests it does not serve: ${unmatched.map((r) => `${r.method} ${r.path}`).join(', ')}`);
      await page.close();
      return `sandbox ${sandbox.id} created; preview ${src} shows its page; ${lines.length} log lines; desktop live; ${echo}`;
    });
    console.log(`  daytona-next app: ${secs(started)}`);
  }
} catch {
  // Reported by step().
} finally {
  await browser?.close().catch(() => {});
  for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => {});
}
console.log(`\nconsumer apps: ${failures.length ? `${failures.length} failed` : 'all passed'} in ${secs(t0)}`);
process.exit(failures.length ? 1 : 0);
