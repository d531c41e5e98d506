// Real Chromium, real iframes, real postMessage origins: the honest proof that
// the preview bridge works and that foreign frames and origins are ignored.
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { fireEvent, screen, waitFor } from '@testing-library/dom';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { installPreviewBridge, previewBridgeScript } from '../preview-bridge';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport, memoryPreviewHtml, type MemoryTransport } from '../transport/memory';
import { BRIDGE_CHANNEL } from './bridge-protocol';
import { WebPreview, WebPreviewBody, WebPreviewConsole, WebPreviewDevice, WebPreviewNavigation, WebPreviewUrl } from './index';

const transports: MemoryTransport[] = [];
let reactRoot: Root | null = null;
let host: HTMLElement | null = null;
function render(ui: React.ReactNode) {
  host = document.createElement('div');
  document.body.append(host);
  reactRoot = createRoot(host);
  reactRoot.render(ui);
}
afterEach(() => {
  reactRoot?.unmount();
  host?.remove();
  reactRoot = null;
  host = null;
  for (const t of transports.splice(0)) t.dispose();
});
const attr = (el: Element | null, name: string) => el?.getAttribute(name) ?? null;

/** The memory sandbox's page with the bridge inlined, plus an extra script of the test's. */
function bridgedTransport(extraScript = ''): MemoryTransport {
  const t = createMemoryTransport({
    logIntervalMs: 0,
    logBacklog: 0,
    previewUrl: ({ sandboxId, port, issuedAt }) => {
      const html = memoryPreviewHtml({ sandboxId, port, issuedAt }).replace(
        '<script>',
        `<script>${previewBridgeScript()}</script><script>${extraScript}</script><script>`,
      );
      return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
    },
  });
  transports.push(t);
  return t;
}

function Preview({ transport }: { transport: MemoryTransport }) {
  return (
    <SandboxProvider transport={transport}>
      <WebPreview sandboxId="abc123" port={3000}>
        <WebPreviewNavigation />
        <WebPreviewUrl />
        <WebPreviewBody style={{ width: 400, height: 300 }} />
        <WebPreviewConsole maxHeight={200} />
      </WebPreview>
    </SandboxProvider>
  );
}

const root = () => document.querySelector<HTMLElement>('[data-se-part="web-preview"]')!;
const frame = () => document.querySelector<HTMLIFrameElement>('iframe[data-se-part="web-preview-frame"]')!;
const address = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Preview address' });
const opts = { timeout: 5000 };

describe('preview bridge in a real browser', () => {
  it('given the bridge in the page, should follow in-app navigation without reloading and show the page console', async () => {
    // The page moves itself to #/todos after it loaded, warns, and throws once.
    const transport = bridgedTransport(
      "setTimeout(function(){ location.hash = '#/todos'; console.warn('low on', {disk: '5%'}); setTimeout(function(){ throw new Error('kaboom'); }, 0); }, 50);",
    );
    render(<Preview transport={transport} />);
    await waitFor(() => expect(attr(root(), 'data-status')).toBe('ready'), opts);
    const iframe = frame();
    // Origin of a data: page in a sandboxed frame is "null"; the bridge still gets through.
    await waitFor(() => expect(attr(root(), 'data-bridge')).toBe(''), opts);
    await waitFor(() => expect(address().value).toBe('localhost:3000/#/todos'), opts);
    expect(frame()).toBe(iframe);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Back' }).disabled).toBe(false);
    // The page's own console.log('navigated to /todos'), console.warn and the uncaught error.
    await waitFor(() => expect(screen.getByText('navigated to /todos')).toBeTruthy(), opts);
    await waitFor(() => expect(screen.getByText('low on {"disk":"5%"}')).toBeTruthy(), opts);
    await waitFor(() => expect(screen.getByText(/Error: kaboom/)).toBeTruthy(), opts);

    // Back loads the previous entry (the start page) in the frame.
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(address().value).toBe('localhost:3000/'), opts);
    expect(frame().getAttribute('src')).not.toContain('#');
  });

  it('given a foreign frame or the host window posting well-formed envelopes, should ignore them', async () => {
    // The page logs `sentinel` when the test asks it to: a message that must be shown, sent after the strangers'.
    const transport = bridgedTransport("addEventListener('message', function (e) { if (e.data === 'sentinel?') console.log('sentinel'); });");
    render(<Preview transport={transport} />);
    await waitFor(() => expect(attr(root(), 'data-bridge')).toBe(''), opts);
    await waitFor(() => expect(screen.getByText('navigated to /')).toBeTruthy(), opts);

    // A frame that is not the preview: same "null" origin, perfect envelope.
    const envelope = (type: string, extra: Record<string, unknown>) => JSON.stringify({ channel: BRIDGE_CHANNEL, version: 1, type, ...extra });
    const foreign = document.createElement('iframe');
    foreign.setAttribute('sandbox', 'allow-scripts');
    foreign.src = `data:text/html,${encodeURIComponent(
      `<script>parent.postMessage(${envelope('navigate', { kind: 'push', url: '#/evil' })}, '*');parent.postMessage(Object.assign(${envelope('console', { level: 'error', message: 'from a stranger' })}, {timestamp: Date.now()}), '*');</script>`,
    )}`;
    // Count what really arrives from the stranger, so the test cannot pass by nothing being sent.
    let fromForeign = 0;
    let fromHost = 0;
    const count = (event: MessageEvent) => {
      if (event.source === foreign.contentWindow && event.origin === 'null') fromForeign++;
      if (event.source === window && (event.data as { message?: unknown })?.message === 'from the host') fromHost++;
    };
    window.addEventListener('message', count);
    const foreignLoaded = new Promise((r) => foreign.addEventListener('load', r, { once: true }));
    document.body.append(foreign);
    await foreignLoaded;
    // The host page itself (right source would be the frame, not window).
    window.postMessage({ channel: BRIDGE_CHANNEL, version: 1, type: 'console', level: 'error', message: 'from the host', timestamp: Date.now() }, '*');
    await waitFor(() => expect(fromForeign + fromHost).toBe(3), opts);
    window.removeEventListener('message', count);
    // The preview's listener was added before ours, so it has seen all three. Now a message from the
    // preview itself: once its line shows, anything accepted before it would show (or have navigated) too.
    frame().contentWindow!.postMessage('sentinel?', '*');
    await waitFor(() => expect(screen.getByText('sentinel')).toBeTruthy(), opts);
    expect(address().value).toBe('localhost:3000/');
    expect(screen.queryByText('from a stranger')).toBeNull();
    expect(screen.queryByText('from the host')).toBeNull();
    foreign.remove();
  });

  it('given a preview on the host origin, should isolate it (no allow-same-origin, no DOM access)', async () => {
    render(
      <WebPreview defaultUrl={`${location.origin}/__web-preview-isolation-check`}>
        <WebPreviewBody />
      </WebPreview>,
    );
    await waitFor(() => expect(attr(root(), 'data-status')).toBe('ready'), opts);
    expect(frame().getAttribute('sandbox')!.split(' ')).not.toContain('allow-same-origin');
    // An opaque origin: the host cannot reach in, so the page cannot reach out.
    expect(frame().contentDocument).toBeNull();
  });

  it('given installPreviewBridge in a frame, should wrap console and restore it on uninstall', () => {
    // Vitest runs browser tests inside an iframe of its runner page.
    expect(window.parent).not.toBe(window);
    const before = console.log;
    const uninstall = installPreviewBridge({ navigation: false, errors: false });
    expect(console.log).not.toBe(before);
    uninstall();
    expect(console.log).toBe(before);
    uninstall();
    expect(previewBridgeScript({ targetOrigin: '</script><script>alert(1)</script>' })).not.toContain('</script>');
  });

  it('given the fullscreen toggle clicked by a user, should put the preview root in fullscreen and leave it again', async () => {
    render(
      <WebPreview defaultUrl={`${location.origin}/__web-preview-fullscreen-check`}>
        <WebPreviewDevice />
        <WebPreviewBody />
      </WebPreview>,
    );
    const button = await waitFor(() => {
      const b = screen.getByRole<HTMLButtonElement>('button', { name: 'Fullscreen' });
      expect(b.disabled).toBe(false);
      return b;
    }, opts);
    await userEvent.click(button);
    await waitFor(() => expect(document.fullscreenElement).toBe(root()), opts);
    // The attribute follows the fullscreenchange event, rendered in a later task.
    await waitFor(() => expect(attr(root(), 'data-fullscreen')).toBe(''), opts);
    await userEvent.click(screen.getByRole('button', { name: 'Exit fullscreen' }));
    await waitFor(() => expect(document.fullscreenElement).toBeNull(), opts);
    await waitFor(() => expect(attr(root(), 'data-fullscreen')).toBeNull(), opts);
  });
});
