// @vitest-environment node
/**
 * examples/node-server runs as documented: it prints the URL and a token once,
 * refuses requests without the token, and serves the sandbox with it. The
 * script imports `sandbox-elements/server`; here that name is bundled from src.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createHttpTransport, type WebSocketConstructor } from '../../src/http/index';
import { until } from './harness';

const root = new URL('../../', import.meta.url).pathname;
mkdirSync(join(root, '.artifacts'), { recursive: true });
const dir = mkdtempSync(join(root, '.artifacts', 'example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/node-server', () => {
  it('given PORT=0, should print the URL and a token once, refuse strangers and serve the token holder', async () => {
    const outfile = join(dir, 'server.mjs');
    await build({
      entryPoints: [join(root, 'examples/node-server/server.mjs')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      external: ['ws'],
      alias: { 'sandbox-elements/server': join(root, 'src/server/index.ts') },
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      logLevel: 'silent',
    });
    const child = spawn(process.execPath, [outfile], { env: { ...process.env, PORT: '0', LOG_INTERVAL_MS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await until(() => out.includes('STORYBOOK_SANDBOX_TOKEN='), 'the printed token', 10_000);
      const url = /STORYBOOK_SANDBOX_URL=(\S+)/.exec(out)![1]!;
      const token = /STORYBOOK_SANDBOX_TOKEN=(\S+)/.exec(out)![1]!;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/sandbox$/);
      expect(token.length).toBeGreaterThanOrEqual(32);
      expect(out.split(token).length - 1).toBe(1);

      const stranger = createHttpTransport({ baseUrl: url });
      await expect(stranger.getSandbox!({ sandboxId: 'abc123' })).rejects.toMatchObject({ code: 'forbidden' });
      const client = createHttpTransport({ baseUrl: url, headers: { Authorization: `Bearer ${token}` }, WebSocket: WebSocket as unknown as WebSocketConstructor });
      await expect(client.getSandbox!({ sandboxId: 'abc123' })).resolves.toMatchObject({ id: 'abc123', state: 'running' });
      const pty = await client.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
      let text = '';
      pty.onData((d) => (text += typeof d === 'string' ? d : new TextDecoder().decode(d)));
      pty.write('pwd\r');
      await until(() => text.includes('/home/user\r\n'), 'pwd output');
      pty.dispose();
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 30_000);
});
