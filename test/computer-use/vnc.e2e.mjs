#!/usr/bin/env node
// End-to-end: ComputerUseVncDisplay against a real VNC server on loopback.
// Xvfb :N → x11vnc (RFB on P) → websockify (WebSocket on WP) → the real
// component (built from source with Vite) in headless Chromium. Checks that it
// connects, shows a non-empty framebuffer, that a click reaches X (xdotool),
// that viewOnly applies live, and that it reconnects after x11vnc restarts.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const started = Date.now();
const children = new Set();
const cleanups = [];
let failures = 0;

const watchdog = setTimeout(() => {
  console.error('vnc e2e: timed out after 120 s');
  cleanup().finally(() => process.exit(1));
}, 120_000);

function step(name) {
  console.log(`  · ${name} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}
function check(name, ok, detail = '') {
  if (ok) console.log(`  ✔ ${name}`);
  else {
    failures++;
    console.log(`  ✘ ${name}${detail ? `: ${detail}` : ''}`);
  }
}

function run(cmd, args, env = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  children.add(child);
  child.on('exit', () => children.delete(child));
  child.stderrText = () => stderr;
  return child;
}
async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}
async function cleanup() {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch {
      // keep cleaning
    }
  }
  cleanups.length = 0;
  await Promise.all([...children].map(stop));
}

async function until(what, fn, timeoutMs = 15_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}
const freePort = () =>
  new Promise((res, rej) => {
    const srv = createNetServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
const portOpen = (port) =>
  new Promise((res) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), res(true)));
    socket.once('error', () => res(false));
  });
function freeDisplay() {
  for (let n = 140; n < 240; n++) if (!existsSync(`/tmp/.X${n}-lock`) && !existsSync(`/tmp/.X11-unix/X${n}`)) return n;
  throw new Error('no free X display number');
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, cmd)));
}

async function main() {
  const tools = [['xvfb', 'Xvfb'], ['x11vnc', 'x11vnc'], ['websockify', 'websockify'], ['xdotool', 'xdotool'], ['xterm', 'xterm']];
  const missing = tools.filter(([, cmd]) => !onPath(cmd)).map(([pkg]) => pkg);
  if (missing.length) throw new Error(`missing system tools; install the Debian packages: apt-get install -y ${missing.join(' ')}`);
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const { chromium } = await import('playwright-core');

  // ── X server with something on it ──
  const display = freeDisplay();
  const DISPLAY = `:${display}`;
  step(`Xvfb ${DISPLAY}`);
  const xvfb = run('Xvfb', [DISPLAY, '-screen', '0', '1024x768x24', '-nolisten', 'tcp', '-noreset']);
  await until('the X socket', () => existsSync(`/tmp/.X11-unix/X${display}`), 10_000);
  const typedFile = join(mkdtempSync(join(tmpdir(), 'se-vnc-typed-')), 'line.txt');
  cleanups.push(() => rmSync(typedFile.replace(/\/line\.txt$/, ''), { recursive: true, force: true }));
  // The xterm reads one line and writes it to a file: proof that typed keys reached X.
  run('xterm', ['-geometry', '60x10+40+40', '-e', 'sh', '-c', `echo sandbox-elements vnc e2e; read line; printf '%s' "$line" > ${typedFile}; sleep 600`], { DISPLAY });

  // ── x11vnc behind websockify ──
  const rfbPort = await freePort();
  const wsPort = await freePort();
  const startVnc = () => run('x11vnc', ['-display', DISPLAY, '-rfbport', String(rfbPort), '-nopw', '-forever', '-shared', '-localhost', '-quiet', '-noxdamage'], { DISPLAY });
  step(`x11vnc on ${rfbPort}`);
  let vnc = startVnc();
  await until('x11vnc to listen', () => portOpen(rfbPort), 15_000, 200);
  step(`websockify ${wsPort} → ${rfbPort}`);
  run('websockify', [`127.0.0.1:${wsPort}`, `127.0.0.1:${rfbPort}`]);
  await until('websockify to listen', () => portOpen(wsPort), 15_000, 200);

  // ── the page, built from source ──
  step('vite build of the test page');
  const outDir = mkdtempSync(join(tmpdir(), 'se-vnc-e2e-'));
  cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
  await build({ root: join(here, 'vnc-page'), configFile: false, logLevel: 'warn', plugins: [react()], build: { outDir, emptyOutDir: true, minify: false } });
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = join(outDir, path === '/' ? 'index.html' : path);
    if (!file.startsWith(outDir) || !existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  const pagePort = server.address().port;

  // ── the browser ──
  step('chromium');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
  cleanups.push(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${pagePort}/?wsPort=${wsPort}`);
  const state = () => page.getAttribute('#vnc', 'data-status');
  const vncLog = () => page.evaluate(() => window.__vnc);

  await until('the display to go live', async () => (await state()) === 'live', 20_000);
  check('connects through the resolved preview link (port 6080 → websockify)', (await vncLog()).links >= 1 && (await vncLog()).connects === 1);

  // ── framebuffer ──
  let lastFrame = null;
  const frame = await until(
    'a non-empty framebuffer',
    async () => {
      const f = await page.evaluate(() => {
        const canvas = document.querySelector('#vnc canvas');
        if (!canvas || canvas.width === 0) return null;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        const colours = new Set();
        let rootLike = 0;
        for (let i = 0; i < data.length; i += 4 * 97) {
          colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
          // The xterm's white window on the black root; lossy encodings may shift colours slightly.
          if (data[i] > 235 && data[i + 1] > 235 && data[i + 2] > 235) rootLike++;
        }
        return { width: canvas.width, height: canvas.height, colours: colours.size, hasXterm: rootLike > 100 };
      });
      lastFrame = f;
      return f && f.colours > 1 && f.hasXterm ? f : null;
    },
    10_000,
  ).catch((error) => {
    throw new Error(`${error.message}; last frame ${JSON.stringify(lastFrame)}`);
  });
  check('framebuffer is the 1024×768 X screen with the xterm on it', frame.width === 1024 && frame.height === 768 && frame.hasXterm, JSON.stringify(frame));

  // ── a click reaches X ──
  const box = await page.locator('#vnc canvas').boundingBox();
  // The 1024×768 screen is scaled into 512×384: remote (600, 500) is CSS (300, 250) from the canvas corner.
  const scale = box.width / 1024;
  await page.mouse.click(box.x + 600 * scale, box.y + 500 * scale);
  const pointer = () => {
    const m = /x:(\d+) y:(\d+)/.exec(execFileSync('xdotool', ['getmouselocation'], { env: { ...process.env, DISPLAY } }).toString());
    return { x: Number(m[1]), y: Number(m[2]) };
  };
  // Wait for the pointer to arrive; on timeout, report where it is.
  const where = await until('the X pointer to reach (600, 500)', () => ((p) => (p.x === 600 && p.y === 500 ? p : null))(pointer()), 5_000).catch(() => pointer());
  check(`a click in the browser moves the X pointer there (xdotool getmouselocation: ${where.x},${where.y})`, where.x === 600 && where.y === 500, JSON.stringify(where));

  // ── ComputerUseActions types over the VNC connection ──
  // No window manager: keyboard focus follows the pointer, so put it on the xterm first.
  await page.mouse.click(box.x + 150 * scale, box.y + 80 * scale);
  await page.fill('#actions input[aria-label="Text to type"]', 'typed over vnc');
  await page.press('#actions input[aria-label="Text to type"]', 'Enter');
  await page.click('#actions button[data-key="Return"]');
  const typed = await until('the xterm to receive the line', () => existsSync(typedFile) && readFileSync(typedFile, 'utf8'), 5_000).catch(() => '');
  check('ComputerUseActions (text field + Enter key) types into the X session over VNC', typed === 'typed over vnc', JSON.stringify(typed));
  const afterTyping = /x:(\d+) y:(\d+)/.exec(execFileSync('xdotool', ['getmouselocation'], { env: { ...process.env, DISPLAY } }).toString());
  where.x = Number(afterTyping[1]);
  where.y = Number(afterTyping[2]);

  // ── viewOnly applies live, without reconnecting ──
  await page.evaluate(() => window.setViewOnly(true));
  await page.waitForFunction(() => document.querySelector('#vnc')?.hasAttribute('data-view-only'));
  await page.mouse.click(box.x + 100 * scale, box.y + 100 * scale);
  await new Promise((r) => setTimeout(r, 400));
  const still = execFileSync('xdotool', ['getmouselocation'], { env: { ...process.env, DISPLAY } }).toString();
  check('viewOnly set after connect keeps the pointer still, same session', /x:(\d+)/.exec(still)[1] === String(where.x) && (await vncLog()).connects === 1, still.trim());
  await page.evaluate(() => window.setViewOnly(false));

  // ── server restart → reconnect ──
  step('kill x11vnc');
  await stop(vnc);
  await until('the display to notice', async () => (await state()) === 'reconnecting', 10_000);
  check('shows reconnecting while the server is down', true);
  await new Promise((r) => setTimeout(r, 600));
  step('restart x11vnc');
  vnc = startVnc();
  await until('x11vnc to listen again', () => portOpen(rfbPort), 15_000, 200);
  await until('the display to reconnect', async () => (await state()) === 'live', 20_000);
  const after = await vncLog();
  check('reconnects by itself after the server restarts', after.connects === 2 && after.disconnects >= 1, JSON.stringify(after));
  await page.mouse.click(box.x + 200 * scale, box.y + 300 * scale);
  const again = await until(
    'the X pointer to move after reconnect',
    () => {
      const out = execFileSync('xdotool', ['getmouselocation'], { env: { ...process.env, DISPLAY } }).toString();
      const m = /x:(\d+) y:(\d+)/.exec(out);
      return m && Number(m[1]) !== where.x ? { x: Number(m[1]), y: Number(m[2]) } : null;
    },
    5_000,
  );
  check('input works again after reconnecting', again.x === 200 && again.y === 300, JSON.stringify(again));
  check('no uncaught page errors', pageErrors.length === 0, pageErrors.join(' | '));
  void xvfb;
}

try {
  await main();
} catch (error) {
  failures++;
  console.error(`  ✘ ${error.stack ?? error}`);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
console.log(`vnc e2e: ${failures ? `${failures} failed` : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
process.exit(failures ? 1 : 0);
