// Bundle the server side (local transport + sandbox handler) from the real
// TypeScript source with Vite's SSR build, and import it. Node 20 cannot run
// TypeScript itself; `ws` and `node-pty` stay external (real packages).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');

/** @returns {Promise<{ createLocalTransport: Function, createSandboxHandler: Function, toNodeListener: Function }>} */
export async function loadServerModules() {
  const { build } = await import('vite');
  // Inside the repository, so the bundle resolves `ws` and `node-pty` from node_modules.
  const cache = join(repoRoot, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'se-server-'));
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  await build({
    configFile: false,
    root: repoRoot,
    logLevel: 'warn',
    build: {
      ssr: join(here, 'server-entry.ts'),
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { format: 'esm', entryFileNames: 'server.mjs' } },
    },
  });
  return import(pathToFileURL(join(outDir, 'server.mjs')).href);
}
