import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import * as React from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import { SandboxProvider } from '../transport/provider';
import type { SandboxError } from '../transport/errors';
import type { ComputerAction, SandboxTransport } from '../transport/types';
import { useComputerUse, type ComputerUseContextValue } from './context';
import { ComputerUseProvider, type ComputerUseProviderProps } from './provider';
import { stubCanvas } from './test-utils';

vi.mock('./decode', () => ({ decodeFrame: async () => ({ width: 1280, height: 800, close() {} }) }));
beforeEach(() => {
  stubCanvas();
});

function setup(transport: SandboxTransport = createMemoryTransport(), props: Partial<ComputerUseProviderProps> = {}) {
  const api: { current: ComputerUseContextValue | null } = { current: null };
  function Probe() {
    api.current = useComputerUse();
    return <output data-testid="state">{api.current.state}</output>;
  }
  const utils = render(
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ComputerUseProvider {...props}>
        <Probe />
      </ComputerUseProvider>
    </SandboxProvider>,
  );
  return { ...utils, api: api as { current: ComputerUseContextValue }, transport };
}

const actions = (t: MemoryTransport) => t.inspect().actions as ComputerAction[];

describe('ComputerUseProvider', () => {
  it('given an active desktop, when mounted, should report active and learn the display size', async () => {
    const { api } = setup();
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('active'));
    await waitFor(() => expect(api.current.displaySize).toEqual({ width: 1280, height: 800 }));
  });

  it('given several actions at once, should perform them in order with one in flight', async () => {
    const transport = createMemoryTransport({ latencyMs: { 'computerUse.perform': 20 } });
    const inner = transport.computerUse!.perform.bind(transport.computerUse);
    let inFlight = 0;
    let maxInFlight = 0;
    transport.computerUse!.perform = async (req, signal) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await inner(req, signal);
      } finally {
        inFlight--;
      }
    };
    const { api } = setup(transport);
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    await act(async () => {
      await Promise.all([
        api.current.mouse.click(700, 300),
        api.current.keyboard.type('hello'),
        api.current.keyboard.press('Return'),
        api.current.keyboard.type('world'),
      ]);
    });
    expect(maxInFlight).toBe(1);
    expect(actions(transport)).toEqual([
      { type: 'click', x: 700, y: 300 },
      { type: 'type', text: 'hello' },
      { type: 'press', key: 'Return' },
      { type: 'type', text: 'world' },
    ]);
    expect(transport.inspect().desktop.text).toBe('hello\nworld');
    expect(api.current.history.map((e) => e.status)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('given a failing action in the queue, should record the error and still perform the next', async () => {
    const transport = createMemoryTransport();
    const onActionError = vi.fn();
    const onAction = vi.fn();
    const { api } = setup(transport, { onActionError, onAction });
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    transport.failNext('computerUse.perform', 'unavailable', 'xdotool crashed');
    let first: unknown;
    await act(async () => {
      const a = api.current.keyboard.type('lost').catch((e: unknown) => (first = e));
      const b = api.current.keyboard.type('kept');
      await Promise.all([a, b]);
    });
    expect((first as SandboxError).code).toBe('unavailable');
    expect(actions(transport)).toEqual([{ type: 'type', text: 'kept' }]);
    expect(onActionError).toHaveBeenCalledTimes(1);
    expect(onActionError.mock.calls[0]![1]).toMatchObject({ status: 'error', action: { type: 'type', text: 'lost' } });
    expect(onAction).toHaveBeenCalledWith(expect.objectContaining({ status: 'done', action: { type: 'type', text: 'kept' }, source: 'user' }));
  });

  it.each<[string, ComputerAction, RegExp]>([
    ['a click outside the display', { type: 'click', x: 1280, y: 10 }, /outside the display \(1280×800\)/],
    ['a negative coordinate', { type: 'move', x: -1, y: 0 }, /outside the display/],
    ['a drag that ends outside', { type: 'drag', from: { x: 1, y: 1 }, to: { x: 5, y: 900 } }, /drag end/],
    ['an unknown key', { type: 'press', key: 'Not A Key!' }, /Unknown key/],
    ['a malformed hotkey', { type: 'hotkey', keys: 'ctrl++' }, /Malformed hotkey/],
    ['100 KB of text', { type: 'type', text: 'x'.repeat(100 * 1024) }, /102400 characters; the limit is 65536/],
    ['an unknown action type', { type: 'teleport' } as unknown as ComputerAction, /Unknown action type/],
  ])('given %s, should refuse it with a clear error and send nothing', async (_name, action, message) => {
    const transport = createMemoryTransport();
    const onActionError = vi.fn();
    const { api } = setup(transport, { onActionError });
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    const before = transport.stats().calls['computerUse.perform'] ?? 0;
    let caught: SandboxError | undefined;
    await act(async () => {
      await api.current.perform(action).catch((e: SandboxError) => (caught = e));
    });
    expect(caught?.code).toBe('invalid_request');
    expect(caught?.message).toMatch(message);
    expect(transport.stats().calls['computerUse.perform'] ?? 0).toBe(before);
    expect(actions(transport)).toEqual([]);
    expect(api.current.history.at(-1)).toMatchObject({ status: 'error', action });
    expect(onActionError).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_request' }), expect.objectContaining({ status: 'error' }));
  });

  it('given maxTextLength, should refuse longer text', async () => {
    const transport = createMemoryTransport();
    const { api } = setup(transport, { maxTextLength: 10 });
    await waitFor(() => expect(api.current.state).toBe('active'));
    await act(async () => {
      await expect(api.current.keyboard.type('12345678901')).rejects.toThrow(/limit is 10/);
    });
    expect(actions(transport)).toEqual([]);
  });

  it('given historyLimit, should keep only the most recent actions', async () => {
    const { api } = setup(createMemoryTransport(), { historyLimit: 3 });
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    await act(async () => {
      for (let i = 0; i < 5; i++) await api.current.mouse.move(i, i);
    });
    expect(api.current.history.map((e) => e.action)).toEqual([
      { type: 'move', x: 2, y: 2 },
      { type: 'move', x: 3, y: 3 },
      { type: 'move', x: 4, y: 4 },
    ]);
  });

  it('given more queued actions than historyLimit, should keep the newest in call order', async () => {
    const transport = createMemoryTransport();
    // The first action stays in flight until released.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let reached!: () => void;
    const inFlight = new Promise<void>((r) => (reached = r));
    const inner = transport.computerUse!.perform.bind(transport.computerUse);
    let first = true;
    transport.computerUse!.perform = async (req, signal) => {
      if (first) {
        first = false;
        reached();
        await gate;
      }
      return inner(req, signal);
    };
    const { api } = setup(transport, { historyLimit: 3 });
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    let all: Promise<unknown> = Promise.resolve();
    act(() => {
      all = Promise.all([1, 2, 3, 4, 5, 6].map((i) => api.current.mouse.move(i, i)));
    });
    // The first action is in flight but was evicted: it must not come back.
    await act(async () => {
      await inFlight;
    });
    expect(first).toBe(false);
    expect(api.current.history.map((e) => [e.action, e.status])).toEqual([
      [{ type: 'move', x: 4, y: 4 }, 'queued'],
      [{ type: 'move', x: 5, y: 5 }, 'queued'],
      [{ type: 'move', x: 6, y: 6 }, 'queued'],
    ]);
    await act(async () => {
      release();
      await all;
    });
    expect(api.current.history.map((e) => e.status)).toEqual(['done', 'done', 'done']);
    expect(actions(transport)).toHaveLength(6);
  });

  it('helpers should build the contract actions and mark the source', async () => {
    const transport = createMemoryTransport();
    const { api } = setup(transport);
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    await act(async () => {
      const o = { source: 'agent' as const };
      await api.current.mouse.move(1, 2, o);
      await api.current.mouse.click(3, 4, { ...o, button: 'right' });
      await api.current.mouse.doubleClick(5, 6, o);
      await api.current.mouse.drag({ x: 7, y: 8 }, { x: 9, y: 10 }, o);
      await api.current.mouse.scroll(11, 12, 'down', 2, o);
      await api.current.keyboard.type('hi', { ...o, delayMs: 5 });
      await api.current.keyboard.press('a', ['ctrl']);
      await api.current.keyboard.hotkey('ctrl+shift+p');
    });
    expect(actions(transport)).toEqual([
      { type: 'move', x: 1, y: 2 },
      { type: 'click', x: 3, y: 4, button: 'right' },
      { type: 'click', x: 5, y: 6, double: true },
      { type: 'drag', from: { x: 7, y: 8 }, to: { x: 9, y: 10 } },
      { type: 'scroll', x: 11, y: 12, direction: 'down', amount: 2 },
      { type: 'type', text: 'hi', delayMs: 5 },
      { type: 'press', key: 'a', modifiers: ['ctrl'] },
      { type: 'hotkey', keys: 'ctrl+shift+p' },
    ]);
    expect(api.current.history.map((e) => e.source)).toEqual(['agent', 'agent', 'agent', 'agent', 'agent', 'agent', 'user', 'user']);
    const shot = await api.current.screenshot.capture({ format: 'png' });
    expect(shot).toMatchObject({ width: 1280, height: 800 });
    expect(shot.image.type).toBe('image/svg+xml');
  });

  it('given computer use is inactive, should show inactive and start on request', async () => {
    const transport = createMemoryTransport({ computerUseActive: false });
    const { api } = setup(transport);
    await waitFor(() => expect(api.current.state).toBe('inactive'));
    expect(transport.stats().calls['computerUse.start']).toBeUndefined();
    await act(async () => {
      await api.current.start();
    });
    expect(api.current.state).toBe('active');
    expect(transport.stats().calls['computerUse.start']).toBe(1);
  });

  it('given autoStart, should start inactive computer use by itself', async () => {
    const transport = createMemoryTransport({ computerUseActive: false });
    const { api } = setup(transport, { autoStart: true });
    await waitFor(() => expect(api.current.state).toBe('active'));
    expect(transport.stats().calls['computerUse.start']).toBe(1);
  });

  it('given a failing start, should show error with the reason, and retry', async () => {
    const transport = createMemoryTransport({ computerUseActive: false });
    transport.failNext('computerUse.start', 'unavailable', 'No display server');
    const { api } = setup(transport, { autoStart: true });
    await waitFor(() => expect(api.current.state).toBe('error'));
    expect(api.current.error?.message).toBe('No display server');
    act(() => api.current.retry());
    await waitFor(() => expect(api.current.state).toBe('active'));
  });

  it('given a transport without computer use, should be unsupported and refuse actions', async () => {
    const { api } = setup(createMemoryTransport({ without: ['computerUse'] }));
    expect(api.current.state).toBe('unsupported');
    await act(async () => {
      await expect(api.current.mouse.click(1, 1)).rejects.toMatchObject({ code: 'unsupported' });
    });
  });

  it('given mode and control, should work controlled and uncontrolled with reasons', async () => {
    const onModeChange = vi.fn();
    const onControlChange = vi.fn();
    const { api } = setup(createMemoryTransport(), { defaultMode: 'view', onModeChange, control: 'agent', onControlChange });
    expect(api.current.mode).toBe('view');
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    act(() => api.current.setMode('drag'));
    expect(api.current.mode).toBe('drag');
    expect(onModeChange).toHaveBeenCalledWith('drag', { reason: 'api' });
    act(() => api.current.setControl('user'));
    // Controlled: the owner decides.
    expect(api.current.control).toBe('agent');
    expect(onControlChange).toHaveBeenCalledWith('user', { reason: 'api' });
  });

  it('given an unmount while actions wait in the queue, should abort them and send nothing more', async () => {
    const transport = createMemoryTransport({ latencyMs: { 'computerUse.perform': 30 } });
    const { api, unmount } = setup(transport);
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    const results: unknown[] = [];
    const ctx = api.current;
    const p1 = ctx.mouse.move(1, 1).then(() => 'done', (e: SandboxError) => e.code);
    const p2 = ctx.mouse.move(2, 2).then(() => 'done', (e: SandboxError) => e.code);
    unmount();
    results.push(await p1, await p2);
    expect(results).toEqual(['aborted', 'aborted']);
    expect(actions(transport)).toEqual([]);
  });

  it('given a caller signal, aborting it should cancel its action while queued and leave the others', async () => {
    const transport = createMemoryTransport({ latencyMs: { 'computerUse.perform': 30 } });
    const { api } = setup(transport);
    await waitFor(() => expect(api.current.displaySize).not.toBeNull());
    const controller = new AbortController();
    const code = (p: Promise<void>) => p.then(() => 'done', (e: SandboxError) => e.code);
    const results = await act(async () => {
      const first = code(api.current.mouse.move(1, 1));
      const second = code(api.current.mouse.move(2, 2, { signal: controller.signal }));
      const third = code(api.current.mouse.move(3, 3));
      controller.abort();
      const late = code(api.current.mouse.move(4, 4, { signal: controller.signal }));
      return Promise.all([first, second, third, late]);
    });
    expect(results).toEqual(['done', 'aborted', 'done', 'aborted']);
    expect(actions(transport)).toEqual([
      { type: 'move', x: 1, y: 1 },
      { type: 'move', x: 3, y: 3 },
    ]);
  });

  it('without children, should render the toolbar, display and keyboard panel', async () => {
    const transport = createMemoryTransport();
    render(
      <SandboxProvider transport={transport} sandboxId="abc123">
        <ComputerUseProvider />
      </SandboxProvider>,
    );
    expect(screen.getByRole('toolbar', { name: 'Computer use' })).toBeInTheDocument();
    expect(screen.getByRole('application', { name: 'Sandbox desktop' })).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Keyboard' })).toBeInTheDocument();
    const user = userEvent.setup();
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Text to type' })).toBeEnabled());
    await user.type(screen.getByRole('textbox', { name: 'Text to type' }), 'ls -la{Enter}');
    await waitFor(() => expect(transport.inspect().desktop.text).toBe('ls -la'));
    expect(screen.getByRole('textbox', { name: 'Text to type' })).toHaveValue('');
  });

  it('outside a SandboxProvider-wrapped ComputerUseProvider, useComputerUse should throw a clear error', () => {
    function Bad() {
      useComputerUse();
      return null;
    }
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<Bad />)).toThrow('`useComputerUse` must be used within `ComputerUseProvider`');
    vi.restoreAllMocks();
  });
});
