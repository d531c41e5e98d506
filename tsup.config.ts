import { existsSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

/**
 * Entries split by where they run. Component entries get a `"use client"`
 * banner: a directive written in source is dropped by bundling, so the banner
 * is the only reliable way (checked on the built files by test/package).
 */
const clientEntries: Record<string, string> = {
  index: 'src/index.ts',
  terminal: 'src/terminal.ts',
  vnc: 'src/vnc.ts',
};
const serverEntries: Record<string, string> = {
  server: 'src/server.ts',
  daytona: 'src/daytona.ts',
  local: 'src/local.ts',
  ai: 'src/ai.ts',
  'preview-bridge': 'src/preview-bridge.ts',
};

const present = (entries: Record<string, string>) =>
  Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file)));

const external = [
  'react',
  'react-dom',
  'react/jsx-runtime',
  /^@xterm\//,
  /^@novnc\//,
  '@daytonaio/sdk',
  'node-pty',
  'ws',
  'ai',
  /^@ai-sdk\//,
];

const common: Options = {
  dts: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: false,
  external,
  outDir: 'dist',
};

// ESM shares chunks between entries. CJS does not split: tsup's CJS splitting
// runs sucrase, which puts its helpers above the banner and so hides
// "use client" from bundlers.
const client: Options = { ...common, entry: present(clientEntries), platform: 'browser', banner: { js: '"use client";' } };
const server: Options = { ...common, entry: present(serverEntries), platform: 'node' };

export default defineConfig([
  { ...client, format: 'esm', splitting: true, clean: true },
  { ...client, format: 'cjs', splitting: false },
  { ...server, format: 'esm', splitting: true },
  { ...server, format: 'cjs', splitting: false },
]);
