// Sample invocations shared by tests, stories and the benchmark. Not exported
// from the package.
import type { AiToolPart, AiToolState, ToolCall, ToolInput } from './normalize';

export const seedCalls: ToolCall[] = [
  { id: 'seed-pending', name: 'search_docs', status: 'pending', args: { query: 'collapsible' } },
  { id: 'seed-running', name: 'run_command', status: 'running', args: { command: 'npm test' }, startedAt: 1_700_000_000_000 },
  {
    id: 'seed-completed',
    name: 'read_file',
    status: 'completed',
    args: { path: 'src/index.ts' },
    result: { size: 120, text: 'export * from "./tool";' },
    startedAt: 1_700_000_000_000,
    endedAt: 1_700_000_001_250,
  },
  { id: 'seed-error', name: 'write_file', status: 'error', args: { path: '/etc/passwd' }, error: new Error('EACCES: permission denied') },
];

const AI_STATES: AiToolState[] = [
  'input-streaming',
  'input-available',
  'approval-requested',
  'approval-responded',
  'output-available',
  'output-error',
  'output-denied',
];

/** One AI SDK part in `state`, static (`tool-<name>`) or dynamic. */
export function aiPart(state: AiToolState, options: { dynamic?: boolean; id?: string; name?: string } = {}): AiToolPart {
  const name = options.name ?? (options.dynamic ? 'web_search' : 'get_weather');
  const base = {
    ...(options.dynamic ? { type: 'dynamic-tool' as const, toolName: name } : { type: `tool-${name}` as const }),
    toolCallId: options.id ?? `${options.dynamic ? 'dyn' : 'static'}-${state}`,
  };
  const input = options.dynamic ? { query: 'daytona sandboxes' } : { city: 'Berlin', unit: 'celsius' };
  switch (state) {
    case 'input-streaming':
      return { ...base, state, input: options.dynamic ? undefined : { city: 'Ber' } };
    case 'input-available':
      return { ...base, state, input };
    case 'approval-requested':
      return { ...base, state, input, approval: { id: `approval-${base.toolCallId}` } };
    case 'approval-responded':
      return { ...base, state, input, approval: { id: `approval-${base.toolCallId}`, approved: true } };
    case 'output-available':
      return { ...base, state, input, output: options.dynamic ? [{ title: 'Daytona', url: 'https://daytona.io' }] : { temperature: 0, sunny: false } };
    case 'output-error':
      return { ...base, state, input, errorText: 'Upstream API timed out after 30 s' };
    case 'output-denied':
      return { ...base, state, input, approval: { id: `approval-${base.toolCallId}`, approved: false, reason: 'Not on a weekday' } };
  }
}

export const aiStates = AI_STATES;
export const aiParts: AiToolPart[] = [...AI_STATES.map((s) => aiPart(s)), ...AI_STATES.map((s) => aiPart(s, { dynamic: true }))];

/** Values that break naive viewers. Built lazily: some are large. */
export function hostileValues(): Record<string, unknown> {
  const circular: Record<string, unknown> = { name: 'loop' };
  circular.self = circular;
  class Point {
    constructor(
      public x: number,
      public y: number,
    ) {}
  }
  let deep: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < 5000; i++) deep = { next: deep };
  const throwing = {
    get boom(): never {
      throw new Error('getter exploded');
    },
  };
  Object.defineProperty(throwing, 'boom', { enumerable: true });
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return {
    circular,
    bigint: 12345678901234567890n,
    date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
    invalidDate: new Date(Number.NaN),
    map: new Map<unknown, unknown>([
      ['a', 1],
      [{ k: 1 }, 'object key'],
    ]),
    set: new Set([1, 'two', null]),
    fn: function namedFunction() {},
    symbol: Symbol('secret'),
    instance: new Point(1, 2),
    deep,
    throwing,
    revoked: proxy,
    html: '<img src=x onerror="window.__pwned=1">',
    nullProto: Object.create(null) as object,
  };
}

/** `n` deterministic invocations of mixed shapes and statuses. */
export function manyTools(n: number, seed = 1): ToolInput[] {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const names = ['read_file', 'write_file', 'run_command', 'search_docs', 'get_weather'];
  const out: ToolInput[] = [];
  for (let i = 0; i < n; i++) {
    const name = names[Math.floor(rand() * names.length)]!;
    if (i % 2) {
      const statuses = ['pending', 'running', 'completed', 'error'] as const;
      const status = statuses[Math.floor(rand() * 4)]!;
      out.push({
        id: `call-${i}`,
        name,
        status,
        args: { index: i },
        ...(status === 'completed' ? { result: { ok: true, index: i } } : {}),
        ...(status === 'error' ? { error: `Failure #${i}` } : {}),
      });
    } else {
      const state = (['input-available', 'output-available', 'output-error'] as const)[Math.floor(rand() * 3)]!;
      out.push(aiPart(state, { id: `call-${i}`, name }));
    }
  }
  return out;
}
