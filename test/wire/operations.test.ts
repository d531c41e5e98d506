// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_CAPABILITIES, SANDBOX_OPERATIONS, type SandboxOperation } from '../../src/transport/operations';
import { createMemoryTransport } from '../../src/transport/memory';
import type { SandboxTransport } from '../../src/transport/types';
import { startWire, until, type Wire } from './harness';

let wire: Wire | undefined;
afterEach(async () => {
  await wire?.close();
  wire = undefined;
});


/** One call of each operation of the list on `t` (typed by the list: a missing or unknown name fails to compile). */
function everyCall(t: SandboxTransport, logsOpened: () => Promise<unknown>): Record<SandboxOperation, () => Promise<unknown>> {
  const id = { sandboxId: 'abc123' };
  return {
    getPreviewLink: () => t.getPreviewLink({ ...id, port: 3000 }),
    getSandbox: () => t.getSandbox!(id),
    subscribeLogs: () =>
      new Promise<void>((resolve, reject) => {
        const sub = t.subscribeLogs!(id, { onLogs() {}, onError: (e) => (sub.dispose(), reject(e)) });
        logsOpened().then(() => (sub.dispose(), resolve()), reject);
      }),
    openPty: async () => (await t.openPty!({ ...id, cols: 80, rows: 24 })).dispose(),
    exec: () => t.exec!({ ...id, command: 'true' }),
    'computerUse.screenshot': () => t.computerUse!.screenshot(id),
    'computerUse.displayInfo': () => t.computerUse!.displayInfo(id),
    'computerUse.perform': () => t.computerUse!.perform({ ...id, action: { type: 'move', x: 1, y: 1 } }),
    'computerUse.start': () => t.computerUse!.start!(id),
    'computerUse.status': () => t.computerUse!.status!(id),
    'files.write': () => t.files!.write({ ...id, path: '/tmp/x', content: 'x' }),
    'files.list': () => t.files!.list({ ...id, path: '/tmp' }),
    'files.read': () => t.files!.read({ ...id, path: '/tmp/x' }),
    'files.remove': () => t.files!.remove({ ...id, path: '/tmp/x' }),
    'sandboxes.create': () => t.sandboxes!.create({}),
    'sandboxes.get': () => t.sandboxes!.get(id),
    'sandboxes.list': () => t.sandboxes!.list({}),
    'sandboxes.stop': () => t.sandboxes!.stop(id),
    'sandboxes.start': () => t.sandboxes!.start(id),
    'sandboxes.archive': () => t.sandboxes!.archive(id),
    'sandboxes.remove': () => t.sandboxes!.remove(id),
  };
}

describe('one list of operations and capabilities', () => {
  it('given failNext on each operation of the list, the simulated sandbox should fail exactly that call and count it under that name', async () => {
    const memory = createMemoryTransport({ logIntervalMs: 0, logBacklog: 0, transitionMs: 0 });
    try {
      for (const [op, call] of Object.entries(everyCall(memory, () => until(() => memory.stats().logSubscriptions === 1, 'the subscription'))) as Array<[SandboxOperation, () => Promise<unknown>]>) {
        memory.failNext(op, 'unavailable', `no ${op}`);
        await expect(call(), op).rejects.toMatchObject({ code: 'unavailable', message: `no ${op}` });
        expect(memory.stats().calls[op], op).toBe(1);
      }
    } finally {
      memory.dispose();
    }
  });

  it('given every call of the HTTP client, should reach the handler as exactly the operations of SANDBOX_OPERATIONS', async () => {
    const ops: string[] = [];
    wire = await startWire({ memory: { transitionMs: 0 }, handler: { expose: [...SANDBOX_CAPABILITIES], authorize: (_r, { op }) => (ops.push(op), true) } });
    const t = wire.client();
    const calls = everyCall(t, () => until(() => ops.includes('subscribeLogs'), 'the log stream'));
    // The name reaching `authorize` is the point, not the outcome (archiving a running sandbox is refused, say).
    for (const call of Object.values(calls)) await call().catch(() => {});
    await t.capabilities();
    expect(new Set(ops)).toEqual(new Set([...Object.keys(SANDBOX_OPERATIONS), 'capabilities']));
    expect(ops).toHaveLength(Object.keys(SANDBOX_OPERATIONS).length + 1);
  });

  it('given a capability left out of expose, should refuse each of its operations as unsupported and leave it out of capabilities', async () => {
    for (const capability of SANDBOX_CAPABILITIES) {
      wire = await startWire({ handler: { expose: SANDBOX_CAPABILITIES.filter((c) => c !== capability) } });
      const answer = await wire.client().capabilities();
      expect(answer.capabilities).toEqual(SANDBOX_CAPABILITIES.filter((c) => c !== capability));
      // The client is told the same list, so it has no method to call: ask the wire by hand.
      const ops = Object.entries(SANDBOX_OPERATIONS).filter(([, c]) => c === capability);
      expect(ops.length).toBeGreaterThan(0);
      const byHand = wire.client({ capabilities: [...SANDBOX_CAPABILITIES] });
      const id = { sandboxId: 'abc123' };
      const first: Record<string, () => Promise<unknown>> = {
        getSandbox: () => byHand.getSandbox!(id),
        logs: () => new Promise((resolve) => byHand.subscribeLogs!(id, { onLogs() {}, onError: resolve })).then((e) => Promise.reject(e)),
        pty: () => byHand.openPty!({ ...id, cols: 80, rows: 24 }),
        computerUse: () => byHand.computerUse!.displayInfo(id),
        exec: () => byHand.exec!({ ...id, command: 'true' }),
        files: () => byHand.files!.list({ ...id, path: '/' }),
        sandboxes: () => byHand.sandboxes!.list({}),
      };
      await expect(first[capability]!()).rejects.toMatchObject({ code: 'unsupported', status: 501, message: `This server does not expose ${capability}` });
      await wire.close();
      wire = undefined;
    }
  });

  it('should name a capability for every operation but getPreviewLink, from the one list', () => {
    for (const [op, capability] of Object.entries(SANDBOX_OPERATIONS)) {
      if (op === 'getPreviewLink') expect(capability).toBeNull();
      else expect(SANDBOX_CAPABILITIES).toContain(capability);
    }
  });
});
