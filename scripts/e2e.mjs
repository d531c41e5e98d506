#!/usr/bin/env node
// End-to-end tests: headless Chromium → createHttpTransport → createSandboxHandler
// → createLocalTransport → real processes (bash on a PTY, a web server, Xvfb,
// xterm, x11vnc + websockify). The test page is built with Vite from the real
// source (test/e2e/page). One line per scenario, pass or fail, with its time;
// a failing scenario saves a screenshot to .artifacts/e2e/<scenario>.png.
//
// Then it runs every `test/**/*.e2e.mjs` (a family's own end-to-end script) in
// its own process, one line each.
//
// Usage: node scripts/e2e.mjs [scenario-id or test/…/x.e2e.mjs …]   (default: all)
//        E2E_DEBUG=1 also prints the page's API requests and console, and its DOM on failure.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, writeFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { loadServerModules, repoRoot } from '../test/e2e/support/load-server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(repoRoot, '.artifacts', 'e2e');
const SCENARIO_TIMEOUT_MS = 60_000;
const DISPLAY = { width: 1024, height: 768 };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ── prerequisites ───────────────────────────────────────────────────────────
const TOOLS = [
  ['chromium', CHROMIUM],
  ['xvfb', 'Xvfb'],
  ['xdotool', 'xdotool'],
  ['imagemagick', 'import'],
  ['x11vnc', 'x11vnc'],
  ['websockify', 'websockify'],
  ['xterm', 'xterm'],
];
const missing = TOOLS.filter(([, cmd]) => !onPath(cmd)).map(([pkg]) => pkg);
if (missing.length) {
  console.error(`e2e: missing system tools; install the Debian packages: apt-get install -y ${missing.join(' ')}`);
  process.exit(1);
}

function onPath(cmd) {
  if (cmd.includes('/')) return existsSync(cmd);
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, cmd)));
}

async function until(read, what, timeoutMs = 15_000, everyMs = 50) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await read();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
    await sleep(everyMs);
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolveOpen) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once('error', () => resolveOpen(false));
  });
}

// ── build the page from the real source ─────────────────────────────────────
async function buildPage() {
  const { build } = await import('vite');
  const { default: react } = await import('@vitejs/plugin-react');
  const cache = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'se-e2e-page-'));
  await build({
    configFile: false,
    root: join(repoRoot, 'test/e2e/page'),
    base: '/',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, minify: false, chunkSizeWarningLimit: 4000, target: 'es2022' },
  });
  // The optional theme, concatenated as `npm run build` ships it (base first).
  const styles = join(repoRoot, 'src/styles');
  const files = readdirSync(styles).filter((f) => f.endsWith('.css')).sort((a, b) => (a === 'base.css' ? -1 : b === 'base.css' ? 1 : a.localeCompare(b)));
  writeFileSync(join(outDir, 'theme.css'), files.map((f) => readFileSync(join(styles, f), 'utf8')).join('\n'));
  return outDir;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.wasm': 'application/wasm', '.json': 'application/json' };

// ── the stack ───────────────────────────────────────────────────────────────
const only = process.argv.slice(2);
const started = Date.now();
const [{ createLocalTransport, createSandboxHandler, toNodeListener }, pageDir] = await Promise.all([loadServerModules(), buildPage()]);
console.log(`e2e: page and server built from source in ${((Date.now() - started) / 1000).toFixed(1)}s`);

const root = mkdtempSync(join(tmpdir(), 'se-e2e-root-'));
const previewPort = await freePort();
const vncPort = await freePort();
const wsPort = await freePort();
const token = randomBytes(18).toString('base64url');
const transport = createLocalTransport({
  root,
  shell: '/bin/bash',
  shellArgs: ['--norc', '--noprofile'],
  env: { PS1: '$ ', HISTFILE: '/dev/null' },
  display: DISPLAY,
  ports: [previewPort, wsPort],
});
const handler = createSandboxHandler({
  transport,
  basePath: '/api/sandbox',
  expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files'],
  authorize: (request) => request.headers.get('authorization') === `Bearer ${token}`,
});
const api = toNodeListener(handler);
const server = createServer((req, res) => {
  if (req.url?.startsWith('/api/sandbox')) return api(req, res);
  if (req.url === '/favicon.ico') return res.writeHead(204).end();
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = resolve(pageDir, `.${path === '/' ? '/index.html' : path}`);
  if (!file.startsWith(pageDir) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
server.on('upgrade', (req, socket, head) => {
  handler.handleUpgrade(req, socket, head).then((handled) => handled || socket.destroy(), () => socket.destroy());
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const pageUrl = (scenario, extra = {}) => `${origin}/?${new URLSearchParams({ scenario, token, ...extra })}`;

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });

// ── helpers used by scenarios ───────────────────────────────────────────────
/** Visible text of the terminal (xterm's DOM renderer), with non-breaking spaces made plain. */
async function terminalText(page) {
  return (await page.locator('.xterm-rows').innerText()).replace(/\u00a0/g, ' ');
}

/** Mean RGB of a rectangle of a canvas, in the canvas's own pixels, plus a fingerprint of its pixels. */
async function canvasRegion(page, selector, rect) {
  return page.evaluate(
    ({ selector, rect }) => {
      const canvas = document.querySelector(selector);
      if (!canvas) throw new Error(`no canvas ${selector}`);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      const sx = canvas.width / rect.space.width;
      const sy = canvas.height / rect.space.height;
      const x = Math.round(rect.x * sx), y = Math.round(rect.y * sy);
      const w = Math.max(1, Math.round(rect.w * sx)), h = Math.max(1, Math.round(rect.h * sy));
      const data = ctx.getImageData(x, y, w, h).data;
      let r = 0, g = 0, b = 0, hash = 0;
      for (let i = 0; i < data.length; i += 4) {
        r += data[i]; g += data[i + 1]; b += data[i + 2];
        hash = (Math.imul(hash, 31) + data[i] * 65536 + data[i + 1] * 256 + data[i + 2]) | 0;
      }
      const n = data.length / 4;
      return { r: r / n, g: g / n, b: b / n, hash, canvas: { width: canvas.width, height: canvas.height } };
    },
    { selector, rect },
  );
}

/** Start an xterm on the sandbox's display and return its window geometry. */
let xtermWindow;
async function ensureXterm() {
  if (xtermWindow) return xtermWindow;
  await transport.display();
  await transport.startProcess({ sessionId: 'desktop', command: 'exec xterm -geometry 60x14+240+180 -bg white -fg black -title e2e-xterm -e bash --norc --noprofile' });
  const id = await until(async () => {
    const r = await transport.exec({ sandboxId: 'local', command: 'xdotool search --onlyvisible --name e2e-xterm' });
    return r.exitCode === 0 && r.output.trim().split('\n')[0];
  }, 'the xterm window to map');
  const geo = await transport.exec({ sandboxId: 'local', command: `xdotool getwindowgeometry --shell ${id}` });
  const get = (k) => Number(new RegExp(`${k}=(\\d+)`).exec(geo.output)?.[1]);
  xtermWindow = { id, x: get('X'), y: get('Y'), w: get('WIDTH'), h: get('HEIGHT') };
  if (!xtermWindow.w || !xtermWindow.h) throw new Error(`could not read the xterm geometry: ${geo.output}`);
  return xtermWindow;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ── scenarios ───────────────────────────────────────────────────────────────
const scenarios = [
  {
    name: 'WebTerminal: echo and stty size through a real PTY; size follows a container resize',
    id: 'terminal',
    async run(page) {
      await page.goto(pageUrl('terminal'));
      await page.locator('[data-se-part="web-terminal"][data-status="connected"]').waitFor({ timeout: 15_000 });
      await until(async () => (await terminalText(page)).includes('$ '), 'the bash prompt');
      await page.locator('.xterm').click();
      await page.keyboard.type('echo hello-$((6*7))');
      await page.keyboard.press('Enter');
      // 42 is computed by bash: the echo of the typed line alone cannot contain it.
      await until(async () => /^hello-42\s*$/m.test(await terminalText(page)), '"hello-42" from bash');

      const size = () => page.evaluate(() => {
        const t = window.__e2e.terminal?.getTerminal();
        return t ? { cols: t.cols, rows: t.rows } : null;
      });
      const before = await until(size, 'the xterm size');
      await page.keyboard.type('clear; stty size');
      await page.keyboard.press('Enter');
      await until(async () => (await terminalText(page)).includes(`\n${before.rows} ${before.cols}`) || (await terminalText(page)).startsWith(`${before.rows} ${before.cols}`), `stty size to say "${before.rows} ${before.cols}"`);

      await page.evaluate(() => Object.assign(document.getElementById('terminal-box').style, { width: '960px', height: '460px' }));
      const after = await until(async () => {
        const s = await size();
        return s && (s.cols !== before.cols || s.rows !== before.rows) && s;
      }, 'the terminal to refit');
      assert(after.cols > before.cols && after.rows > before.rows, `expected a bigger grid, got ${JSON.stringify({ before, after })}`);
      await page.keyboard.type('clear; stty size');
      await page.keyboard.press('Enter');
      await until(async () => (await terminalText(page)).includes(`${after.rows} ${after.cols}`), `stty size to say "${after.rows} ${after.cols}" after the resize`);
      return `${before.cols}×${before.rows} → ${after.cols}×${after.rows}`;
    },
  },
  {
    name: 'WebTerminal: a new page re-attaches to the running shell by sessionId and gets its scrollback back',
    id: 'terminal-reattach',
    async run(page) {
      await page.goto(pageUrl('terminal'));
      await page.locator('[data-se-part="web-terminal"][data-status="connected"]').waitFor({ timeout: 15_000 });
      await until(async () => (await terminalText(page)).includes('$ '), 'the bash prompt');
      const first = await page.evaluate(() => window.__e2e.connected);
      assert(first && !first.reattached, `expected a new session, got ${JSON.stringify(first)}`);
      await page.locator('.xterm').click();
      // Shell state that only the same shell can know: a variable and a marker in the scrollback.
      await page.keyboard.type('MARK=kept-$((20+3)); echo before-$MARK');
      await page.keyboard.press('Enter');
      await until(async () => (await terminalText(page)).includes('before-kept-23'), 'the marker');
      // A fresh page (the old one's socket closes): the session lives on in the sandbox.
      await page.goto(pageUrl('terminal', { session: first.sessionId }));
      await page.locator('[data-se-part="web-terminal"][data-status="connected"]').waitFor({ timeout: 15_000 });
      const second = await page.evaluate(() => window.__e2e.connected);
      assert(second?.sessionId === first.sessionId && second.reattached, `expected a re-attach to ${first.sessionId}, got ${JSON.stringify(second)}`);
      await until(async () => (await terminalText(page)).includes('before-kept-23'), 'the replayed scrollback');
      await page.locator('.xterm').click();
      await page.keyboard.type('echo after-$MARK');
      await page.keyboard.press('Enter');
      await until(async () => (await terminalText(page)).includes('after-kept-23'), 'the same shell to answer');
      return `session ${first.sessionId}`;
    },
  },
  {
    name: 'WebPreview: a page served by a sandbox process, its request logs in the console',
    id: 'preview',
    async run(page) {
      const demo = join(repoRoot, 'test/e2e/support/demo-server.mjs');
      await transport.startProcess({ sessionId: 'preview', command: `exec node ${JSON.stringify(demo)} ${previewPort} "E2E preview page"` });
      await until(() => portOpen(previewPort), 'the demo server to listen');
      await page.goto(pageUrl('preview', { port: String(previewPort), session: 'preview' }));
      const frame = page.frameLocator('[data-se-part="web-preview-body"] iframe, iframe[data-se-part="web-preview-body"]').first();
      await frame.locator('h1', { hasText: 'E2E preview page' }).waitFor({ timeout: 15_000 });
      const console_ = page.locator('[data-se-part="web-preview-console"]');
      const entry = (text) => console_.locator('[data-se-part="web-preview-console-entry"]', { hasText: text });
      await entry('info: demo server ready').first().waitFor({ timeout: 10_000 });
      assert((await entry('info: demo server ready').first().locator('[data-se-part="web-preview-console-level"]').getAttribute('data-level')) === 'info', 'the ready line should be level info');
      // The iframe's own request, logged by the process, reaches the console.
      await entry('GET / 200 (request #1)').first().waitFor({ timeout: 10_000 });
      await page.getByRole('button', { name: /reload/i }).first().click();
      await frame.locator('p', { hasText: 'request #2' }).waitFor({ timeout: 10_000 });
      await entry('GET / 200 (request #2)').first().waitFor({ timeout: 10_000 });
      // Typing a path in the address bar loads it from the same port; the process's stderr line shows as an error.
      const address = page.getByRole('textbox', { name: 'Preview address' });
      await address.fill(`localhost:${previewPort}/boom`);
      await address.press('Enter');
      await frame.locator('h1', { hasText: 'Server error' }).waitFor({ timeout: 10_000 });
      const boom = entry('GET /boom 500: simulated failure').first();
      await boom.waitFor({ timeout: 10_000 });
      const level = await boom.locator('[data-se-part="web-preview-console-level"]').getAttribute('data-level');
      assert(level === 'error', `a stderr line should be level error, got ${level}`);
      return `port ${previewPort}`;
    },
  },
  {
    name: 'ComputerUseDisplay: click into an xterm on Xvfb, type, the screenshot changes where the window is',
    id: 'computer-use',
    async run(page) {
      const win = await ensureXterm();
      await page.goto(pageUrl('computer-use'));
      const display = page.locator('[data-se-part="computer-use-display"]');
      await page.locator('[data-se-part="computer-use-display"][data-status="live"]').waitFor({ timeout: 15_000 });
      const canvasSel = '[data-se-part="computer-use-canvas"]';
      // The xterm's text area (below its top rows, where typed lines appear) and a corner of bare desktop.
      const inside = { x: win.x, y: win.y, w: win.w, h: win.h, space: DISPLAY };
      const outside = { x: 20, y: DISPLAY.height - 120, w: 160, h: 100, space: DISPLAY };
      const white = await until(async () => {
        const r = await canvasRegion(page, canvasSel, inside);
        return r.r > 150 && r; // the white xterm is drawn
      }, 'the xterm to show in the display');
      const bare = await canvasRegion(page, canvasSel, outside);

      const box = await page.locator(canvasSel).boundingBox();
      const scaleX = box.width / DISPLAY.width;
      const scaleY = box.height / DISPLAY.height;
      // The display holds a single click for its double-click window before sending it; type only once it has landed.
      const clicked = page.waitForResponse((r) => r.url().includes('/computer-use/actions') && /"type":"click"/.test(r.request().postData() ?? ''));
      await page.mouse.click(box.x + (win.x + win.w / 2) * scaleX, box.y + (win.y + win.h / 2) * scaleY);
      const click = await clicked;
      assert(click.ok(), `the click action failed with ${click.status()}`);
      const sent = JSON.parse(click.request().postData()).action;
      assert(sent.x >= win.x && sent.x < win.x + win.w && sent.y >= win.y && sent.y < win.y + win.h, `the click should land in the window, was at ${sent.x},${sent.y}`);
      const proof = join(root, 'typed-proof.txt');
      await page.getByRole('textbox', { name: 'Text to type' }).fill('echo typed-by-e2e > typed-proof.txt');
      await page.locator('[data-se-part="computer-use-type"]').click();
      await page.locator('[data-se-part="computer-use-key"][data-key="Return"]').click();
      // The keystrokes reached bash inside the xterm: it ran the command.
      await until(() => existsSync(proof) && readFileSync(proof, 'utf8').trim() === 'typed-by-e2e', 'the typed command to run in the xterm', 10_000);
      const changed = await until(async () => {
        const r = await canvasRegion(page, canvasSel, inside);
        return r.hash !== white.hash && r;
      }, 'the next screenshot to differ inside the xterm window');
      const still = await canvasRegion(page, canvasSel, outside);
      assert(still.hash === bare.hash, 'the desktop outside the window should not have changed');
      assert((await display.getAttribute('data-status')) === 'live', 'the display should still be live');
      return `window ${win.w}×${win.h} at ${win.x},${win.y}; mean brightness ${Math.round(white.r)} → ${Math.round(changed.r)}`;
    },
  },
  {
    name: 'VNC display: noVNC through x11vnc + websockify on the same Xvfb display',
    id: 'vnc',
    async run(page) {
      const win = await ensureXterm();
      const { display } = await transport.display();
      await transport.startProcess({ sessionId: 'vnc', command: `exec x11vnc -display ${display} -rfbport ${vncPort} -localhost -nopw -forever -shared -quiet -noxdamage` });
      await until(() => portOpen(vncPort), 'x11vnc to listen');
      await transport.startProcess({ sessionId: 'vnc', command: `exec websockify 127.0.0.1:${wsPort} 127.0.0.1:${vncPort}` });
      await until(() => portOpen(wsPort), 'websockify to listen');
      await page.goto(pageUrl('vnc', { port: String(wsPort) }));
      await page.locator('[data-se-part="computer-use-vnc"][data-status="live"]').waitFor({ timeout: 15_000 });
      const canvasSel = '[data-se-part="computer-use-vnc-screen"] canvas';
      // The remote framebuffer is the Xvfb display: same size, the white xterm where Xvfb has it, black around it.
      const inWindow = await until(async () => {
        const r = await canvasRegion(page, canvasSel, { x: win.x + 10, y: win.y + 10, w: win.w - 20, h: win.h - 20, space: DISPLAY });
        return r.r > 150 && r;
      }, 'the xterm to show over VNC');
      assert(inWindow.canvas.width === DISPLAY.width && inWindow.canvas.height === DISPLAY.height, `expected a ${DISPLAY.width}×${DISPLAY.height} framebuffer, got ${JSON.stringify(inWindow.canvas)}`);
      const bare = await canvasRegion(page, canvasSel, { x: 20, y: DISPLAY.height - 120, w: 160, h: 100, space: DISPLAY });
      assert(bare.r < 60, `expected the bare desktop to be dark, got mean red ${bare.r}`);
      return `framebuffer ${inWindow.canvas.width}×${inWindow.canvas.height}`;
    },
  },
  {
    name: 'ToolList: a run of real exec results',
    id: 'tools',
    async run(page) {
      const commands = ['echo hello-from-exec', 'sleep 0.8; uname -s', 'ls /definitely-missing-dir', "printf 'a\\nb\\nc\\n' | wc -l"];
      await page.goto(pageUrl('tools', { commands: JSON.stringify(commands) }));
      const items = page.locator('[data-se-part="tool-list-item"]');
      // The slow command is seen running before it completes.
      await page.locator('[data-se-part="tool-list-item"][data-status="running"]').first().waitFor({ timeout: 10_000 });
      await until(async () => (await items.locator('xpath=self::*[@data-status="running"]').count()) === 0 && (await items.count()) === 4, 'every command to finish');
      const states = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
      assert(JSON.stringify(states) === JSON.stringify(['completed', 'completed', 'error', 'completed']), `states were ${JSON.stringify(states)}`);
      const text = async (i) => {
        const item = items.nth(i);
        const trigger = item.locator('[data-se-part="tool-panel-trigger"]').first();
        if ((await trigger.count()) && (await trigger.getAttribute('aria-expanded')) === 'false') await trigger.click();
        return item.innerText();
      };
      assert((await text(0)).includes('hello-from-exec'), 'the first result should show the echo');
      assert(/\bLinux\b/.test(await text(1)), 'the second result should show uname');
      assert(/No such file or directory/.test(await text(2)), 'the failing command should show its error');
      assert(/\b3\b/.test(await text(3)), 'the pipeline should count 3 lines');
      const summary = await page.locator('[data-se-part="tool-list-summary"]').innerText();
      assert(/4/.test(summary), `the summary should count 4, got ${JSON.stringify(summary)}`);
      return states.join(', ');
    },
  },
];

// ── run ─────────────────────────────────────────────────────────────────────
// Only this run's failures are pictured there.
rmSync(ARTIFACTS, { recursive: true, force: true });
mkdirSync(ARTIFACTS, { recursive: true });
const results = [];
for (const scenario of scenarios) {
  if (only.length && !only.includes(scenario.id)) continue;
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  const consoleErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  if (process.env.E2E_DEBUG) page.on('console', (m) => console.log('  console.' + m.type(), m.text()));
  if (process.env.E2E_DEBUG) page.on('request', (r) => r.url().includes('/api/') && console.log('  →', r.method(), r.url().replace(origin, ''), r.postData() ?? ''));
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  const t0 = Date.now();
  let detail = '';
  let failure;
  try {
    let timer;
    detail = await Promise.race([
      scenario.run(page),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`scenario timed out after ${SCENARIO_TIMEOUT_MS / 1000}s`)), SCENARIO_TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    if (pageErrors.length) throw new Error(`uncaught errors in the page: ${pageErrors.join(' | ')}`);
  } catch (error) {
    failure = error;
    if (process.env.E2E_DEBUG) console.log((await page.content().catch(() => '')).slice(0, 3000));
    const shot = join(ARTIFACTS, `${scenario.id}.png`);
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    failure.shot = shot;
  }
  const seconds = (Date.now() - t0) / 1000;
  results.push({ id: scenario.id, ok: !failure, seconds });
  if (failure) {
    console.log(`✘ e2e ${scenario.id}: ${scenario.name} (${seconds.toFixed(1)}s)\n    ${failure.message.split('\n')[0]}\n    screenshot: ${failure.shot}${consoleErrors.length ? `\n    console errors: ${consoleErrors.slice(0, 5).join(' | ')}` : ''}`);
    // What the sandbox side held at the time, to tell a UI problem from a process one.
    console.log(`    local transport: ${JSON.stringify(transport.stats())}; handler: ${JSON.stringify(handler.stats())}`);
  } else {
    console.log(`✔ e2e ${scenario.id}: ${scenario.name} (${seconds.toFixed(1)}s)${detail ? ` — ${detail}` : ''}`);
  }
  await context.close();
}

await browser.close();
await handler.close();
server.closeAllConnections();
await new Promise((ok) => server.close(ok));
await transport.close();
rmSync(root, { recursive: true, force: true });
rmSync(pageDir, { recursive: true, force: true });

// Families' own end-to-end scripts (test/**/*.e2e.mjs), each in its own process, one line each.
for (const file of findE2eScripts(join(repoRoot, 'test'))) {
  const id = file.slice(repoRoot.length + 1);
  if (only.length && !only.includes(id)) continue;
  const t0 = Date.now();
  const { code, output } = await runScript(file, 180_000);
  const seconds = (Date.now() - t0) / 1000;
  results.push({ id, ok: code === 0, seconds });
  if (code === 0) console.log(`✔ e2e ${id} (${seconds.toFixed(1)}s)`);
  else console.log(`✘ e2e ${id} (${seconds.toFixed(1)}s): exit ${code}\n${output.trim().split('\n').slice(-25).map((l) => `    ${l}`).join('\n')}`);
}

const failed = results.filter((r) => !r.ok);
if (only.length && results.length === 0) {
  console.error(`e2e: no scenario matches ${only.join(', ')} (known: ${scenarios.map((s) => s.id).join(', ')})`);
  process.exit(1);
}
console.log(`e2e: ${results.length - failed.length} passed, ${failed.length} failed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.exit(failed.length ? 1 : 0);

function findE2eScripts(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findE2eScripts(path));
    else if (entry.name.endsWith('.e2e.mjs')) out.push(path);
  }
  return out.sort();
}

function runScript(file, timeoutMs) {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs / 1000}s)`;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code: code ?? (signal ? 1 : 0), output });
    });
  });
}
