// @vitest-environment node
/**
 * noVNC 1.7 uses top-level await (WebCodecs probe in core/util/browser.js).
 * Check that an app importing `sandbox-elements/vnc` from source bundles with
 * esbuild and Vite, and that noVNC lands in its own lazily loaded chunk.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'se-vnc-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const entrySource = `
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { ComputerUseVncDisplay } from ${JSON.stringify(join(root, 'src/vnc.ts'))};
createRoot(document.getElementById('root')).render(React.createElement(ComputerUseVncDisplay, { url: 'ws://127.0.0.1:1/' }));
`;

function readAll(out: string): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (e.name.endsWith('.js')) files.push({ name: e.name, text: readFileSync(join(d, e.name), 'utf8') });
    }
  };
  walk(out);
  return files;
}

describe('bundling sandbox-elements/vnc', () => {
  it('esbuild (esm, es2022, splitting): builds, with noVNC in a lazy chunk', async () => {
    const { build } = await import('esbuild');
    const entry = join(dir, 'esbuild-entry.js');
    writeFileSync(entry, entrySource);
    const out = join(dir, 'esbuild-out');
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      splitting: true,
      format: 'esm',
      target: 'es2022',
      outdir: out,
      logLevel: 'silent',
      absWorkingDir: root,
      nodePaths: [join(root, 'node_modules')],
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    expect(result.errors).toEqual([]);
    const files = readAll(out);
    const main = files.find((f) => f.name === 'esbuild-entry.js')!;
    const rfbChunk = files.find((f) => f.text.includes('supportsWebCodecsH264Decode'));
    expect(rfbChunk).toBeDefined();
    expect(rfbChunk!.name).not.toBe('esbuild-entry.js');
    expect(main.text).toMatch(/import\(["']\.\/[^"']+\.js["']\)/);
  });

  it('esbuild with a pre-2022 target reports the top-level await (documented: target es2022+)', async () => {
    const { build } = await import('esbuild');
    const entry = join(dir, 'esbuild-entry.js');
    writeFileSync(entry, entrySource);
    await expect(
      build({ entryPoints: [entry], bundle: true, splitting: true, format: 'esm', target: 'es2020', outdir: join(dir, 'old'), logLevel: 'silent', absWorkingDir: root, jsx: 'automatic' }),
    ).rejects.toThrow(/Top-level await is not available/);
  });

  it('Vite (production build, default target): builds, with noVNC in a lazy chunk', async () => {
    const { build } = await import('vite');
    writeFileSync(join(dir, 'main.js'), entrySource);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.js"></script>');
    const out = join(dir, 'vite-out');
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: { react: join(root, 'node_modules/react'), 'react-dom': join(root, 'node_modules/react-dom') } },
      build: { outDir: out, emptyOutDir: true, minify: false },
    });
    const files = readAll(out);
    const rfbChunk = files.find((f) => f.text.includes('supportsWebCodecsH264Decode'));
    expect(rfbChunk).toBeDefined();
    const entryChunk = files.find((f) => f.text.includes('createRoot'))!;
    expect(entryChunk.name).not.toBe(rfbChunk!.name);
  }, 60_000);
});
