// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { aiPart, aiStates, seedCalls } from './fixtures';
import { toToolInvocation, type ToolStatus } from './normalize';

describe('toToolInvocation', () => {
  it('given each seed status, should keep id, name, status, args and timestamps', () => {
    const [pending, running, completed, error] = seedCalls.map(toToolInvocation);
    expect(pending).toMatchObject({ id: 'seed-pending', name: 'search_docs', status: 'pending', hasArgs: true, hasResult: false });
    expect(running).toMatchObject({ status: 'running', startedAt: 1_700_000_000_000 });
    expect(completed).toMatchObject({ status: 'completed', hasResult: true, result: { size: 120 }, endedAt: 1_700_000_001_250 });
    expect(error).toMatchObject({ status: 'error', error: 'EACCES: permission denied' });
    expect(error!.errorValue).toBeInstanceOf(Error);
  });

  it('given every AI SDK state, static and dynamic, should map to the normalised status', () => {
    const expected: Record<string, ToolStatus> = {
      'input-streaming': 'streaming',
      'input-available': 'running',
      'approval-requested': 'approval-requested',
      'approval-responded': 'approval-responded',
      'output-available': 'completed',
      'output-error': 'error',
      'output-denied': 'denied',
    };
    for (const state of aiStates) {
      const stat = toToolInvocation(aiPart(state));
      const dyn = toToolInvocation(aiPart(state, { dynamic: true }));
      expect(stat).toMatchObject({ name: 'get_weather', status: expected[state], sourceState: state });
      expect(dyn).toMatchObject({ name: 'web_search', status: expected[state], sourceState: state });
    }
  });

  it('given streaming input that is still undefined, should report no args yet', () => {
    const inv = toToolInvocation({ type: 'tool-x', toolCallId: 't', state: 'input-streaming', input: undefined, rawInput: '{"pa' });
    expect(inv).toMatchObject({ hasArgs: false, rawInput: '{"pa', status: 'streaming' });
  });

  it('given preliminary output, should stay running and flag it', () => {
    const inv = toToolInvocation({ type: 'tool-x', toolCallId: 't', state: 'output-available', input: {}, output: 1, preliminary: true });
    expect(inv).toMatchObject({ status: 'running', preliminary: true, hasResult: true, result: 1 });
  });

  it('given falsy outputs, should still report a result', () => {
    for (const output of [0, false, '', null, undefined]) {
      expect(toToolInvocation({ type: 'tool-x', toolCallId: 't', state: 'output-available', input: {}, output })).toMatchObject({ hasResult: true, result: output });
      expect(toToolInvocation({ id: 'a', name: 'x', status: 'completed', result: output })).toMatchObject({ hasResult: true, result: output });
    }
  });

  it('given denial and error parts, should expose the reason and errorText', () => {
    expect(toToolInvocation(aiPart('output-denied')).error).toBe('Not on a weekday');
    expect(toToolInvocation(aiPart('output-error')).error).toBe('Upstream API timed out after 30 s');
    expect(toToolInvocation({ ...aiPart('input-available'), title: 'Weather', providerExecuted: true })).toMatchObject({ title: 'Weather', providerExecuted: true });
  });

  it('given bad input, should throw a TypeError that names the problem', () => {
    expect(() => toToolInvocation(null as never)).toThrow(/expected an object/);
    expect(() => toToolInvocation({ id: 'a', name: 'x', status: 'done' } as never)).toThrow(/unknown status "done"/);
    expect(() => toToolInvocation({ type: 'tool-x', toolCallId: 't', state: 'bogus' } as never)).toThrow(/unknown AI SDK tool state "bogus"/);
    expect(() => toToolInvocation({ status: 'running', name: 'x' } as never)).toThrow(/needs an `id`/);
  });

  it("given a status or state named like an Object.prototype member, should refuse it instead of reading the prototype", () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(() => toToolInvocation({ id: 'a', name: 'x', status: name } as never)).toThrow(`unknown status "${name}"`);
      expect(() => toToolInvocation({ type: 'tool-x', toolCallId: 't', state: name } as never)).toThrow(`unknown AI SDK tool state "${name}"`);
    }
  });
});
