import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import * as React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SandboxError } from '../transport/errors';
import { DisposableStore, Emitter, toDisposable } from './disposables';
import { useAbortableRequest } from './use-abortable';
import { useControllableState } from './use-controllable-state';

describe('DisposableStore', () => {
  it('given several disposables, should release them once, in reverse order', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(() => order.push('a'));
    store.add(toDisposable(() => order.push('b')));
    store.add({ dispose: () => order.push('c') });
    store.dispose();
    store.dispose();
    expect(order).toEqual(['c', 'b', 'a']);
  });

  it('given a store already disposed, should release what is added at once', () => {
    const store = new DisposableStore();
    store.dispose();
    const fn = vi.fn();
    store.add(fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('given a release that throws, should still release the others', () => {
    const store = new DisposableStore();
    const after = vi.fn();
    store.add(after);
    store.add(() => {
      throw new Error('bad');
    });
    store.dispose();
    expect(after).toHaveBeenCalled();
  });
});

describe('Emitter', () => {
  it('given a listener that throws, should still call the others and report the error', () => {
    const reported: unknown[] = [];
    const original = globalThis.reportError;
    globalThis.reportError = (e: unknown) => reported.push(e);
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('listener bug');
    });
    const sub = emitter.event((n) => seen.push(n));
    emitter.fire(1);
    sub.dispose();
    emitter.fire(2);
    globalThis.reportError = original;
    expect(seen).toEqual([1]);
    expect(reported).toHaveLength(2);
    expect(emitter.size).toBe(1);
  });
});

describe('useControllableState', () => {
  it('given no prop, should hold its own state and call onChange with details', () => {
    const onChange = vi.fn();
    const { result } = renderHook(() => useControllableState<string, { reason: string }>({ prop: undefined, defaultProp: 'a', onChange, caller: 'Thing' }));
    act(() => result.current[1]('b', { reason: 'user' }));
    expect(result.current[0]).toBe('b');
    expect(onChange).toHaveBeenCalledWith('b', { reason: 'user' });
    act(() => result.current[1]('b', { reason: 'user' }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('given a prop, should follow the prop and only report changes', () => {
    const onChange = vi.fn();
    const { result, rerender } = renderHook(({ value }) => useControllableState({ prop: value as string | undefined, defaultProp: 'x', onChange, caller: 'Thing' }), {
      initialProps: { value: 'a' },
    });
    act(() => result.current[1]('b'));
    expect(result.current[0]).toBe('a');
    expect(onChange).toHaveBeenCalledWith('b', undefined);
    rerender({ value: 'c' });
    expect(result.current[0]).toBe('c');
  });

  it('given a prop that switches from controlled to uncontrolled, should warn naming the component', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { rerender } = renderHook(({ value }) => useControllableState({ prop: value, defaultProp: 'x', caller: 'Thing' }), {
      initialProps: { value: 'a' as string | undefined },
    });
    expect(warn).not.toHaveBeenCalled();
    rerender({ value: undefined });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Thing is changing from controlled to uncontrolled'));
    warn.mockRestore();
  });

  it('given two changes in one event, should apply both in order with one setter identity', () => {
    const onChange = vi.fn();
    const { result } = renderHook(() => useControllableState<number>({ prop: undefined, defaultProp: 0, onChange, caller: 'Thing' }));
    const setter = result.current[1];
    act(() => {
      setter((n) => n + 1);
      setter((n) => n + 1);
    });
    expect(result.current[0]).toBe(2);
    expect(onChange.mock.calls.map(([v]) => v)).toEqual([1, 2]);
    expect(result.current[1]).toBe(setter);
  });
});

describe('useAbortableRequest', () => {
  afterEach(() => vi.useRealTimers());

  it('given changing deps, should abort the previous request and keep only the latest result', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const signals: AbortSignal[] = [];
    const resolved: number[] = [];
    const { result, rerender } = renderHook(
      ({ n }) =>
        useAbortableRequest(
          (signal) => {
            signals.push(signal);
            return new Promise<number>((resolve) => setTimeout(() => (resolved.push(n), resolve(n)), n === 1 ? 50 : 5));
          },
          [n],
        ),
      { initialProps: { n: 1 } },
    );
    expect(result.current.status).toBe('pending');
    rerender({ n: 2 });
    await act(async () => void (await vi.advanceTimersByTimeAsync(5)));
    expect(result.current).toMatchObject({ status: 'success', data: 2 });
    expect(signals[0]!.aborted).toBe(true);
    // The aborted request answers after the latest one did; its answer is dropped.
    await act(async () => void (await vi.advanceTimersByTimeAsync(100)));
    expect(resolved).toEqual([2, 1]);
    expect(result.current).toMatchObject({ status: 'success', data: 2 });
  });

  it('given a failure, should expose a SandboxError and retry on demand', async () => {
    let calls = 0;
    const { result } = renderHook(() =>
      useAbortableRequest(async () => {
        calls++;
        if (calls === 1) throw new SandboxError('unavailable', 'down');
        return 'up';
      }, []),
    );
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error?.code).toBe('unavailable');
    act(() => result.current.retry());
    await waitFor(() => expect(result.current.data).toBe('up'));
  });

  it('given unmount, should abort the request in flight', () => {
    let seen: AbortSignal | undefined;
    const { unmount } = renderHook(() => useAbortableRequest((signal) => ((seen = signal), new Promise(() => {})), []));
    unmount();
    expect(seen?.aborted).toBe(true);
  });
});
