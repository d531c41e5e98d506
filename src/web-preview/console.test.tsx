import * as React from 'react';
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SandboxProvider } from '../transport/provider';
import { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from '../transport/memory';
import { SandboxError } from '../transport/errors';
import type { LogEntry, LogSink, SandboxTransport } from '../transport/types';
import { WebPreview, WebPreviewBody, WebPreviewConsole, WebPreviewDevice, WebPreviewNavigation, WebPreviewUrl, type WebPreviewConsoleProps } from './index';
import { elapse, fakeClock } from '../../test/support/fake-clock';

// The suite shares two cores with everything else: give async waits room (they return as soon as they pass).
configure({ asyncUtilTimeout: 5000 });

const transports: MemoryTransport[] = [];
function memory(options: MemoryTransportOptions = {}): MemoryTransport {
  const t = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0, ...options });
  transports.push(t);
  return t;
}
afterEach(() => {
  vi.useRealTimers();
  // Unmount first: disposing a transport ends its streams, which mounted parts would show.
  cleanup();
  for (const t of transports.splice(0)) t.dispose();
});

function Console({ transport, ...props }: WebPreviewConsoleProps & { transport: MemoryTransport }) {
  return (
    <SandboxProvider transport={transport} sandboxId="abc123">
      <WebPreviewConsole maxHeight={200} {...props} />
    </SandboxProvider>
  );
}

const list = () => screen.getByRole('log');
const rows = () => Array.from(list().querySelectorAll<HTMLElement>('[data-se-part="web-preview-console-entry"]'));
const consoleRoot = (c: HTMLElement) => c.querySelector<HTMLElement>('[data-se-part="web-preview-console"]')!;

async function streaming(container: HTMLElement) {
  await waitFor(() => expect(consoleRoot(container)).toHaveAttribute('data-status', 'connecting'));
  // The memory transport registers the subscriber after its (zero) latency.
  await act(async () => {
    await Promise.resolve();
  });
}

describe('WebPreviewConsole', () => {
  it('given logs of every level, should count them and filter by level', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} />);
    await streaming(container);
    act(() =>
      transport.emitLogs('abc123', [
        { level: 'info', message: 'server started' },
        { level: 'warn', message: 'slow query' },
        { level: 'error', message: 'boom' },
        { level: 'error', message: 'boom again' },
        { level: 'debug', message: 'tick' },
      ]),
    );
    expect(consoleRoot(container)).toHaveAttribute('data-status', 'streaming');
    expect(rows()).toHaveLength(5);
    const errorToggle = screen.getByRole('button', { name: 'Error 2' });
    expect(errorToggle).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('button', { name: 'Warn 1' })).toBeInTheDocument();
    fireEvent.click(errorToggle);
    expect(errorToggle).toHaveAttribute('aria-pressed', 'false');
    expect(rows().map((r) => r.getAttribute('data-level'))).toEqual(['info', 'warn', 'debug']);
    expect(screen.getByText('3 of 5 entries shown')).toBeInTheDocument();
    fireEvent.click(errorToggle);
    expect(rows()).toHaveLength(5);
  });

  it('given a search, should show only matching lines, ignoring ANSI codes and case', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} />);
    await streaming(container);
    act(() =>
      transport.emitLogs('abc123', [
        { message: 'GET /api/todos 200' },
        { message: '\x1b[31mERROR\x1b[0m in /api/user' },
        { message: 'compiled' },
      ]),
    );
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search logs' }), { target: { value: 'error in' } });
    expect(rows()).toHaveLength(1);
    expect(rows()[0]).toHaveTextContent('ERROR in /api/user');
  });

  it('given more than maxEntries, should drop the oldest and say how many', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} maxEntries={100} />);
    await streaming(container);
    act(() => transport.emitLogs('abc123', Array.from({ length: 250 }, (_, i) => ({ message: `line ${i}` }))));
    expect(screen.getByText('100 entries · 150 older dropped (limit 100)')).toBeInTheDocument();
    expect(screen.getByText('(100)')).toBeInTheDocument();
    expect(screen.queryByText('line 149')).toBeNull();
    // Following: the newest line is in view.
    expect(screen.getByText('line 249')).toBeInTheDocument();
  });

  it('given entries of an unknown level, a non-string message or a bad timestamp, should show what it can and count it', () => {
    const logs = [
      { level: 'verbose', message: 'odd level', timestamp: 1 },
      { level: 'info', message: 42, timestamp: Number.NaN },
      null,
      { level: 'warn' },
      { level: 'error', message: 'far future', timestamp: 1e16 },
      { level: 'debug', message: 'text time', timestamp: '12' },
    ] as unknown as LogEntry[];
    const { container } = render(<Console transport={memory()} subscribe={false} logs={logs} />);
    expect(rows().map((r) => [r.getAttribute('data-level'), r.querySelector('[data-se-part="web-preview-console-message"]')!.textContent])).toEqual([
      ['log', 'odd level'],
      ['info', '42'],
      ['error', 'far future'],
      ['debug', 'text time'],
    ]);
    const count = (level: string) => container.querySelector(`[data-level="${level}"] [data-se-part="web-preview-console-count"]`)!.textContent;
    expect([count('log'), count('info'), count('warn'), count('error')]).toEqual(['1', '1', '0', '1']);
    // Timestamps that are not a time (NaN, past the end of ECMAScript dates, a string) read as now.
    const year = String(new Date().getFullYear());
    for (const row of rows().slice(1)) expect(row.querySelector('time')!.getAttribute('datetime')).toContain(year);
  });

  it('given maxEntries out of range (Infinity, 0, NaN), should still render and keep entries', async () => {
    for (const [maxEntries, kept] of [[Infinity, 250], [0, 1], [Number.NaN, 250]] as const) {
      const transport = memory();
      const { container, unmount } = render(<Console transport={transport} maxEntries={maxEntries} />);
      await streaming(container);
      act(() => transport.emitLogs('abc123', Array.from({ length: 250 }, (_, i) => ({ message: `line ${i}` }))));
      expect(screen.getByText('(' + kept + ')')).toBeInTheDocument();
      expect(screen.getByText('line 249')).toBeInTheDocument();
      unmount();
    }
  });

  it('given thousands of lines, should keep only the visible rows in the DOM', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} rowHeight={20} overscan={5} />);
    await streaming(container);
    act(() => transport.emitLogs('abc123', Array.from({ length: 5000 }, (_, i) => ({ message: `line ${i}` }))));
    // 200 px / 20 px = 10 rows in view, plus 5 overscan on each side at most.
    expect(rows().length).toBeLessThanOrEqual(20);
    expect(rows().length).toBeGreaterThanOrEqual(10);
    const spacer = container.querySelector<HTMLElement>('[data-se-part="web-preview-console-spacer"]')!;
    expect(spacer.style.height).toBe(`${5000 * 20}px`);
  });

  it('given HTML and ANSI in a log line, should render text in styled spans and never HTML', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} />);
    await streaming(container);
    const hostile = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    act(() => transport.emitLogs('abc123', [{ message: hostile }, { level: 'error', message: '\x1b[1;31mfailed\x1b[0m: see \x1b]8;;https://e.com\x07link\x1b]8;;\x07' }]));
    expect(list().querySelector('script, img')).toBeNull();
    expect(rows()[0]).toHaveTextContent(hostile);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
    const red = screen.getByText('failed');
    expect(red).toHaveAttribute('data-fg', 'red');
    expect(red).toHaveAttribute('data-bold', '');
    expect(rows()[1]).toHaveTextContent('failed: see link');
    expect(rows()[1]!.textContent).not.toMatch(/\u001b|8;;/);
  });

  it('given ansi="strip", should show plain text', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} ansi="strip" />);
    await streaming(container);
    act(() => transport.emitLogs('abc123', [{ message: '\x1b[32mok\x1b[0m' }]));
    expect(list().querySelector('[data-fg]')).toBeNull();
    expect(rows()[0]).toHaveTextContent('ok');
  });

  it('given clear, should empty the list and the counts', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} />);
    await streaming(container);
    act(() => transport.emitLogs('abc123', [{ level: 'error', message: 'x' }]));
    fireEvent.click(screen.getByRole('button', { name: 'Clear' }));
    expect(rows()).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Error 0' })).toBeInTheDocument();
    expect(screen.getByText('0 entries')).toBeInTheDocument();
  });

  it('given pause, should stop following, keep the rows in view, and resume on demand', async () => {
    const transport = memory();
    // No overscan: the DOM holds exactly the rows in view.
    const { container } = render(<Console transport={transport} overscan={0} />);
    await streaming(container);
    act(() => transport.emitLogs('abc123', Array.from({ length: 300 }, (_, i) => ({ message: `line ${i}` }))));
    expect(consoleRoot(container)).toHaveAttribute('data-following', '');
    expect(screen.getByText('line 299')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Pause auto-scroll' }));
    expect(consoleRoot(container)).not.toHaveAttribute('data-following');
    // Still the newest rows (the list did not jump to the top), and new lines do not move it.
    expect(screen.getByText('line 299')).toBeInTheDocument();
    expect(screen.queryByText('line 0')).toBeNull();
    act(() => transport.emitLogs('abc123', [{ message: 'line 300' }]));
    expect(screen.queryByText('line 300')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Resume auto-scroll' }));
    expect(consoleRoot(container)).toHaveAttribute('data-following', '');
    expect(screen.getByText('line 300')).toBeInTheDocument();
  });

  it('given a user scrolling up, should stop following', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} />);
    await streaming(container);
    act(() => transport.emitLogs('abc123', Array.from({ length: 100 }, (_, i) => ({ message: `l${i}` }))));
    const el = list();
    // jsdom has no layout: give the list the geometry a browser would.
    Object.defineProperty(el, 'clientHeight', { configurable: true, value: 200 });
    Object.defineProperty(el, 'scrollHeight', { configurable: true, value: 2000 });
    el.scrollTop = 400;
    fireEvent.scroll(el);
    expect(consoleRoot(container)).not.toHaveAttribute('data-following');
    el.scrollTop = 1800;
    fireEvent.scroll(el);
    expect(consoleRoot(container)).toHaveAttribute('data-following', '');
  });

  it('given a transport without logs, should show unsupported and still show the logs prop', () => {
    const transport = memory({ without: ['logs'] });
    const logs: LogEntry[] = [{ level: 'info', message: 'from the host', timestamp: Date.UTC(2026, 0, 1) }];
    const { container } = render(<Console transport={transport} logs={logs} />);
    expect(consoleRoot(container)).toHaveAttribute('data-status', 'unsupported');
    expect(screen.getByText('This transport does not stream sandbox logs.')).toBeInTheDocument();
    expect(screen.getByText('from the host')).toBeInTheDocument();
  });

  it('given a growing logs prop, should append only the new entries; a new list replaces', () => {
    const a: LogEntry = { level: 'log', message: 'a', timestamp: 1_700_000_000_000 };
    const b: LogEntry = { level: 'log', message: 'b', timestamp: 1_700_000_000_001 };
    const c: LogEntry = { level: 'log', message: 'c', timestamp: 1_700_000_000_002 };
    const { rerender } = render(<WebPreviewConsole logs={[a]} />);
    rerender(<WebPreviewConsole logs={[a, b]} />);
    expect(rows().map((r) => r.querySelector('[data-se-part="web-preview-console-message"]')!.textContent)).toEqual(['a', 'b']);
    rerender(<WebPreviewConsole logs={[c]} />);
    expect(rows().map((r) => r.querySelector('[data-se-part="web-preview-console-message"]')!.textContent)).toEqual(['c']);
  });

  it('given a dropped stream, should show it reconnecting and reconnect at once on demand', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} />);
    await streaming(container);
    act(() => transport.disconnect());
    expect(consoleRoot(container)).toHaveAttribute('data-status', 'reconnecting');
    expect(screen.getByRole('alert')).toHaveTextContent('Log stream disconnected');
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    await streaming(container);
    expect(transport.stats().logSubscriptions).toBe(1);
  });

  describe('given a log stream that fails', () => {
    function scripted() {
      const sinks: LogSink[] = [];
      let open = 0;
      const transport: SandboxTransport = {
        getPreviewLink: async () => ({ url: 'https://example.com/' }),
        subscribeLogs(_req, sink) {
          sinks.push(sink);
          open++;
          return { dispose: () => void open-- };
        },
      };
      return { transport, sinks, open: () => open };
    }
    const renderScripted = (transport: SandboxTransport) =>
      render(
        <SandboxProvider transport={transport} sandboxId="abc123">
          <WebPreviewConsole maxHeight={200} />
        </SandboxProvider>,
      );
    const messages = () => rows().map((r) => r.querySelector('[data-se-part="web-preview-console-message"]')!.textContent);
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('when the error is retryable, should subscribe again with backoff and show replayed entries once', () => {
      const { transport, sinks, open } = scripted();
      const { container } = renderScripted(transport);
      act(() => sinks[0]!.onLogs([{ id: '1', level: 'log', message: 'one', timestamp: 1 }]));
      act(() => sinks[0]!.onError!(new SandboxError('network', 'connection reset')));
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'reconnecting');
      expect(open()).toBe(0);
      // The first retry comes within the first backoff step (500 ms, less with jitter).
      act(() => vi.advanceTimersByTime(500));
      expect(sinks).toHaveLength(2);
      expect(open()).toBe(1);
      act(() => sinks[1]!.onLogs([{ id: '1', level: 'log', message: 'one', timestamp: 1 }, { id: '2', level: 'log', message: 'two', timestamp: 2 }]));
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'streaming');
      expect(messages()).toEqual(['one', 'two']);
    });

    it('given more ids than it remembers (10,000), should forget the oldest first', () => {
      const { transport, sinks } = scripted();
      const { container } = renderScripted(transport);
      const entry = (i: number) => ({ id: String(i), level: 'log' as const, message: `m${i}`, timestamp: 1 });
      act(() => sinks[0]!.onLogs(Array.from({ length: 10_001 }, (_, i) => entry(i))));
      // Replayed: `0` was forgotten (shown again), `2` and `10000` are still known (dropped).
      act(() => sinks[0]!.onLogs([entry(0), entry(2), entry(10_000)]));
      // 10,001 + 1 lines reached the console (the ring keeps 5000 of them): only `m0` was added.
      expect(container.querySelector('[data-se-part="web-preview-console-summary"]')).toHaveTextContent('5000 entries · 5002 older dropped (limit 5000)');
      expect(messages().at(-1)).toBe('m0');
    });

    it('when rate limited, should wait for retryAfterMs', () => {
      const { transport, sinks } = scripted();
      renderScripted(transport);
      act(() => sinks[0]!.onError!(new SandboxError('rate_limited', 'slow down', { retryAfterMs: 3_000 })));
      act(() => vi.advanceTimersByTime(2_999));
      expect(sinks).toHaveLength(1);
      act(() => vi.advanceTimersByTime(1));
      expect(sinks).toHaveLength(2);
    });

    it('when retries keep failing, should end in error after the last one', () => {
      const { transport, sinks } = scripted();
      const { container } = renderScripted(transport);
      for (let i = 0; i < 6; i++) {
        act(() => sinks.at(-1)!.onError!(new SandboxError('unavailable', `down ${i}`)));
        act(() => vi.advanceTimersByTime(15_000));
      }
      expect(sinks).toHaveLength(6);
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'error');
      expect(screen.getByRole('alert')).toHaveTextContent('down 5');
    });

    it('when the error is final, should show it at once and never subscribe again by itself', () => {
      const { transport, sinks, open } = scripted();
      const { container } = renderScripted(transport);
      act(() => sinks[0]!.onError!(new SandboxError('forbidden', 'no logs for you')));
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'error');
      expect(screen.getByRole('alert')).toHaveTextContent('no logs for you');
      act(() => vi.advanceTimersByTime(60_000));
      expect(sinks).toHaveLength(1);
      expect(open()).toBe(0);
      fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
      expect(sinks).toHaveLength(2);
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'connecting');
    });

    it('when the transport resumes the stream itself, should show reconnecting, then streaming, and take its later error as final (one layer of retry)', () => {
      const { transport, sinks } = scripted();
      const { container } = renderScripted(transport);
      act(() => sinks[0]!.onReconnecting!(new SandboxError('network', 'connection reset')));
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'reconnecting');
      act(() => sinks[0]!.onLogs([{ id: '1', level: 'log', message: 'back', timestamp: 1 }]));
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'streaming');
      act(() => sinks[0]!.onReconnecting!(new SandboxError('network', 'connection reset')));
      act(() => sinks[0]!.onError!(new SandboxError('network', 'Log stream closed and did not come back')));
      expect(consoleRoot(container)).toHaveAttribute('data-status', 'error');
      expect(screen.getByRole('alert')).toHaveTextContent('did not come back');
      act(() => vi.advanceTimersByTime(60_000));
      expect(sinks).toHaveLength(1);
    });

    it('when unmounted while waiting to reconnect, should not subscribe again', () => {
      const { transport, sinks, open } = scripted();
      const { unmount } = renderScripted(transport);
      act(() => sinks[0]!.onError!(new SandboxError('timeout', 'slow')));
      unmount();
      vi.advanceTimersByTime(60_000);
      expect(sinks).toHaveLength(1);
      expect(open()).toBe(0);
    });
  });

  it('given a session and a command, should subscribe with them and end the subscription on unmount', async () => {
    const transport = memory();
    const requests: unknown[] = [];
    const spy = { ...transport, subscribeLogs: (req: Parameters<NonNullable<MemoryTransport['subscribeLogs']>>[0], sink: Parameters<NonNullable<MemoryTransport['subscribeLogs']>>[1]) => (requests.push(req), transport.subscribeLogs!(req, sink)) };
    const { unmount } = render(
      <SandboxProvider transport={spy}>
        <WebPreviewConsole sandboxId="abc123" sessionId="s-1" commandId="c-9" />
      </SandboxProvider>,
    );
    await waitFor(() => expect(transport.stats().logSubscriptions).toBe(1));
    expect(requests).toEqual([{ sandboxId: 'abc123', sessionId: 's-1', commandId: 'c-9' }]);
    unmount();
    expect(transport.stats().logSubscriptions).toBe(0);
  });

  it('given collapse, should hide the list but keep counting', async () => {
    const transport = memory();
    const { container } = render(<Console transport={transport} />);
    await streaming(container);
    fireEvent.click(screen.getByRole('button', { name: /Console/ }));
    expect(screen.queryByRole('log')).toBeNull();
    act(() => transport.emitLogs('abc123', [{ message: 'while closed' }]));
    expect(screen.getByText('(1)')).toBeInTheDocument();
  });
});

describe('StrictMode and accessibility', () => {
  it('given mount, unmount and remount under StrictMode, should leave nothing subscribed', async () => {
    const transport = memory();
    const tree = (
      <React.StrictMode>
        <SandboxProvider transport={transport}>
          <WebPreview sandboxId="abc123" port={3000}>
            <WebPreviewNavigation />
            <WebPreviewUrl />
            <WebPreviewBody />
            <WebPreviewConsole maxHeight={150} />
          </WebPreview>
        </SandboxProvider>
      </React.StrictMode>
    );
    // On the fake clock from the start, so every timer the tree starts is one we can see and run.
    fakeClock();
    const first = render(tree);
    await elapse(100);
    expect(transport.stats().logSubscriptions).toBe(1);
    first.unmount();
    expect(transport.stats().logSubscriptions).toBe(0);
    const second = render(tree);
    await elapse(100);
    expect(transport.stats().logSubscriptions).toBe(1);
    second.unmount();
    expect(transport.stats().logSubscriptions).toBe(0);
    // No timers of ours left running that would resolve into an unmounted tree.
    expect(vi.getTimerCount()).toBe(0);
    await elapse(60_000);
    expect(transport.stats().logSubscriptions).toBe(0);
  });

  it('given every part rendered with content, should have no axe violations', async () => {
    const transport = memory({ logBacklog: 12 });
    const { container } = render(
      <SandboxProvider transport={transport}>
        <main>
          <WebPreview sandboxId="abc123" port={3000}>
            <WebPreviewNavigation />
            <WebPreviewUrl />
            <WebPreviewDevice />
            <WebPreviewBody />
            <WebPreviewConsole maxHeight={150} />
          </WebPreview>
        </main>
      </SandboxProvider>,
    );
    await waitFor(() => expect(container.querySelector('iframe')).not.toBeNull());
    await waitFor(() => expect(screen.getByText('(12)')).toBeInTheDocument());
    // An invalid address shows its message too.
    const input = screen.getByRole('textbox', { name: 'Preview address' });
    fireEvent.change(input, { target: { value: 'javascript:alert(1)' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    // The frame's own document is the previewed app's business, not ours.
    const results = await axe.run(container, { iframes: false, rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('given the error and unavailable states, should have no axe violations', async () => {
    const transport = memory({ sandboxes: [{ id: 'abc123', state: 'stopped' }] });
    const { container } = render(
      <SandboxProvider transport={transport}>
        <WebPreview sandboxId="abc123" port={3000} />
      </SandboxProvider>,
    );
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start sandbox' })).toBeInTheDocument());
    const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
