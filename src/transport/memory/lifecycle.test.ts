// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SandboxState } from '../types';
import { createMemoryTransport, type MemoryTransport } from './index';

/** The states `getSandbox` reports while `op` runs, sampled at each fake-timer step. */
async function statesDuring<T>(t: MemoryTransport, sandboxId: string, op: () => Promise<T>, steps: number[]): Promise<{ seen: SandboxState[]; result: T }> {
  const pending = op();
  const seen: SandboxState[] = [];
  for (const ms of steps) {
    await vi.advanceTimersByTimeAsync(ms);
    seen.push((await t.getSandbox!({ sandboxId })).state);
  }
  return { seen, result: await pending };
}

describe('memory transport: lifecycle transitions that take time (#18)', () => {
  let t: MemoryTransport;
  beforeEach(() => {
    vi.useFakeTimers();
    t = createMemoryTransport({ logIntervalMs: 0, transitionMs: 300, clock: { now: () => Date.now(), setTimeout, clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) } });
  });
  afterEach(() => {
    t.dispose();
    vi.useRealTimers();
  });

  it('given a stopped sandbox, start should show starting for transitionMs, then answer running', async () => {
    t.setSandboxState('abc123', 'stopped');
    const { seen, result } = await statesDuring(t, 'abc123', () => t.sandboxes!.start({ sandboxId: 'abc123' }), [0, 150, 160]);
    expect(seen).toEqual(['starting', 'starting', 'running']);
    expect(result.state).toBe('running');
  });

  it('given an archived sandbox, start should pass through restoring', async () => {
    t.setSandboxState('abc123', 'archived');
    const { seen, result } = await statesDuring(t, 'abc123', () => t.sandboxes!.start({ sandboxId: 'abc123' }), [0, 310]);
    expect(seen).toEqual(['restoring', 'running']);
    expect(result.state).toBe('running');
  });

  it('given a running sandbox, stop then archive should pass through stopping and archiving', async () => {
    const stop = await statesDuring(t, 'abc123', () => t.sandboxes!.stop({ sandboxId: 'abc123' }), [0, 310]);
    expect(stop.seen).toEqual(['stopping', 'stopped']);
    expect(stop.result.state).toBe('stopped');
    const archive = await statesDuring(t, 'abc123', () => t.sandboxes!.archive({ sandboxId: 'abc123' }), [0, 310]);
    expect(archive.seen).toEqual(['archiving', 'archived']);
    expect(archive.result.state).toBe('archived');
  });

  it('given remove, should show deleting, then the sandbox is not_found', async () => {
    const removing = t.sandboxes!.remove({ sandboxId: 'abc123' });
    await vi.advanceTimersByTimeAsync(0);
    expect((await t.getSandbox!({ sandboxId: 'abc123' })).state).toBe('deleting');
    await vi.advanceTimersByTimeAsync(310);
    await removing;
    await expect(t.getSandbox!({ sandboxId: 'abc123' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('given create, should show creating, then answer with a running sandbox', async () => {
    const creating = t.sandboxes!.create({ labels: { workspace: 'w1' } });
    await vi.advanceTimersByTimeAsync(0);
    const [listed] = await t.sandboxes!.list({ labels: { workspace: 'w1' } });
    expect(listed!.state).toBe('creating');
    await vi.advanceTimersByTimeAsync(310);
    expect(await creating).toMatchObject({ id: listed!.id, state: 'running' });
  });

  it('given a start while a stop is under way, should wait for stopped, then start (stopping → stopped → starting → running)', async () => {
    const stopping = t.sandboxes!.stop({ sandboxId: 'abc123' });
    const starting = t.sandboxes!.start({ sandboxId: 'abc123' });
    const { seen } = await statesDuring(t, 'abc123', () => Promise.resolve(), [0, 310, 310]);
    expect(seen).toEqual(['stopping', 'starting', 'running']);
    expect((await stopping).state).toBe('stopped');
    expect((await starting).state).toBe('running');
  });

  it('given a running sandbox with a terminal, stop should end the session and refuse new ones until started', async () => {
    const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    const closed = vi.fn();
    pty.onClose(closed);
    const stopping = t.sandboxes!.stop({ sandboxId: 'abc123' });
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toHaveBeenCalledWith(expect.objectContaining({ exitCode: 143 }));
    await expect(t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).rejects.toMatchObject({ code: 'unavailable', message: 'Sandbox abc123 is stopping' });
    await vi.advanceTimersByTimeAsync(310);
    await stopping;
    const starting = t.sandboxes!.start({ sandboxId: 'abc123' });
    await vi.advanceTimersByTimeAsync(310);
    await starting;
    await expect(t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 })).resolves.toHaveProperty('sessionId');
    expect(await t.computerUse!.status!({ sandboxId: 'abc123' })).toBe('active');
  });

  it('given an aborted start, should reject with aborted while the change goes on to running', async () => {
    t.setSandboxState('abc123', 'stopped');
    const controller = new AbortController();
    const starting = t.sandboxes!.start({ sandboxId: 'abc123' }, controller.signal);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await expect(starting).rejects.toMatchObject({ code: 'aborted' });
    await vi.advanceTimersByTimeAsync(310);
    expect((await t.getSandbox!({ sandboxId: 'abc123' })).state).toBe('running');
  });

  it('given setSandboxState, should accept every contract state and keep transitional ones until changed', async () => {
    const states: SandboxState[] = ['creating', 'starting', 'restoring', 'running', 'stopping', 'stopped', 'archiving', 'archived', 'deleting', 'deleted', 'error', 'unknown'];
    for (const state of states) {
      t.setSandboxState('abc123', state, state === 'error' ? 'OOM killed' : undefined);
      await vi.advanceTimersByTimeAsync(5_000);
      const info = await t.getSandbox!({ sandboxId: 'abc123' });
      expect(info.state).toBe(state);
      expect(info.errorReason).toBe(state === 'error' ? 'OOM killed' : undefined);
    }
  });

  it('given setSandboxState during a start, should end the change: the caller answers with the state set', async () => {
    t.setSandboxState('abc123', 'stopped');
    const starting = t.sandboxes!.start({ sandboxId: 'abc123' });
    await vi.advanceTimersByTimeAsync(0);
    t.setSandboxState('abc123', 'error', 'disk full');
    expect(await starting).toMatchObject({ state: 'error', errorReason: 'disk full' });
    await vi.advanceTimersByTimeAsync(1_000);
    expect((await t.getSandbox!({ sandboxId: 'abc123' })).state).toBe('error');
  });
});
