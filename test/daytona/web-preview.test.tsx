/**
 * WebPreview through the whole stack, in jsdom: createHttpTransport → HTTP on
 * 127.0.0.1 → createSandboxHandler → Daytona transport → the real
 * @daytonaio/sdk → the fake Daytona API. A stopped sandbox shows Start; Start
 * goes to Daytona; the frame then loads the signed preview URL, which serves
 * the sandbox's page; entrypoint output reaches the console over SSE.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as React from 'react';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createHttpTransport } from '../../src/http/index';
import { createSandboxHandler, toNodeListener } from '../../src/server/index';
import { SandboxProvider } from '../../src/transport/provider';
import { WebPreview, WebPreviewBody, WebPreviewConsole } from '../../src/web-preview/index';
import { startHarness, type Harness } from './helpers';

// The SDK's axios takes its XHR adapter when `XMLHttpRequest` exists when it
// loads, and jsdom's XHR applies browser CORS to the server's calls to
// Daytona. The SDK runs on a server, which has no XMLHttpRequest: hide it
// while the modules load (hoisted above the imports).
const xhr = vi.hoisted(() => {
  const saved = globalThis.XMLHttpRequest;
  // @ts-expect-error -- removed on purpose, put back in afterAll
  delete globalThis.XMLHttpRequest;
  return saved;
});
afterAll(() => {
  globalThis.XMLHttpRequest = xhr;
});

let h: Harness;
let server: http.Server;
let handler: ReturnType<typeof createSandboxHandler>;
let baseUrl: string;
beforeEach(async () => {
  // The global WebSocket here is jsdom's, for the page; the server's log follow socket is `ws`'s.
  h = await startHarness({ signedUrlTtlSeconds: 600, logs: { webSocket: (url) => new WebSocket(url) } }, { sandboxes: [], transitionMs: 100 });
  h.fake.addSandbox('abc123', { state: 'stopped' });
  h.fake.serve(3000, (req, res, sandbox) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<h1>${sandbox.id} on 3000 ${req.url}</h1>`);
  });
  // A real app checks the user's session here.
  handler = createSandboxHandler({ transport: h.transport, basePath: '/api/sandbox', expose: ['getSandbox', 'logs', 'sandboxes'], authorize: () => true });
  server = http.createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/sandbox`;
});
afterEach(async () => {
  await handler?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.cleanup();
});

/** GET a preview URL as a browser would: Node does not resolve `*.localhost`, so connect to 127.0.0.1 with its Host. */
function getPage(url: string): Promise<string> {
  const { host, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      })
      .on('error', reject);
  });
}

describe('given WebPreview on createHttpTransport → createSandboxHandler → Daytona transport → fake Daytona', () => {
  it('a stopped sandbox should offer Start, start on Daytona, then load its signed preview and show its logs', async () => {
    const transport = createHttpTransport({ baseUrl });
    const { container } = render(
      <React.StrictMode>
        <SandboxProvider transport={transport} sandboxId="abc123">
          <WebPreview port={3000}>
            <WebPreviewBody />
            <WebPreviewConsole />
          </WebPreview>
        </SandboxProvider>
      </React.StrictMode>,
    );
    const root = container.querySelector<HTMLElement>('[data-se-part="web-preview"]')!;
    const frame = () => container.querySelector<HTMLIFrameElement>('iframe[data-se-part="web-preview-frame"]');

    await waitFor(() => expect(root).toHaveAttribute('data-sandbox-state', 'stopped'));
    expect(root).toHaveAttribute('data-status', 'unavailable');
    expect(container.querySelector('[data-se-part="web-preview-status"]')).toHaveTextContent('Sandbox abc123 is stopped.');
    expect(frame()).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));
    await waitFor(() => expect(frame()).not.toBeNull(), { timeout: 10_000 });
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/sandbox/abc123/start')).toHaveLength(1);
    expect(h.fake.sandboxes.get('abc123')!.state).toBe('started');

    // The frame is on the URL Daytona signed, and that URL serves the sandbox's page.
    const src = frame()!.getAttribute('src')!;
    expect(src).toMatch(new RegExp(`^http://3000-signed\\w+\\.localhost:${h.fake.port}/?$`));
    expect(await getPage(src)).toBe('200 <h1>abc123 on 3000 /</h1>');

    h.fake.emitLogs('abc123', ['server listening on :3000']);
    h.fake.emitLogs('abc123', ['deprecated option'], { stream: 'stderr' });
    await waitFor(() => {
      const entries = [...container.querySelectorAll('[data-se-part="web-preview-console-entry"]')];
      expect(entries.map((e) => e.textContent)).toEqual([expect.stringContaining('server listening on :3000'), expect.stringContaining('deprecated option')]);
      expect(entries.map((e) => e.getAttribute('data-level'))).toEqual(['log', 'error']);
    });
    expect(container.querySelector('[data-se-part="web-preview-console"]')).toHaveAttribute('data-status', 'streaming');
  });
});
