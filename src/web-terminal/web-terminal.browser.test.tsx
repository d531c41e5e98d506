/**
 * WebTerminal in real headless Chromium: real xterm.js, real layout, real
 * keyboard events, the memory transport's PTY behind it.
 */
import '@xterm/xterm/css/xterm.css';
import '../styles/base.css';
import '../styles/web-terminal.css';
import * as React from 'react';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { userEvent } from 'vitest/browser';
import type { Terminal } from '@xterm/xterm';
import { SearchAddon } from '@xterm/addon-search';
import { SandboxProvider, createMemoryTransport, type MemoryTransport } from '../transport';
import type { PtyConnection, PtyRequest, SandboxTransport } from '../transport/types';
import { toDisposable } from '../internal';
import { WebTerminal, type WebTerminalHandle, type WebTerminalProps, type WebTerminalState } from './index';

// Generous: the machine running these may be busy (xterm loads with a dynamic import).
const poll = <T,>(fn: () => T) => expect.poll(fn, { timeout: 10_000, interval: 20 });

let root: Root | null = null;
let host: HTMLDivElement | null = null;

afterEach(() => {
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
});

function mount(transport: SandboxTransport, props: Partial<WebTerminalProps> = {}, size = { width: 640, height: 320 }) {
  host = document.createElement('div');
  host.style.width = `${size.width}px`;
  host.style.height = `${size.height}px`;
  document.body.append(host);
  const ref: { current: WebTerminalHandle | null } = { current: null };
  const states: WebTerminalState[] = [];
  root = createRoot(host);
  root.render(
    <SandboxProvider transport={transport} sandboxId="abc123">
      <WebTerminal
        port={22222}
        style={{ height: '100%' }}
        handleRef={ref}
        onStateChange={(state) => states.push(state)}
        {...props}
      />
    </SandboxProvider>,
  );
  const element = () => host!.querySelector<HTMLElement>('[data-se-part="web-terminal"]')!;
  return { ref, states, element, terminal: () => ref.current!.getTerminal()! };
}

function bufferLines(terminal: Terminal): string[] {
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)!.translateToString(true));
  return lines;
}

/**
 * Waits for the terminal to have handled a size change of its viewport, instead of sleeping. This
 * ResizeObserver is created after the terminal's, so it is called after it in the same frame; the
 * terminal then fits after `debounceMs`, and a timer as long, set later, fires later (HTML runs
 * timers of equal delay in the order they were set).
 */
async function watchFits(viewport: Element, debounceMs: number) {
  let waiting: (() => void) | undefined;
  let started!: () => void;
  const observing = new Promise<void>((r) => (started = r));
  let first = true;
  const observer = new ResizeObserver(() => {
    // The first call reports the size the viewport already had when observed. Go on in a task of its
    // own: a size changed while observers are being called would be a notification they cannot deliver.
    if (first) return void ((first = false), setTimeout(started, 0));
    const done = waiting;
    waiting = undefined;
    if (done) setTimeout(done, debounceMs);
  });
  observer.observe(viewport);
  await observing;
  return {
    /** Resolves once the terminal has handled the next size change. */
    next: () => new Promise<void>((r) => (waiting = r)),
    stop: () => observer.disconnect(),
  };
}

function recordOpens(transport: MemoryTransport): PtyRequest[] {
  const requests: PtyRequest[] = [];
  const open = transport.openPty!.bind(transport);
  transport.openPty = (req, signal) => {
    requests.push(req);
    return open(req, signal);
  };
  return requests;
}

describe('WebTerminal in Chromium', () => {
  it('given the memory shell, when the user types `echo hello`, should render hello on its own line', async () => {
    const transport = createMemoryTransport();
    const opens = recordOpens(transport);
    const { ref, element, terminal } = mount(transport);
    await poll(() => element().getAttribute('data-status')).toBe('connected');
    ref.current!.focus();
    await userEvent.keyboard('echo hello{Enter}');

    await poll(() => bufferLines(terminal())).toContain('hello');
    const lines = bufferLines(terminal());
    expect(lines.find((line) => line.endsWith('$ echo hello'))).toBeDefined();
    // What the user sees: xterm's DOM rows, not just its buffer.
    const rows = () => [...element().querySelectorAll('.xterm-rows > div')].map((row) => row.textContent?.replace(/\u00a0/g, ' ').trimEnd());
    await poll(rows).toContain('hello');
    expect(transport.inspect().sessions[0]!.received).toBe('echo hello\r');
    expect(opens).toHaveLength(1);
    expect(opens[0]).toMatchObject({ sandboxId: 'abc123', port: 22222, cols: terminal().cols, rows: terminal().rows });
    expect(terminal().cols).toBeGreaterThan(20);
    transport.dispose();
  });

  it('given a search addon passed in addons, when searching, should select the match in real xterm.js', async () => {
    const transport = createMemoryTransport();
    const { ref, element, terminal } = mount(transport, { addons: () => [new SearchAddon()] });
    await poll(() => element().getAttribute('data-status')).toBe('connected');
    ref.current!.focus();
    await userEvent.keyboard('echo needle-42{Enter}');
    await poll(() => bufferLines(terminal())).toContain('needle-42');
    expect(ref.current!.search('needle-42')).toBe(true);
    expect(terminal().getSelection()).toBe('needle-42');
    expect(ref.current!.search('not-in-the-buffer')).toBe(false);
    ref.current!.clearSearch();
    expect(terminal().getSelection()).toBe('');
    transport.dispose();
  });

  it('given no search addon, search should find nothing', async () => {
    const transport = createMemoryTransport();
    const { ref, element } = mount(transport);
    await poll(() => element().getAttribute('data-status')).toBe('connected');
    expect(ref.current!.search('Simulated')).toBe(false);
    transport.dispose();
  });

  it('given a connected terminal, when its container is resized, should fit and send the new size to the PTY once', async () => {
    const transport = createMemoryTransport();
    const { element, terminal } = mount(transport, { resizeDebounceMs: 20 });
    await poll(() => element().getAttribute('data-status')).toBe('connected');
    const session = transport.inspect().sessions[0]!;
    const before = { cols: terminal().cols, rows: terminal().rows };
    expect({ cols: session.cols, rows: session.rows }).toEqual(before);

    host!.style.width = '420px';
    host!.style.height = '200px';
    await poll(() => terminal().cols).toBeLessThan(before.cols);
    await poll(() => session.resizes.at(-1)).toEqual({ cols: terminal().cols, rows: terminal().rows });
    expect(terminal().rows).toBeLessThan(before.rows);
    const sent = session.resizes.length;
    const fits = await watchFits(element().querySelector('[data-se-part="web-terminal-viewport"]')!, 20);

    // Hidden: no 2×1 terminal, nothing sent.
    let handled = fits.next();
    host!.style.display = 'none';
    await handled;
    expect(terminal().cols).toBeGreaterThan(2);
    expect(session.resizes).toHaveLength(sent);

    // Shown again at the same size: nothing to send.
    handled = fits.next();
    host!.style.display = 'block';
    await handled;
    expect(session.resizes).toHaveLength(sent);
    fits.stop();
    transport.dispose();
  });

  it('given a connection dropped 20 times while typing, should lose no keystroke and keep one shell session', async () => {
    const transport = createMemoryTransport();
    const opens = recordOpens(transport);
    const { ref, states, element } = mount(transport, { reconnect: { initialDelayMs: 30, jitter: 0, maxRetries: 50 } });
    await poll(() => element().getAttribute('data-status')).toBe('connected');
    ref.current!.focus();
    let typed = '';
    for (let i = 0; i < 20; i++) {
      // Each drop hits a live connection (so there are exactly 20 re-attaches).
      await poll(() => element().getAttribute('data-status')).toBe('connected');
      const word = `k${i}z`;
      await userEvent.keyboard(word.slice(0, 2));
      transport.disconnect();
      // This key lands while the connection is down (or re-attaching): it must be kept.
      await userEvent.keyboard(word.slice(2));
      typed += word;
    }
    await poll(() => element().getAttribute('data-status')).toBe('connected');
    const sessions = transport.inspect().sessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.received).toBe(typed);
    expect(opens).toHaveLength(21);
    expect(opens.slice(1).every((req) => req.sessionId === sessions[0]!.id)).toBe(true);
    expect(states.filter((s) => s === 'reconnecting').length).toBeGreaterThanOrEqual(20);
    expect(transport.stats().ptyConnections).toBe(1);
    // The screen shows what was typed once (the replay on re-attach is not doubled).
    const text = bufferLines(ref.current!.getTerminal()!).join('\n');
    expect(text.split('Simulated sandbox abc123').length - 1).toBe(1);
    expect(text).toContain(typed.slice(-12));
    transport.dispose();
  });

  it('given UTF-8 output split inside characters, should render each character once, correctly', async () => {
    const text = 'héllo wörld — € 😀 日本語';
    const bytes = new TextEncoder().encode(`${text}\r\n`);
    const transport: SandboxTransport = {
      async getPreviewLink() {
        throw new Error('unused');
      },
      async openPty(): Promise<PtyConnection> {
        return {
          sessionId: 'utf8',
          write() {},
          resize() {},
          onData(listener) {
            // One byte per chunk: every multi-byte character is split.
            let i = 0;
            const tick = () => {
              if (i < bytes.length) listener(bytes.slice(i, ++i)), setTimeout(tick, 0);
            };
            setTimeout(tick, 0);
            return toDisposable(() => {
              i = bytes.length;
            });
          },
          onClose: () => toDisposable(() => {}),
          dispose() {},
        };
      },
    };
    const { terminal } = mount(transport);
    await poll(() => (terminal() ? bufferLines(terminal())[0] : '')).toBe(text);
    expect(bufferLines(terminal()).join('')).not.toContain('\ufffd');
  });

  it('given bracketed paste mode, when text is pasted, should send it wrapped in paste markers', async () => {
    const transport = createMemoryTransport();
    const { ref, element } = mount(transport);
    await poll(() => element().getAttribute('data-status')).toBe('connected');
    ref.current!.paste('echo one');
    await poll(() => transport.inspect().sessions[0]!.received).toBe('echo one');
    // A program turns bracketed paste on; xterm honours it on the next paste.
    await new Promise<void>((resolve) => ref.current!.getTerminal()!.write('\x1b[?2004h', resolve));
    ref.current!.paste('two');
    await poll(() => transport.inspect().sessions[0]!.received).toBe('echo one\x1b[200~two\x1b[201~');
    transport.dispose();
  });

  it('given server-rendered HTML, should hydrate without mismatch and render xterm into the server-rendered viewport', async () => {
    const transport = createMemoryTransport();
    const ui = (
      <SandboxProvider transport={transport} sandboxId="abc123">
        <WebTerminal port={22222} style={{ height: 240 }} />
      </SandboxProvider>
    );
    host = document.createElement('div');
    host.style.width = '600px';
    host.innerHTML = renderToString(ui);
    document.body.append(host);
    const viewport = host.querySelector('[data-se-part="web-terminal-viewport"]')!;
    expect(viewport.getAttribute('data-status')).toBe('connecting');
    expect(viewport.childElementCount).toBe(0);
    const errors: unknown[] = [];
    root = hydrateRoot(host, ui, { onRecoverableError: (error) => errors.push(error) });
    await poll(() => host!.querySelector('[data-se-part="web-terminal"]')!.getAttribute('data-status')).toBe('connected');
    // The same element the server sent now holds xterm.
    expect(host.querySelector('[data-se-part="web-terminal-viewport"]')).toBe(viewport);
    await poll(() => viewport.querySelector('.xterm-rows')?.textContent ?? '').toContain('Simulated sandbox abc123');
    expect(errors).toEqual([]);
    transport.dispose();
  });
});
