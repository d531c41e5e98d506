// ─── Tool invocation shapes ─────────────────────────────────────────────────
// Two shapes are accepted as they are: the library's seed shape and the Vercel
// AI SDK 6/7 `ToolUIPart` / `DynamicToolUIPart`. The AI SDK types are mirrored
// structurally here (and proven assignable against the real `ai@7` in
// `types.test-d.ts` and `ai@6` in `types-v6.test-d.ts`) so that `ai` never
// becomes a runtime dependency.

/** The four statuses of the seed shape. */
export type ToolCallStatus = 'pending' | 'running' | 'completed' | 'error';

/** The seed shape: one tool call as a host app might keep it. */
export interface ToolCall {
  id: string;
  name: string;
  status: ToolCallStatus;
  /** Shown in the header instead of `name` when set. */
  title?: string;
  args?: unknown;
  result?: unknown;
  /** A message, an `Error`, or any value describing the failure. */
  error?: unknown;
  /** Epoch ms, `Date` or ISO string. */
  startedAt?: number | string | Date;
  /** Epoch ms, `Date` or ISO string. */
  endedAt?: number | string | Date;
  /** Nested invocations (a sub-agent's own tool calls), any accepted shape. */
  children?: readonly ToolInput[];
}

/** The seven states of an AI SDK tool part. */
export type AiToolState =
  | 'input-streaming'
  | 'input-available'
  | 'approval-requested'
  | 'approval-responded'
  | 'output-available'
  | 'output-error'
  | 'output-denied';

/** The `approval` of an AI SDK tool part (AI SDK 7 adds `requestReason` and `isAutomatic`). */
export interface AiToolApproval {
  id: string;
  /** The answer, once given. */
  approved?: boolean;
  /** Why the user (or policy) denied or approved. */
  reason?: string;
  /** Why the tool asks for approval (AI SDK 7). */
  requestReason?: string;
  /** The approval was given by a policy, not by the user (AI SDK 7). */
  isAutomatic?: boolean;
}

/** Structural mirror of the AI SDK's `ToolUIPart` and `DynamicToolUIPart` (AI SDK 6 and 7). */
export interface AiToolPart {
  type: `tool-${string}` | 'dynamic-tool';
  toolCallId: string;
  /** Present on `dynamic-tool` parts. */
  toolName?: string;
  state: AiToolState;
  title?: string;
  /** Free-form metadata the tool declared (AI SDK 7). */
  toolMetadata?: Record<string, unknown>;
  providerExecuted?: boolean;
  input?: unknown;
  /** Input text received so far while input streams (AI SDK 7: with `inputEncoding`). */
  rawInput?: unknown;
  /** Encoding of `rawInput`; JSON when omitted (AI SDK 7). */
  inputEncoding?: 'json' | 'text';
  output?: unknown;
  errorText?: string;
  preliminary?: boolean;
  approval?: AiToolApproval;
  /** Not part of the AI SDK; a host may attach nested invocations. */
  children?: readonly ToolInput[];
  startedAt?: number | string | Date;
  endedAt?: number | string | Date;
}

/** Anything `toToolInvocation` accepts. */
export type ToolInput = ToolCall | AiToolPart;

/**
 * The normalised status, written as `data-status` on every part.
 * `streaming` = input still arriving; `approval-responded` = the user approved
 * and the tool has not resumed yet; `denied` = the tool will not run (an
 * `output-denied` part, or `approval-responded` with `approved: false`).
 */
export type ToolStatus =
  | 'pending'
  | 'streaming'
  | 'running'
  | 'approval-requested'
  | 'approval-responded'
  | 'completed'
  | 'error'
  | 'denied';

/** Every normalised status, in lifecycle order. */
export const TOOL_STATUSES: readonly ToolStatus[] = [
  'pending',
  'streaming',
  'running',
  'approval-requested',
  'approval-responded',
  'completed',
  'error',
  'denied',
];

/** One invocation in the shape every part reads. */
export interface ToolInvocation {
  /** `id` or `toolCallId`. */
  id: string;
  /** The tool's name (`read_file`), from `name`, `toolName` or `type: 'tool-<name>'`. */
  name: string;
  title: string | undefined;
  status: ToolStatus;
  /** The state as given (`running`, `output-available`, …). */
  sourceState: string;
  args: unknown;
  /** False while input has not arrived (so `undefined` input is not shown as a value). */
  hasArgs: boolean;
  /** Partial raw input text of a streaming AI SDK part, when it carries one. */
  rawInput: string | undefined;
  /** Encoding of `rawInput` (`text` for tools whose input is plain text). */
  inputEncoding: 'json' | 'text';
  result: unknown;
  /** True when a result exists, even a falsy one (`0`, `false`, `""`, `null`, `undefined`). */
  hasResult: boolean;
  /**
   * The error message, when one was given (also the denial's reason). A failed
   * tool that gave none has `status: 'error'` and no message (ToolPanel shows `labels.toolFailed`).
   */
  error: string | undefined;
  /** The error as given, when it was not a plain string. */
  errorValue: unknown;
  approval: AiToolApproval | undefined;
  /** The AI SDK 7 `toolMetadata`, as given. */
  metadata: Record<string, unknown> | undefined;
  providerExecuted: boolean;
  preliminary: boolean;
  startedAt: number | undefined;
  endedAt: number | undefined;
  children: readonly unknown[];
  /** The value this was made from. */
  source: unknown;
}

// Null-prototype tables: a status named `constructor` or `toString` is refused, not read off Object.prototype.
const SEED_STATUSES: Record<string, ToolStatus> = { __proto__: null, pending: 'pending', running: 'running', completed: 'completed', error: 'error' } as never;
const AI_STATUSES: Record<string, ToolStatus> = {
  __proto__: null,
  'input-streaming': 'streaming',
  'input-available': 'running',
  'approval-requested': 'approval-requested',
  'approval-responded': 'approval-responded',
  'output-available': 'completed',
  'output-error': 'error',
  'output-denied': 'denied',
} as never;

/** Statuses after which nothing more will happen. */
export function isTerminalStatus(status: ToolStatus): boolean {
  return status === 'completed' || status === 'error' || status === 'denied';
}

function fail(message: string, value: unknown): never {
  let shown: string;
  try {
    shown = value === null || typeof value !== 'object' ? String(value) : `{ ${Object.keys(value).slice(0, 8).join(', ')} }`;
  } catch {
    shown = typeof value;
  }
  throw new TypeError(`toToolInvocation: ${message} (got ${shown.slice(0, 120)})`);
}

function time(value: unknown): number | undefined {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : value;
  // Number.isFinite is false for anything but a finite number.
  return Number.isFinite(ms) ? (ms as number) : undefined;
}

/** A readable message for any thrown or reported error value. */
export function errorMessage(error: unknown): string {
  // A string has no `message`: String() gives it back as it is.
  try {
    const message = (error as { message?: unknown } | null)?.message;
    if (typeof message === 'string') return message;
    return String(error);
  } catch {
    return 'Unknown error';
  }
}

/**
 * Normalises one invocation of any accepted shape. Throws a `TypeError` that
 * names the problem when the value is neither shape (`ToolPanel` catches it
 * and shows the value in an error state instead).
 */
export function toToolInvocation(part: ToolInput): ToolInvocation {
  const p = part as unknown as Record<string, unknown>;
  if (p === null || typeof p !== 'object') fail('expected an object', part);
  const type = p.type;
  const ai = typeof type === 'string' && (type === 'dynamic-tool' || type.startsWith('tool-'));
  let id: string;
  let name: string;
  let status: ToolStatus | undefined;
  let state: string;
  let error: string | undefined;
  let approval: AiToolApproval | undefined;
  let preliminary = false;
  if (ai) {
    state = p.state as string;
    status = AI_STATUSES[state];
    if (!status) fail(`unknown AI SDK tool state "${String(state)}"`, part);
    if (typeof p.toolCallId !== 'string') fail('an AI SDK tool part needs a string `toolCallId`', part);
    id = p.toolCallId;
    name = type === 'dynamic-tool' ? (typeof p.toolName === 'string' ? p.toolName : type) : type.slice(5);
    approval = (p.approval ?? undefined) as AiToolApproval | undefined;
    preliminary = state === 'output-available' && p.preliminary === true;
    // Preliminary output means the tool is still producing more.
    if (preliminary) status = 'running';
    // A denial is final as soon as it is sent: nothing will run.
    if (state === 'approval-responded' && approval?.approved === false) status = 'denied';
    error = state === 'output-error' ? (typeof p.errorText === 'string' ? p.errorText : undefined) : status === 'denied' ? approval?.reason : undefined;
  } else {
    status = SEED_STATUSES[p.status as string];
    if (!status) fail(`unknown status "${String(p.status)}"; expected pending, running, completed or error, or an AI SDK part with \`type\``, part);
    if (typeof p.id !== 'string' && typeof p.id !== 'number') fail('a tool call needs an `id`', part);
    if (typeof p.name !== 'string') fail('a tool call needs a string `name`', part);
    id = String(p.id);
    name = p.name;
    state = status;
    error = p.error == null ? undefined : errorMessage(p.error);
  }
  // One object literal for both shapes (no `{ ...base }`): V8 makes spreads
  // followed by many properties ~20× slower, and lists normalise every item.
  return {
    id,
    name,
    status,
    sourceState: state,
    args: ai ? p.input : p.args,
    hasArgs: ai ? state !== 'input-streaming' || p.input !== undefined : 'args' in p,
    rawInput: ai && typeof p.rawInput === 'string' ? p.rawInput : undefined,
    inputEncoding: ai && p.inputEncoding === 'text' ? 'text' : 'json',
    result: ai ? p.output : p.result,
    hasResult: ai ? state === 'output-available' : 'result' in p && (status === 'completed' || p.result !== undefined),
    error,
    errorValue: ai || typeof p.error === 'string' ? undefined : p.error,
    approval,
    metadata: ai && p.toolMetadata !== null && typeof p.toolMetadata === 'object' ? (p.toolMetadata as Record<string, unknown>) : undefined,
    providerExecuted: ai && p.providerExecuted === true,
    preliminary,
    startedAt: time(p.startedAt),
    endedAt: time(p.endedAt),
    children: Array.isArray(p.children) ? (p.children as unknown[]) : [],
    source: part,
    title: typeof p.title === 'string' ? p.title : undefined,
  };
}

/** The key a list uses for an item: `id` / `toolCallId`, else undefined. */
export function toolKey(part: unknown): string | undefined {
  if (part === null || typeof part !== 'object') return undefined;
  try {
    const p = part as { id?: unknown; toolCallId?: unknown };
    const id = p.toolCallId ?? p.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    // A hostile item (throwing getter, revoked Proxy) gets a positional key.
    return undefined;
  }
}
