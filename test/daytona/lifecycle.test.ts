// @vitest-environment node
/**
 * Sandbox lifecycle (#18) with the real SDK against a fake Daytona whose
 * transitions take time, as the real service's do: every change passes
 * through its transitional state for `transitionMs`, and lifecycle calls made
 * during a transition are refused by the API.
 */
import { SandboxState as DaytonaSdkState } from '@daytonaio/sdk';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DAYTONA_STATE_MAP, DAYTONA_TRANSITIONAL_STATES, DaytonaService, DaytonaWorkspaceManager, mapDaytonaState } from '../../src/daytona/index';
import { daytonaInternals } from '../../src/daytona/transport';
import type { SandboxError } from '../../src/transport/errors';
import type { SandboxState } from '../../src/transport/types';
import { startHarness, until, type Harness } from './helpers';

const TRANSITION_MS = 120;

let h: Harness;
let service: DaytonaService;
beforeEach(async () => {
  h = await startHarness({}, { transitionMs: TRANSITION_MS });
  service = new DaytonaService({ transport: h.transport });
});
afterEach(async () => {
  service.dispose();
  await h.cleanup();
});

async function rejection(promise: Promise<unknown>): Promise<SandboxError> {
  try {
    await promise;
  } catch (error) {
    return error as SandboxError;
  }
  throw new Error('expected a rejection');
}

const fakeState = (id: string) => h.fake.sandboxes.get(id)?.state;
const history = (id: string) => h.fake.sandboxes.get(id)?.history ?? [];
/**
 * Hold the next transitions (so a state seen "at once" cannot have moved on
 * under a loaded machine), and let one go on again at the normal pace.
 */
const hold = () => (h.fake.transitionMs = 60_000);
const release = (id: string, states: string[]) => {
  h.fake.transitionMs = TRANSITION_MS;
  h.fake.transition(id, states);
};
/** Lifecycle calls Daytona refused (a call made during a transition). */
const refused = () => h.fake.requests.filter((r) => r.kind === 'http' && r.path.startsWith('/api/sandbox') && r.method !== 'GET' && (r.status ?? 0) >= 400);

describe('the slowed fake Daytona', () => {
  it('should answer a stop at once with stopping, reach stopped later, and refuse a start in between', async () => {
    const sandbox = await h.daytona.get('abc123');
    // The SDK's own stop polls GET /sandbox/{id} until stopped.
    const began = Date.now();
    await sandbox.stop();
    expect(Date.now() - began).toBeGreaterThanOrEqual(TRANSITION_MS - 5);
    expect(sandbox.state).toBe('stopped');
    expect(history('abc123')).toEqual(['started', 'stopping', 'stopped']);
    await sandbox.start();
    expect(history('abc123').slice(-2)).toEqual(['starting', 'started']);
    h.fake.transition('abc123', []);
    h.fake.sandboxes.get('abc123')!.state = 'stopping';
    const error = await rejection(daytonaInternals(h.transport).core.call(() => sandbox.start(1)));
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(error.message).toContain('state change in progress');
  });
});

describe('contract states', () => {
  it('should map every state of the SDK to a contract state, transitional ones to what is happening', () => {
    // The generated enum carries an OpenAPI sentinel for values it does not know; that is no state.
    const sdkStates = Object.entries(DaytonaSdkState)
      .filter(([name]) => name !== 'UNKNOWN_DEFAULT_OPEN_API')
      .map(([, value]) => String(value));
    expect(sdkStates).toHaveLength(22);
    for (const state of sdkStates) expect(DAYTONA_STATE_MAP, state).toHaveProperty(state);
    const expected: Record<string, SandboxState> = {
      destroying: 'deleting',
      destroyed: 'deleted',
      archiving: 'archiving',
      archived: 'archived',
      restoring: 'restoring',
      stopping: 'stopping',
      stopped: 'stopped',
      starting: 'starting',
      started: 'running',
    };
    for (const [daytona, contract] of Object.entries(expected)) expect(mapDaytonaState(daytona), daytona).toBe(contract);
    expect(mapDaytonaState('something_new')).toBe('unknown');
    for (const state of DAYTONA_TRANSITIONAL_STATES) expect(sdkStates, state).toContain(state);
  });
});

describe('DaytonaService lifecycle', () => {
  it('should start a stopped sandbox and resolve running, true at that moment', async () => {
    await service.stopSandbox('abc123', { wait: false });
    const info = await service.startSandbox('abc123');
    expect(info).toMatchObject({ id: 'abc123', state: 'running', daytonaState: 'started' });
    expect(fakeState('abc123')).toBe('started');
    // The start was sent only once the stop had completed, so Daytona refused nothing.
    expect(history('abc123')).toEqual(['started', 'stopping', 'stopped', 'starting', 'started']);
    expect(refused()).toEqual([]);
  });

  it('given wait: false, should resolve with the transitional state Daytona answered', async () => {
    h.fake.addSandbox('off1', { state: 'stopped' });
    h.fake.addSandbox('off2', { state: 'stopped' });
    h.fake.addSandbox('cold1', { state: 'archived' });
    hold();
    expect(await service.stopSandbox('abc123', { wait: false })).toMatchObject({ state: 'stopping', daytonaState: 'stopping' });
    expect(await service.startSandbox('off1', { wait: false })).toMatchObject({ state: 'starting', daytonaState: 'starting' });
    expect(await service.archiveSandbox('off2', { wait: false })).toMatchObject({ state: 'archiving', daytonaState: 'archiving' });
    expect(await service.startSandbox('cold1', { wait: false })).toMatchObject({ state: 'restoring', daytonaState: 'restoring' });
    expect((await service.getSandbox('cold1')).state).toBe('restoring');
    expect(fakeState('abc123')).toBe('stopping');
    release('cold1', ['started']);
    // Waiting on a change already under way waits for it rather than asking again.
    expect((await service.startSandbox('cold1')).state).toBe('running');
    expect(history('cold1')).toEqual(['archived', 'restoring', 'started']);
    expect(refused()).toEqual([]);
  });

  it('should archive a running sandbox by stopping it first, and resolve archived', async () => {
    const info = await service.archiveSandbox('abc123');
    expect(info).toMatchObject({ state: 'archived', daytonaState: 'archived' });
    expect(history('abc123')).toEqual(['started', 'stopping', 'stopped', 'archiving', 'archived']);
    const back = await service.startSandbox('abc123');
    expect(back.state).toBe('running');
    expect(history('abc123').slice(-2)).toEqual(['restoring', 'started']);
  });

  it('should resolve a delete once the sandbox is gone; getSandbox is then not_found', async () => {
    const info = await service.deleteSandbox('abc123');
    expect(info).toMatchObject({ id: 'abc123', state: 'deleted' });
    expect(fakeState('abc123')).toBe('destroyed');
    expect((await rejection(service.getSandbox('abc123'))).code).toBe('not_found');
    expect((await service.listSandboxes()).map((s) => s.id)).not.toContain('abc123');
  });

  it('given a delete without wait, should report deleting, and the sandbox is deleting until it is gone', async () => {
    hold();
    const info = await service.deleteSandbox('abc123', { wait: false });
    expect(info).toMatchObject({ state: 'deleting', daytonaState: 'destroying' });
    expect((await service.getSandbox('abc123')).state).toBe('deleting');
    // A second delete does not delete twice: it waits for the first.
    const second = service.deleteSandbox('abc123');
    await until(() => h.fake.requests.filter((r) => r.method === 'GET' && r.path === '/api/sandbox/abc123').length >= 3, 'the second delete to look');
    release('abc123', ['destroyed']);
    expect((await second).state).toBe('deleted');
    expect(h.fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect((await rejection(service.getSandbox('abc123'))).code).toBe('not_found');
  });

  it('given a transition longer than timeoutMs, should end in timeout', async () => {
    h.fake.transitionMs = 5_000;
    await service.stopSandbox('abc123', { wait: false });
    const began = Date.now();
    const error = await rejection(service.startSandbox('abc123', { timeoutMs: 300 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('stopping');
    expect(Date.now() - began).toBeLessThan(2_000);
    const stop = await rejection(service.deleteSandbox('abc123', { timeoutMs: 300 }));
    expect(stop.code).toBe('timeout');
  });

  it('given an abort while waiting, should reject aborted at once', async () => {
    h.fake.transitionMs = 5_000;
    await service.stopSandbox('abc123', { wait: false });
    const controller = new AbortController();
    const pending = rejection(service.startSandbox('abc123', { signal: controller.signal }));
    await until(() => h.fake.requests.filter((r) => r.path === '/api/sandbox/abc123' && r.method === 'GET').length >= 2, 'a poll');
    controller.abort();
    expect((await pending).code).toBe('aborted');
    // The old call style, a bare signal, still works.
    expect((await rejection(service.stopSandbox('abc123', AbortSignal.abort()))).code).toBe('aborted');
  });

  it('given a sandbox in error with no recovery, should refuse to start it and give the reason', async () => {
    h.fake.addSandbox('broken1', { state: 'error', errorReason: 'disk full' });
    const error = await rejection(service.startSandbox('broken1'));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain('disk full');
  });

  it('should do the same through the transport contract, which always waits', async () => {
    const sb = h.transport.sandboxes!;
    expect((await sb.stop({ sandboxId: 'abc123' })).state).toBe('stopped');
    expect((await sb.start({ sandboxId: 'abc123' })).state).toBe('running');
    await sb.remove({ sandboxId: 'abc123' });
    expect(fakeState('abc123')).toBe('destroyed');
    expect((await rejection(sb.get({ sandboxId: 'abc123' }))).code).toBe('not_found');
  });
});

describe('DaytonaWorkspaceManager lifecycle', () => {
  let manager: DaytonaWorkspaceManager;
  beforeEach(() => {
    manager = new DaytonaWorkspaceManager({ service, labels: { app: 'demo' } });
  });

  it('remove → getOrCreate should give a new sandbox; remove resolves when the old one is gone', async () => {
    const old = await manager.getOrCreate('user-43');
    await manager.remove('user-43');
    expect(fakeState(old.sandboxId)).toBe('destroyed');
    expect(await manager.get('user-43')).toBeUndefined();
    const fresh = await manager.getOrCreate('user-43');
    expect(fresh.sandboxId).not.toBe(old.sandboxId);
    expect(fresh.state).toBe('running');
    expect(fakeState(fresh.sandboxId)).toBe('started');
  });

  it('given remove without wait, the dying sandbox should be nobody\'s workspace at once', async () => {
    const old = await manager.getOrCreate('user-43');
    hold();
    await manager.remove('user-43', { wait: false });
    expect(fakeState(old.sandboxId)).toBe('destroying');
    expect(await manager.get('user-43')).toBeUndefined();
    expect(await manager.list()).toEqual([]);
    h.fake.transitionMs = TRANSITION_MS;
    const fresh = await manager.getOrCreate('user-43');
    expect(fresh.sandboxId).not.toBe(old.sandboxId);
    expect(fresh.state).toBe('running');
  });

  it('archive → getOrCreate should give the same sandbox running, waiting out the archiving', async () => {
    const ws = await manager.getOrCreate('user-42');
    await manager.stop('user-42');
    hold();
    const archiving = await manager.archive('user-42', { wait: false });
    expect(archiving.state).toBe('archiving');
    expect((await manager.get('user-42'))!.state).toBe('archiving');
    release(ws.sandboxId, ['archived']);
    const back = await manager.getOrCreate('user-42');
    expect(back).toMatchObject({ sandboxId: ws.sandboxId, state: 'running' });
    expect(fakeState(ws.sandboxId)).toBe('started');
    expect(history(ws.sandboxId)).toEqual(['creating', 'started', 'stopping', 'stopped', 'archiving', 'archived', 'restoring', 'started']);
    expect(refused()).toEqual([]);
  });

  it('archive (waiting) → getOrCreate should restore the same sandbox', async () => {
    const ws = await manager.getOrCreate('user-42');
    expect((await manager.archive('user-42')).state).toBe('archived');
    expect(fakeState(ws.sandboxId)).toBe('archived');
    const back = await manager.getOrCreate('user-42');
    expect(back).toMatchObject({ sandboxId: ws.sandboxId, state: 'running' });
  });

  it('stop → getOrCreate should give the same sandbox running', async () => {
    const ws = await manager.getOrCreate('user-44');
    hold();
    expect((await manager.stop('user-44', { wait: false })).state).toBe('stopping');
    expect((await manager.get('user-44'))!.state).toBe('stopping');
    release(ws.sandboxId, ['stopped']);
    const [a, b] = await Promise.all([manager.getOrCreate('user-44'), manager.getOrCreate('user-44')]);
    expect(a).toMatchObject({ sandboxId: ws.sandboxId, state: 'running' });
    expect(b.sandboxId).toBe(ws.sandboxId);
    expect(fakeState(ws.sandboxId)).toBe('started');
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/api/sandbox/${ws.sandboxId}/start`)).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/sandbox')).toHaveLength(1);
    expect(refused()).toEqual([]);
  });

  it('delete then get should be not_found for the sandbox and undefined for the key', async () => {
    const ws = await manager.getOrCreate('user-45');
    await service.deleteSandbox(ws.sandboxId);
    expect((await rejection(service.getSandbox(ws.sandboxId))).code).toBe('not_found');
    expect(await manager.get('user-45')).toBeUndefined();
    expect((await rejection(manager.stop('user-45'))).code).toBe('not_found');
  });

  it('given a workspace in error with no recovery, getOrCreate should make a new one', async () => {
    h.fake.addSandbox('broken1', { state: 'error', errorReason: 'disk full', labels: { app: 'demo', 'sandbox-elements.workspace': 'bad' } });
    const ws = await manager.getOrCreate('bad');
    expect(ws.sandboxId).not.toBe('broken1');
    expect(ws.state).toBe('running');
  });

  it('getOrCreate should stay bounded and abortable while a transition runs', async () => {
    const ws = await manager.getOrCreate('user-46');
    h.fake.transitionMs = 5_000;
    await manager.stop('user-46', { wait: false });
    const bounded = new DaytonaWorkspaceManager({ service, labels: { app: 'demo' }, timeoutMs: 300 });
    expect((await rejection(bounded.getOrCreate('user-46'))).code).toBe('timeout');
    const controller = new AbortController();
    const pending = rejection(manager.getOrCreate('user-46', {}, controller.signal));
    controller.abort();
    expect((await pending).code).toBe('aborted');
    expect(fakeState(ws.sandboxId)).toBe('stopping');
  });

  describe('idle cleanup racing a returning user', () => {
    const later = () => Date.now() + 60 * 60_000;

    it('given a touch during the stop, should leave the workspace running', async () => {
      const ws = await manager.getOrCreate('user-50');
      const cleanup = manager.cleanupIdle({ idleMs: 1, now: later(), action: 'stop' });
      await until(() => history(ws.sandboxId).includes('stopping'), 'the stop to begin');
      manager.touch('user-50');
      expect(await cleanup).toEqual([]);
      expect(fakeState(ws.sandboxId)).toBe('started');
      expect((await manager.get('user-50'))!.state).toBe('running');
    });

    it('given getOrCreate during the stop, should end running on the same sandbox', async () => {
      const ws = await manager.getOrCreate('user-51');
      const cleanup = manager.cleanupIdle({ idleMs: 1, now: later(), action: 'archive' });
      await until(() => history(ws.sandboxId).includes('stopping'), 'the stop to begin');
      const back = await manager.getOrCreate('user-51');
      expect(back).toMatchObject({ sandboxId: ws.sandboxId, state: 'running' });
      expect(await cleanup).toEqual([]);
      expect(fakeState(ws.sandboxId)).toBe('started');
      expect(history(ws.sandboxId)).not.toContain('archiving');
    });

    it('given a touch while onIdle decides, should not act at all', async () => {
      const m = new DaytonaWorkspaceManager({
        service,
        labels: { app: 'demo' },
        onIdle: (ws) => {
          m.touch(ws.key);
          return 'remove';
        },
      });
      const ws = await m.getOrCreate('user-52');
      expect(await m.cleanupIdle({ idleMs: 1, now: later() })).toEqual([]);
      expect(history(ws.sandboxId)).toEqual(['creating', 'started']);
    });

    it('given nobody comes back, should stop the idle workspace and report it', async () => {
      const ws = await manager.getOrCreate('user-53');
      expect(await manager.cleanupIdle({ idleMs: 1, now: later(), action: 'archive' })).toEqual([{ key: 'user-53', sandboxId: ws.sandboxId, action: 'archive' }]);
      expect(fakeState(ws.sandboxId)).toBe('archived');
    });

    it('given the last touch in the same millisecond as the cleanup begins, should still count it as before the look', async () => {
      const ws = await manager.getOrCreate('user-54');
      const now = Date.now();
      // One millisecond for the touch and the cleanup's look: only the order may tell them apart.
      const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
      try {
        manager.touch('user-54');
        expect(await manager.cleanupIdle({ idleMs: 1, now: now + 60 * 60_000, action: 'stop' })).toEqual([{ key: 'user-54', sandboxId: ws.sandboxId, action: 'stop' }]);
      } finally {
        clock.mockRestore();
      }
      expect(fakeState(ws.sandboxId)).toBe('stopped');
    });
  });
});
