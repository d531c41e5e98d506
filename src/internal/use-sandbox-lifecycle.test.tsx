import * as React from 'react';
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryTransport, type MemoryTransport } from '../transport/memory';
import type { SandboxTransport } from '../transport/types';
import { useSandboxLifecycle, type SandboxLifecycleOptions } from './use-sandbox-lifecycle';

const advance = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

function mount(transport: SandboxTransport | null, options: SandboxLifecycleOptions = {}, sandboxId = 'abc123') {
  return renderHook((props: { sandboxId: string; options: SandboxLifecycleOptions }) => useSandboxLifecycle(transport, props.sandboxId, props.options), {
    initialProps: { sandboxId, options },
    wrapper: React.StrictMode,
  });
}

describe('useSandboxLifecycle (#18)', () => {
  let t: MemoryTransport;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    t = createMemoryTransport({ logIntervalMs: 0, transitionMs: 300, sandboxes: [{ id: 'abc123', state: 'stopped' }] });
  });
  afterEach(() => {
    t.dispose();
    vi.useRealTimers();
  });

  it('given a stopped sandbox, should offer start; run should show starting, then running, and call onRunning once', async () => {
    const onRunning = vi.fn();
    const { result } = mount(t, { onRunning });
    await advance(0);
    expect(result.current.info?.state).toBe('stopped');
    expect(result.current.action).toBe('start');
    act(() => result.current.run());
    expect(result.current.info?.state).toBe('starting');
    expect(result.current.action).toBeNull();
    await advance(150);
    expect(result.current.info?.state).toBe('starting');
    await advance(200);
    expect(result.current.info?.state).toBe('running');
    expect(result.current.action).toBeNull();
    expect(result.current.busy).toBe(false);
    expect(onRunning).toHaveBeenCalledTimes(1);
    expect(t.stats().calls['sandboxes.start']).toBe(1);
  });

  it('given an archived sandbox, should offer restore and show restoring while it runs', async () => {
    t.setSandboxState('abc123', 'archived');
    const { result } = mount(t);
    await advance(0);
    expect(result.current.action).toBe('restore');
    act(() => result.current.run());
    expect(result.current.info?.state).toBe('restoring');
    await advance(260);
    expect(result.current.info?.state).toBe('restoring');
    await advance(100);
    expect(result.current.info?.state).toBe('running');
  });

  it('given a transport without sandboxes.start, should offer check instead of start or restore', async () => {
    const bare = createMemoryTransport({ logIntervalMs: 0, without: ['sandboxes'], sandboxes: [{ id: 'abc123', state: 'archived' }] });
    const { result } = mount(bare);
    await advance(0);
    expect(result.current.info?.state).toBe('archived');
    expect(result.current.action).toBe('check');
    bare.dispose();
  });

  it.each(['creating', 'starting', 'restoring', 'stopping', 'archiving'] as const)(
    'given %s, should offer nothing and read again by itself until the state settles',
    async (state) => {
      t.setSandboxState('abc123', state);
      const { result } = mount(t);
      await advance(0);
      expect(result.current.info?.state).toBe(state);
      expect(result.current.action).toBeNull();
      const reads = t.stats().calls.getSandbox!;
      await advance(1_000);
      expect(t.stats().calls.getSandbox!).toBeGreaterThan(reads);
      t.setSandboxState('abc123', 'stopped');
      await advance(6_000);
      expect(result.current.info?.state).toBe('stopped');
      const settled = t.stats().calls.getSandbox!;
      await advance(30_000);
      expect(t.stats().calls.getSandbox).toBe(settled);
    },
  );

  it.each(['error', 'unknown'] as const)('given %s, should offer check; check should read the new state', async (state) => {
    t.setSandboxState('abc123', state, state === 'error' ? 'disk full' : undefined);
    const { result } = mount(t);
    await advance(0);
    expect(result.current.action).toBe('check');
    t.setSandboxState('abc123', 'running');
    act(() => result.current.run());
    await advance(0);
    expect(result.current.info?.state).toBe('running');
    expect(result.current.action).toBeNull();
  });

  it('given a transition that never ends, should stop after maxChecks and offer check', async () => {
    t.setSandboxState('abc123', 'stopping');
    const { result } = mount(t, { maxChecks: 3, backoff: { initialDelayMs: 100, factor: 1, jitter: 0 } });
    await advance(1_000);
    expect(t.stats().calls.getSandbox).toBeLessThanOrEqual(2 * 4); // StrictMode mounts the effect twice
    expect(result.current.action).toBe('check');
  });

  it('given a failed start, should show the error and offer check', async () => {
    t.failNext('sandboxes.start', 'forbidden', 'Not your sandbox');
    const { result } = mount(t);
    await advance(0);
    act(() => result.current.run());
    await advance(0);
    expect(result.current.error).toMatchObject({ code: 'forbidden', message: 'Not your sandbox' });
    expect(result.current.action).toBe('check');
  });

  it('given an unmount during a start, should read nothing more', async () => {
    const { result, unmount } = mount(t);
    await advance(0);
    act(() => result.current.run());
    unmount();
    const reads = t.stats().calls.getSandbox;
    await advance(10_000);
    expect(t.stats().calls.getSandbox).toBe(reads);
  });

  it('given an initial state from the caller, should not read a settled one again, and poll a transitional one', async () => {
    const { result } = mount(t, { initial: { id: 'abc123', state: 'stopped' } });
    await advance(1_000);
    expect(result.current.action).toBe('start');
    expect(t.stats().calls.getSandbox ?? 0).toBe(0);
    t.setSandboxState('abc123', 'running');
    const seeded = mount(t, { initial: { id: 'abc123', state: 'starting' } });
    await advance(1_000);
    expect(seeded.result.current.info?.state).toBe('running');
  });

  it('given no transport or no way to read, should stay empty', async () => {
    const { result } = mount(null);
    await advance(1_000);
    expect(result.current).toMatchObject({ info: null, action: null, busy: false, error: null });
  });
  it('given watchFrom, should read nothing until it turns true, keep watching after it turns false, and let go for another sandbox', async () => {
    const { result, rerender } = mount(t, { watchFrom: false });
    await advance(1_000);
    expect(t.stats().calls.getSandbox ?? 0).toBe(0);
    expect(result.current).toMatchObject({ info: null, action: null });
    rerender({ sandboxId: 'abc123', options: { watchFrom: true } });
    await advance(0);
    expect(result.current.info?.state).toBe('stopped');
    expect(result.current.action).toBe('start');
    // The refusal is gone (say the connection is now retrying): the sandbox is still watched.
    rerender({ sandboxId: 'abc123', options: { watchFrom: false } });
    await advance(0);
    expect(result.current.action).toBe('start');
    act(() => result.current.run());
    await advance(400);
    expect(result.current.info?.state).toBe('running');
    // Another sandbox: nothing shown or read for it until its own connection is refused.
    const reads = t.stats().calls.getSandbox;
    rerender({ sandboxId: 'other', options: { watchFrom: false } });
    await advance(1_000);
    expect(result.current).toMatchObject({ info: null, action: null });
    expect(t.stats().calls.getSandbox).toBe(reads);
  });
});
