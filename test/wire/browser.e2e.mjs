#!/usr/bin/env node
// The wire in real Chromium: createHttpTransport in a page on one origin,
// createSandboxHandler (memory transport, CORS for that origin) on another.
// Checks CORS-exposed screenshot headers, abort, validation, the SSE log
// stream reconnecting after the server cuts every connection (no lost or
// repeated line), the PTY WebSocket (auth subprotocol, resize, unicode,
// re-attach with scrollback, kill) and a refused PTY reported as `forbidden`
// (the browser hides the handshake answer; the client asks again over HTTP).
// Run by scripts/e2e.mjs (every test/**/*.e2e.mjs), or: node test/wire/browser.e2e.mjs
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = new URL('../../', import.meta.url).pathname;
mkdirSync(join(root, '.artifacts'), { recursive: true });
const dir = mkdtempSync(join(root, '.artifacts', 'wire-e2e-'));
const TOKEN = 'e2e-token-0123456789abcdef';
let failed = 0;
const check = (ok, what, detail = '') => {
  console.log(`${ok ? '✔' : '✘'} ${what}${ok ? '' : ` — ${detail}`}`);
  if (!ok) failed++;
};

const servers = [];
let browser;
try {
  await build({ entryPoints: [join(root, 'test/wire/browser-page.ts')], bundle: true, format: 'iife', platform: 'browser', outfile: join(dir, 'page.js'), logLevel: 'warning' });
  await build({
    entryPoints: [join(root, 'src/server/index.ts')], bundle: true, format: 'esm', platform: 'node', outfile: join(dir, 'server.mjs'), external: ['ws'], logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const { createSandboxHandler, createMemoryTransport, toNodeListener } = await import(pathToFileURL(join(dir, 'server.mjs')).href);
  const { readFile } = await import('node:fs/promises');
  const listen = async (server) => {
    servers.push(server);
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${server.address().port}`;
  };

  // Cookie headers the handler received, per channel (preflights carry none and are left out).
  const received = [];
  const record = (req, channel) => {
    if (req.method !== 'OPTIONS') received.push({ path: req.url.split('?')[0], channel, cookie: req.headers.cookie ?? '' });
  };
  let listener; // the handler's, mounted on both servers (same-origin and cross-origin base URLs)
  let handler;
  const page$ = createServer(async (req, res) => {
    if (req.url.startsWith('/api/sandbox/')) return record(req, 'http'), listener(req, res);
    if (req.url === '/page.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(join(dir, 'page.js')));
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><meta charset="utf-8"><title>wire</title><script src="/page.js"></script>');
  });
  const pageOrigin = await listen(page$);

  const memory = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0 });
  handler = createSandboxHandler({
    transport: memory,
    basePath: '/api/sandbox',
    // A bearer header, or (for the browser's own EventSource, which cannot send headers) a cookie.
    authorize: (request) =>
      request.headers.get('authorization') === `Bearer ${TOKEN}` || (request.headers.get('cookie') ?? '').split('; ').includes(`se_token=${TOKEN}`),
    cors: { origins: [pageOrigin], credentials: true },
  });
  listener = toNodeListener(handler);
  const api$ = createServer((req, res) => (record(req, 'http'), listener(req, res)));
  const upgrade = async (req, socket, head) => {
    record(req, 'ws');
    if (!(await handler.handleUpgrade(req, socket, head))) socket.destroy();
  };
  api$.on('upgrade', upgrade);
  page$.on('upgrade', upgrade);
  const baseUrl = `${await listen(api$)}/api/sandbox`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(pageOrigin);
  await page.waitForFunction(() => !!window.wire);

  const basics = await page.evaluate(([u, t]) => window.wire.basics(u, t), [baseUrl, TOKEN]);
  check(basics.state === 'running', 'cross-origin getSandbox with a bearer header (CORS preflight)', JSON.stringify(basics));
  check(basics.width === 1280 && basics.height === 800 && basics.type === 'image/svg+xml', 'screenshot bytes with size from CORS-exposed headers', JSON.stringify(basics));
  check(basics.aborted === 'aborted' && basics.invalid === 'invalid_request', 'abort and validation map to SandboxError codes', JSON.stringify(basics));

  await page.evaluate(([u, t]) => window.wire.startLogs(u, t), [baseUrl, TOKEN]);
  const deadline = Date.now() + 8000;
  while (memory.stats().logSubscriptions !== 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  let sent = 0;
  const emit = (n) => {
    for (let i = 0; i < n; i++) memory.emitLogs('abc123', [{ message: `line ${sent++}` }]);
  };
  emit(10);
  await page.waitForFunction(() => window.wire.logs().messages.length === 10, null, { timeout: 8000 });
  for (let drop = 0; drop < 2; drop++) {
    api$.closeAllConnections();
    emit(10);
    await page.waitForFunction((n) => window.wire.logs().messages.length === n, sent, { timeout: 8000 }).catch(() => {});
  }
  const logs = await page.evaluate(() => window.wire.logs());
  const expected = Array.from({ length: sent }, (_, i) => `line ${i}`);
  check(JSON.stringify(logs.messages) === JSON.stringify(expected) && logs.errors.length === 0, `SSE logs survive 2 cut connections: ${sent} lines, none lost or repeated`, JSON.stringify(logs).slice(0, 300));
  await page.evaluate(() => window.wire.stopLogs());

  const pty = await page.evaluate(([u, t]) => window.wire.pty(u, t), [baseUrl, TOKEN]).catch((e) => ({ error: String(e) }));
  check(pty.reattached === true && pty.exit === 130, 'PTY over WebSocket: auth subprotocol, resize, unicode, re-attach with scrollback, kill', JSON.stringify(pty));

  const refused = await page.evaluate((u) => window.wire.refusedPty(u), baseUrl);
  check(refused === 'forbidden 403', 'a refused PTY is reported as forbidden, not a bare network error', refused);

  // The EventSource option (after the refused PTY: the cookie would authorize it): the browser's own reconnect with Last-Event-ID, auth by cookie.
  await page.context().addCookies([{ name: 'se_token', value: TOKEN, url: baseUrl }]);
  await page.evaluate((u) => window.wire.startEventSourceLogs(u), baseUrl);
  const esDeadline = Date.now() + 8000;
  while (handler.stats().logStreams !== 1 && Date.now() < esDeadline) await new Promise((r) => setTimeout(r, 20));
  const first = sent;
  emit(5);
  await page.waitForFunction((n) => window.wire.logs().messages.includes(n), `line ${sent - 1}`, { timeout: 8000 }).catch(() => {});
  api$.closeAllConnections();
  emit(5);
  await page.waitForFunction((n) => window.wire.logs().messages.includes(n), `line ${sent - 1}`, { timeout: 10000 }).catch(() => {});
  const esLogs = await page.evaluate(() => window.wire.logs());
  // A new subscriber first gets the hub's recent history (the 30 lines above), then the new ones.
  const tail = esLogs.messages.slice(-10);
  const want = Array.from({ length: 10 }, (_, i) => `line ${first + i}`);
  check(JSON.stringify(tail) === JSON.stringify(want) && new Set(esLogs.messages).size === esLogs.messages.length && esLogs.errors.length === 0,
    'EventSource option: cookie auth, reconnects by itself with Last-Event-ID, nothing lost or repeated', JSON.stringify(esLogs).slice(0, 400));
  await page.evaluate(() => window.wire.stopLogs());

  // `credentials` (#13): what the server received on each channel, for each mode, with a cookie in the browser.
  // Same-origin: the handler on the page's own server; cross-origin: on the other port (same site, so the cookie is sendable).
  const channels = (log) => {
    const has = (pred) => log.some((r) => pred(r) && r.cookie.includes(`se_token=${TOKEN}`));
    const seen = (pred) => log.some(pred);
    const logs = log.filter((r) => r.path.endsWith('/logs'));
    return {
      seen: seen((r) => r.path.endsWith('/sandboxes/abc123')) && logs.length >= 2 && seen((r) => r.channel === 'ws'),
      fetch: has((r) => r.path.endsWith('/sandboxes/abc123')),
      logs: logs.filter((r) => r.cookie.includes(`se_token=${TOKEN}`)).length, // fetch reader + EventSource
      ws: has((r) => r.channel === 'ws'),
    };
  };
  const cookieWanted = {
    // fetch, fetch log reader + EventSource (cookies among the two), PTY socket
    same: { omit: [false, 1, true], 'same-origin': [true, 2, true], include: [true, 2, true] },
    cross: { omit: [false, 0, true], 'same-origin': [false, 0, true], include: [true, 2, true] },
  };
  for (const [where, base] of [['same', `${pageOrigin}/api/sandbox`], ['cross', baseUrl]]) {
    for (const mode of ['omit', 'same-origin', 'include']) {
      received.length = 0;
      const ok = await page.evaluate(([u, t, m]) => window.wire.credentials(u, t, m).then(() => 'ok', (e) => String(e)), [base, TOKEN, mode]);
      const until = Date.now() + 8000;
      while (!channels(received).seen && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await page.evaluate(() => window.wire.stopCredentials());
      const got = channels(received);
      const [fetchCookie, logCookies, wsCookie] = cookieWanted[where][mode];
      check(ok === 'ok' && got.seen && got.fetch === fetchCookie && got.logs === logCookies && got.ws === wsCookie,
        `credentials '${mode}' ${where}-origin: cookie on fetch ${fetchCookie}, on ${logCookies}/2 log streams, on the PTY socket ${wsCookie} (browsers always send it there)`,
        `${ok} ${JSON.stringify(got)} ${JSON.stringify(received)}`);
    }
  }
  await page.context().clearCookies();


  const settle = Date.now() + 5000;
  while ((handler.stats().ptySockets || handler.stats().logStreams || memory.stats().ptyConnections) && Date.now() < settle) await new Promise((r) => setTimeout(r, 50));
  check(handler.stats().ptySockets === 0 && handler.stats().logStreams === 0 && memory.stats().ptyConnections === 0, 'nothing left open on the server', JSON.stringify({ ...handler.stats(), ...memory.stats() }));
  check(pageErrors.length === 0, 'no uncaught error in the page', pageErrors.join(' | '));
  await handler.close();
  memory.dispose();
} catch (error) {
  check(false, 'wire e2e ran to the end', String(error?.stack ?? error));
} finally {
  await browser?.close();
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
