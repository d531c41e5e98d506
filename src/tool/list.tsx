import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { useIsomorphicLayoutEffect, useLatest } from '../internal';
import { TOOL_STATUSES, toToolInvocation, toolKey, type ToolInput, type ToolInvocation, type ToolStatus } from './normalize';
import { defaultToolLabels, mergeToolLabels, TOOL_STATUS_LABELS, type ToolLabels, type ToolLabelsInput } from './labels';
import {
  DefaultParts,
  ToolHostContext,
  ToolPanel,
  ToolPanelArgsEditor,
  type ToolApproveHandler,
  type ToolApproveOptions,
  type ToolDenyHandler,
  type ToolHostContextValue,
  type ToolValueRenderer,
} from './panel';
import { useWindow } from './use-window';

// ─── ToolList ────────────────────────────────────────────────────────────────
// Many invocations. Rows are memoised on the item's identity, so when a host
// replaces one item (as the AI SDK does on each update) only that row
// renders; everything a row needs besides its item is referentially stable.

/** Props a per-tool renderer receives. */
export interface ToolRendererProps {
  invocation: ToolInvocation;
  /** The item as given. */
  tool: ToolInput;
  /** `ToolList`'s `onApprove`, for a renderer that draws its own approval. @default undefined */
  onApprove?: ToolApproveHandler;
  /** `ToolList`'s `onDeny`. @default undefined */
  onDeny?: ToolDenyHandler;
}

/** A component that renders one invocation of a given tool. */
export type ToolRenderer = (props: ToolRendererProps) => React.ReactNode;

// Normalising is cheap but runs for every item on every update (for the
// summary counts); items are immutable in the AI SDK, so cache per object.
const cache = new WeakMap<object, ToolInvocation | null>();
function invocationOf(tool: unknown): ToolInvocation | null {
  if (tool === null || typeof tool !== 'object') return null;
  let inv = cache.get(tool);
  if (inv === undefined) {
    try {
      inv = toToolInvocation(tool as ToolInput);
    } catch {
      inv = null;
    }
    cache.set(tool, inv);
  }
  return inv;
}

const statusOf = (tool: unknown): ToolStatus => invocationOf(tool)?.status ?? 'error';

interface ToolIndex {
  tools: readonly ToolInput[];
  keys: readonly string[];
  counts: Record<ToolStatus, number>;
}

function indexTools(tools: readonly ToolInput[]): ToolIndex {
  const seen = new Set<string>();
  const keys = tools.map((tool, i) => {
    let key = toolKey(tool) ?? `#${i}`;
    if (seen.has(key)) key = `${key}#${i}`;
    seen.add(key);
    return key;
  });
  return { tools, keys, counts: countToolStatuses(tools) };
}

/**
 * Keys and counts, updated incrementally: when the host replaces a few items
 * (same length, same ids), only those are looked at, and `keys` / `counts`
 * keep their identity unless they changed, so nothing downstream recomputes.
 */
function useToolIndex(tools: readonly ToolInput[]): ToolIndex {
  const previous = React.useRef<ToolIndex | null>(null);
  return React.useMemo(() => {
    const prev = previous.current;
    let next: ToolIndex | null = null;
    if (prev && prev.tools.length === tools.length) {
      let counts = prev.counts;
      next = { tools, keys: prev.keys, counts };
      for (let i = 0; i < tools.length; i++) {
        const a = prev.tools[i];
        const b = tools[i];
        if (a === b) continue;
        if (toolKey(a) !== toolKey(b)) {
          next = null;
          break;
        }
        const sa = statusOf(a);
        const sb = statusOf(b);
        if (sa !== sb) {
          if (counts === prev.counts) counts = { ...prev.counts };
          counts[sa]--;
          counts[sb]++;
        }
      }
      if (next) next.counts = counts;
    }
    next ??= indexTools(tools);
    previous.current = next;
    return next;
  }, [tools]);
}

/** Counts per normalised status; invalid items count as `error`. */
export function countToolStatuses(tools: readonly unknown[]): Record<ToolStatus, number> {
  const counts = Object.fromEntries(TOOL_STATUSES.map((s) => [s, 0])) as Record<ToolStatus, number>;
  for (const tool of tools) counts[statusOf(tool)]++;
  return counts;
}

export interface ToolListProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The invocations, any accepted shape (mixed is fine). Keyed by `id` / `toolCallId`. */
  tools: readonly ToolInput[];
  /**
   * Renderers by tool name (`{ read_file: ReadFile }`); `'*'` renders every other
   * tool. Keep the object's functions stable (module level or memoised) so rows stay memoised.
   * @default {} (every tool renders as a ToolPanel)
   */
  renderers?: Record<string, ToolRenderer>;
  /**
   * Passed to every panel (and renderer).
   * @default undefined
   */
  onApprove?: ToolApproveHandler;
  /**
   * Passed to every panel (and renderer).
   * @default undefined
   */
  onDeny?: ToolDenyHandler;
  /**
   * Approve matching requests without asking, through `onApprove(invocation, { automatic: true })`,
   * and mark them "Auto-approved": tool names, or a predicate of the invocation.
   * @default undefined (every request asks)
   */
  autoApprove?: readonly string[] | ((invocation: ToolInvocation) => boolean);
  /**
   * Passed to every default panel: offer "Always allow <tool>".
   * @default false
   */
  allowAlways?: boolean;
  /**
   * Every default panel gets a `ToolPanelArgsEditor` in its approval: edit the arguments as JSON before approving.
   * @default false
   */
  editableArgs?: boolean;
  /**
   * Replaces any user-visible string of the list and its panels.
   * @default defaultToolLabels, with the list's own strings ('Tool calls', '12 tool calls', …)
   */
  labels?: ToolLabelsInput;
  /**
   * Passed to every default panel.
   * @default undefined
   */
  renderArgs?: ToolValueRenderer;
  /**
   * Passed to every default panel.
   * @default undefined
   */
  renderResult?: ToolValueRenderer;
  /**
   * Item count above which only the rows in view are rendered.
   * @default 100
   */
  virtualizeThreshold?: number;
  /**
   * Height of a row before it is measured, in px.
   * @default 44
   */
  estimatedItemHeight?: number;
  /**
   * Rows rendered beyond each edge of the viewport.
   * @default 6
   */
  overscan?: number;
  /**
   * Show the counts per status (a polite live region).
   * @default true
   */
  summary?: boolean;
  /**
   * Accessible name of the list (wins over `labels.list`).
   * @default labels.list ('Tool calls')
   */
  label?: string;
}

// The list's strings: here rather than in defaultToolLabels, so that a ToolPanel alone does not carry them.
type ListLabels = ToolLabels & Required<Pick<ToolLabels, 'summaryStatus' | 'summaryTotal' | 'list' | 'invalidList'>>;
const LIST_LABELS: ListLabels = {
  ...defaultToolLabels,
  // The badge's words in lower case (`3 awaiting approval`).
  summaryStatus: /* @__PURE__ */ Object.fromEntries(TOOL_STATUSES.map((s) => [s, TOOL_STATUS_LABELS[s].toLowerCase()])) as Record<ToolStatus, string>,
  summaryTotal: (n) => `${n} tool ${n === 1 ? 'call' : 'calls'}`,
  list: 'Tool calls',
  invalidList: (got) => `ToolList: \`tools\` must be an array of tool invocations (got ${got}).`,
};

const EMPTY: readonly ToolInput[] = [];
// One object, so an update does not hand React a new style to diff. `contain: content` (as the
// console's list has) keeps an update elsewhere (the summary's counts) from repainting the rows:
// paint 0.53 → 0.14 ms per update at 2,000 items (bench/budgets/trace.mjs). Like any layout containment it
// makes the viewport the containing block of `position: fixed` elements inside rows (portalled ones are not inside).
const VIEWPORT_STYLE: React.CSSProperties = { contain: 'content', overflowY: 'auto', overflowAnchor: 'none', maxHeight: 'var(--se-tool-list-height, 32rem)' };
const TRIGGER = '[data-se-part="tool-panel-trigger"]';
// After the trigger (looked for first), the first focusable element of a custom renderer's row.
const FOCUSABLE = `button:not([disabled]), [href], input:not([disabled]), [tabindex]:not([tabindex="-1"])`;

/** Many tool invocations with a summary, per-tool renderers, nesting, keyboard navigation and virtualisation. */
export const ToolList: React.ForwardRefExoticComponent<ToolListProps & React.RefAttributes<HTMLDivElement>> = /* @__PURE__ */ Object.assign(
  /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolListProps>(function ToolListRoot(props, ref) {
  const {
    tools: given,
    renderers,
    onApprove,
    onDeny,
    renderArgs,
    renderResult,
    virtualizeThreshold = 100,
    estimatedItemHeight = 44,
    overscan = 6,
    summary = true,
    label: labelProp,
    autoApprove,
    allowAlways = false,
    editableArgs = false,
    labels: labelsProp,
    onKeyDown,
    ...rest
  } = props;
  // A host bug (undefined while loading, an object instead of an array) shows
  // as an error in the list instead of crashing the app.
  // A parent list's labels already hold the list's strings (a host context comes only from a ToolList).
  const baseLabels = (React.useContext(ToolHostContext)?.labels as ListLabels | undefined) ?? LIST_LABELS;
  const labels = React.useMemo(() => mergeToolLabels(baseLabels, labelsProp), [baseLabels, labelsProp]);
  const label = labelProp ?? labels.list;
  const invalid = !Array.isArray(given);
  const tools: readonly ToolInput[] = invalid ? EMPTY : given;
  const viewport = React.useRef<HTMLDivElement>(null);
  const list = React.useRef<HTMLDivElement>(null);
  const virtual = tools.length > virtualizeThreshold;

  const { keys } = useToolIndex(tools);

  const win = useWindow({ keys, enabled: virtual, estimate: estimatedItemHeight, overscan, viewport });

  // Handlers reach rows through a ref, so a new callback identity re-renders nothing.
  const latest = useLatest({ onApprove, onDeny });
  const hasApprove = onApprove !== undefined;
  const hasDeny = onDeny !== undefined;
  const panelProps = React.useMemo(
    () => ({
      onApprove: hasApprove ? (inv: ToolInvocation, options: ToolApproveOptions) => latest.current.onApprove?.(inv, options) : undefined,
      onDeny: hasDeny ? (reason: string | undefined, inv: ToolInvocation) => latest.current.onDeny?.(reason, inv) : undefined,
      renderArgs,
      renderResult,
      allowAlways,
    }),
    [hasApprove, hasDeny, renderArgs, renderResult, allowAlways, latest],
  );

  // The autoApprove policy: names or a predicate. Matching requests are
  // approved once per approval id, through the same onApprove.
  const policy = React.useMemo(() => {
    if (!autoApprove) return undefined;
    if (typeof autoApprove === 'function') return autoApprove;
    const names = new Set(autoApprove);
    return (inv: ToolInvocation) => names.has(inv.name);
  }, [autoApprove]);
  const sent = React.useRef(new Set<string>());
  React.useEffect(() => {
    if (!policy || !hasApprove) return;
    for (const tool of tools) {
      const inv = invocationOf(tool);
      const id = inv?.approval?.id;
      if (!inv || inv.status !== 'approval-requested' || id === undefined || sent.current.has(id) || !policy(inv)) continue;
      sent.current.add(id);
      void Promise.resolve()
        .then(() => latest.current.onApprove?.(inv, { automatic: true }))
        .catch(() => sent.current.delete(id));
    }
  }, [tools, policy, hasApprove, latest]);

  const times = React.useRef(new Map<string, { start?: number; end?: number }>()).current;
  const host = React.useMemo<ToolHostContextValue>(
    () => ({
      times,
      labels,
      autoApprove: policy,
      renderChildren: (children, parent) => (
        <ToolList
          tools={children as ToolInput[]}
          renderers={renderers}
          {...panelProps}
          editableArgs={editableArgs}
          virtualizeThreshold={virtualizeThreshold}
          estimatedItemHeight={estimatedItemHeight}
          summary={false}
          autoApprove={autoApprove}
          label={labels.childCalls(parent.title ?? parent.name)}
        />
      ),
    }),
    [times, labels, policy, autoApprove, renderers, panelProps, editableArgs, virtualizeThreshold, estimatedItemHeight],
  );

  // Keyboard: ArrowUp/ArrowDown/Home/End move between panel triggers; a row
  // not rendered yet is scrolled into view and focused after the commit.
  const pendingFocus = React.useRef<number | null>(null);
  const focusRow = React.useCallback((index: number) => {
    const row = list.current?.querySelector<HTMLElement>(`:scope > [data-index="${index}"]`);
    const target = row?.querySelector<HTMLElement>(TRIGGER) ?? row?.querySelector<HTMLElement>(FOCUSABLE);
    if (!target) return false;
    target.focus();
    return true;
  }, []);
  useIsomorphicLayoutEffect(() => {
    if (pendingFocus.current !== null && focusRow(pendingFocus.current)) pendingFocus.current = null;
  });
  const handleKeyDown = composeEventHandlers(onKeyDown, (event: React.KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    const row = target.closest<HTMLElement>('[data-se-part="tool-list-item"]');
    if (!row || row.parentElement !== list.current || !target.matches(TRIGGER)) return;
    const index = Number(row.dataset.index);
    const last = tools.length - 1;
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const clamped = Math.max(0, Math.min(last, next));
    if (!focusRow(clamped)) {
      pendingFocus.current = clamped;
      win.scrollToIndex(clamped);
    }
  });

  const padding = React.useMemo(() => (virtual ? { paddingTop: win.before, paddingBottom: win.after } : undefined), [virtual, win.before, win.after]);
  const rows: React.ReactNode[] = [];
  for (let i = win.start; i < win.end; i++) {
    const tool = tools[i]!;
    const name = invocationOf(tool)?.name;
    const Renderer = (name !== undefined && renderers?.[name]) || renderers?.['*'];
    rows.push(
      <ToolListRow
        key={keys[i]}
        itemKey={keys[i]!}
        tool={tool}
        index={i}
        setSize={tools.length}
        Renderer={Renderer || undefined}
        panelProps={panelProps}
        editableArgs={editableArgs}
        observe={virtual ? win.observe : undefined}
      />,
    );
  }

  return (
    <ToolHostContext.Provider value={host}>
      <div
        ref={ref}
        data-se-part="tool-list"
        data-virtualized={virtual ? '' : undefined}
        data-empty={tools.length ? undefined : ''}
        data-invalid={invalid ? '' : undefined}
        {...rest}
       
        onKeyDown={handleKeyDown}
      >
        {invalid ? (
          <p role="alert" data-se-part="tool-list-error">
            {labels.invalidList(given === null ? 'null' : typeof given)}
          </p>
        ) : null}
        {summary ? <ToolListSummary tools={tools} labels={labels} /> : null}
        <div
          ref={viewport}
          data-se-part="tool-list-viewport"
          onScroll={virtual ? win.onScroll : undefined}
          style={virtual ? VIEWPORT_STYLE : undefined}
        >
          <div
            ref={list}
            role="list"
            aria-label={label}
            data-se-part="tool-list-items"
            style={padding}
          >
            {rows}
          </div>
        </div>
      </div>
    </ToolHostContext.Provider>
  );
}),
  { displayName: 'ToolList' },
);

interface RowProps {
  itemKey: string;
  tool: ToolInput;
  index: number;
  setSize: number;
  Renderer: ToolRenderer | undefined;
  panelProps: Pick<ToolRendererProps, 'onApprove' | 'onDeny'> & { renderArgs?: ToolValueRenderer; renderResult?: ToolValueRenderer; allowAlways?: boolean };
  editableArgs: boolean;
  observe: ((el: HTMLElement) => () => void) | undefined;
}


const ToolListRow = /* @__PURE__ */ React.memo(function ToolListRow({ itemKey, tool, index, setSize, Renderer, panelProps, editableArgs, observe }: RowProps) {
  const ref = React.useRef<HTMLDivElement>(null);
  useIsomorphicLayoutEffect(() => (observe && ref.current ? observe(ref.current) : undefined), [observe]);
  const invocation = invocationOf(tool);
  return (
    <div
      ref={ref}
      role="listitem"
      aria-posinset={index + 1}
      aria-setsize={setSize}
      data-se-part="tool-list-item"
      data-index={index}
      data-key={itemKey}
      data-status={invocation?.status ?? 'error'}
    >
      {Renderer && invocation ? (
        <Renderer invocation={invocation} tool={tool} onApprove={panelProps.onApprove} onDeny={panelProps.onDeny} />
      ) : (
        <ToolPanel tool={tool} {...panelProps}>
          {editableArgs ? <DefaultParts editor={<ToolPanelArgsEditor />} /> : undefined}
        </ToolPanel>
      )}
    </div>
  );
});

// ─── Summary ─────────────────────────────────────────────────────────────────

export interface ToolListSummaryProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The same items as the list. */
  tools: readonly ToolInput[];
  /**
   * Replaces the summary's strings (`summaryTotal`, `summaryStatus`).
   * @default the list's English strings ('12 tool calls', '3 awaiting approval')
   */
  labels?: ToolLabelsInput;
}

/** "12 tool calls: 3 running, 9 completed" as a polite live region (also usable on its own). */
export const ToolListSummary = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolListSummaryProps>(function ToolListSummary({ tools, labels, ...rest }, ref) {
  // Incremental, as in the list: an update that replaces one item looks at that item only.
  const { counts } = useToolIndex(tools);
  const words = React.useMemo(() => mergeToolLabels(LIST_LABELS, labels), [labels]);
  const parts = TOOL_STATUSES.filter((s) => counts[s] > 0);
  return (
    <div ref={ref} role="status" aria-atomic="true" data-se-part="tool-list-summary" {...rest}>
      <span data-se-part="tool-list-total">{`${words.summaryTotal(tools.length)}${parts.length ? ': ' : ''}`}</span>
      {parts.map((s, i) => (
        <span key={s} data-se-part="tool-list-count" data-status={s}>
          {`${i ? ', ' : ''}${counts[s]} ${words.summaryStatus[s]}`}
        </span>
      ))}
    </div>
  );
});
