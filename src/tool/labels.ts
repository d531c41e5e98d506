// ─── Tool family labels ──────────────────────────────────────────────────────
// Every user-visible string of the tool family (text, placeholders and
// accessible names), replaceable through the `labels` prop of `ToolPanel` and
// `ToolList` (the shared pattern of src/internal/labels.ts). Strings that
// embed a value are functions.
import { mergeLabels } from '../internal/labels';
import type { ToolStatus } from './normalize';

export interface ToolLabels {
  /** Badge text per status. */
  status: Record<ToolStatus, string>;
  /** Summary text per status (`3 running`). */
  summaryStatus: Record<ToolStatus, string>;
  /** `12 tool calls` at the start of the summary. */
  summaryTotal: (count: number) => string;
  /** Accessible name of a `ToolList`. */
  list: string;
  /** Accessible name of the nested list of a tool's own calls. */
  childCalls: (tool: string) => string;
  /** Shown when `ToolList` gets something other than an array. */
  invalidList: (got: string) => string;
  /** Marker of a provider-executed tool. */
  providerExecuted: string;
  /** Marker (and output label suffix) of a preliminary output. */
  preliminary: string;
  /** Marker of an approval given automatically (AI SDK 7 `approval.isAutomatic`). */
  approvedAutomatically: string;
  /** Marker of an approval given by the `ToolList` `autoApprove` policy. */
  approvedByPolicy: string;
  /** Section labels. */
  input: string;
  output: string;
  preliminaryOutput: string;
  error: string;
  /** Label of the value of an unrecognised invocation. */
  received: string;
  /** Title of an unrecognised invocation. */
  invalidTool: string;
  /** Error text of a failed tool that gave none. */
  toolFailed: string;
  /** Placeholder while input has not arrived. */
  waitingForInput: string;
  /** Shown for a completed tool without output. */
  noOutput: string;
  /** Accessible name of the approval group. */
  approval: string;
  /** The question asked while approval is requested. */
  approvalQuestion: (tool: string) => string;
  /** Label before the tool's own reason for asking (AI SDK 7 `approval.requestReason`). */
  requestReason: string;
  approve: string;
  /** The "always allow" button. */
  alwaysAllow: (tool: string) => string;
  deny: string;
  /** Label of the optional denial reason field. */
  denyReason: string;
  /** Label of the argument editor (`editableArgs`). */
  editArgs: string;
  /** Shown when the edited arguments are not valid JSON. */
  invalidJson: (message: string) => string;
  /** Shown when sending the response failed. */
  responseFailed: (message: string) => string;
  /** The decision, once given. */
  approved: string;
  denied: string;
  /** Added to an approval while the tool has not run yet. */
  waitingForTool: string;
}

/** The text label of every status, so the badge never relies on colour alone. */
export const TOOL_STATUS_LABELS: Record<ToolStatus, string> = {
  pending: 'Pending',
  streaming: 'Receiving input',
  running: 'Running',
  'approval-requested': 'Awaiting approval',
  'approval-responded': 'Approved',
  completed: 'Completed',
  error: 'Error',
  denied: 'Denied',
};

/** English defaults of every tool-family string. */
export const defaultToolLabels: ToolLabels = {
  status: TOOL_STATUS_LABELS,
  summaryStatus: {
    pending: 'pending',
    streaming: 'receiving input',
    running: 'running',
    'approval-requested': 'awaiting approval',
    'approval-responded': 'approved',
    completed: 'completed',
    error: 'error',
    denied: 'denied',
  },
  summaryTotal: (n) => `${n} tool ${n === 1 ? 'call' : 'calls'}`,
  list: 'Tool calls',
  childCalls: (tool) => `Calls made by ${tool}`,
  invalidList: (got) => `ToolList: \`tools\` must be an array of tool invocations (got ${got}).`,
  providerExecuted: 'Provider-executed',
  preliminary: 'Preliminary',
  approvedAutomatically: 'Approved automatically',
  approvedByPolicy: 'Auto-approved',
  input: 'Input',
  output: 'Output',
  preliminaryOutput: 'Output (preliminary)',
  error: 'Error',
  received: 'Received',
  invalidTool: 'Unrecognised tool call',
  toolFailed: 'The tool failed',
  waitingForInput: 'Waiting for input…',
  noOutput: 'No output',
  approval: 'Approval',
  approvalQuestion: (tool) => `Allow ${tool} to run?`,
  requestReason: 'Why:',
  approve: 'Approve',
  alwaysAllow: (tool) => `Always allow ${tool}`,
  deny: 'Deny',
  denyReason: 'Reason (optional)',
  editArgs: 'Arguments (JSON)',
  invalidJson: (message) => `Not valid JSON: ${message}`,
  responseFailed: (message) => `Could not send the response: ${message}`,
  approved: 'Approved',
  denied: 'Denied',
  waitingForTool: 'waiting for the tool…',
};

/** Overrides for `ToolLabels`: any subset, and any subset of `status` / `summaryStatus`. */
export type ToolLabelsInput = Partial<Omit<ToolLabels, 'status' | 'summaryStatus'>> & {
  status?: Partial<Record<ToolStatus, string>>;
  summaryStatus?: Partial<Record<ToolStatus, string>>;
};

/** `mergeLabels` with the two per-status records merged key by key. */
export function mergeToolLabels(base: ToolLabels, overrides: ToolLabelsInput | undefined): ToolLabels {
  if (!overrides) return base;
  const { status, summaryStatus, ...flat } = overrides;
  const merged = mergeLabels(base, flat as Partial<ToolLabels>);
  if (!status && !summaryStatus) return merged;
  return {
    ...merged,
    status: mergeLabels(base.status, status),
    summaryStatus: mergeLabels(base.summaryStatus, summaryStatus),
  };
}
