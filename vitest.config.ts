import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';

/** Flags that let Debian's Chromium run headless as root on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        // Examples import the package by name (examples/tailwind/App.tsx); tests run them on the source.
        resolve: { alias: [{ find: /^sandbox-elements$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }] },
        test: {
          name: 'unit',
          environment: 'jsdom',
          // CI has 2 cores; a loaded machine makes axe and jsdom-heavy tests slow. A timed-out test
          // leaves its DOM behind for the next one, so a too-tight limit shows up as false failures.
          testTimeout: 20_000,
          globals: true,
          setupFiles: ['./test/setup.ts'],
          include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, '**/*.browser.test.{ts,tsx}', '**/*.e2e.test.{ts,tsx}'],
          execArgv: ['--experimental-websocket'],
          typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          globals: true,
          include: ['src/**/*.browser.test.{ts,tsx}', 'test/**/*.browser.test.{ts,tsx}'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: true,
            provider: playwright({
              launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      // Every story in Chromium: renders, runs its `play` function, passes axe
      // (parameters.a11y.test = 'error') and logs no console.error. The dark
      // theme is gated by scripts/visual-check.mjs (axe on every story in dark).
      {
        plugins: [storybookTest({ configDir: '.storybook' })],
        // Pre-bundled up front: a dependency found mid-run makes Vite reload the
        // page, and the story file being imported then fails to load.
        optimizeDeps: {
          include: [
            'react',
            'react-dom',
            'react-dom/client',
            'react/jsx-runtime',
            'react/jsx-dev-runtime',
            'clsx',
            '@radix-ui/react-compose-refs',
            '@xterm/xterm',
            '@xterm/addon-fit',
            '@xterm/addon-search',
            '@xterm/addon-web-links',
            '@novnc/novnc',
            'storybook/test',
            // the AI SDK 7 and agent-workspace stories (a dependency found mid-run makes Vite
            // reload, and the story files loading at that moment fail to import)
            'ai',
            'ai/test',
            '@ai-sdk/react',
          ],
        },
        test: {
          name: 'storybook',
          setupFiles: ['./.storybook/vitest.setup.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
            }),
            instances: [{ browser: 'chromium' as const }],
          },
        },
      },
    ],
  },
});
