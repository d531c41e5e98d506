import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransport } from '../../transport/memory';
import { SandboxProvider } from '../../transport/provider';
import type { SandboxTransport } from '../../transport/types';
import { ComputerUseActions } from '../actions';
import { ComputerUseProvider } from '../provider';
import { toVncWebSocketUrl } from './link';
import { ComputerUseVncDisplay, type ComputerUseVncDisplayProps } from './vnc-display';
import { elapse, fakeClock } from '../../../test/support/fake-clock';

const rfbs = vi.hoisted(() => [] as Array<FakeRfbShape>);
interface FakeRfbShape extends EventTarget {
  target: HTMLElement;
  url: string;
  options: Record<string, unknown>;
  viewOnly: boolean;
  scaleViewport: boolean;
  resizeSession: boolean;
  qualityLevel: number;
  compressionLevel: number;
  disconnected: boolean;
  sentCredentials: unknown[];
  pasted: string[];
  keys: Array<[number, boolean | undefined]>;
  emit(name: string, detail?: unknown): void;
}

vi.mock('@novnc/novnc', () => {
  class FakeRfb extends EventTarget {
    viewOnly = false;
    scaleViewport = false;
    resizeSession = false;
    qualityLevel = 6;
    compressionLevel = 2;
    showDotCursor = false;
    focusOnClick = true;
    disconnected = false;
    sentCredentials: unknown[] = [];
    pasted: string[] = [];
    keys: Array<[number, boolean | undefined]> = [];
    constructor(
      public target: HTMLElement,
      public url: string,
      public options: Record<string, unknown> = {},
    ) {
      super();
      rfbs.push(this as unknown as FakeRfbShape);
    }
    emit(name: string, detail?: unknown) {
      this.dispatchEvent(new CustomEvent(name, { detail }));
    }
    disconnect() {
      if (this.disconnected) return;
      this.disconnected = true;
      this.emit('disconnect', { clean: true });
    }
    sendCredentials(c: unknown) {
      this.sentCredentials.push(c);
    }
    clipboardPasteFrom(text: string) {
      this.pasted.push(text);
    }
    sendKey(keysym: number, _code: string | null, down?: boolean) {
      this.keys.push([keysym, down]);
    }
  }
  return { default: FakeRfb };
});

afterEach(() => {
  vi.useRealTimers();
  rfbs.length = 0;
});

function renderVnc(props: ComputerUseVncDisplayProps = {}, transport: SandboxTransport = createMemoryTransport({ previewUrl: ({ port }) => `https://${port}-abc123.proxy.test/` })) {
  const utils = render(
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ComputerUseVncDisplay reconnectDelayMs={10} maxReconnectDelayMs={40} {...props} />
    </SandboxProvider>,
  );
  const rerender = (next: ComputerUseVncDisplayProps) =>
    utils.rerender(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseVncDisplay reconnectDelayMs={10} maxReconnectDelayMs={40} {...next} />
      </SandboxProvider>,
    );
  return { ...utils, rerender, display: screen.getByRole('application'), transport };
}

describe('toVncWebSocketUrl', () => {
  it.each([
    ['https://6080-abc.proxy.test/', 'websockify', 'wss://6080-abc.proxy.test/websockify'],
    ['http://127.0.0.1:6080', 'websockify', 'ws://127.0.0.1:6080/websockify'],
    ['https://x.test/base?sig=1', '/vnc', 'wss://x.test/base/vnc?sig=1'],
    ['ws://127.0.0.1:5999/custom', '', 'ws://127.0.0.1:5999/custom'],
  ])('%s + %s → %s', (link, path, expected) => {
    expect(toVncWebSocketUrl(link, path)).toBe(expected);
  });
  it('refuses other schemes', () => {
    expect(() => toVncWebSocketUrl('javascript:alert(1)')).toThrow(/must be http\(s\) or ws\(s\)/);
  });
});

describe('ComputerUseVncDisplay', () => {
  it('should resolve the preview link of port 6080 and connect to its websockify socket', async () => {
    const onConnect = vi.fn();
    const { display } = renderVnc({ onConnect });
    expect(display).toHaveAttribute('data-status', 'connecting');
    await waitFor(() => expect(rfbs).toHaveLength(1));
    expect(rfbs[0]!.url).toBe('wss://6080-abc123.proxy.test/websockify');
    expect(rfbs[0]!.target).toBe(display.querySelector('[data-se-part="computer-use-vnc-screen"]'));
    expect(rfbs[0]!.options).toMatchObject({ shared: true });
    act(() => rfbs[0]!.emit('connect'));
    expect(display).toHaveAttribute('data-status', 'live');
    expect(onConnect).toHaveBeenCalledTimes(1);
  });

  it('given port and path, should use them', async () => {
    renderVnc({ port: 5901, path: 'ws' });
    await waitFor(() => expect(rfbs).toHaveLength(1));
    expect(rfbs[0]!.url).toBe('wss://5901-abc123.proxy.test/ws');
  });

  it('should apply settings at connect and every later change live, without reconnecting', async () => {
    const { rerender } = renderVnc({ qualityLevel: 3 });
    await waitFor(() => expect(rfbs).toHaveLength(1));
    const rfb = rfbs[0]!;
    expect(rfb).toMatchObject({ viewOnly: false, scaleViewport: true, resizeSession: false, qualityLevel: 3, compressionLevel: 2 });
    act(() => rfb.emit('connect'));
    rerender({ viewOnly: true, scaleViewport: false, resizeSession: true, qualityLevel: 9, compressionLevel: 0 });
    expect(rfb).toMatchObject({ viewOnly: true, scaleViewport: false, resizeSession: true, qualityLevel: 9, compressionLevel: 0 });
    expect(rfbs).toHaveLength(1);
    expect(rfb.disconnected).toBe(false);
  });

  it('given the connection drops, should reconnect with backoff and report it', async () => {
    const onDisconnect = vi.fn();
    const { display } = renderVnc({ onDisconnect });
    await waitFor(() => expect(rfbs).toHaveLength(1));
    act(() => rfbs[0]!.emit('connect'));
    act(() => rfbs[0]!.emit('disconnect', { clean: false }));
    expect(display).toHaveAttribute('data-status', 'reconnecting');
    expect(screen.getByRole('status')).toHaveTextContent('Connection lost. Reconnecting… (attempt 1)');
    expect(onDisconnect).toHaveBeenCalledWith({ clean: false, willReconnect: true });
    await waitFor(() => expect(rfbs).toHaveLength(2));
    act(() => rfbs[1]!.emit('connect'));
    expect(display).toHaveAttribute('data-status', 'live');
  });

  it('given an expired link, should resolve a new one before reconnecting', async () => {
    let issued = 0;
    const transport = createMemoryTransport({ previewTtlMs: 1, previewUrl: () => `https://vnc.test/?sig=${++issued}` });
    renderVnc({}, transport);
    await waitFor(() => expect(rfbs).toHaveLength(1));
    expect(rfbs[0]!.url).toBe('wss://vnc.test/websockify?sig=1');
    act(() => rfbs[0]!.emit('connect'));
    act(() => rfbs[0]!.emit('disconnect', { clean: false }));
    await waitFor(() => expect(rfbs).toHaveLength(2));
    expect(rfbs[1]!.url).toBe('wss://vnc.test/websockify?sig=2');
    expect(transport.stats().calls.getPreviewLink).toBe(2);
  });

  it('given a link that has not expired and worked, should reuse it', async () => {
    const transport = createMemoryTransport({ previewUrl: () => 'https://vnc.test/' });
    renderVnc({}, transport);
    await waitFor(() => expect(rfbs).toHaveLength(1));
    act(() => rfbs[0]!.emit('connect'));
    act(() => rfbs[0]!.emit('disconnect', { clean: false }));
    await waitFor(() => expect(rfbs).toHaveLength(2));
    expect(transport.stats().calls.getPreviewLink).toBe(1);
  });

  it('given maxReconnectAttempts, should give up with an error and Retry now', async () => {
    const { display } = renderVnc({ maxReconnectAttempts: 1 });
    await waitFor(() => expect(rfbs).toHaveLength(1));
    act(() => rfbs[0]!.emit('disconnect', { clean: false }));
    await waitFor(() => expect(rfbs).toHaveLength(2));
    act(() => rfbs[1]!.emit('disconnect', { clean: false }));
    expect(display).toHaveAttribute('data-status', 'error');
    expect(screen.getByRole('alert')).toHaveTextContent('Could not reach the VNC server at wss://6080-abc123.proxy.test/websockify');
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    await waitFor(() => expect(rfbs).toHaveLength(3));
  });

  it('given the sandbox is not running, should keep retrying the link and show the reason', async () => {
    const transport = createMemoryTransport({ previewUrl: () => 'https://vnc.test/' });
    transport.failNext('getPreviewLink', 'unavailable', 'Sandbox abc123 is stopped');
    const onError = vi.fn();
    const { display } = renderVnc({ onError, reconnectDelayMs: 60 }, transport);
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'reconnecting'));
    expect(screen.getByRole('status')).toHaveTextContent('Sandbox abc123 is stopped');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unavailable' }));
    await waitFor(() => expect(rfbs).toHaveLength(1));
  });

  it('given a failure retrying cannot fix (internal), should stop in error at once', async () => {
    const transport = createMemoryTransport({ previewUrl: () => 'https://vnc.test/' });
    transport.failNext('getPreviewLink', 'internal', 'proxy misconfigured');
    const { display } = renderVnc({ reconnectDelayMs: 1 }, transport);
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'error'));
    expect(screen.getByRole('alert')).toHaveTextContent('proxy misconfigured');
    expect(transport.stats().calls.getPreviewLink).toBe(1);
    expect(rfbs).toHaveLength(0);
  });

  it('given a link that is not a URL, should stop with a clear error', async () => {
    const transport = createMemoryTransport({ previewUrl: () => 'ftp://nope/' });
    const { display } = renderVnc({}, transport);
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'error'));
    expect(screen.getByRole('alert')).toHaveTextContent('Not a VNC URL: ftp://nope/');
    expect(rfbs).toHaveLength(0);
  });

  it('should send credentials when asked, or wait for them', async () => {
    const onCredentialsRequired = vi.fn();
    const { display, rerender } = renderVnc({ onCredentialsRequired });
    await waitFor(() => expect(rfbs).toHaveLength(1));
    act(() => rfbs[0]!.emit('credentialsrequired', { types: ['password'] }));
    expect(display).toHaveAttribute('data-status', 'credentials');
    expect(onCredentialsRequired).toHaveBeenCalledWith(['password']);
    rerender({ onCredentialsRequired, credentials: { password: 'secret' } });
    expect(rfbs[0]!.sentCredentials).toEqual([{ password: 'secret' }]);
  });

  it('given a security failure, should stop with an error instead of retrying', async () => {
    const onError = vi.fn();
    const onDisconnect = vi.fn();
    // Fake timers from the start, so no reconnect can be scheduled on the real clock.
    fakeClock();
    const { display } = renderVnc({ onError, onDisconnect, credentials: { password: 'wrong' } });
    await elapse(0);
    expect(rfbs).toHaveLength(1);
    act(() => rfbs[0]!.emit('credentialsrequired', { types: ['password'] }));
    expect(rfbs[0]!.sentCredentials).toEqual([{ password: 'wrong' }]);
    act(() => rfbs[0]!.emit('securityfailure', { status: 1, reason: 'Authentication failed' }));
    act(() => rfbs[0]!.emit('disconnect', { clean: false }));
    expect(display).toHaveAttribute('data-status', 'error');
    expect(screen.getByRole('alert')).toHaveTextContent('VNC security failure: Authentication failed');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unauthorized' }));
    expect(onDisconnect).toHaveBeenCalledWith({ clean: false, willReconnect: false });
    // Far past the longest reconnect delay (40 ms here).
    await elapse(60_000);
    expect(rfbs).toHaveLength(1);
  });

  it('should forward the remote clipboard and push clipboardText', async () => {
    const onClipboard = vi.fn();
    const { rerender } = renderVnc({ onClipboard, clipboardText: 'one' });
    await waitFor(() => expect(rfbs).toHaveLength(1));
    act(() => rfbs[0]!.emit('connect'));
    expect(rfbs[0]!.pasted).toEqual(['one']);
    act(() => rfbs[0]!.emit('clipboard', { text: 'from remote' }));
    expect(onClipboard).toHaveBeenCalledWith('from remote');
    rerender({ onClipboard, clipboardText: 'two' });
    expect(rfbs[0]!.pasted).toEqual(['one', 'two']);
  });

  it('inside ComputerUseProvider, should be view-only in view mode or while the agent controls', async () => {
    const transport = createMemoryTransport({ previewUrl: () => 'https://vnc.test/' });
    function Harness({ mode, control }: { mode: 'view' | 'click'; control: 'user' | 'agent' }) {
      return (
        <SandboxProvider transport={transport} sandboxId="abc123">
          <ComputerUseProvider mode={mode} control={control}>
            <ComputerUseVncDisplay />
          </ComputerUseProvider>
        </SandboxProvider>
      );
    }
    const { rerender } = render(<Harness mode="click" control="user" />);
    await waitFor(() => expect(rfbs).toHaveLength(1));
    act(() => rfbs[0]!.emit('connect'));
    expect(rfbs[0]!.viewOnly).toBe(false);
    rerender(<Harness mode="view" control="user" />);
    expect(rfbs[0]!.viewOnly).toBe(true);
    rerender(<Harness mode="click" control="agent" />);
    expect(rfbs[0]!.viewOnly).toBe(true);
    expect(screen.getByRole('application')).toHaveAttribute('data-view-only', '');
    expect(screen.getByRole('button', { name: 'Take control' })).toBeInTheDocument();
    expect(rfbs).toHaveLength(1);
  });

  it('inside ComputerUseProvider, keyboard actions should travel over the live VNC connection', async () => {
    // A transport with previews but no computer use: only the VNC connection can type.
    const transport = createMemoryTransport({ without: ['computerUse'], previewUrl: () => 'https://vnc.test/' });
    render(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider>
          <ComputerUseVncDisplay />
          <ComputerUseActions />
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    const field = screen.getByRole('textbox', { name: 'Text to type' });
    expect(field).toBeDisabled();
    await waitFor(() => expect(rfbs).toHaveLength(1));
    act(() => rfbs[0]!.emit('connect'));
    await waitFor(() => expect(field).toBeEnabled());
    fireEvent.change(field, { target: { value: 'Hé✓' } });
    fireEvent.submit(field.closest('form')!);
    await waitFor(() => expect(rfbs[0]!.keys).toHaveLength(6));
    expect(rfbs[0]!.keys).toEqual([
      [0x48, true], [0x48, false],
      [0xe9, true], [0xe9, false],
      [0x01002713, true], [0x01002713, false],
    ]);
    rfbs[0]!.keys.length = 0;
    fireEvent.click(screen.getByRole('button', { name: 'Terminal' }));
    await waitFor(() => expect(rfbs[0]!.keys).toHaveLength(6));
    expect(rfbs[0]!.keys).toEqual([
      [0xffe3, true], [0xffe9, true], [0x74, true], [0x74, false], [0xffe9, false], [0xffe3, false],
    ]);
    rfbs[0]!.keys.length = 0;
    fireEvent.click(screen.getByRole('button', { name: 'Enter' }));
    await waitFor(() => expect(rfbs[0]!.keys).toEqual([[0xff0d, true], [0xff0d, false]]));
    // Connection lost: the keyboard path is gone, and the panel says so by disabling.
    act(() => rfbs[0]!.emit('disconnect', { clean: false }));
    await waitFor(() => expect(field).toBeDisabled());
  });

  it('under StrictMode, unmount should disconnect and schedule nothing', async () => {
    const transport = createMemoryTransport({ previewUrl: () => 'https://vnc.test/' });
    // Fake timers from the start, so no reconnect can be scheduled on the real clock.
    fakeClock();
    const { unmount } = render(
      <React.StrictMode>
        <SandboxProvider transport={transport} sandboxId="abc123">
          <ComputerUseVncDisplay reconnectDelayMs={5} />
        </SandboxProvider>
      </React.StrictMode>,
    );
    await elapse(100);
    expect(rfbs.length).toBeGreaterThan(0);
    unmount();
    const count = rfbs.length;
    expect(rfbs.every((r) => r.disconnected)).toBe(true);
    // Far past any reconnect delay (5 ms here, backing off to at most 30 s).
    await elapse(60_000);
    expect(rfbs).toHaveLength(count);
  });
});

describe('ComputerUseVncDisplay and the sandbox lifecycle (#18)', () => {
  const lifecycle = (state: 'stopped' | 'archived' | 'error') =>
    createMemoryTransport({
      previewUrl: ({ port }) => `https://${port}-abc123.proxy.test/`,
      transitionMs: 200,
      sandboxes: [{ id: 'abc123', state, ...(state === 'error' ? { errorReason: 'Out of memory' } : {}) }],
    });
  const status = () => document.querySelector('[data-se-part="computer-use-status"]');
  // Reconnects back off for a minute: only the lifecycle (the sandbox runs) can open the connection here.
  const slow = { reconnectDelayMs: 60_000, maxReconnectDelayMs: 60_000 };

  it('given a stopped sandbox, should say so with Start instead of reconnecting, show starting, then connect', async () => {
    const transport = lifecycle('stopped');
    const { display } = renderVnc(slow, transport);
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 is stopped.'));
    expect(status()).toHaveAttribute('data-status', 'unavailable');
    expect(display).toHaveAttribute('data-sandbox-state', 'stopped');
    expect(screen.queryByRole('button', { name: 'Retry now' })).toBeNull();
    expect(rfbs).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 is starting…'));
    expect(screen.queryByRole('button', { name: 'Start sandbox' })).toBeNull();
    await waitFor(() => expect(rfbs).toHaveLength(1));
    expect(rfbs[0]!.url).toBe('wss://6080-abc123.proxy.test/websockify');
    act(() => rfbs[0]!.emit('connect'));
    expect(display).toHaveAttribute('data-status', 'live');
    expect(display).toHaveAttribute('data-sandbox-state', 'running');
    expect(transport.stats().calls['sandboxes.start']).toBe(1);
  });

  it('given an archived sandbox, should offer Restore and show restoring', async () => {
    renderVnc(slow, lifecycle('archived'));
    fireEvent.click(await screen.findByRole('button', { name: 'Restore sandbox' }));
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 is being restored from the archive…'));
    await waitFor(() => expect(rfbs).toHaveLength(1));
  });

  it('given a sandbox in error, should show its reason and offer Check again', async () => {
    const transport = lifecycle('error');
    renderVnc(slow, transport);
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 failed. Reason: Out of memory'));
    expect(status()).toHaveAttribute('role', 'alert');
    act(() => transport.setSandboxState('abc123', 'running'));
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await waitFor(() => expect(rfbs).toHaveLength(1));
  });
  it('given a sandbox known to be stopped, should stop trying the VNC link until Start, then connect', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const transport = lifecycle('stopped');
      // Reconnects every 10–40 ms if nothing stops them.
      renderVnc({ reconnectDelayMs: 10, maxReconnectDelayMs: 40 }, transport);
      const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
      await advance(100);
      expect(status()).toHaveTextContent('Sandbox abc123 is stopped.');
      const links = transport.stats().calls.getPreviewLink;
      const reads = transport.stats().calls.getSandbox;
      await advance(10_000);
      expect(transport.stats().calls.getPreviewLink).toBe(links);
      expect(transport.stats().calls.getSandbox).toBe(reads);
      expect(rfbs).toHaveLength(0);
      fireEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));
      await advance(100);
      expect(status()).toHaveTextContent('Sandbox abc123 is starting…');
      expect(transport.stats().calls.getPreviewLink).toBe(links);
      await advance(300);
      expect(rfbs).toHaveLength(1);
      expect(rfbs[0]!.url).toBe('wss://6080-abc123.proxy.test/websockify');
    } finally {
      vi.useRealTimers();
    }
  });
});
