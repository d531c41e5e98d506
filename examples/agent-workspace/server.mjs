#!/usr/bin/env node
// The agent workspace, one command: `npm run example:agent`.
//
// Builds the page (Vite) and the server module from this repository's source
// (`sandbox-elements/*` imports are aliased to src/, so no `npm run build` is
// needed), then serves on 127.0.0.1:
//   GET  /                 the workspace page (chat + preview + terminal + desktop)
//   POST /api/chat         the agent: streamText with createSandboxTools
//   *    /api/sandbox/...  the same sandbox for the panes (createSandboxHandler), PTY over WebSocket
// Outside this repository, import `sandbox-elements` from npm instead and
// serve the page with your own bundler.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.map': 'application/json' };

const alias = [
  { find: /^sandbox-elements$/, replacement: join(repoRoot, 'src/index.ts') },
  { find: /^sandbox-elements\/styles\.css$/, replacement: 'virtual:sandbox-elements-styles' },
  { find: /^sandbox-elements\/(terminal|vnc|server|local|daytona|ai|preview-bridge)$/, replacement: join(repoRoot, 'src/$1.ts') },
];

/** `sandbox-elements/styles.css` as `npm run build` ships it: base first, then each family's section. */
const stylesPlugin = {
  name: 'sandbox-elements-styles',
  resolveId: (id) => (id === 'virtual:sandbox-elements-styles' ? '\0sandbox-elements-styles.css' : null),
  load(id) {
    if (id !== '\0sandbox-elements-styles.css') return null;
    const dir = join(repoRoot, 'src/styles');
    const files = readdirSync(dir).filter((f) => f.endsWith('.css')).sort((a, b) => (a === 'base.css' ? -1 : b === 'base.css' ? 1 : a.localeCompare(b)));
    return files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  },
};

let built;
/** Builds page and server module once per process (in parallel). */
export function buildAgentWorkspace() {
  built ??= (async () => {
    const { build } = await import('vite');
    const { default: react } = await import('@vitejs/plugin-react');
    const cache = join(repoRoot, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const clientDir = mkdtempSync(join(cache, 'agent-workspace-page-'));
    const serverDir = mkdtempSync(join(cache, 'agent-workspace-server-'));
    process.once('exit', () => {
      rmSync(clientDir, { recursive: true, force: true });
      rmSync(serverDir, { recursive: true, force: true });
    });
    const common = { configFile: false, logLevel: 'warn', resolve: { alias } };
    await Promise.all([
      build({
        ...common,
        root: join(here, 'app'),
        base: '/',
        plugins: [react(), stylesPlugin],
        build: { outDir: clientDir, emptyOutDir: true, minify: false, chunkSizeWarningLimit: 4000, target: 'es2022' },
      }),
      build({
        ...common,
        root: repoRoot,
        build: {
          ssr: join(here, 'server/workspace.mjs'),
          outDir: serverDir,
          emptyOutDir: true,
          minify: false,
          target: 'node20',
          rollupOptions: { output: { format: 'esm', entryFileNames: 'workspace.mjs' } },
        },
      }),
    ]);
    const { createWorkspace } = await import(pathToFileURL(join(serverDir, 'workspace.mjs')).href);
    return { clientDir, createWorkspace };
  })();
  return built;
}

/**
 * Starts the workspace. Resolves to its `url` (with the page's token) and `close()`.
 * @param {{ port?: number, sandbox?: 'memory' | 'local', root?: string, previewPort?: number, display?: unknown, token?: string }} options
 */
export async function startAgentWorkspace(options = {}) {
  const { clientDir, createWorkspace } = await buildAgentWorkspace();
  const token = options.token ?? randomBytes(18).toString('base64url');
  let root = options.root;
  let ownRoot = false;
  if ((options.sandbox ?? 'memory') === 'local' && !root) {
    root = mkdtempSync(join(tmpdir(), 'agent-workspace-'));
    ownRoot = true;
  }
  const workspace = await createWorkspace({ sandbox: options.sandbox, root, token, port: options.previewPort, display: options.display });
  const page = readFileSync(join(clientDir, 'index.html'), 'utf8');

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/api/sandbox')) return workspace.api(req, res);
    if (path === '/api/chat' && req.method === 'POST') {
      workspace.chat(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error?.message ?? error));
      });
      return;
    }
    if (path === '/' || path === '/index.html') {
      // The page learns its token and sandbox from the server that made them.
      const config = JSON.stringify({ token, sandboxId: workspace.sandboxId, sandbox: workspace.sandbox, previewPort: workspace.plan.port, model: workspace.model });
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(page.replace('<!--workspace-config-->', `<script>window.__WORKSPACE__=${config.replace(/</g, '\\u003c')}</script>`));
      return;
    }
    const file = resolve(clientDir, `.${path}`);
    if (!file.startsWith(clientDir) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  server.on('upgrade', (req, socket, head) => {
    workspace.handler.handleUpgrade(req, socket, head).then((handled) => handled || socket.destroy(), () => socket.destroy());
  });
  await new Promise((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: `${origin}/`,
    workspace,
    async close() {
      server.closeAllConnections();
      await new Promise((ok) => server.close(ok));
      await workspace.close();
      if (ownRoot) rmSync(root, { recursive: true, force: true });
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const sandbox = process.env.SANDBOX === 'local' ? 'local' : 'memory';
  const t0 = Date.now();
  const app = await startAgentWorkspace({ port: Number(process.env.PORT ?? 3100), sandbox, previewPort: Number(process.env.PREVIEW_PORT ?? 8123) });
  console.log(`agent workspace on ${app.url} (sandbox: ${sandbox}, model: ${app.workspace.model}; built in ${((Date.now() - t0) / 1000).toFixed(1)}s)`);
  const stop = () => app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
