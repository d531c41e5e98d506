import * as React from 'react';
import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from '../transport/memory';
import type { SandboxTransport } from '../transport/types';
import { HOSTILE_INPUTS } from './__fixtures__/hostile-inputs';
import { BRIDGE_CHANNEL } from './bridge-protocol';
import {
  WebPreview,
  WebPreviewBody,
  WebPreviewConsole,
  WebPreviewDevice,
  WebPreviewNavigation,
  WebPreviewReloadButton,
  WebPreviewUrl,
  type WebPreviewProps,
} from './index';

// The suite shares two cores with everything else: give async waits room (they return as soon as they pass).
configure({ asyncUtilTimeout: 5000 });

const transports: MemoryTransport[] = [];
function memory(options: MemoryTransportOptions = {}): MemoryTransport {
  const t = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0, ...options });
  transports.push(t);
  return t;
}
afterEach(() => {
  // Unmount first: disposing a transport ends its streams, which mounted parts would show.
  cleanup();
  for (const t of transports.splice(0)) t.dispose();
  vi.useRealTimers();
});

function Seed(props: Partial<WebPreviewProps> & { transport: SandboxTransport }) {
  const { transport, ...rest } = props;
  return (
    <SandboxProvider transport={transport}>
      <WebPreview sandboxId="abc123" port={3000} {...rest}>
        <WebPreviewNavigation />
        <WebPreviewUrl />
        <WebPreviewBody />
        <WebPreviewConsole maxHeight={150} />
      </WebPreview>
    </SandboxProvider>
  );
}

const root = (container: HTMLElement) => container.querySelector<HTMLElement>('[data-se-part="web-preview"]')!;
const frame = (container: HTMLElement) => container.querySelector<HTMLIFrameElement>('iframe[data-se-part="web-preview-frame"]');
const address = () => screen.getByRole<HTMLInputElement>('textbox', { name: 'Preview address' });

async function loaded(container: HTMLElement): Promise<HTMLIFrameElement> {
  const iframe = await waitFor(() => {
    const f = frame(container);
    expect(f).not.toBeNull();
    return f!;
  });
  fireEvent.load(iframe);
  await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'ready'));
  return frame(container)!;
}

async function go(text: string) {
  const input = address();
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter' });
}

describe('WebPreview (seed usage on the memory transport)', () => {
  it('given the seed usage, should resolve the link, show the page, the address and the logs', async () => {
    const transport = memory({ logBacklog: 12 });
    const { container } = render(<Seed transport={transport} />);
    expect(root(container)).toHaveAttribute('data-status', 'resolving');
    expect(screen.getByRole('status')).toHaveTextContent('Resolving preview link');
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'loading'));
    const iframe = await loaded(container);
    expect(iframe.getAttribute('src')).toMatch(/^data:text\/html/);
    expect(decodeURIComponent(iframe.getAttribute('src')!)).toContain('sandbox <code style="color:#0f172a">abc123</code> · port 3000');
    expect(iframe).toHaveAttribute('title', 'Preview of sandbox abc123, port 3000');
    expect(iframe).toHaveAttribute('referrerpolicy', 'no-referrer');
    expect(iframe.getAttribute('sandbox')!.split(' ')).toContain('allow-scripts');
    expect(iframe.getAttribute('sandbox')!.split(' ')).not.toContain('allow-same-origin');
    expect(address()).toHaveValue('localhost:3000/');
    expect(screen.getByRole('button', { name: 'Back' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Forward' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeEnabled();
    // The memory sandbox sends a backlog of 12 lines to each subscriber.
    await waitFor(() => expect(screen.getByText('(12)')).toBeInTheDocument());
    expect(screen.getByRole('log', { name: 'Console output' }).querySelectorAll('[data-se-part="web-preview-console-entry"]').length).toBeGreaterThan(0);
    expect(transport.stats().logSubscriptions).toBe(1);
  });

  it('given only the provider default sandbox, should resolve through it', async () => {
    const transport = memory();
    const { container } = render(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <WebPreview port={5173} />
      </SandboxProvider>,
    );
    await loaded(container);
    expect(address()).toHaveValue('localhost:5173/');
  });

  it('given a plain url and no transport, should work without a provider', async () => {
    const { container } = render(<WebPreview defaultUrl="https://example.com/docs" />);
    const iframe = await loaded(container);
    expect(iframe).toHaveAttribute('src', 'https://example.com/docs');
    // Another origin than the host page: same-origin is kept for its cookies and storage.
    expect(iframe.getAttribute('sandbox')!.split(' ')).toEqual(expect.arrayContaining(['allow-scripts', 'allow-same-origin']));
  });

  it('given a url on the host page origin, should drop allow-same-origin', async () => {
    const { container } = render(<WebPreview defaultUrl={`${window.location.origin}/preview`} />);
    const iframe = await loaded(container);
    expect(iframe.getAttribute('sandbox')!.split(' ')).not.toContain('allow-same-origin');
  });
});

describe('history and the URL bar', () => {
  it('given navigations, should go back and forward through them and report why', async () => {
    const onUrlChange = vi.fn();
    const { container } = render(<Seed transport={memory()} onUrlChange={onUrlChange} />);
    const first = await loaded(container);
    const link = first.getAttribute('src')!;
    expect(onUrlChange).toHaveBeenLastCalledWith(link, { reason: 'resolve' });

    await go('/about');
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', `${link}#/about`));
    expect(address()).toHaveValue('localhost:3000/#/about');
    expect(onUrlChange).toHaveBeenLastCalledWith(`${link}#/about`, { reason: 'navigate' });
    await go('localhost:3000/todos');
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', `${link}#/todos`));

    const back = screen.getByRole('button', { name: 'Back' });
    const forward = screen.getByRole('button', { name: 'Forward' });
    expect(back).toBeEnabled();
    expect(forward).toBeDisabled();
    fireEvent.click(back);
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', `${link}#/about`));
    expect(onUrlChange).toHaveBeenLastCalledWith(`${link}#/about`, { reason: 'back' });
    fireEvent.click(back);
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', link));
    expect(back).toBeDisabled();
    expect(forward).toBeEnabled();
    fireEvent.click(forward);
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', `${link}#/about`));
    expect(onUrlChange).toHaveBeenLastCalledWith(`${link}#/about`, { reason: 'forward' });
  });

  it('given reload, should load the same page in a new frame', async () => {
    const { container } = render(<Seed transport={memory()} />);
    const before = await loaded(container);
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(frame(container)).not.toBe(before));
    expect(frame(container)).toHaveAttribute('src', before.getAttribute('src')!);
    expect(root(container)).toHaveAttribute('data-status', 'loading');
  });

  it(`given ${HOSTILE_INPUTS.length} hostile inputs typed in the URL bar, should refuse each with aria-invalid and a message, and keep the frame`, async () => {
    const transport = memory();
    const { container } = render(<Seed transport={transport} />);
    const iframe = await loaded(container);
    const src = iframe.getAttribute('src');
    const calls = transport.stats().calls.getPreviewLink;
    for (const input of HOSTILE_INPUTS) {
      await go(input);
      const field = address();
      expect(field, JSON.stringify(input)).toHaveAttribute('aria-invalid', 'true');
      const message = screen.getByRole('alert');
      expect(message.textContent!.length).toBeGreaterThan(5);
      expect(field).toHaveAttribute('aria-describedby', message.id);
      // The very same iframe element, on the same page.
      expect(frame(container)).toBe(iframe);
      expect(iframe.getAttribute('src')).toBe(src);
      expect(root(container)).toHaveAttribute('data-status', 'ready');
      fireEvent.keyDown(field, { key: 'Escape' });
      expect(field).not.toHaveAttribute('aria-invalid');
    }
    expect(transport.stats().calls.getPreviewLink).toBe(calls);
  });

  it('given Escape while editing, should revert to the live address', async () => {
    const { container } = render(<Seed transport={memory()} />);
    await loaded(container);
    const field = address();
    fireEvent.change(field, { target: { value: '/somewhere' } });
    expect(field).toHaveValue('/somewhere');
    fireEvent.keyDown(field, { key: 'Escape' });
    expect(field).toHaveValue('localhost:3000/');
  });

  it('given a typed port, should resolve that port through the transport', async () => {
    const transport = memory();
    const { container } = render(<Seed transport={transport} />);
    await loaded(container);
    await go(':4000/about');
    await waitFor(() => expect(decodeURIComponent(frame(container)!.getAttribute('src')!)).toContain('port 4000'));
    expect(frame(container)!.getAttribute('src')).toMatch(/#\/about$/);
    expect(address()).toHaveValue('localhost:4000/#/about');
  });

  it('given a typed port, then Back and Forward, should show the port of the page in the frame, the URL bar and the title', async () => {
    const onUrlChange = vi.fn();
    const { container } = render(<Seed transport={memory()} onUrlChange={onUrlChange} />);
    const first = (await loaded(container)).getAttribute('src')!;
    await go(':4000/about');
    await waitFor(() => expect(decodeURIComponent(frame(container)!.getAttribute('src')!)).toContain('port 4000'));
    const second = frame(container)!.getAttribute('src')!;
    expect(address()).toHaveValue('localhost:4000/#/about');

    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', first));
    await waitFor(() => expect(address()).toHaveValue('localhost:3000/'));
    expect(frame(container)).toHaveAttribute('title', 'Preview of sandbox abc123, port 3000');
    fireEvent.load(frame(container)!);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'ready'));
    // Going back is not a new navigation: the page on port 4000 is still ahead.
    expect(onUrlChange).toHaveBeenLastCalledWith(first, { reason: 'back' });
    expect(screen.getByRole('button', { name: 'Forward' })).toBeEnabled();

    fireEvent.click(screen.getByRole('button', { name: 'Forward' }));
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', second));
    await waitFor(() => expect(address()).toHaveValue('localhost:4000/#/about'));
    expect(frame(container)).toHaveAttribute('title', 'Preview of sandbox abc123, port 4000');
    expect(onUrlChange).toHaveBeenLastCalledWith(second, { reason: 'forward' });
    expect(screen.getByRole('button', { name: 'Back' })).toBeEnabled();
  });

  it('given no transport, should take a port as the viewer\'s own localhost and a path on the page shown', async () => {
    const onNavigate = vi.fn();
    const { container } = render(
      <WebPreview defaultUrl="https://example.com/docs/">
        <WebPreviewUrl onNavigate={onNavigate} />
        <WebPreviewBody />
      </WebPreview>,
    );
    await loaded(container);
    await go('/api?x=1');
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', 'https://example.com/api?x=1'));
    await go('#top');
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', 'https://example.com/api?x=1#top'));
    await go('5173/x');
    expect(onNavigate).toHaveBeenLastCalledWith(expect.objectContaining({ ok: false }));
    await go('localhost:5173/x');
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', 'http://localhost:5173/x'));
    expect(onNavigate).toHaveBeenLastCalledWith({ ok: true, input: { kind: 'port', port: 5173, path: '/x' } });
  });

  it('given an http link with a token, should join paths onto it and keep the token', async () => {
    const transport = memory({ previewUrl: ({ port }) => `https://${port}-abc123.preview.test/?token=t0` });
    const { container } = render(<Seed transport={transport} />);
    await loaded(container);
    await go('/api/items?page=2');
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', 'https://3000-abc123.preview.test/api/items?page=2&token=t0'));
  });
});

describe('link state', () => {
  it('given an expiring link, should renew it before expiry and keep the current path (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const transport = memory({ previewTtlMs: 60_000, previewUrl: ({ port, issuedAt }) => `https://${port}-abc123.preview.test/?token=${issuedAt}` });
    const onUrlChange = vi.fn();
    const { container } = render(<Seed transport={transport} onUrlChange={onUrlChange} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    const iframe = frame(container)!;
    const t0 = Date.now();
    expect(iframe.getAttribute('src')).toBe(`https://3000-abc123.preview.test/?token=${t0}`);
    fireEvent.load(iframe);
    await act(async () => {
      await go('/dashboard#tab');
      await vi.advanceTimersByTimeAsync(0);
    });
    const navigated = frame(container)!;
    fireEvent.load(navigated);
    expect(navigated).toHaveAttribute('src', `https://3000-abc123.preview.test/dashboard?token=${t0}#tab`);
    expect(transport.stats().calls.getPreviewLink).toBe(1);

    // 60 s lifetime, 30 s margin: renewed at 30 s, not before.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(29_000);
    });
    expect(transport.stats().calls.getPreviewLink).toBe(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1_500);
    });
    expect(transport.stats().calls.getPreviewLink).toBe(2);
    const t1 = t0 + 30_000;
    expect(onUrlChange).toHaveBeenLastCalledWith(`https://3000-abc123.preview.test/dashboard?token=${t1}#tab`, { reason: 'link-refresh' });
    expect(address()).toHaveValue(`https://3000-abc123.preview.test/dashboard?token=${t1}#tab`);
    // The running page is not reloaded by default.
    expect(frame(container)).toBe(navigated);
    expect(root(container)).toHaveAttribute('data-status', 'ready');
    // And it keeps renewing.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(30_500);
    });
    expect(transport.stats().calls.getPreviewLink).toBe(3);
  });

  it('given reloadOnLinkRefresh, should load the renewed link in a new frame (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const transport = memory({ previewTtlMs: 10_000, previewUrl: ({ port, issuedAt }) => `https://${port}-abc123.preview.test/?token=${issuedAt}` });
    const { container } = render(<Seed transport={transport} reloadOnLinkRefresh refreshMarginMs={2_000} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    const before = frame(container)!;
    const t0 = Date.now();
    await act(async () => {
      await vi.advanceTimersByTimeAsync(8_000);
    });
    expect(frame(container)).not.toBe(before);
    expect(frame(container)).toHaveAttribute('src', `https://3000-abc123.preview.test/?token=${t0 + 8_000}`);
  });

  it('given renewals that keep failing, should retry, then show the expiry as an error with Retry (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const transport = memory({ previewTtlMs: 10_000 });
    const { container } = render(<Seed transport={transport} refreshMarginMs={4_000} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    fireEvent.load(frame(container)!);
    for (let i = 0; i < 4; i++) transport.failNext('getPreviewLink', 'network', 'proxy unreachable');
    // Renewal at 6 s fails; retries at 8 s and 9 s; the last try, at expiry (10 s), fails too.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_100);
    });
    expect(transport.stats().calls.getPreviewLink).toBe(2);
    expect(root(container)).toHaveAttribute('data-status', 'ready');
    // React renders at the end of each act(): step so each retry's state lands before the next timer.
    for (let i = 0; i < 6; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(500);
      });
    }
    expect(transport.stats().calls.getPreviewLink).toBe(4);
    expect(root(container)).toHaveAttribute('data-status', 'ready');
    for (let i = 0; i < 2; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(500);
      });
    }
    expect(transport.stats().calls.getPreviewLink).toBe(5);
    expect(root(container)).toHaveAttribute('data-status', 'error');
    expect(screen.getByText(/The preview link expired and could not be renewed: proxy unreachable/)).toBeInTheDocument();
    // Retry resolves a fresh link.
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(root(container)).toHaveAttribute('data-status', 'loading');
  });

  it('given a renewal that returns an unusable link, should keep the page, try again and report the expiry (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let calls = 0;
    const transport = memory({ previewTtlMs: 10_000, previewUrl: ({ port }) => (++calls === 1 ? `https://${port}-abc123.preview.test/` : 'javascript:alert(1)') });
    const { container } = render(<Seed transport={transport} refreshMarginMs={4_000} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    const shown = frame(container)!;
    fireEvent.load(shown);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_100);
    });
    for (let i = 0; i < 6; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(500);
      });
    }
    // Renewal at 6 s, tries again at 8 s and 9 s: the page keeps running meanwhile.
    expect(transport.stats().calls.getPreviewLink).toBe(4);
    expect(frame(container)).toBe(shown);
    expect(shown).toHaveAttribute('src', 'https://3000-abc123.preview.test/');
    expect(root(container)).toHaveAttribute('data-status', 'ready');
    for (let i = 0; i < 2; i++) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(500);
      });
    }
    expect(transport.stats().calls.getPreviewLink).toBe(5);
    expect(root(container)).toHaveAttribute('data-status', 'error');
    expect(screen.getByText(/The preview link expired and could not be renewed: The transport returned a preview link that is not an http\(s\) URL/)).toBeInTheDocument();
  });

  it('given a controlled url, should show what the host sets and report its own navigations', async () => {
    const onUrlChange = vi.fn();
    const { container, rerender } = render(<WebPreview url="https://example.com/a" onUrlChange={onUrlChange} />);
    await loaded(container);
    rerender(<WebPreview url="https://example.com/b" onUrlChange={onUrlChange} />);
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', 'https://example.com/b'));
    expect(address()).toHaveValue('https://example.com/b');
    expect(screen.getByRole('button', { name: 'Back' })).toBeEnabled();
    await go('/c');
    expect(onUrlChange).toHaveBeenLastCalledWith('https://example.com/c', { reason: 'navigate' });
  });

  it('given a stopped sandbox, should show that state, not a blank frame, and recover when it runs', async () => {
    const transport = memory({ sandboxes: [{ id: 'abc123', state: 'stopped' }] });
    const { container } = render(<Seed transport={transport} />);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'unavailable'));
    expect(root(container)).toHaveAttribute('data-sandbox-state', 'stopped');
    expect(screen.getByText(/is stopped\./)).toHaveTextContent('Sandbox abc123 is stopped.');
    expect(frame(container)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));
    await loaded(container);
  });

  it('given a sandbox that is starting, should check again by itself until it runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const transport = memory({ sandboxes: [{ id: 'abc123', state: 'starting' }] });
    const { container } = render(<Seed transport={transport} />);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(root(container)).toHaveAttribute('data-status', 'unavailable');
    expect(root(container)).toHaveAttribute('data-sandbox-state', 'starting');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
    });
    // Read at resolution, then again by the lifecycle hook (backoff from 250 ms).
    expect(transport.stats().calls.getSandbox).toBeGreaterThan(2);
    transport.setSandboxState('abc123', 'running');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_000);
    });
    expect(root(container)).toHaveAttribute('data-status', 'loading');
    expect(frame(container)).not.toBeNull();
  });

  it('given a sandbox in error, should show its reason', async () => {
    const transport = memory({ sandboxes: [{ id: 'abc123', state: 'error', errorReason: 'Out of memory' }] });
    const { container } = render(<Seed transport={transport} />);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'unavailable'));
    expect(screen.getByText(/Reason: Out of memory/)).toBeInTheDocument();
  });

  it('given a failing link, should show the error with Retry, and Retry should resolve again', async () => {
    const transport = memory();
    transport.failNext('getPreviewLink', 'internal', 'proxy exploded');
    const { container } = render(<Seed transport={transport} />);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'error'));
    expect(within(container.querySelector('[data-se-part="web-preview-status"]')!).getByText('proxy exploded')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await loaded(container);
    expect(transport.stats().calls.getPreviewLink).toBe(2);
  });

  it('given a transport that cannot preview, should show unsupported', async () => {
    const transport = memory();
    transport.failNext('getPreviewLink', 'unsupported', 'no previews here');
    const { container } = render(<Seed transport={transport} />);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'unsupported'));
    expect(screen.getByText('no previews here')).toBeInTheDocument();
  });

  it('given a host url that is not http(s), should refuse it like the address bar does', async () => {
    const { container, rerender } = render(<WebPreview url="javascript:alert(document.domain)" />);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'error'));
    expect(frame(container)).toBeNull();
    expect(screen.getByText('Refused to show "javascript:alert(document.domain)": a preview must be an http(s) URL.')).toBeInTheDocument();
    rerender(<WebPreview url="data:text/html,<script>alert(1)</script>" />);
    await waitFor(() => expect(screen.getByText(/Refused to show "data:text\/html/)).toBeInTheDocument());
    expect(frame(container)).toBeNull();
    rerender(<WebPreview url="https://example.com/" />);
    await loaded(container);
  });

  it('given a transport that throws instead of rejecting, should show the error and keep the host alive', async () => {
    const inner = memory();
    const transport: SandboxTransport = {
      ...inner,
      getPreviewLink: () => {
        throw new Error('transport bug');
      },
    };
    const { container } = render(<Seed transport={transport} />);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'error'));
    expect(screen.getByText('transport bug')).toBeInTheDocument();
  });

  it('given a port but no provider, should show unsupported instead of crashing', () => {
    const { container } = render(<WebPreview port={3000} />);
    expect(root(container)).toHaveAttribute('data-status', 'unsupported');
    expect(screen.getByText('WebPreview needs a SandboxProvider to preview a port')).toBeInTheDocument();
  });

  it('given a page that never loads, should time out into an error with Retry (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { container } = render(
      <SandboxProvider transport={memory()}>
        <WebPreview sandboxId="abc123" port={3000}>
          <WebPreviewBody loadTimeoutMs={2000} />
        </WebPreview>
      </SandboxProvider>,
    );
    await act(async () => {
      await vi.advanceTimersByTimeAsync(0);
    });
    const first = frame(container)!;
    expect(root(container)).toHaveAttribute('data-status', 'loading');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2_001);
    });
    expect(root(container)).toHaveAttribute('data-status', 'error');
    expect(screen.getByText('The preview did not load within 2 s')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(frame(container)).not.toBe(first);
    expect(root(container)).toHaveAttribute('data-status', 'loading');
    fireEvent.load(frame(container)!);
    expect(root(container)).toHaveAttribute('data-status', 'ready');
  });

  it('given a new port while a request is in flight, should abort it and resolve the new one', async () => {
    const inner = memory({ latencyMs: 50 });
    const seen: Array<{ port: number; signal: AbortSignal | undefined }> = [];
    const transport: SandboxTransport = {
      ...inner,
      getPreviewLink: (req, signal) => {
        seen.push({ port: req.port, signal });
        return inner.getPreviewLink(req, signal);
      },
    };
    const { container, rerender } = render(<Seed transport={transport} />);
    await waitFor(() => expect(seen).toHaveLength(1));
    rerender(<Seed transport={transport} port={4000} />);
    await waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[0]!.signal!.aborted).toBe(true);
    expect(seen[1]).toMatchObject({ port: 4000 });
    // Under load the port-3000 page may have been shown before the switch: load the 4000 one.
    const shown = await waitFor(() => {
      const f = frame(container);
      expect(decodeURIComponent(f?.getAttribute('src') ?? '')).toContain('port 4000');
      return f!;
    });
    fireEvent.load(shown);
    await waitFor(() => expect(root(container)).toHaveAttribute('data-status', 'ready'));
    expect(address()).toHaveValue('localhost:4000/');
  });
});

describe('the preview bridge (validation in jsdom; real frames in web-preview.browser.test.tsx)', () => {
  const post = (data: unknown, init: { source?: MessageEventSource | null; origin?: string }) =>
    act(() => {
      window.dispatchEvent(new MessageEvent('message', { data, origin: init.origin ?? 'null', source: init.source ?? null }));
    });
  const nav = (url: string, kind = 'push') => ({ channel: BRIDGE_CHANNEL, version: 1, type: 'navigate', kind, url });
  const log = (message: string) => ({ channel: BRIDGE_CHANNEL, version: 1, type: 'console', level: 'warn', message, timestamp: Date.now() });

  it('given messages from its frame, the right origin and valid fields, should follow navigation and show logs', async () => {
    const { container } = render(<Seed transport={memory({ logBacklog: 0 })} />);
    const iframe = await loaded(container);
    const link = iframe.getAttribute('src')!;
    await post(nav('#/about'), { source: iframe.contentWindow });
    expect(address()).toHaveValue('localhost:3000/#/about');
    expect(root(container)).toHaveAttribute('data-bridge', '');
    // An in-app navigation does not reload the frame.
    expect(frame(container)).toBe(iframe);
    expect(screen.getByRole('button', { name: 'Back' })).toBeEnabled();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', link));
    await post(log('from the page'), { source: frame(container)!.contentWindow });
    await waitFor(() => expect(screen.getByText('from the page')).toBeInTheDocument());
  });

  it('given a controlled host that echoes two in-app navigations late, should not reload the frame', async () => {
    const reports: string[] = [];
    const start = 'https://app.preview.test/';
    const { container, rerender } = render(<WebPreview url={start} onUrlChange={(u) => reports.push(u)} />);
    const iframe = await loaded(container);
    // The frame is cross-origin to jsdom's page: its origin is its own, and same-origin is allowed.
    await post(nav('/b'), { source: iframe.contentWindow, origin: 'https://app.preview.test' });
    await post(nav('/c'), { source: iframe.contentWindow, origin: 'https://app.preview.test' });
    expect(reports).toEqual(['https://app.preview.test/b', 'https://app.preview.test/c']);
    // The host catches up one report at a time.
    rerender(<WebPreview url={reports[0]} onUrlChange={(u) => reports.push(u)} />);
    rerender(<WebPreview url={reports[1]} onUrlChange={(u) => reports.push(u)} />);
    expect(frame(container)).toBe(iframe);
    expect(address()).toHaveValue('https://app.preview.test/c');
    // A URL the host picks itself still navigates.
    rerender(<WebPreview url="https://app.preview.test/d" onUrlChange={(u) => reports.push(u)} />);
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', 'https://app.preview.test/d'));
  });

  it('given a foreign origin, a wrong source or malformed payloads, should ignore them', async () => {
    const { container } = render(<Seed transport={memory({ logBacklog: 0 })} />);
    const iframe = await loaded(container);
    const other = document.createElement('iframe');
    document.body.append(other);
    await post(nav('#/evil'), { source: iframe.contentWindow, origin: 'https://evil.example' });
    await post(nav('#/evil'), { source: other.contentWindow });
    await post(nav('#/evil'), { source: window });
    await post(nav('#/evil'), { source: null });
    await post({ ...nav('#/evil'), version: 2 }, { source: iframe.contentWindow });
    await post({ ...nav('#/evil'), kind: 'teleport' }, { source: iframe.contentWindow });
    await post({ ...log('x'), level: 'shout' }, { source: iframe.contentWindow });
    await post(log('<img src=x onerror="window.__pwned=1">'), { source: other.contentWindow });
    await post('plain string', { source: iframe.contentWindow });
    expect(root(container)).not.toHaveAttribute('data-bridge');
    // Well-formed, from the frame, but pointing out of the preview: the envelope counts, the navigation does not.
    await post(nav('data:text/html,<h1>other</h1>'), { source: iframe.contentWindow });
    await post(nav('javascript:alert(1)'), { source: iframe.contentWindow });
    expect(root(container)).toHaveAttribute('data-bridge', '');
    expect(address()).toHaveValue('localhost:3000/');
    expect(frame(container)).toBe(iframe);
    expect(screen.getByText('0 entries')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Back' })).toBeDisabled();
    other.remove();
  });
});

describe('parts', () => {
  it('given device presets, should size the viewport and rotate it', async () => {
    const onDeviceChange = vi.fn();
    const { container } = render(
      <WebPreview defaultUrl="https://example.com/" onDeviceChange={onDeviceChange}>
        <WebPreviewDevice />
        <WebPreviewBody />
      </WebPreview>,
    );
    const viewport = container.querySelector<HTMLElement>('[data-se-part="web-preview-viewport"]')!;
    expect(screen.getByRole('button', { name: 'Responsive' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Rotate' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Mobile' }));
    expect(onDeviceChange).toHaveBeenCalledWith('mobile', { reason: 'select' });
    expect(viewport.style.width).toBe('390px');
    expect(viewport.style.height).toBe('844px');
    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(viewport.style.width).toBe('844px');
    expect(root(container)).toHaveAttribute('data-rotated', '');
    // jsdom has no Fullscreen API: the toggle says so by being disabled.
    expect(screen.getByRole('button', { name: 'Fullscreen' })).toBeDisabled();
  });

  it('given a user handler that prevents default, should skip the built-in action', async () => {
    const { container } = render(
      <SandboxProvider transport={memory()}>
        <WebPreview sandboxId="abc123" port={3000}>
          <WebPreviewNavigation>
            <WebPreviewNavigationReloadPrevented />
          </WebPreviewNavigation>
          <WebPreviewBody />
        </WebPreview>
      </SandboxProvider>,
    );
    const before = await loaded(container);
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(frame(container)).toBe(before);
  });

  it('given refs, classNames and extra props, should forward them to each part element', async () => {
    const bodyRef = React.createRef<HTMLIFrameElement>();
    const urlRef = React.createRef<HTMLInputElement>();
    const rootRef = React.createRef<HTMLDivElement>();
    const { container } = render(
      <WebPreview ref={rootRef} defaultUrl="https://example.com/" className="a" data-testid="root">
        <WebPreviewUrl ref={urlRef} className="u" data-extra="1" />
        <WebPreviewBody ref={bodyRef} className="b" allow="clipboard-write" sandbox="allow-scripts" />
      </WebPreview>,
    );
    await loaded(container);
    expect(rootRef.current).toBe(screen.getByTestId('root'));
    expect(rootRef.current).toHaveClass('a');
    expect(urlRef.current).toHaveClass('u');
    expect(urlRef.current).toHaveAttribute('data-extra', '1');
    expect(bodyRef.current).toBeInstanceOf(HTMLIFrameElement);
    expect(bodyRef.current!.contentWindow).not.toBeNull();
    expect(bodyRef.current).toHaveClass('b');
    expect(bodyRef.current).toHaveAttribute('allow', 'clipboard-write');
    expect(bodyRef.current).toHaveAttribute('sandbox', 'allow-scripts');
  });

  it('given a part outside the root, should throw a clear error', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<WebPreviewUrl />)).toThrow('`WebPreviewUrl` must be used within `WebPreview`');
    spy.mockRestore();
  });

  it('given the one-line form, should render navigation, URL bar and frame', async () => {
    const { container } = render(
      <SandboxProvider transport={memory()}>
        <WebPreview sandboxId="abc123" port={3000} />
      </SandboxProvider>,
    );
    await loaded(container);
    expect(screen.getByRole('group', { name: 'Preview navigation' })).toBeInTheDocument();
    expect(address()).toHaveValue('localhost:3000/');
  });

  it('given an http page, should open it in a new tab without opener; a data: page cannot be opened', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const first = render(<WebPreview defaultUrl="https://example.com/a" />);
    await loaded(first.container);
    fireEvent.click(screen.getByRole('button', { name: 'Open in new tab' }));
    expect(open).toHaveBeenCalledWith('https://example.com/a', '_blank', 'noopener,noreferrer');
    first.unmount();
    const second = render(<Seed transport={memory()} />);
    await loaded(second.container);
    expect(screen.getByRole('button', { name: 'Open in new tab' })).toBeDisabled();
    open.mockRestore();
  });

  it('given the user types with a keyboard, should commit on Enter', async () => {
    const user = userEvent.setup();
    const { container } = render(<Seed transport={memory()} />);
    const iframe = await loaded(container);
    await user.click(address());
    await user.keyboard('{Control>}a{/Control}/todos{Enter}');
    await waitFor(() => expect(frame(container)).toHaveAttribute('src', `${iframe.getAttribute('src')}#/todos`));
  });
});

function WebPreviewNavigationReloadPrevented() {
  return <WebPreviewReloadButton onClick={(e) => e.preventDefault()} />;
}
