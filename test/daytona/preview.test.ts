// @vitest-environment node
/**
 * The fake's preview proxy: the links the real SDK gets through the Daytona
 * transport open what the sandbox serves on that port, as Daytona's proxy
 * does (by host name: `{port}-{sandboxId|token}.{proxyDomain}`).
 */
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDaytonaTransport } from '../../src/daytona/index';
import { startHarness, type Harness } from './helpers';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.cleanup();
});

/**
 * GET `url` as a browser would. Node does not resolve `*.localhost` names
 * (browsers do, to loopback), so it connects to 127.0.0.1 and sends the host.
 */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  const { host, port, pathname, search } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: `${pathname}${search}`, headers: { host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const page = (text: string) => (req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end(`<h1>${text} ${req.url}</h1>`);
};

describe('previews through the fake Daytona proxy', () => {
  it('given a process serving port 3000, the signed link should open its pages, and not once expired', async () => {
    h.fake.serve(3000, page('app on 3000'));
    const link = await h.transport.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
    expect(await get(link.url)).toEqual({ status: 200, type: 'text/html', body: '<h1>app on 3000 /</h1>' });
    expect((await get(new URL('/about?x=1', link.url).href)).body).toBe('<h1>app on 3000 /about?x=1</h1>');

    const token = new URL(link.url).hostname.split('.')[0]!.slice('3000-'.length);
    await (await h.daytona.get('abc123')).expireSignedPreviewUrl(3000, token);
    expect(await get(link.url)).toMatchObject({ status: 401, body: 'Signed preview URL expired' });
  });

  it('given the standard link, should answer only with the preview token header', async () => {
    h.fake.serve(3000, page('app'), 'abc123');
    const transport = createDaytonaTransport({ daytona: h.daytona, preview: 'token' });
    const link = await transport.getPreviewLink({ sandboxId: 'abc123', port: 3000 });
    expect((await get(link.url)).status).toBe(401);
    expect(await get(link.url, { 'x-daytona-preview-token': link.token! })).toMatchObject({ status: 200, body: '<h1>app /</h1>' });
    transport.dispose();
  });

  it('given a port nobody serves, or a sandbox that stopped, should answer 502', async () => {
    const link = await h.transport.getPreviewLink({ sandboxId: 'abc123', port: 4000 });
    expect(await get(link.url)).toMatchObject({ status: 502, body: 'No service is listening on port 4000 in the sandbox' });

    h.fake.serve(4000, page('late'));
    expect((await get(link.url)).status).toBe(200);
    h.fake.sandboxes.get('abc123')!.state = 'stopped';
    expect(await get(link.url)).toMatchObject({ status: 502, body: 'Sandbox is not running (stopped)' });
  });
});
