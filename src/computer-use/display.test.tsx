import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import { SandboxProvider } from '../transport/provider';
import type { ComputerAction } from '../transport/types';
import type { ComputerUseControl, ComputerUseMode } from './context';
import { ComputerUseDisplay, type ComputerUseDisplayProps } from './display';
import { ComputerUseProvider } from './provider';
import { layOut, stubCanvas } from './test-utils';
import { elapse, fakeClock } from '../../test/support/fake-clock';

vi.mock('./decode', () => ({ decodeFrame: async () => ({ width: 1280, height: 800, close() {} }) }));

let canvas: ReturnType<typeof stubCanvas>;
beforeEach(() => {
  canvas = stubCanvas();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});


function renderDisplay(
  opts: { transport?: MemoryTransport; mode?: ComputerUseMode; control?: ComputerUseControl; strict?: boolean } & ComputerUseDisplayProps = {},
) {
  const { transport = createMemoryTransport(), mode = 'click', control = 'user', strict = false, ...displayProps } = opts;
  const tree = (
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ComputerUseProvider defaultMode={mode} defaultControl={control}>
        <ComputerUseDisplay refreshIntervalMs={0} {...displayProps} />
      </ComputerUseProvider>
    </SandboxProvider>
  );
  const utils = render(strict ? <React.StrictMode>{tree}</React.StrictMode> : tree);
  const display = screen.getByRole('application', { name: 'Sandbox desktop' });
  // The desktop (1280×800) is shown at half size: client (100, 50) is sandbox (200, 100).
  layOut(display.querySelector('canvas')!, { width: 640, height: 400 });
  return { ...utils, transport, display };
}

const performed = (t: MemoryTransport) => t.inspect().actions as ComputerAction[];
const live = async (display: HTMLElement) => waitFor(() => expect(display).toHaveAttribute('data-status', 'live'));

describe('ComputerUseDisplay', () => {
  it('given an active desktop, should draw a frame and become live without a React update per frame', async () => {
    const onFrame = vi.fn();
    const { display, transport } = renderDisplay({ onFrame });
    expect(display).toHaveAttribute('data-status', 'connecting');
    expect(screen.getByRole('status')).toHaveTextContent('Connecting to the desktop…');
    await live(display);
    expect(canvas.draws.length).toBe(1);
    expect(canvas.draws[0]).toMatchObject({ w: 1280, h: 800 });
    expect(onFrame).toHaveBeenCalledWith({ width: 1280, height: 800, cursor: { x: 640, y: 400 } });
    // The overlay cursor follows the remote cursor, set outside React.
    expect(display.querySelector('[data-se-part="computer-use-cursor"]')).toHaveAttribute('transform', 'translate(640 400)');
    expect(transport.stats().calls['computerUse.screenshot']).toBe(1);
  });

  it('given a transport that reports no cursor position, should ask it to draw the cursor into later frames', async () => {
    const transport = createMemoryTransport();
    const requests: Array<boolean | undefined> = [];
    const inner = transport.computerUse!.screenshot.bind(transport.computerUse);
    transport.computerUse!.screenshot = async (req, signal) => {
      requests.push(req.showCursor);
      const { cursor: _cursor, ...shot } = await inner(req, signal);
      return shot;
    };
    const { display } = renderDisplay({ transport, refreshIntervalMs: 5 });
    await live(display);
    await waitFor(() => expect(requests.length).toBeGreaterThan(2));
    expect(requests.slice(0, 2)).toEqual([false, true]);
    expect(display.querySelector('[data-se-part="computer-use-cursor"]')).toHaveAttribute('visibility', 'hidden');
  });

  describe('click mode', () => {
    it('given a click, should click the mapped sandbox pixel once', async () => {
      const { display, transport } = renderDisplay({ doubleClickMs: 0 });
      await live(display);
      fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 200, y: 100 }]));
    });

    it('given one click with the double-click window, should send a single click after the window', async () => {
      const { display, transport } = renderDisplay({ doubleClickMs: 40 });
      await live(display);
      fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
      expect(performed(transport)).toEqual([]);
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 200, y: 100 }]));
    });

    it('given two quick clicks, should send exactly one double click', async () => {
      fakeClock();
      const { display, transport } = renderDisplay({ doubleClickMs: 200 });
      await elapse(100);
      expect(display).toHaveAttribute('data-status', 'live');
      fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
      fireEvent.click(display, { clientX: 101, clientY: 50, button: 0 });
      await elapse(0);
      expect(performed(transport)).toEqual([{ type: 'click', x: 200, y: 100, double: true }]);
      // Well past the double-click window: no single click follows.
      await elapse(1_000);
      expect(performed(transport)).toEqual([{ type: 'click', x: 200, y: 100, double: true }]);
    });

    it('given a right click, should send a right click and keep the browser menu closed', async () => {
      const { display, transport } = renderDisplay();
      await live(display);
      const notPrevented = fireEvent.contextMenu(display, { clientX: 10, clientY: 20, button: 2 });
      expect(notPrevented).toBe(false);
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 20, y: 40, button: 'right' }]));
    });

    it('given a middle click, should send a middle click', async () => {
      const { display, transport } = renderDisplay();
      await live(display);
      fireEvent(display, new MouseEvent('auxclick', { bubbles: true, cancelable: true, clientX: 10, clientY: 20, button: 1 }));
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 20, y: 40, button: 'middle' }]));
    });

    it('given a click on the letterbox bar, should send nothing', async () => {
      const { display, transport } = renderDisplay({ doubleClickMs: 0 });
      await live(display);
      // A 1000×400 box pillarboxes the 1280×800 desktop: x < 180 is a bar.
      layOut(display.querySelector('canvas')!, { width: 1000, height: 400 });
      fireEvent.click(display, { clientX: 100, clientY: 200, button: 0 });
      fireEvent.click(display, { clientX: 500, clientY: 200, button: 0 });
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 640, y: 400 }]));
    });

    it('given a user handler that prevents default, should skip ours', async () => {
      const { display, transport } = renderDisplay({ doubleClickMs: 0, onClick: (e) => e.preventDefault() });
      await live(display);
      fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
      // A right click (not handled by onClick) goes through the same ordered queue after it:
      // once it arrived, a click sent before it would be there too.
      fireEvent.contextMenu(display, { clientX: 10, clientY: 20, button: 2 });
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 20, y: 40, button: 'right' }]));
    });
  });

  it('move mode: should throttle moves and always send the last position', async () => {
    const { display, transport } = renderDisplay({ mode: 'move', moveThrottleMs: 60 });
    await live(display);
    // Freeze time so a loaded machine cannot stretch the gap between two events past the throttle.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      fireEvent.pointerMove(display, { clientX: 10, clientY: 10 });
      fireEvent.pointerMove(display, { clientX: 20, clientY: 20 });
      fireEvent.pointerMove(display, { clientX: 30, clientY: 30 });
      await act(async () => {
        await Promise.resolve();
      });
      expect(performed(transport)).toEqual([{ type: 'move', x: 20, y: 20 }]);
      await act(async () => {
        vi.advanceTimersByTime(60);
      });
    } finally {
      vi.useRealTimers();
    }
    await waitFor(() =>
      expect(performed(transport)).toEqual([
        { type: 'move', x: 20, y: 20 },
        { type: 'move', x: 60, y: 60 },
      ]),
    );
  });

  describe('drag mode', () => {
    it('should drag from pointer down to pointer up', async () => {
      const { display, transport } = renderDisplay({ mode: 'drag' });
      await live(display);
      fireEvent.pointerDown(display, { clientX: 10, clientY: 10, button: 0, pointerId: 1 });
      fireEvent.pointerMove(display, { clientX: 50, clientY: 30, pointerId: 1 });
      expect(display.querySelector('[data-se-part="computer-use-drag-preview"]')).not.toHaveAttribute('visibility');
      fireEvent.pointerUp(display, { clientX: 100, clientY: 50, button: 0, pointerId: 1 });
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'drag', from: { x: 20, y: 20 }, to: { x: 200, y: 100 } }]));
      expect(display.querySelector('[data-se-part="computer-use-drag-preview"]')).toHaveAttribute('visibility', 'hidden');
    });

    it('given a release outside the desktop, should end the drag at the edge', async () => {
      const { display, transport } = renderDisplay({ mode: 'drag' });
      await live(display);
      fireEvent.pointerDown(display, { clientX: 10, clientY: 10, button: 0, pointerId: 1 });
      fireEvent.pointerUp(display, { clientX: 900, clientY: -40, button: 0, pointerId: 1 });
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'drag', from: { x: 20, y: 20 }, to: { x: 1279, y: 0 } }]));
    });

    it('given down and up on one pixel, should click; a cancelled pointer sends nothing', async () => {
      const { display, transport } = renderDisplay({ mode: 'drag' });
      await live(display);
      fireEvent.pointerDown(display, { clientX: 10, clientY: 10, button: 0, pointerId: 1 });
      fireEvent.pointerUp(display, { clientX: 10, clientY: 10, button: 0, pointerId: 1 });
      fireEvent.pointerDown(display, { clientX: 10, clientY: 10, button: 0, pointerId: 2 });
      fireEvent.pointerCancel(display, { clientX: 90, clientY: 90, pointerId: 2 });
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 20, y: 20 }]));
    });
  });

  it('scroll mode: should coalesce a wheel burst into one scroll with direction and amount', async () => {
    const { display, transport } = renderDisplay({ mode: 'scroll' });
    await live(display);
    const wheel = (deltaY: number) => fireEvent.wheel(display, { clientX: 100, clientY: 50, deltaY, deltaMode: 0 });
    expect(wheel(120)).toBe(false);
    wheel(100);
    wheel(80);
    await waitFor(() => expect(performed(transport)).toEqual([{ type: 'scroll', x: 200, y: 100, direction: 'down', amount: 3 }]));
    wheel(-3 * 33);
    await waitFor(() => expect(performed(transport)).toHaveLength(2));
    expect(performed(transport)[1]).toEqual({ type: 'scroll', x: 200, y: 100, direction: 'up', amount: 1 });
  });

  it('outside scroll mode, the wheel should scroll the page as usual', async () => {
    const { display } = renderDisplay({ mode: 'click' });
    await live(display);
    expect(fireEvent.wheel(display, { clientX: 100, clientY: 50, deltaY: 100 })).toBe(true);
  });

  describe('type mode', () => {
    it('should type characters, press named keys, send chords as hotkeys, in order', async () => {
      const { display, transport } = renderDisplay({ mode: 'type' });
      await live(display);
      display.focus();
      for (const key of ['h', 'i']) fireEvent.keyDown(display, { key });
      fireEvent.keyDown(display, { key: 'Enter' });
      fireEvent.keyDown(display, { key: 'c', ctrlKey: true });
      fireEvent.keyDown(display, { key: 'Shift', shiftKey: true });
      fireEvent.keyDown(display, { key: 'X', shiftKey: true });
      await waitFor(() =>
        expect(performed(transport)).toEqual([
          { type: 'type', text: 'hi' },
          { type: 'press', key: 'Return' },
          { type: 'hotkey', keys: 'ctrl+c' },
          { type: 'type', text: 'X' },
        ]),
      );
      expect(transport.inspect().desktop.text).toBe('hi\nX');
    });

    it('should capture Tab while focused, and release focus on Escape without sending it', async () => {
      const { display, transport } = renderDisplay({ mode: 'type' });
      await live(display);
      display.focus();
      expect(fireEvent.keyDown(display, { key: 'Tab' })).toBe(false);
      expect(fireEvent.keyDown(display, { key: 'Escape' })).toBe(false);
      expect(document.activeElement).not.toBe(display);
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'press', key: 'Tab' }]));
    });

    it('should type pasted text', async () => {
      const { display, transport } = renderDisplay({ mode: 'type' });
      await live(display);
      fireEvent.paste(display, { clipboardData: { getData: () => 'pasted text' } });
      await waitFor(() => expect(performed(transport)).toEqual([{ type: 'type', text: 'pasted text' }]));
    });
  });

  it('view mode: should send nothing and not take focus', async () => {
    fakeClock();
    const { display, transport } = renderDisplay({ mode: 'view', doubleClickMs: 0 });
    await elapse(100);
    expect(display).toHaveAttribute('data-status', 'live');
    expect(display).toHaveAttribute('tabindex', '-1');
    fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
    fireEvent.keyDown(display, { key: 'a' });
    // Past every input timer (typed text is sent 30 ms after the last key).
    await elapse(1_000);
    expect(performed(transport)).toEqual([]);
  });

  it('given the agent in control, should be view-only and offer Take control', async () => {
    const { display, transport } = renderDisplay({ control: 'agent', doubleClickMs: 0 });
    await live(display);
    expect(display).toHaveAttribute('data-control', 'agent');
    fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
    expect(performed(transport)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Take control' }));
    expect(display).toHaveAttribute('data-control', 'user');
    expect(screen.queryByRole('button', { name: 'Take control' })).toBeNull();
    // Actions go through one ordered queue: a click sent while the agent had control would come first.
    fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
    await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 200, y: 100 }]));
  });

  it('should refresh after each action and show the action in the overlay', async () => {
    const { display, transport } = renderDisplay({ doubleClickMs: 0 });
    await live(display);
    const before = transport.stats().calls['computerUse.screenshot']!;
    fireEvent.click(display, { clientX: 100, clientY: 50, button: 0 });
    await waitFor(() => expect(transport.stats().calls['computerUse.screenshot']).toBe(before + 1));
    const ripple = await waitFor(() => {
      const el = display.querySelector('[data-se-part="computer-use-ripple"]');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(ripple).toHaveAttribute('data-source', 'user');
    expect(ripple.querySelector('circle')).toHaveAttribute('cx', '200');
  });

  it('should never have two screenshot requests in flight', async () => {
    const transport = createMemoryTransport({ latencyMs: { 'computerUse.screenshot': 25 } });
    const inner = transport.computerUse!.screenshot.bind(transport.computerUse);
    let inFlight = 0;
    let max = 0;
    transport.computerUse!.screenshot = async (req, signal) => {
      inFlight++;
      max = Math.max(max, inFlight);
      try {
        return await inner(req, signal);
      } finally {
        inFlight--;
      }
    };
    const { display } = renderDisplay({ transport, refreshIntervalMs: 5, doubleClickMs: 0 });
    await live(display);
    // Actions and the interval both ask for frames while one is on the way.
    for (let i = 0; i < 10; i++) fireEvent.click(display, { clientX: 10 + i, clientY: 10, button: 0 });
    await waitFor(() => expect(transport.inspect().actions).toHaveLength(10), { timeout: 5000 });
    // Enough frames went through while refreshes kept being asked for.
    await waitFor(() => expect(transport.stats().calls['computerUse.screenshot']).toBeGreaterThanOrEqual(6), { timeout: 5000 });
    expect(max).toBe(1);
  });

  it('given the page is hidden, should pause and resume when visible again', async () => {
    fakeClock();
    const { display, transport } = renderDisplay({ refreshIntervalMs: 10 });
    await elapse(100);
    expect(display).toHaveAttribute('data-status', 'live');
    const shots = () => transport.stats().calls['computerUse.screenshot']!;
    // The loop runs on the fake clock, so time passing without frames below means paused.
    const running = shots();
    await elapse(100);
    expect(shots()).toBeGreaterThan(running);
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(display).toHaveAttribute('data-status', 'paused');
    expect(screen.getByRole('status')).toHaveTextContent('Paused while the desktop is out of view.');
    const paused = shots();
    await elapse(2_000);
    expect(shots()).toBe(paused);
    visibility.mockReturnValue('visible');
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await elapse(100);
    expect(shots()).toBeGreaterThan(paused);
    expect(display).toHaveAttribute('data-status', 'live');
  });

  it('given paused, should stop refreshing until unpaused', async () => {
    const transport = createMemoryTransport();
    const tree = (paused: boolean) => (
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider>
          <ComputerUseDisplay refreshIntervalMs={10} paused={paused} />
        </ComputerUseProvider>
      </SandboxProvider>
    );
    fakeClock();
    const { rerender } = render(tree(true));
    const display = screen.getByRole('application');
    await elapse(2_000);
    expect(display).toHaveAttribute('data-status', 'paused');
    expect(screen.getByRole('status')).toHaveTextContent('Paused.');
    expect(transport.stats().calls['computerUse.screenshot']).toBeUndefined();
    rerender(tree(false));
    await elapse(100);
    expect(display).toHaveAttribute('data-status', 'live');
  });

  it('given the display scrolls out of view, should pause (IntersectionObserver)', async () => {
    let callback: IntersectionObserverCallback | undefined;
    const disconnect = vi.fn();
    vi.stubGlobal(
      'IntersectionObserver',
      class {
        constructor(cb: IntersectionObserverCallback) {
          callback = cb;
        }
        observe() {}
        disconnect = disconnect;
      },
    );
    fakeClock();
    const { display, transport, unmount } = renderDisplay({ refreshIntervalMs: 10 });
    await elapse(100);
    expect(display).toHaveAttribute('data-status', 'live');
    const shots = () => transport.stats().calls['computerUse.screenshot']!;
    const running = shots();
    await elapse(100);
    expect(shots()).toBeGreaterThan(running);
    act(() => callback!([{ isIntersecting: false } as IntersectionObserverEntry], {} as IntersectionObserver));
    expect(display).toHaveAttribute('data-status', 'paused');
    const paused = shots();
    await elapse(2_000);
    expect(shots()).toBe(paused);
    act(() => callback!([{ isIntersecting: true } as IntersectionObserverEntry], {} as IntersectionObserver));
    await elapse(100);
    expect(shots()).toBeGreaterThan(paused);
    expect(display).toHaveAttribute('data-status', 'live');
    unmount();
    expect(disconnect).toHaveBeenCalled();
    vi.unstubAllGlobals();
  });

  it('given a failing screenshot, should show the error and recover on Retry', async () => {
    const transport = createMemoryTransport();
    transport.failNext('computerUse.screenshot', 'unavailable', 'Xvfb is gone');
    const onError = vi.fn();
    const { display } = renderDisplay({ transport, onError });
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'error'));
    expect(screen.getByRole('alert')).toHaveTextContent('Xvfb is gone');
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'unavailable' }));
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await live(display);
  });

  describe('given a failing screenshot, with fake timers', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
    afterEach(() => vi.useRealTimers());
    const settle = () => act(async () => void (await vi.advanceTimersByTimeAsync(0)));

    it('when the error is retryable, should try again by itself after the backoff', async () => {
      const transport = createMemoryTransport();
      transport.failNext('computerUse.screenshot', 'unavailable', 'Xvfb is restarting');
      const { display } = renderDisplay({ transport });
      await settle();
      expect(display).toHaveAttribute('data-status', 'error');
      expect(transport.stats().calls['computerUse.screenshot']).toBe(1);
      // First backoff step: 500 ms at most (jitter only shortens it).
      await act(async () => void (await vi.advanceTimersByTimeAsync(500)));
      await settle();
      expect(transport.stats().calls['computerUse.screenshot']).toBe(2);
      // The frame is drawn on an animation frame, which fake timers do not drive.
      vi.useRealTimers();
      await live(display);
    });

    it('when the error is final, should stop polling until Retry', async () => {
      const transport = createMemoryTransport();
      transport.failNext('computerUse.screenshot', 'forbidden', 'Not your desktop');
      const { display } = renderDisplay({ transport, refreshIntervalMs: 1_000 });
      await settle();
      expect(display).toHaveAttribute('data-status', 'error');
      await act(async () => void (await vi.advanceTimersByTimeAsync(120_000)));
      expect(transport.stats().calls['computerUse.screenshot']).toBe(1);
      fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
      await settle();
      expect(transport.stats().calls['computerUse.screenshot']).toBe(2);
      vi.useRealTimers();
      await live(display);
    });
  });

  it('given inactive computer use, should show Start and go live after it', async () => {
    const transport = createMemoryTransport({ computerUseActive: false });
    const { display } = renderDisplay({ transport });
    await waitFor(() => expect(display).toHaveAttribute('data-status', 'inactive'));
    expect(transport.stats().calls['computerUse.screenshot']).toBeUndefined();
    fireEvent.click(screen.getByRole('button', { name: 'Start' }));
    await live(display);
  });

  it('given a transport without computer use, should show unsupported', () => {
    const { display } = renderDisplay({ transport: createMemoryTransport({ without: ['computerUse'] }) });
    expect(display).toHaveAttribute('data-status', 'unsupported');
    expect(screen.getByRole('status')).toHaveTextContent('This sandbox does not support computer use.');
  });

  it('under StrictMode, unmount should abort the request in flight and stop every timer', async () => {
    const transport = createMemoryTransport({ latencyMs: { 'computerUse.screenshot': 15 } });
    const requests: Array<{ signal: AbortSignal; settled: boolean }> = [];
    const inner = transport.computerUse!.screenshot.bind(transport.computerUse);
    transport.computerUse!.screenshot = (req, signal) => {
      const entry = { signal: signal!, settled: false };
      requests.push(entry);
      return inner(req, signal).finally(() => void (entry.settled = true));
    };
    fakeClock();
    const { display, unmount } = renderDisplay({ transport, strict: true, refreshIntervalMs: 5, mode: 'move', moveThrottleMs: 200 });
    await elapse(100);
    expect(display).toHaveAttribute('data-status', 'live');
    fireEvent.pointerMove(display, { clientX: 10, clientY: 10 });
    fireEvent.pointerMove(display, { clientX: 20, clientY: 20 });
    const pending = () => requests.filter((r) => !r.settled);
    unmount();
    const unsettledAtUnmount = pending();
    const calls = transport.stats().calls['computerUse.screenshot']!;
    const actions = transport.inspect().actions.length;
    // Past the trailing move (200 ms), the refresh interval and the screenshot latency, many times over.
    await elapse(2_000);
    expect(transport.stats().calls['computerUse.screenshot']).toBe(calls);
    expect(transport.inspect().actions).toHaveLength(actions);
    expect(unsettledAtUnmount.every((r) => r.signal.aborted)).toBe(true);
    expect(pending()).toEqual([]);
    expect(transport.stats()).toMatchObject({ ptyConnections: 0, ptyListeners: 0, logSubscriptions: 0 });
  });

  it('should spread props, merge className and forward its ref', async () => {
    const ref = React.createRef<HTMLDivElement>();
    const transport = createMemoryTransport();
    render(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider>
          <ComputerUseDisplay ref={ref} className="mine" data-testid="d" label="Agent desktop" />
        </ComputerUseProvider>
      </SandboxProvider>,
    );
    const el = screen.getByTestId('d');
    expect(ref.current).toBe(el);
    expect(el).toHaveClass('mine');
    expect(el).toHaveAttribute('data-se-part', 'computer-use-display');
    expect(screen.getByRole('application', { name: 'Agent desktop' })).toBe(el);
    await live(el);
  });
});
