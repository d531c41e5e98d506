#!/usr/bin/env node
// `npm run dev:live`: drive a real shell, real previews and a real desktop on
// this machine from Storybook, with no Daytona account.
//
// Starts `createSandboxHandler({ transport: createLocalTransport(...) })` on
// 127.0.0.1 behind a random bearer token (printed once), a demo web app in the
// sandbox's "dev" session on port 3000 (for the live WebPreview stories), and
// Storybook with STORYBOOK_SANDBOX_URL / STORYBOOK_SANDBOX_TOKEN set so its
// "Live" stories use `createHttpTransport` against it. `npm run storybook`
// keeps using the simulated sandbox.
//
// Options:
//   --root DIR            directory the sandbox's files API is confined to, and where shells start (default: the current directory)
//   --port N              port of the sandbox server (default: a free one)
//   --storybook-port N    Storybook's port (default 6006)
//   --no-storybook        only run the sandbox server
//   --no-demo             do not start the demo web app (port 3000), the xterm on the desktop nor VNC (port 6080)
//   --display :N | WxH    use this X display, or start Xvfb of this size (default: a private Xvfb of 1280x800, never your screen)
import { spawn } from 'node:child_process';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadServerModules, repoRoot } from '../test/e2e/support/load-server.mjs';

const { values: args } = parseArgs({
  options: {
    root: { type: 'string' },
    port: { type: 'string' },
    'storybook-port': { type: 'string', default: '6006' },
    'no-storybook': { type: 'boolean', default: false },
    'no-demo': { type: 'boolean', default: false },
    display: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run dev:live -- [--root DIR] [--port N] [--storybook-port N] [--no-storybook] [--no-demo] [--display :N|WxH]');
  process.exit(0);
}

const root = resolve(args.root ?? process.cwd());
const storybookPort = Number(args['storybook-port']);
const BASE_PATH = '/api/sandbox';
// A private Xvfb by default, even on a desktop session: live stories must not drive your real screen.
let display = { width: 1280, height: 800 };
if (args.display) {
  const size = /^(\d+)x(\d+)$/.exec(args.display);
  display = size ? { width: Number(size[1]), height: Number(size[2]) } : args.display;
}

const { createLocalTransport, createSandboxHandler, toNodeListener, DEFAULT_PREVIEW_PORTS } = await loadServerModules();
/** websockify's port for the live VNC story (ComputerUseVncDisplay's default). */
const VNC_WS_PORT = 6080;
const token = randomBytes(24).toString('base64url');
const expected = Buffer.from(`Bearer ${token}`);
const transport = createLocalTransport({ root, display, ports: [...DEFAULT_PREVIEW_PORTS, VNC_WS_PORT] });
const origins = [`http://localhost:${storybookPort}`, `http://127.0.0.1:${storybookPort}`];
const handler = createSandboxHandler({
  transport,
  basePath: BASE_PATH,
  expose: ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files'],
  cors: { origins },
  authorize: (request) => {
    const given = Buffer.from(request.headers.get('authorization') ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  },
});
const server = createServer(toNodeListener(handler));
server.on('upgrade', (req, socket, head) => {
  handler.handleUpgrade(req, socket, head).then((handled) => handled || socket.destroy(), () => socket.destroy());
});
await new Promise((ok, fail) => {
  server.once('error', fail);
  server.listen(args.port ? Number(args.port) : 0, '127.0.0.1', ok);
});
const url = `http://127.0.0.1:${server.address().port}${BASE_PATH}`;

console.log('\nsandbox-elements live mode');
console.log(`  sandbox server  ${url}   (sandbox id "${transport.sandboxId}", root ${transport.root})`);
console.log(`  bearer token    ${token}`);
console.log('  Anyone with this token can run commands on this machine as you. It is printed only here.\n');

if (!args['no-demo']) {
  const demo = await transport.startProcess({ sessionId: 'dev', command: `exec node ${JSON.stringify(resolve(repoRoot, 'test/e2e/support/demo-server.mjs'))} 3000 "Live preview from your machine"` });
  console.log(`  demo web app    http://127.0.0.1:3000/ (session "dev", command ${demo.commandId}; its logs feed the live console)`);
  // Something to see and drive on the desktop: an xterm on the sandbox's display.
  try {
    const { display: name, width, height, owned } = await transport.display();
    if (owned) {
      await transport.startProcess({ sessionId: 'desktop', command: 'exec xterm -geometry 100x30+40+40' });
      console.log(`  desktop         X display ${name} (${width}×${height}, Xvfb) with an xterm`);
      // The same display over VNC, for the live VNC story: x11vnc on a loopback port, websockify in front.
      const vnc = await transport.exec({ sandboxId: transport.sandboxId, command: 'command -v x11vnc && command -v websockify' });
      if (vnc.exitCode === 0) {
        const rfb = 5900 + Number(name.slice(1));
        await transport.startProcess({ sessionId: 'vnc', command: `exec x11vnc -display ${name} -rfbport ${rfb} -localhost -nopw -forever -shared -quiet` });
        await waitForPort(rfb, 10_000);
        await transport.startProcess({ sessionId: 'vnc', command: `exec websockify 127.0.0.1:${VNC_WS_PORT} 127.0.0.1:${rfb}` });
        console.log(`  vnc             ws://127.0.0.1:${VNC_WS_PORT}/ (x11vnc + websockify on the same display)`);
      } else {
        console.log('  vnc             skipped: install the Debian packages x11vnc and websockify');
      }
    } else {
      console.log(`  desktop         X display ${name} (${width}×${height}, yours)`);
    }
  } catch (error) {
    console.log(`  desktop         unavailable: ${error.message}`);
  }
}

let storybook;
if (!args['no-storybook']) {
  storybook = spawn('npx', ['storybook', 'dev', '-p', String(storybookPort), '--no-open'], {
    cwd: repoRoot,
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, STORYBOOK_SANDBOX_URL: url, STORYBOOK_SANDBOX_TOKEN: token, STORYBOOK_SANDBOX_ID: transport.sandboxId },
  });
  storybook.on('exit', (code) => {
    storybook = undefined;
    console.log(`Storybook exited (${code}); stopping.`);
    void shutdown(code ?? 0);
  });
  console.log(`  storybook       http://localhost:${storybookPort}/ (Live stories talk to the server above)\n`);
}

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  if (storybook?.pid) {
    try {
      process.kill(-storybook.pid, 'SIGTERM');
    } catch {}
  }
  await handler.close();
  server.closeAllConnections();
  server.close();
  await transport.close();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0));

/** Resolve once something accepts connections on 127.0.0.1:`port`, or after `timeoutMs` anyway. */
async function waitForPort(port, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const open = await new Promise((resolveOpen) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolveOpen(true)));
      socket.once('error', () => resolveOpen(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
