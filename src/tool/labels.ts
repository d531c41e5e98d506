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
  // ToolList and ToolListSummary: their English defaults live beside them (src/tool/list.tsx), so a ToolPanel
  // alone does not carry them; they are in the labels of every panel inside a list.
  /** Summary text per status (`3 running`). @default the status in lower case ('receiving input', 'awaiting approval', …) */
  summaryStatus?: Record<ToolStatus, string>;
  /** `12 tool calls` at the start of the summary. @default `${n} tool ${n === 1 ? 'call' : 'calls'}` */
  summaryTotal?: (count: number) => string;
  /** Accessible name of a `ToolList`. @default 'Tool calls' */
  list?: string;
  /** Shown when `ToolList` gets something other than an array. @default `ToolList: \`tools\` must be an array of tool invocations (got ${got}).` */
  invalidList?: (got: string) => string;
  /** Accessible name of the nested list of a tool's own calls. */
  childCalls: (tool: string) => string;
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
  // ToolPanelArgsEditor (opt-in): its English defaults live beside it, so a panel without it does not carry them.
  /** Label of the argument editor (`ToolPanelArgsEditor`). @default 'Arguments (JSON)' */
  editArgs?: string;
  /** Shown when the edited arguments are not valid JSON. @default `Not valid JSON: ${message}` */
  invalidJson?: (message: string) => string;
  /** Shown when sending the response failed. */
  responseFailed: (message: string) => string;
  /** The decision, once given. */
  approved: string;
  denied: string;
  /** Added to an approval while the tool has not run yet. */
  waitingForTool: string;
  // ToolValue (the value viewer). `name` is the key shown, undefined for the value itself.
  /** Accessible name of a value tree without a `label`. */
  value: string;
  /** Accessible name of a node's expand button. */
  expand: (name: string | undefined) => string;
  /** Accessible name of a node's collapse button. */
  collapse: (name: string | undefined) => string;
  /** Size of an object (`keys`) or of an array, Map or Set, after its summary. */
  childCount: (count: number, keys: boolean) => string;
  /** The "Show more" button of a long string, with the characters not shown yet. */
  showMoreCharacters: (count: number) => string;
  /** The "Show more" button of a long array, object, Map or Set, with the children not shown yet. */
  showMoreItems: (count: number) => string;
  /** Shown for a value that contains itself. */
  circular: string;
  // ToolValueCopyButton (opt-in): its English defaults live beside it, so a viewer without it does not carry them.
  /** The copy button's text. @default 'Copy' */
  copy?: string;
  /** The copy button's text once copied. @default 'Copied' */
  copied?: string;
  /** The copy button's accessible name. @default `Copy ${name ?? 'value'}` */
  copyValue?: (name: string | undefined) => string;
  /** Shown when the browser refused to copy, above the text to copy by hand. */
  copyBlocked?: string;
  /** Accessible name of the text box to copy by hand. @default `Text of ${name ?? 'value'}` */
  copyText?: (name: string | undefined) => string;
  /** Strings of the sandbox tool renderers (`sandboxToolRenderers`), any subset over `defaultSandboxToolLabels`. */
  sandbox: Partial<SandboxToolLabels>;
}

/**
 * Strings of the sandbox tool renderers (`sandboxToolRenderers`), replaced
 * through `labels.sandbox` of `ToolList` / `ToolPanel`; English defaults in
 * `defaultSandboxToolLabels` (beside the renderers, so a panel without them
 * does not carry their text).
 */
export interface SandboxToolLabels {
  /** Accessible name of an `exec` command's output. */
  commandOutput: string;
  /** Shown where the start of a long output was dropped. */
  outputDropped: string;
  /** A command's exit code. */
  exitCode: (code: number) => string;
  /** Accessible name of a file's content. */
  fileContent: (path: string) => string;
  /** Summary of a new file in a `writeFile` diff. */
  newFile: (lines: number) => string;
  /** Accessible name of a `writeFile` diff. */
  fileChanges: (path: string) => string;
  /** Accessible name of a `listFiles` tree (`path` is undefined when the tool gave none). */
  directoryEntries: (path: string | undefined) => string;
  /** A `listFiles` result without entries. */
  emptyDirectory: string;
  /** A file's size in a `listFiles` tree. */
  fileSize: (bytes: number) => string;
  /** The `previewUrl` input (`port` is undefined until it arrives). */
  port: (port: number | undefined) => string;
  /** A `computer` action in words (`Click at (10, 20)`); the English default is `describeComputerAction`. */
  computerAction: (action: unknown) => string;
  /** Alternative text of a screenshot. */
  screenshotAlt: (width: number, height: number) => string;
  /** Alternative text of the screen after a `computer` action, with the action in words. */
  desktopAfter: (action: string) => string;
  /** A `screenshot` result without a usable image. */
  noImage: string;
  /** A `computer` result without a screenshot. */
  noScreenshot: string;
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

const count = (n: number) => n.toLocaleString('en-US');

/** English defaults of every tool-family string. */
export const defaultToolLabels: ToolLabels = {
  status: TOOL_STATUS_LABELS,
  childCalls: (tool) => `Calls made by ${tool}`,
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
  responseFailed: (message) => `Could not send the response: ${message}`,
  approved: 'Approved',
  denied: 'Denied',
  waitingForTool: 'waiting for the tool…',
  value: 'Value',
  expand: (name) => `Expand ${name ?? 'value'}`,
  collapse: (name) => `Collapse ${name ?? 'value'}`,
  childCount: (n, keys) => `${count(n)} ${keys ? 'key' : 'item'}${n === 1 ? '' : 's'}`,
  showMoreCharacters: (n) => `Show more (${count(n)} more characters)`,
  showMoreItems: (n) => `Show more (${count(n)} more items)`,
  circular: '[Circular]',
  sandbox: {},
};

/** Overrides for `ToolLabels`: any subset, and any subset of `status` / `summaryStatus` / `sandbox`. */
export type ToolLabelsInput = Partial<Omit<ToolLabels, 'status' | 'summaryStatus'>> & {
  status?: Partial<Record<ToolStatus, string>>;
  summaryStatus?: Partial<Record<ToolStatus, string>>;
};

/**
 * `overrides` laid over `base` (`mergeLabels`, the one merge of every family's labels): `undefined`
 * keeps the base's string, and `status`, `summaryStatus` and `sandbox` are merged key by key.
 */
export const mergeToolLabels: <L extends ToolLabels>(base: L, overrides: ToolLabelsInput | undefined) => L = mergeLabels;
