import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildSync, type Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * Per-module output: one ESM file and one CJS file per source module, laid
 * out like `src/`, so a bundler drops every module an app does not use
 * (`sideEffects` lists only CSS). The entry files (`dist/index.js`,
 * `dist/terminal.js`, …) are the same re-exporting modules as in `src/`.
 *
 * How: every module reachable from an entry is its own esbuild entry, bundled
 * with every relative import marked external and rewritten to the sibling
 * output file (`./console` → `./console.js` / `./console.cjs`). Packages stay
 * external as before.
 *
 * `"use client"` opens each output module that imports React (components,
 * hooks, contexts) and nothing else: not the entry files, whose `export *` a
 * client boundary may not use (Next.js refuses it), and not the shared
 * transport/error modules the server entries load. Written after the build
 * because esbuild drops directives from the modules it bundles.
 *
 * Declarations stay one bundled `.d.ts`/`.d.cts` per entry (the public API
 * reviewed in `api/`).
 */
const entries: Record<string, string> = {
  index: 'src/index.ts',
  terminal: 'src/terminal.ts',
  vnc: 'src/vnc.ts',
  server: 'src/server.ts',
  daytona: 'src/daytona.ts',
  local: 'src/local.ts',
  'preview-bridge': 'src/preview-bridge.ts',
  ai: 'src/ai.ts',
};
const present = Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const external = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  /^@xterm\//,
  /^@novnc\//,
  /^@radix-ui\//,
  'clsx',
  '@daytonaio/sdk',
  'node-pty',
  'ws',
  'ai',
  /^@ai-sdk\//,
  /^node:/,
];

/** Every source module the entries reach (what goes into the package). */
function reachableModules(): Record<string, string> {
  const result = buildSync({
    entryPoints: Object.values(present),
    bundle: true,
    write: false,
    metafile: true,
    outdir: 'dist-scan',
    platform: 'neutral',
    format: 'esm',
    logLevel: 'silent',
    packages: 'external',
    jsx: 'automatic',
  });
  const modules: Record<string, string> = {};
  for (const input of Object.keys(result.metafile!.inputs)) {
    if (!input.startsWith('src/') || !/\.(ts|tsx)$/.test(input)) continue;
    modules[input.slice('src/'.length).replace(/\.(ts|tsx)$/, '')] = input;
  }
  return modules;
}
const modules = reachableModules();

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];
function resolveSource(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const ext of ['', ...SOURCE_EXTENSIONS]) {
    const candidate = base + ext;
    if (existsSync(candidate) && /\.(ts|tsx)$/.test(candidate)) return candidate;
  }
  return undefined;
}

/** Relative imports stay imports of the sibling output module. */
function perModule(ext: '.js' | '.cjs'): Plugin {
  return {
    name: 'per-module',
    setup(build) {
      build.onResolve({ filter: /^\.\.?(\/|$)/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const target = resolveSource(args.importer, args.path);
        if (!target) return undefined;
        let path = relative(dirname(args.importer), target).replace(/\.(ts|tsx)$/, ext);
        if (!path.startsWith('.')) path = `./${path}`;
        return { path, external: true };
      });
    },
  };
}

/** Output modules whose source imports React get `"use client"`. */
function addUseClient(ext: '.js' | '.cjs') {
  for (const [name, source] of Object.entries(modules)) {
    if (Object.prototype.hasOwnProperty.call(present, name)) continue;
    const text = readFileSync(source, 'utf8');
    if (!/^import\s+(?!type\b)[^;]*from\s+['"]react(-dom)?(\/[^'"]*)?['"]/m.test(text)) continue;
    const file = join('dist', name + ext);
    const code = readFileSync(file, 'utf8');
    if (code.startsWith('"use client";')) continue;
    writeFileSync(file, `"use client";\n${code}`);
    // Keep the source map in step: one more generated line at the top.
    const mapFile = `${file}.map`;
    if (existsSync(mapFile)) {
      const map = JSON.parse(readFileSync(mapFile, 'utf8'));
      map.mappings = `;${map.mappings}`;
      writeFileSync(mapFile, JSON.stringify(map));
    }
  }
}

const js = (format: 'esm' | 'cjs'): Options => {
  const ext = format === 'esm' ? '.js' : '.cjs';
  return {
    entry: modules,
    format,
    outDir: 'dist',
    target: 'es2022',
    platform: 'neutral',
    bundle: true,
    splitting: false,
    treeshake: false,
    sourcemap: true,
    dts: false,
    external,
    outExtension: () => ({ js: ext }),
    esbuildPlugins: [perModule(ext)],
    esbuildOptions(options) {
      options.jsx = 'automatic';
    },
    onSuccess: async () => addUseClient(ext),
  };
};

const types = (names: string[]): Options => ({
  entry: Object.fromEntries(Object.entries(present).filter(([name]) => names.includes(name))),
  outDir: 'dist',
  target: 'es2022',
  dts: { only: true },
  format: ['esm', 'cjs'],
  external,
});

export default defineConfig([
  js('esm'),
  js('cjs'),
  // Client and server entries declared apart (as before per-module output), so
  // each group's .d.ts shares chunks only within the group.
  types(['index', 'terminal', 'vnc']),
  types(['server', 'daytona', 'local', 'preview-bridge', 'ai']),
]);
