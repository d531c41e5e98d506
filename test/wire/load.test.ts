// @vitest-environment node
/**
 * The load test, short: 200 log subscribers and 50 PTYs for 3 s over the real
 * wire. The 20 s run with figures is `npm run bench -- server`.
 */
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../bench/server/load';

describe('load: 200 log subscribers and 50 PTYs', () => {
  it('given 3 s of streaming, should lose no entry, raise no error, and release every socket, handle and stream after', async () => {
    const report = await runLoad({ durationMs: 3000, subscribers: 200, ptys: 50, workers: 4 });
    expect(report.errors).toEqual([]);
    expect(report.mismatches).toEqual([]);
    expect(report.logEntriesEmitted).toBeGreaterThan(20);
    expect(report.logEntriesDelivered).toBe(report.logEntriesEmitted * 200);
    expect(report.ptyCommands).toBeGreaterThan(100);
    expect(report.requests).toBeGreaterThan(5);
    expect(report.leftOpen).toEqual({ ptySockets: 0, logStreams: 0, ptyConnections: 0, logSubscriptions: 0, openResponses: 0 });
    expect(report.handlesAfter).toBeLessThanOrEqual(report.handlesBefore);
    expect(report.heapAfterMb - report.heapBeforeMb).toBeLessThan(30);
  }, 60_000);
});
