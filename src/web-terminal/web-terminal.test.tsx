/**
 * WebTerminal in jsdom. jsdom has no layout and no canvas, so xterm.js is
 * replaced by a small fake with the same surface (the real one runs in
 * web-terminal.browser.test.tsx); the transport is the real memory transport.
 */
import * as React from 'react';
import { act, configure, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { SandboxProvider, createMemoryTransport, type MemoryTransport } from '../transport';
import type { PtyRequest } from '../transport/types';
import { WebTerminal, WebTerminalRestart, WebTerminalRetry, WebTerminalStatus, WebTerminalViewport, type WebTerminalHandle, type WebTerminalProps } from './index';
import { loadXterm } from './load-xterm';
import { elapse, fakeClock } from '../../test/support/fake-clock';

const fake = vi.hoisted(() => {
  type Listener<T> = (value: T) => void;
  class Event<T> {
    listeners = new Set<Listener<T>>();
    event = (listener: Listener<T>) => {
      this.listeners.add(listener);
      return { dispose: () => this.listeners.delete(listener) };
    };
    fire(value: T) {
      for (const l of [...this.listeners]) l(value);
    }
  }
  const state = {
    terminals: [] as FakeTerminal[],
    /** What the fit addon proposes. */
    dims: { cols: 100, rows: 30 } as { cols: number; rows: number } | undefined,
    /** The viewport's layout box. */
    box: { width: 800, height: 480 },
    observers: [] as Array<{ callback: () => void; disconnected: boolean }>,
  };
  class FakeTerminal {
    options: Record<string, unknown>;
    cols: number;
    rows: number;
    element: HTMLElement | undefined;
    textarea: HTMLTextAreaElement | undefined;
    written: string[] = [];
    disposed = false;
    focused = false;
    resets = 0;
    clears = 0;
    modes = { bracketedPasteMode: false };
    addons: Array<{ dispose(): void }> = [];
    private data = new Event<string>();
    private binary = new Event<string>();
    private resized = new Event<{ cols: number; rows: number }>();
    onData = this.data.event;
    onBinary = this.binary.event;
    onResize = this.resized.event;
    constructor(options: Record<string, unknown>) {
      this.options = { ...options };
      this.cols = 80;
      this.rows = 24;
      state.terminals.push(this);
    }
    open(parent: HTMLElement) {
      this.element = parent.ownerDocument.createElement('div');
      this.element.className = 'xterm';
      this.textarea = parent.ownerDocument.createElement('textarea');
      this.element.append(this.textarea);
      parent.append(this.element);
    }
    loadAddon(addon: { activate(t: unknown): void; dispose(): void }) {
      addon.activate(this);
      this.addons.push(addon);
    }
    write(data: string | Uint8Array, callback?: () => void) {
      this.written.push(typeof data === 'string' ? data : new TextDecoder().decode(data));
      callback?.();
    }
    resize(cols: number, rows: number) {
      this.cols = cols;
      this.rows = rows;
      this.resized.fire({ cols, rows });
    }
    /** What a keystroke does in xterm: fire onData. */
    type(text: string) {
      this.data.fire(text);
    }
    paste(text: string) {
      const t = text.replace(/\r?\n/g, '\r');
      this.data.fire(this.modes.bracketedPasteMode ? `\x1b[200~${t}\x1b[201~` : t);
    }
    focus() {
      this.focused = true;
    }
    blur() {
      this.focused = false;
    }
    clear() {
      this.clears++;
    }
    clearSelection() {}
    reset() {
      this.resets++;
    }
    dispose() {
      this.disposed = true;
      for (const a of this.addons.reverse()) a.dispose();
      this.element?.remove();
    }
    get screen() {
      return this.written.join('');
    }
  }
  class FitAddon {
    activate() {}
    dispose() {}
    proposeDimensions() {
      return state.dims;
    }
  }
  class SearchAddon {
    calls: Array<[string, string, unknown]> = [];
    activate() {}
    dispose() {}
    findNext(term: string, options: unknown) {
      this.calls.push(['next', term, options]);
      return term === 'hello';
    }
    findPrevious(term: string, options: unknown) {
      this.calls.push(['previous', term, options]);
      return false;
    }
    clearDecorations() {}
  }
  class WebLinksAddon {
    disposed = false;
    activate() {}
    dispose() {
      this.disposed = true;
    }
  }
  return { state, FakeTerminal, FitAddon, SearchAddon, WebLinksAddon };
});

vi.mock('@xterm/xterm', () => ({ Terminal: fake.FakeTerminal }));
vi.mock('@xterm/addon-fit', () => ({ FitAddon: fake.FitAddon }));
// WebTerminal needs only @xterm/xterm and @xterm/addon-fit: importing any other addon fails the test.
vi.mock('@xterm/addon-search', () => {
  throw new Error('WebTerminal imported @xterm/addon-search');
});
vi.mock('@xterm/addon-web-links', () => {
  throw new Error('WebTerminal imported @xterm/addon-web-links');
});

// The machine running the suite may be busy; waits end as soon as they pass.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  fake.state.terminals.length = 0;
  fake.state.observers.length = 0;
  fake.state.dims = { cols: 100, rows: 30 };
  fake.state.box = { width: 800, height: 480 };
  vi.stubGlobal(
    'ResizeObserver',
    class {
      entry: { callback: () => void; disconnected: boolean };
      constructor(callback: () => void) {
        this.entry = { callback, disconnected: false };
        fake.state.observers.push(this.entry);
      }
      observe() {}
      disconnect() {
        this.entry.disconnected = true;
      }
    },
  );
  vi.spyOn(HTMLElement.prototype, 'getClientRects').mockImplementation(function (this: HTMLElement) {
    const { width, height } = fake.state.box;
    return (width && height ? [{ width, height }] : []) as unknown as DOMRectList;
  });
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(
    () => ({ x: 0, y: 0, top: 0, left: 0, ...fake.state.box, right: fake.state.box.width, bottom: fake.state.box.height }) as DOMRect,
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const live = () => fake.state.terminals.filter((t) => !t.disposed);
const root = () => document.querySelector<HTMLElement>('[data-se-part="web-terminal"]')!;
const status = () => document.querySelector<HTMLElement>('[data-se-part="web-terminal-status"]')!;

function recordOpens(transport: MemoryTransport): PtyRequest[] {
  const requests: PtyRequest[] = [];
  const open = transport.openPty!.bind(transport);
  transport.openPty = (req, signal) => (requests.push(req), open(req, signal));
  return requests;
}

// React 19 passes `ref` to function components as a prop.
function Harness({ transport, ...props }: { transport: MemoryTransport; ref?: React.Ref<HTMLDivElement> } & WebTerminalProps) {
  return (
    <SandboxProvider transport={transport} sandboxId="abc123">
      <WebTerminal {...props} />
    </SandboxProvider>
  );
}

async function connected() {
  await waitFor(() => expect(root()).toHaveAttribute('data-status', 'connected'));
  return live()[0]!;
}

describe('WebTerminal (jsdom)', () => {
  it('given a provider, should create one terminal in the viewport, connect with port and fitted size, and release everything on unmount', async () => {
    const transport = createMemoryTransport();
    const opens = recordOpens(transport);
    const { unmount } = render(<Harness transport={transport} port={22222} />);
    expect(root()).toHaveAttribute('data-status', 'connecting');
    expect(screen.getByRole('group', { name: 'Terminal' })).toBe(root());
    expect(screen.getByRole('status')).toHaveTextContent('Connecting…');
    const terminal = await connected();
    expect(live()).toHaveLength(1);
    expect(document.querySelector('[data-se-part="web-terminal-viewport"] > .xterm')).toBe(terminal.element);
    expect(opens).toEqual([{ sandboxId: 'abc123', cols: 100, rows: 30, port: 22222 }]);
    await waitFor(() => expect(terminal.screen).toContain('Simulated sandbox abc123'));
    expect(status()).toHaveTextContent('');
    unmount();
    expect(terminal.disposed).toBe(true);
    expect(transport.stats()).toMatchObject({ ptyConnections: 0, ptyListeners: 0 });
    expect(fake.state.observers.every((o) => o.disconnected)).toBe(true);
  });

  it('given StrictMode, when mounted, unmounted and remounted, should leave exactly one terminal and one PTY connection', async () => {
    const transport = createMemoryTransport();
    const { unmount } = render(
      <React.StrictMode>
        <Harness transport={transport} />
      </React.StrictMode>,
    );
    await connected();
    // Both mounts wait on one xterm.js load, and the first mount's reaction to it runs first: once a
    // load we start now has settled, the first mount's reaction to it has run (and created nothing).
    await act(() => loadXterm());
    // Exactly one Terminal was ever constructed: the first mount's load is dropped, not created-then-disposed.
    expect(fake.state.terminals).toHaveLength(1);
    expect(live()).toHaveLength(1);
    expect(transport.stats().calls.openPty).toBe(1);
    expect(transport.stats().ptyConnections).toBe(1);
    live()[0]!.type('x');
    expect(transport.inspect().sessions[0]!.received).toBe('x'); // not doubled
    unmount();
    expect(live()).toHaveLength(0);
    expect(transport.stats()).toMatchObject({ ptyConnections: 0, ptyListeners: 0 });
  });

  it('given an unmount while xterm is still loading, should never create the terminal nor open a PTY', async () => {
    const transport = createMemoryTransport();
    const { unmount } = render(<Harness transport={transport} />);
    unmount();
    // The unmounted root's reaction to the load runs before ours (it asked first).
    await act(() => loadXterm());
    expect(fake.state.terminals).toHaveLength(0);
    expect(transport.stats().calls.openPty).toBeUndefined();
  });

  it('given typing and paste, should send input to the PTY and call onData, and show output', async () => {
    const transport = createMemoryTransport();
    const onData = vi.fn();
    const onOutput = vi.fn();
    render(<Harness transport={transport} onData={onData} onOutput={onOutput} />);
    const terminal = await connected();
    terminal.type('echo hi\r');
    terminal.modes.bracketedPasteMode = true;
    terminal.paste('a\nb');
    expect(transport.inspect().sessions[0]!.received).toBe('echo hi\r\x1b[200~a\rb\x1b[201~');
    expect(onData).toHaveBeenCalledWith('echo hi\r');
    await waitFor(() => expect(terminal.screen).toContain('echo hi\r\nhi\r\n'));
    expect(onOutput.mock.calls.map((c) => c[0]).join('')).toBe(terminal.screen);
  });

  it('given new options or callbacks, should apply them to the same terminal without reconnecting', async () => {
    const transport = createMemoryTransport();
    const first = vi.fn();
    const second = vi.fn();
    const { rerender } = render(<Harness transport={transport} onData={first} fontSize={13} />);
    const terminal = await connected();
    expect(terminal.options).toMatchObject({ fontSize: 13, cursorBlink: true, scrollback: 5000 });
    rerender(
      <Harness
        transport={transport}
        onData={second}
        fontSize={18}
        cursorBlink={false}
        theme={{ background: '#000000' }}
        screenReaderMode
        terminalOptions={{ scrollback: 100 }}
      />,
    );
    expect(live()).toEqual([terminal]);
    expect(terminal.options).toMatchObject({ fontSize: 18, cursorBlink: false, theme: { background: '#000000' }, screenReaderMode: true, scrollback: 100 });
    terminal.type('z');
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith('z');
    expect(transport.stats().calls.openPty).toBe(1);
  });

  it('given a new sandboxId or port, should reconnect cleanly to the new target and reset the screen', async () => {
    const transport = createMemoryTransport({ sandboxes: [{ id: 'abc123' }, { id: 'other' }] });
    const opens = recordOpens(transport);
    const { rerender } = render(<Harness transport={transport} />);
    const terminal = await connected();
    rerender(<Harness transport={transport} sandboxId="other" />);
    await waitFor(() => expect(transport.inspect('other').sessions).toHaveLength(1));
    await connected();
    expect(terminal.resets).toBe(1);
    expect(transport.stats().ptyConnections).toBe(1);
    rerender(<Harness transport={transport} sandboxId="other" port={22222} />);
    await waitFor(() => expect(opens).toHaveLength(3));
    expect(opens.map((o) => [o.sandboxId, o.port])).toEqual([
      ['abc123', undefined],
      ['other', undefined],
      ['other', 22222],
    ]);
    await connected();
    expect(live()).toEqual([terminal]);
    expect(transport.stats().ptyConnections).toBe(1);
  });

  it('given a drop, should show reconnecting with the attempt, buffer keys (reporting overflow), and re-attach after the backoff', async () => {
    const transport = createMemoryTransport();
    const onInputOverflow = vi.fn();
    const onDisconnect = vi.fn();
    const onConnect = vi.fn();
    render(
      <Harness
        transport={transport}
        reconnect={{ initialDelayMs: 200, jitter: 0 }}
        inputBufferBytes={4}
        onInputOverflow={onInputOverflow}
        onDisconnect={onDisconnect}
        onConnect={onConnect}
      />,
    );
    const terminal = await connected();
    vi.useFakeTimers();
    act(() => transport.disconnect());
    expect(root()).toHaveAttribute('data-status', 'reconnecting');
    expect(root()).toHaveAttribute('aria-busy', 'true');
    expect(status()).toHaveTextContent('Connection lost. Reconnecting (attempt 1 of 10)…');
    expect(onDisconnect).toHaveBeenCalledWith(expect.objectContaining({ error: expect.objectContaining({ code: 'network' }) }));
    act(() => {
      terminal.type('pwd');
      terminal.type('\r!!'); // 3 bytes: 3 + 3 > 4, dropped
    });
    expect(onInputOverflow).toHaveBeenCalledWith({ droppedBytes: 3, bufferedBytes: 3, limitBytes: 4 });
    expect(status()).toHaveAttribute('data-input-dropped', '');
    expect(status()).toHaveTextContent('3 bytes of typed input did not fit in the buffer and were not sent.');
    await act(() => vi.advanceTimersByTimeAsync(199));
    expect(root()).toHaveAttribute('data-status', 'reconnecting');
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(root()).toHaveAttribute('data-status', 'connected');
    expect(transport.inspect().sessions).toHaveLength(1);
    expect(transport.inspect().sessions[0]!.received).toBe('pwd');
    expect(onConnect).toHaveBeenLastCalledWith({ sessionId: transport.inspect().sessions[0]!.id, reattached: true });
  });

  it('given retries exhausted, should show error with Retry, and Retry should reconnect (user preventDefault skips it)', async () => {
    const transport = createMemoryTransport();
    render(<Harness transport={transport} reconnect={{ maxRetries: 1, initialDelayMs: 10, jitter: 0 }} />);
    await connected();
    transport.failNext('openPty', 'unavailable', 'Sandbox is restarting');
    act(() => transport.disconnect());
    await waitFor(() => expect(root()).toHaveAttribute('data-status', 'error'));
    expect(status()).toHaveTextContent('Sandbox is restarting');
    expect(status()).toHaveAttribute('data-error-code', 'unavailable');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await connected();
    expect(transport.inspect().sessions).toHaveLength(1);
  });

  it('given a custom Retry whose onClick prevents default, should not retry', async () => {
    const transport = createMemoryTransport();
    render(
      <Harness transport={transport} sandboxId="missing">
        <WebTerminalViewport />
        <WebTerminalStatus>
          <WebTerminalRetry className="mine" onClick={(e) => e.preventDefault()}>
            Again
          </WebTerminalRetry>
        </WebTerminalStatus>
      </Harness>,
    );
    await waitFor(() => expect(root()).toHaveAttribute('data-status', 'error'));
    const button = screen.getByRole('button', { name: 'Again' });
    expect(button).toHaveClass('mine');
    expect(button).toHaveAttribute('data-se-part', 'web-terminal-retry');
    // A final error leaves no timer running: from here on the fake clock shows any retry, however late.
    fakeClock();
    fireEvent.click(button);
    await elapse(60_000);
    expect(transport.stats().calls.openPty).toBe(1);
  });

  it('given the shell exits, should show the exit code and a Restart that starts a new shell', async () => {
    const transport = createMemoryTransport();
    const onExit = vi.fn();
    render(<Harness transport={transport} onExit={onExit} />);
    const terminal = await connected();
    terminal.type('exit 2\r');
    await waitFor(() => expect(root()).toHaveAttribute('data-status', 'exited'));
    expect(onExit).toHaveBeenCalledWith(2);
    expect(status()).toHaveTextContent('Process exited with code 2.');
    expect(status()).toHaveAttribute('data-exit-code', '2');
    fireEvent.click(screen.getByRole('button', { name: 'Restart' }));
    await connected();
    expect(transport.inspect().sessions).toHaveLength(2);
    expect(terminal.focused).toBe(true);
  });

  it('given no transport capability, no sandbox, or no provider, should show unsupported, idle or error instead of crashing', async () => {
    const { unmount } = render(<Harness transport={createMemoryTransport({ without: ['pty'] })} />);
    expect(root()).toHaveAttribute('data-status', 'unsupported');
    expect(status()).toHaveTextContent('This sandbox does not offer a terminal.');
    unmount();
    const transport = createMemoryTransport();
    const second = render(
      <SandboxProvider transport={transport}>
        <WebTerminal />
      </SandboxProvider>,
    );
    expect(root()).toHaveAttribute('data-status', 'idle');
    // The terminal is created once xterm.js loads (our load settles after the root's); a PTY would be
    // opened in the effects that commit flushes, at the end of this act.
    await act(() => loadXterm());
    expect(live()).toHaveLength(1);
    expect(transport.stats().calls.openPty).toBeUndefined();
    second.unmount();
    render(<WebTerminal sandboxId="abc123" />);
    expect(root()).toHaveAttribute('data-status', 'error');
    expect(status()).toHaveTextContent('WebTerminal has no transport');
  });

  it('given container resizes, should debounce, send one PTY resize, and skip hidden containers', async () => {
    const transport = createMemoryTransport();
    render(<Harness transport={transport} resizeDebounceMs={50} />);
    const terminal = await connected();
    const session = transport.inspect().sessions[0]!;
    vi.useFakeTimers();
    const observer = fake.state.observers.find((o) => !o.disconnected)!;
    fake.state.dims = { cols: 120, rows: 40 };
    observer.callback();
    await act(() => vi.advanceTimersByTimeAsync(30));
    fake.state.dims = { cols: 90, rows: 20 };
    observer.callback();
    await act(() => vi.advanceTimersByTimeAsync(49));
    expect(session.resizes).toEqual([]);
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(session.resizes).toEqual([{ cols: 90, rows: 20 }]);
    expect([terminal.cols, terminal.rows]).toEqual([90, 20]);

    // Hidden: the fit addon would say 2×1; nothing changes.
    fake.state.box = { width: 0, height: 0 };
    fake.state.dims = { cols: 2, rows: 1 };
    observer.callback();
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect([terminal.cols, terminal.rows]).toEqual([90, 20]);
    // Visible but unmeasured: also skipped.
    fake.state.box = { width: 800, height: 480 };
    observer.callback();
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(session.resizes).toEqual([{ cols: 90, rows: 20 }]);
    // Same size again: no message.
    fake.state.dims = { cols: 90, rows: 20 };
    observer.callback();
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(session.resizes).toHaveLength(1);
  });

  it('given the handle, should focus, clear, write (queued before load), paste, search and expose the terminal', async () => {
    const transport = createMemoryTransport();
    const ref = React.createRef<WebTerminalHandle>();
    render(<Harness transport={transport} handleRef={ref} addons={() => [new fake.SearchAddon()]} />);
    ref.current!.write('before load\r\n');
    expect(ref.current!.getTerminal()).toBeNull();
    const terminal = await connected();
    expect(ref.current!.getTerminal()).toBe(terminal);
    expect(terminal.written[0]).toBe('before load\r\n');
    ref.current!.focus();
    expect(terminal.focused).toBe(true);
    ref.current!.clear();
    expect(terminal.clears).toBe(1);
    ref.current!.paste('ls');
    ref.current!.send('\r');
    expect(transport.inspect().sessions[0]!.received).toBe('ls\r');
    expect(ref.current!.search('hello', { caseSensitive: true })).toBe(true);
    expect(ref.current!.search('nope', { direction: 'previous' })).toBe(false);
    const search = terminal.addons.find((a) => 'calls' in a) as unknown as { calls: unknown[] };
    expect(search.calls).toEqual([
      ['next', 'hello', { caseSensitive: true }],
      ['previous', 'nope', {}],
    ]);
  });

  it('should spread props, merge className and forward the root ref', async () => {
    const transport = createMemoryTransport();
    const ref = React.createRef<HTMLDivElement>();
    render(<Harness transport={transport} ref={ref} className="a" data-testid="t" aria-label="Build shell" />);
    expect(ref.current).toBe(root());
    expect(root()).toHaveClass('a');
    expect(screen.getByRole('group', { name: 'Build shell' })).toBe(screen.getByTestId('t'));
    await connected();
  });

  it('given re-renders, should keep the root and viewport refs attached (no detach and re-attach per render)', async () => {
    const transport = createMemoryTransport();
    const rootCalls: Array<HTMLElement | null> = [];
    const viewportCalls: Array<HTMLElement | null> = [];
    const rootRef = (el: HTMLDivElement | null) => void rootCalls.push(el);
    const viewportRef = (el: HTMLDivElement | null) => void viewportCalls.push(el);
    const Tree = ({ className }: { className: string }) => (
      <Harness transport={transport} ref={rootRef} className={className}>
        <WebTerminalViewport ref={viewportRef} />
        <WebTerminalStatus />
      </Harness>
    );
    const { rerender } = render(<Tree className="a" />);
    await connected();
    rerender(<Tree className="b" />);
    rerender(<Tree className="c" />);
    expect(root()).toHaveClass('c');
    // Each callback ref got its element once and was never detached while the element stayed.
    expect(rootCalls).toEqual([root()]);
    expect(viewportCalls).toEqual([document.querySelector('[data-se-part="web-terminal-viewport"]')]);
  });

  it('given addons, should load them into the open terminal and dispose them on unmount', async () => {
    const transport = createMemoryTransport();
    const links = new fake.WebLinksAddon();
    const made: Array<{ disposed: boolean; openWhenMade: boolean }> = [];
    const factory = vi.fn((terminal: unknown) => {
      const addon = Object.assign(new fake.WebLinksAddon(), { openWhenMade: (terminal as { element?: unknown }).element !== undefined });
      made.push(addon);
      return [addon];
    });
    const first = render(<Harness transport={transport} addons={[links]} />);
    const terminal = await connected();
    expect(terminal.addons).toContain(links);
    first.unmount();
    expect(links.disposed).toBe(true);

    render(<Harness transport={transport} addons={factory} />);
    const second = await connected();
    expect(factory).toHaveBeenCalledTimes(1);
    expect(factory).toHaveBeenCalledWith(second);
    expect(made[0]!.openWhenMade).toBe(true);
    expect(second.addons).toContain(made[0]);
  });

  it('given no search addon, search should find nothing and clearSearch should still clear the selection', async () => {
    const transport = createMemoryTransport();
    const ref = React.createRef<WebTerminalHandle>();
    render(<Harness transport={transport} handleRef={ref} />);
    await connected();
    expect(ref.current!.search('hello')).toBe(false);
    expect(() => ref.current!.clearSearch()).not.toThrow();
  });

  it('given server HTML, should hydrate without mismatch and then connect', async () => {
    const transport = createMemoryTransport();
    const ui = <Harness transport={transport} port={22222} />;
    const html = renderToString(ui);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const errors = vi.spyOn(console, 'error');
    let hydrated: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      hydrated = hydrateRoot(container, ui);
    });
    await connected();
    expect(errors).not.toHaveBeenCalled();
    act(() => hydrated!.unmount());
    container.remove();
    expect(transport.stats().ptyConnections).toBe(0);
  });
});

describe('WebTerminal labels and asChild (#13)', () => {
  it('given labels on the root, should show every status string, button and the accessible name translated', async () => {
    const transport = createMemoryTransport();
    render(
      <Harness
        transport={transport}
        sandboxId="missing"
        labels={{ terminal: 'Konsole', error: (s) => `Fehler: ${s.error?.code}`, retry: 'Erneut versuchen' }}
      />,
    );
    await waitFor(() => expect(root()).toHaveAttribute('data-status', 'error'));
    expect(screen.getByRole('group', { name: 'Konsole' })).toBe(root());
    expect(status()).toHaveTextContent('Fehler: not_found');
    expect(screen.getByRole('button', { name: 'Erneut versuchen' })).toHaveAttribute('data-se-part', 'web-terminal-retry');
  });

  it('given the deprecated messages prop on WebTerminalStatus, should still replace the message; labels there win over the root', async () => {
    const transport = createMemoryTransport();
    render(
      <Harness transport={transport} sandboxId="missing" labels={{ retry: 'Root retry' }}>
        <WebTerminalViewport />
        <WebTerminalStatus messages={{ error: 'Old message' }} labels={{ retry: 'Status retry' }} />
      </Harness>,
    );
    await waitFor(() => expect(root()).toHaveAttribute('data-status', 'error'));
    expect(status()).toHaveTextContent('Old message');
    expect(screen.getByRole('button', { name: 'Status retry' })).toBeInTheDocument();
  });

  it('given Retry asChild with a link, should render the link with the part attributes and retry on click', async () => {
    const transport = createMemoryTransport();
    render(
      <Harness transport={transport} reconnect={false}>
        <WebTerminalViewport />
        <WebTerminalStatus>
          <WebTerminalRetry asChild className="part">
            <a href="#retry" className="mine">
              Nochmal
            </a>
          </WebTerminalRetry>
        </WebTerminalStatus>
      </Harness>,
    );
    await connected();
    act(() => transport.disconnect());
    await waitFor(() => expect(root()).toHaveAttribute('data-status', 'error'));
    const link = screen.getByRole('link', { name: 'Nochmal' });
    expect(link).toHaveAttribute('data-se-part', 'web-terminal-retry');
    expect(link).toHaveClass('mine', 'part');
    expect(link).not.toHaveTextContent('Retry');
    fireEvent.click(link);
    await connected();
  });
});

describe('WebTerminal and the sandbox lifecycle (#18)', () => {
  it('given a stopped sandbox, should say so instead of the PTY error, and Start should show starting, then connect', async () => {
    const transport = createMemoryTransport({ transitionMs: 300, sandboxes: [{ id: 'abc123', state: 'stopped' }] });
    render(<Harness transport={transport} reconnect={{ maxRetries: 2, initialDelayMs: 10, jitter: 0 }} />);
    await waitFor(() => expect(status()).toHaveAttribute('data-sandbox-state', 'stopped'));
    expect(status()).toHaveTextContent('Sandbox abc123 is stopped.');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Start sandbox' }));
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 is starting…'));
    expect(screen.queryByRole('button', { name: 'Start sandbox' })).toBeNull();
    await connected();
    expect(root()).toHaveAttribute('data-sandbox-state', 'running');
    expect(transport.stats().calls['sandboxes.start']).toBe(1);
  });

  it('given an archived sandbox, should offer Restore and show restoring', async () => {
    const transport = createMemoryTransport({ transitionMs: 300, sandboxes: [{ id: 'abc123', state: 'archived' }] });
    render(<Harness transport={transport} reconnect={{ maxRetries: 1, initialDelayMs: 10, jitter: 0 }} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Restore sandbox' }));
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 is being restored from the archive…'));
    await connected();
  });

  it('given a sandbox in error, should show its reason and offer Check again', async () => {
    const transport = createMemoryTransport({ sandboxes: [{ id: 'abc123', state: 'error', errorReason: 'Out of memory' }] });
    render(<Harness transport={transport} reconnect={{ maxRetries: 1, initialDelayMs: 10, jitter: 0 }} />);
    await waitFor(() => expect(status()).toHaveTextContent('Sandbox abc123 failed. Reason: Out of memory'));
    act(() => transport.setSandboxState('abc123', 'running'));
    fireEvent.click(screen.getByRole('button', { name: 'Check again' }));
    await connected();
  });
  it('given Restart asChild whose onClick prevents default, should render the child as the part and start no new shell', async () => {
    const transport = createMemoryTransport();
    render(
      <Harness transport={transport}>
        <WebTerminalViewport />
        <WebTerminalStatus>
          <WebTerminalRestart asChild className="part" onClick={(e) => e.preventDefault()}>
            <a href="#restart" className="mine">
              Neue Shell
            </a>
          </WebTerminalRestart>
          <WebTerminalRestart>New shell</WebTerminalRestart>
        </WebTerminalStatus>
      </Harness>,
    );
    const terminal = await connected();
    expect(screen.queryByRole('link', { name: 'Neue Shell' })).toBeNull();
    terminal.type('exit 1\r');
    await waitFor(() => expect(root()).toHaveAttribute('data-status', 'exited'));
    const link = screen.getByRole('link', { name: 'Neue Shell' });
    expect(link).toHaveAttribute('data-se-part', 'web-terminal-restart');
    expect(link).toHaveClass('mine', 'part');
    fireEvent.click(link);
    expect(root()).toHaveAttribute('data-status', 'exited');
    expect(transport.inspect().sessions).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'New shell' }));
    await connected();
    expect(transport.inspect().sessions).toHaveLength(2);
  });
});
