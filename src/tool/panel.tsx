import * as React from 'react';
import { CollapsibleContent, collapsibleTriggerProps, openState } from '../internal/collapsible';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { createContext } from '../internal/strict-context';
import { useControllableState, useIsomorphicLayoutEffect } from '../internal';
import { slotChildren, slotOr, type AsChildProps } from '../internal/slot';
import { defaultToolLabels, mergeToolLabels, TOOL_STATUS_LABELS, type ToolLabels, type ToolLabelsInput } from './labels';
import { errorMessage, isTerminalStatus, toToolInvocation, type ToolInput, type ToolInvocation, type ToolStatus } from './normalize';
import { ToolPanelProvider, useToolPanelContext, type PanelHandlers, type ToolPanelContextValue } from './context';
import { ToolValue } from './value';

export { TOOL_STATUS_LABELS };

// ─── Shared ──────────────────────────────────────────────────────────────────

/** Why the panel opened or closed. */
export interface ToolPanelOpenChangeDetails {
  reason: 'trigger' | 'approval-requested' | 'error';
}

/** What came with an approval besides the invocation. */
export interface ToolApproveOptions {
  /** The user chose "Always allow <tool>" (`allowAlways`): remember it, e.g. in `ToolList`'s `autoApprove`. @default false */
  always?: boolean;
  /** The arguments as the user edited them (`ToolPanelArgsEditor`), parsed from JSON. @default undefined (the invocation's input) */
  input?: unknown;
  /** Sent by `ToolList`'s `autoApprove` policy, not by the user. @default false */
  automatic?: boolean;
}

/**
 * Approve handler. With the AI SDK:
 * `(inv) => addToolApprovalResponse({ id: inv.approval!.id, approved: true })`.
 */
export type ToolApproveHandler = (invocation: ToolInvocation, options: ToolApproveOptions) => void | PromiseLike<unknown>;
export type ToolDenyHandler = (reason: string | undefined, invocation: ToolInvocation) => void | PromiseLike<unknown>;
export type ToolValueRenderer = (value: unknown, invocation: ToolInvocation) => React.ReactNode;

/** The normalised invocation and open state of the enclosing `ToolPanel`, for custom parts. */
export function useToolInvocation(): { invocation: ToolInvocation; open: boolean; labels: ToolLabels } {
  const { invocation, open, labels } = useToolPanelContext('useToolInvocation');
  return { invocation, open, labels };
}

/**
 * Lets `ToolList` keep first-seen times across virtualisation (a panel
 * scrolled out and back must not restart its clock) and render nested
 * invocations with its own renderers.
 * @internal
 */
export interface ToolHostContextValue {
  times: Map<string, { start?: number; end?: number }>;
  renderChildren?: (children: readonly unknown[], parent: ToolInvocation) => React.ReactNode;
  labels?: ToolLabels;
  /** The list's `autoApprove` policy. */
  autoApprove?: (invocation: ToolInvocation) => boolean;
}
export const ToolHostContext = /* @__PURE__ */ React.createContext<ToolHostContextValue | null>(null);

// Data attributes of every part: `data-status` is the normalised status.
// `data-state` is the collapsible's (`open` | `closed` on the root, trigger and
// content), so `[data-state=open]` rules and animations match as in Radix.
const stateProps = (ctx: ToolPanelContextValue) => ({
  'data-status': ctx.invocation.status,
});

// ─── ToolPanel ───────────────────────────────────────────────────────────────

export interface ToolPanelProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'dir'> {
  /** The invocation: the seed shape or an AI SDK tool part, as it is. */
  tool: ToolInput;
  /**
   * Controlled open state.
   * @default undefined (uncontrolled)
   */
  open?: boolean;
  /**
   * Initial open state when uncontrolled.
   * @default true when approval is requested or the tool failed, else false
   */
  defaultOpen?: boolean;
  /**
   * Called with the next open state and why (`trigger`, `approval-requested`, `error`).
   * @default undefined
   */
  onOpenChange?: (open: boolean, details: ToolPanelOpenChangeDetails) => void;
  /**
   * Called when the user approves (AI SDK: `addToolApprovalResponse({ id: invocation.approval.id, approved: true })`).
   * Return a promise to keep the buttons disabled until it settles.
   * @default undefined (the Approve button is disabled)
   */
  onApprove?: ToolApproveHandler;
  /**
   * Called when the user denies, with the optional reason they typed.
   * @default undefined (the Deny button is disabled)
   */
  onDeny?: ToolDenyHandler;
  /**
   * Offer "Always allow <tool>" beside Approve; it calls `onApprove(invocation, { always: true })`.
   * @default false
   */
  allowAlways?: boolean;
  /**
   * Replaces any user-visible string (`defaultToolLabels`); inside a `ToolList`, laid over the list's labels.
   * @default defaultToolLabels
   */
  labels?: ToolLabelsInput;
  /**
   * Replaces the default input viewer.
   * @default undefined (ToolValue)
   */
  renderArgs?: ToolValueRenderer;
  /**
   * Replaces the default output viewer.
   * @default undefined (ToolValue)
   */
  renderResult?: ToolValueRenderer;
  /**
   * Open automatically when approval is requested or an error arrives, unless the user closed the panel.
   * @default true
   */
  autoOpen?: boolean;
  /**
   * Custom composition of parts.
   * @default the header (trigger with title, status and markers) and content (args, approval, result, error, children)
   */
  children?: React.ReactNode;
}

/** One tool invocation: a collapsible panel with header, input, output, error and approval. */
export const ToolPanel = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelProps>(function ToolPanel(props, ref) {
  const {
    tool,
    open: openProp,
    defaultOpen,
    onOpenChange,
    onApprove,
    onDeny,
    renderArgs,
    renderResult,
    allowAlways,
    labels: labelsProp,
    autoOpen = true,
    children,
    ...rest
  } = props;
  const host = React.useContext(ToolHostContext);
  const base = host?.labels ?? defaultToolLabels;
  const labels = React.useMemo(() => mergeToolLabels(base, labelsProp), [base, labelsProp]);
  const invocation = React.useMemo((): ToolInvocation => {
    try {
      return toToolInvocation(tool);
    } catch (error) {
      // The seed shape's `error` gives the message and keeps the value (`errorValue`).
      return { ...toToolInvocation({ id: 'invalid', name: labels.invalidTool, status: 'error', args: tool, error }), sourceState: 'invalid', source: tool };
    }
  }, [tool, labels.invalidTool]);
  // No part of either shape has this state: toToolInvocation refuses unknown states.
  const invalid = invocation.sourceState === 'invalid';
  // (An invalid invocation has no approval.)
  const byPolicy = invocation.approval !== undefined && invocation.approval.approved !== false && !!host?.autoApprove?.(invocation);
  const { status } = invocation;
  // Approval requested or failed: open, unless `autoOpen` is off (or, later, the user closed the panel).
  const openForStatus = autoOpen && (status === 'approval-requested' || status === 'error');
  const [open, setOpen] = useControllableState<boolean, ToolPanelOpenChangeDetails>({
    prop: openProp,
    defaultProp: defaultOpen ?? openForStatus,
    onChange: onOpenChange,
    caller: 'ToolPanel',
  });
  const closedByUser = React.useRef(false);
  React.useEffect(() => {
    if (openForStatus && !closedByUser.current) setOpen(true, { reason: status as 'error' });
  }, [openForStatus, status, setOpen]);
  const setOpenByTrigger = React.useCallback(
    (next: boolean) => {
      closedByUser.current = !next;
      setOpen(next, { reason: 'trigger' });
    },
    [setOpen],
  );
  const contentId = React.useId();

  // Assigned while rendering (not in an effect like useLatest) because parts
  // read renderArgs/renderResult during this same render. Exactly the five
  // handler props: ToolPanelChildren hands them on to the nested panels as they are.
  const handlers = React.useRef<PanelHandlers>(null!);
  handlers.current = { onApprove, onDeny, renderArgs, renderResult, allowAlways };

  return (
    <ToolPanelProvider
      invocation={invocation}
      open={open}
      onOpenChange={setOpenByTrigger}
      contentId={contentId}
      labels={labels}
      byPolicy={byPolicy}
      handlers={handlers}
    >
      <div
        ref={ref}
        data-state={openState(open)}
        data-se-part="tool-panel"
        data-tool={invocation.name}
        data-invalid={invalid ? '' : undefined}
        data-status={status}
        {...rest}
      >
        {children ?? <DefaultParts />}
      </div>
    </ToolPanelProvider>
  );
});

/**
 * The default composition; `ToolList` passes an argument editor (its `editableArgs`).
 * @internal
 */
export function DefaultParts({ editor }: { editor?: React.ReactNode }): React.JSX.Element {
  return (
    <>
      <ToolPanelHeader>
        <ToolPanelTrigger />
      </ToolPanelHeader>
      <ToolPanelContent>
        <ToolPanelArgs />
        <ToolPanelApproval editor={editor} />
        <ToolPanelResult />
        <ToolPanelError />
        <ToolPanelChildren />
      </ToolPanelContent>
    </>
  );
}

// ─── Header ──────────────────────────────────────────────────────────────────

type DivProps = React.HTMLAttributes<HTMLDivElement>;
type SpanProps = React.HTMLAttributes<HTMLSpanElement>;

/** The panel's top row; holds the trigger (and anything else you add beside it). */
export const ToolPanelHeader = /* @__PURE__ */ React.forwardRef<HTMLDivElement, DivProps>(function ToolPanelHeader(rest, ref) {
  const ctx = useToolPanelContext('ToolPanelHeader');
  return <div ref={ref} data-se-part="tool-panel-header" {...stateProps(ctx)} {...rest} />;
});

export interface ToolPanelTriggerProps extends React.ButtonHTMLAttributes<HTMLButtonElement>, AsChildProps {}

/**
 * The button that opens and closes the panel; shows title, status and markers
 * by default (add `ToolPanelDuration` beside it in the header for the elapsed
 * time). With `asChild`, your single child element becomes the trigger (the
 * behaviour, ARIA and data attributes are merged onto it, as Radix does).
 */
export const ToolPanelTrigger = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, ToolPanelTriggerProps>(function ToolPanelTrigger(
  { asChild = false, children, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelTrigger');
  const Comp = slotOr(asChild, 'button');
  const { providerExecuted, preliminary, approval } = ctx.invocation;
  const { labels } = ctx;
  const marker = (name: string, text: string) => (
    <span data-se-part="tool-panel-marker" data-marker={name}>
      {text}
    </span>
  );
  return (
    <Comp
      ref={ref}
      {...collapsibleTriggerProps(ctx.open, ctx.onOpenChange, ctx.contentId, { 'data-se-part': 'tool-panel-trigger', ...stateProps(ctx), ...rest })}
    >
      {slotChildren(
        asChild,
        children,
        <>
          <ToolPanelTitle />
          <ToolPanelStatus />
          {providerExecuted ? marker('provider-executed', labels.providerExecuted) : null}
          {preliminary ? marker('preliminary', labels.preliminary) : null}
          {approval?.isAutomatic && approval.approved !== false ? marker('automatic', labels.approvedAutomatically) : null}
          {ctx.byPolicy && !approval?.isAutomatic ? marker('policy', labels.approvedByPolicy) : null}
        </>,
      )}
    </Comp>
  );
});

/** The tool's title (AI SDK `title`) over its name, or its name alone. */
export const ToolPanelTitle = /* @__PURE__ */ React.forwardRef<HTMLSpanElement, SpanProps>(function ToolPanelTitle({ children, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelTitle');
  const { title, name } = ctx.invocation;
  return (
    <span ref={ref} data-se-part="tool-panel-title" data-titled={title ? '' : undefined} {...stateProps(ctx)} {...rest}>
      {children ??
        (title ? (
          <>
            {title} <span data-se-part="tool-panel-tool-name">{name}</span>
          </>
        ) : (
          name
        ))}
    </span>
  );
});

export interface ToolPanelStatusProps extends SpanProps {
  /**
   * Text per status, over the panel's `labels.status`.
   * @default the panel's labels.status (TOOL_STATUS_LABELS)
   */
  labels?: Partial<Record<ToolStatus, string>>;
}

/** The status badge, always with a text label. */
export const ToolPanelStatus = /* @__PURE__ */ React.forwardRef<HTMLSpanElement, ToolPanelStatusProps>(function ToolPanelStatus(
  { labels, children, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelStatus');
  const { status } = ctx.invocation;
  const label = labels?.[status] ?? ctx.labels.status[status];
  return (
    <span ref={ref} data-se-part="tool-panel-status" {...stateProps(ctx)} {...rest}>
      {children ?? label}
    </span>
  );
});

// One interval per period shared by every ticking duration, so a hundred
// running tools cost one timer and one batched React commit per tick.
const tickers = new Map<number, { timer: ReturnType<typeof setInterval>; listeners: Set<() => void> }>();
function subscribeTick(period: number, listener: () => void): () => void {
  let ticker = tickers.get(period);
  if (!ticker) {
    const listeners = new Set<() => void>();
    ticker = { listeners, timer: setInterval(() => listeners.forEach((l) => l()), period) };
    tickers.set(period, ticker);
  }
  ticker.listeners.add(listener);
  return () => {
    ticker.listeners.delete(listener);
    if (!ticker.listeners.size) {
      clearInterval(ticker.timer);
      tickers.delete(period);
    }
  };
}

/** `1.2s`, `2m 05s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m ${String(Math.floor(s % 60)).padStart(2, '0')}s`;
}

export interface ToolPanelDurationProps extends SpanProps {
  /**
   * Milliseconds between ticks while the tool is active.
   * @default 100
   */
  interval?: number;
  /**
   * Formats the elapsed milliseconds.
   * @default formatDuration
   */
  format?: (ms: number) => string;
}

/**
 * Elapsed time, opt-in (`<ToolPanelHeader><ToolPanelTrigger /><ToolPanelDuration /></ToolPanelHeader>`):
 * ticks while the tool is active and freezes when it ends. Uses
 * `startedAt`/`endedAt` when given, else the moments this panel first saw the
 * tool active and finished (AI SDK parts carry no timestamps); renders nothing
 * when neither is known.
 */
export const ToolPanelDuration = /* @__PURE__ */ React.forwardRef<HTMLSpanElement, ToolPanelDurationProps>(function ToolPanelDuration(
  { interval = 100, format = formatDuration, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelDuration');
  const host = React.useContext(ToolHostContext);
  const { id, status, startedAt, endedAt } = ctx.invocation;
  const local = React.useRef<{ start?: number; end?: number }>({});
  const [, tick] = React.useReducer((n: number) => n + 1, 0);
  const terminal = isTerminalStatus(status);
  const record = host?.times.get(id) ?? local.current;

  useIsomorphicLayoutEffect(() => {
    let seen = host?.times.get(id);
    if (!seen) {
      seen = local.current;
      host?.times.set(id, seen);
    }
    const started = seen.start !== undefined;
    if (!started && !terminal && status !== 'pending') seen.start = Date.now();
    if (seen.start !== undefined && seen.end === undefined && terminal) seen.end = Date.now();
    if (!terminal) seen.end = undefined;
    if ((seen.start !== undefined) !== started || terminal) tick();
  }, [host, id, status, terminal]);

  const start = startedAt ?? record.start;
  const end = endedAt ?? record.end;
  const active = start !== undefined && end === undefined && !terminal;
  React.useEffect(() => (active ? subscribeTick(Math.max(16, interval), tick) : undefined), [active, interval]);

  if (start === undefined || (terminal && end === undefined)) return null;
  const ms = (end ?? Date.now()) - start;
  return (
    <span
      ref={ref}
      data-se-part="tool-panel-duration"
      data-ticking={active ? '' : undefined}
      {...stateProps(ctx)}
      {...rest}
     
      suppressHydrationWarning
    >
      {format(ms)}
    </span>
  );
});

// ─── Content ─────────────────────────────────────────────────────────────────

export interface ToolPanelContentProps extends DivProps {
  /**
   * Keep the content mounted while closed (for animations).
   * @default undefined
   */
  forceMount?: true;
}

/** The collapsible body. */
export const ToolPanelContent = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelContentProps>(function ToolPanelContent(rest, ref) {
  const ctx = useToolPanelContext('ToolPanelContent');
  return <CollapsibleContent ref={ref} open={ctx.open} id={ctx.contentId} data-se-part="tool-panel-content" {...stateProps(ctx)} {...rest} />;
});

function Section({ part, label, ctx, children, rest, sectionRef }: {
  part: string;
  label: string;
  ctx: ToolPanelContextValue;
  children: React.ReactNode;
  rest: DivProps;
  sectionRef: React.Ref<HTMLDivElement>;
}) {
  const id = React.useId();
    return (
    <div ref={sectionRef} role="group" aria-labelledby={id} data-se-part={part} {...stateProps(ctx)} {...rest}>
      <div id={id} data-se-part="tool-panel-section-label">
        {label}
      </div>
      {children}
    </div>
  );
}

export interface ToolPanelSectionProps extends DivProps {
  /**
   * The section's visible label.
   * @default 'Input' / 'Output' / 'Error'
   */
  label?: string;
}

/**
 * The input. While input streams in, shows what has arrived (partial objects,
 * or the raw text) instead of failing on it.
 */
export const ToolPanelArgs = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelSectionProps>(function ToolPanelArgs({ label, children, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelArgs');
  const inv = ctx.invocation;
  const render = ctx.handlers.current.renderArgs;
  const { labels } = ctx;
  const sectionLabel = label ?? (inv.sourceState === 'invalid' ? labels.received : labels.input);
  let body: React.ReactNode = children;
  if (body === undefined) {
    // The raw input when the arguments cannot be shown as a value, and always while a text-encoded
    // input (AI SDK 7 `inputEncoding: 'text'`) streams in: show it as it arrives.
    const streamingText = inv.status === 'streaming' && inv.inputEncoding === 'text';
    if ((streamingText && inv.rawInput !== undefined) || (!inv.hasArgs && inv.rawInput))
      body = (
        <pre data-se-part="tool-panel-raw-input" data-encoding={inv.inputEncoding}>
          {inv.rawInput}
        </pre>
      );
    else if (inv.hasArgs) body = render ? render(inv.args, inv) : <ToolValue value={inv.args} label={sectionLabel} />;
    else if (!isTerminalStatus(inv.status)) body = <p data-se-part="tool-panel-placeholder">{labels.waitingForInput}</p>;
    else return null;
  }
  return (
    <Section part="tool-panel-args" label={sectionLabel} ctx={ctx} rest={rest} sectionRef={ref}>
      {body}
    </Section>
  );
});

/** The output, including falsy outputs (`0`, `false`, `""`, `null`, `undefined`). */
export const ToolPanelResult = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelSectionProps>(function ToolPanelResult({ label, children, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelResult');
  const inv = ctx.invocation;
  const render = ctx.handlers.current.renderResult;
  let body: React.ReactNode = children;
  if (body === undefined) {
    if (inv.hasResult) body = render ? render(inv.result, inv) : <ToolValue value={inv.result} label={ctx.labels.output} />;
    else if (inv.status === 'completed') body = <p data-se-part="tool-panel-placeholder">{ctx.labels.noOutput}</p>;
    else return null;
  }
  return (
    <Section
      part="tool-panel-result"
      label={label ?? (inv.preliminary ? ctx.labels.preliminaryOutput : ctx.labels.output)}
      ctx={ctx}
      rest={{ 'data-preliminary': inv.preliminary ? '' : undefined, ...rest } as DivProps}
      sectionRef={ref}
    >
      {body}
    </Section>
  );
});

/** The error message, as text. Renders nothing unless the tool failed. */
export const ToolPanelError = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelSectionProps>(function ToolPanelError({ label, children, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelError');
  const inv = ctx.invocation;
  if (inv.status !== 'error' && children === undefined) return null;
  return (
    <Section part="tool-panel-error" label={label ?? ctx.labels.error} ctx={ctx} rest={rest} sectionRef={ref}>
      {children ?? <p data-se-part="tool-panel-error-message">{inv.error ?? ctx.labels.toolFailed}</p>}
    </Section>
  );
});

/** The approval as the custom UI sees it (`ToolPanelApproval` render prop and `useToolApproval`). */
export interface ToolApprovalState {
  invocation: ToolInvocation;
  /** `requested` while waiting for an answer; then the answer, derived from the part alone. */
  decision: 'requested' | 'approved' | 'denied';
  /** True while the host's `onApprove` / `onDeny` promise is pending (buttons are disabled). */
  responding: boolean;
  /** Why sending the response failed, if it did. */
  failure: string | undefined;
  /** Why the tool asks (AI SDK 7 `approval.requestReason`). */
  requestReason: string | undefined;
  /** Approved by the `ToolList` `autoApprove` policy or by the AI SDK (`isAutomatic`). */
  automatic: boolean;
  /** Approves (through `onApprove`); refused with a message while a `ToolPanelArgsEditor` holds invalid JSON. */
  approve: (options?: { always?: boolean }) => void;
  /** Denies (through `onDeny`) with the typed reason, or `reason` when given. */
  deny: (reason?: string) => void;
  /** The optional denial reason being typed. */
  reason: string;
  setReason: (reason: string) => void;
  canApprove: boolean;
  canDeny: boolean;
}

// `editor`: the enclosing ToolPanelArgsEditor's parser, which approve() asks for the edited input
// (undefined while its text is invalid JSON).
interface ApprovalContextValue extends ToolApprovalState {
  editor: React.MutableRefObject<(() => { value: unknown } | undefined) | null>;
}
const [ApprovalProvider, useApprovalContext] = /* @__PURE__ */ createContext<ApprovalContextValue>('ToolPanelApproval');

/** The approval state of the enclosing `ToolPanelApproval`, for custom approval UIs. */
export function useToolApproval(): ToolApprovalState {
  return useApprovalContext('useToolApproval');
}

const toJsonText = (value: unknown) => {
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return '';
  }
};

export interface ToolPanelApprovalProps extends Omit<DivProps, 'children'> {
  /**
   * Show a text field for an optional reason when denying.
   * @default true
   */
  withReason?: boolean;
  /**
   * Shown above the reason field while approval is requested: `<ToolPanelArgsEditor />` lets the user
   * edit the arguments before approving.
   * @default undefined
   */
  editor?: React.ReactNode;
  /**
   * A custom approval UI: elements (compose `ToolPanelApproveButton` / `ToolPanelDenyButton`, or read
   * `useToolApproval()`), or a function of the approval state. Focus handling and disabled-while-pending stay.
   * @default the question, the tool's reason, the argument editor, the reason field and the buttons
   */
  children?: React.ReactNode | ((state: ToolApprovalState) => React.ReactNode);
}

/**
 * Approve / deny while approval is requested (buttons disabled while the
 * response is being sent; focus moves to the group so it is not lost);
 * afterwards, the decision, its reason and how it was given — all derived
 * from the part, so a reloaded message shows the same.
 */
export const ToolPanelApproval = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelApprovalProps>(function ToolPanelApproval(
  { withReason = true, editor: editorSlot, children, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelApproval');
  const inv = ctx.invocation;
  const { labels } = ctx;
  const [responding, setResponding] = React.useState(false);
  const [failure, setFailure] = React.useState<string>();
  const [reason, setReason] = React.useState('');
  const editor: ApprovalContextValue['editor'] = React.useRef(null);
  const group = React.useRef<HTMLDivElement | null>(null);
  const setRefs = useComposedRefs(ref, group);
  const { status, approval } = inv;
  React.useEffect(() => setResponding(false), [status, approval?.id]);

  const requested = status === 'approval-requested';
  const automatic = ctx.byPolicy || approval?.isAutomatic === true;
  const { onApprove, onDeny, allowAlways } = ctx.handlers.current;
  const send = (run: () => unknown) => {
    // Keep focus in the group while its buttons are disabled. (Focusing the element
    // that has focus does nothing: no check for the group itself.)
    const el = group.current;
    if (el?.contains(document.activeElement)) el.focus();
    setResponding(true);
    setFailure(undefined);
    // A handler that throws fails like one that rejects. (After unmount, setting state is a no-op.)
    (async () => run())().catch((error: unknown) => {
      setResponding(false);
      setFailure(errorMessage(error));
    });
  };
  const state: ApprovalContextValue = {
    invocation: inv,
    decision: requested ? 'requested' : status === 'denied' || approval?.approved === false ? 'denied' : 'approved',
    responding: responding || (requested && ctx.byPolicy),
    failure,
    requestReason: approval?.requestReason,
    automatic,
    approve: (options) => {
      if (!onApprove || responding) return;
      const edited = editor.current ? editor.current() : null;
      if (edited === undefined) return;
      send(() => onApprove(inv, { ...(options?.always && { always: true }), ...(edited && { input: edited.value }) }));
    },
    deny: (given) => {
      if (!onDeny || responding) return;
      send(() => onDeny((given ?? reason).trim() || undefined, inv));
    },
    reason,
    setReason,
    canApprove: !!onApprove,
    canDeny: !!onDeny,
    editor,
  };

  if (!requested && !approval) return null;

  const body =
    children === undefined ? (
      <DefaultApproval state={state} withReason={withReason} allowAlways={!!allowAlways} editor={editorSlot} labels={labels} />
    ) : typeof children === 'function' ? (
      children(state)
    ) : (
      children
    );

  return (
    <ApprovalProvider {...state}>
      <div
        ref={setRefs}
        role="group"
        tabIndex={-1}
        aria-label={labels.approval}
        data-se-part="tool-panel-approval"
        data-responding={state.responding ? '' : undefined}
        data-decision={state.decision === 'requested' ? undefined : state.decision}
        data-automatic={automatic ? '' : undefined}
        {...stateProps(ctx)}
        {...rest}
       
      >
        {body}
      </div>
    </ApprovalProvider>
  );
});

function DefaultApproval({ state, withReason, allowAlways, editor, labels }: {
  state: ToolApprovalState;
  withReason: boolean;
  allowAlways: boolean;
  editor: React.ReactNode;
  labels: ToolLabels;
}) {
  const reasonId = React.useId();
  const inv = state.invocation;
  const name = inv.title ?? inv.name;
  const { approval } = inv;
  const requestReason = state.requestReason ? (
    <p data-se-part="tool-panel-approval-request-reason">
      <span data-se-part="tool-panel-approval-request-reason-label">{labels.requestReason}</span> {state.requestReason}
    </p>
  ) : null;
  if (state.decision !== 'requested') {
    const denied = state.decision === 'denied';
    return (
      <>
        {requestReason}
        <p data-se-part="tool-panel-approval-message">
          {denied ? labels.denied : labels.approved}
          {approval?.reason ? `: ${approval.reason}` : ''}
          {state.automatic && !denied ? ` (${approval?.isAutomatic ? labels.approvedAutomatically : labels.approvedByPolicy})` : ''}
          {inv.status === 'approval-responded' ? ` — ${labels.waitingForTool}` : ''}
        </p>
      </>
    );
  }
  if (state.automatic) {
    return (
      <>
        {requestReason}
        <p data-se-part="tool-panel-approval-message">{labels.approvedByPolicy}</p>
      </>
    );
  }
  return (
    <>
      <p data-se-part="tool-panel-approval-message">{labels.approvalQuestion(name)}</p>
      {requestReason}
      {editor}
      {withReason ? (
        <>
          <label htmlFor={reasonId} data-se-part="tool-panel-approval-reason-label">
            {labels.denyReason}
          </label>
          <input
            id={reasonId}
            data-se-part="tool-panel-approval-reason"
            value={state.reason}
            disabled={state.responding}
            onChange={(e) => state.setReason(e.target.value)}
          />
        </>
      ) : null}
      <ToolPanelApproveButton />
      {allowAlways ? <ToolPanelApproveButton always /> : null}
      <ToolPanelDenyButton />
      {state.failure ? (
        <p role="alert" data-se-part="tool-panel-approval-error">
          {labels.responseFailed(state.failure)}
        </p>
      ) : null}
    </>
  );
}

// The editor's English defaults, here rather than in defaultToolLabels so that
// a panel without the (opt-in) editor does not carry them.
const EDITOR_LABELS: Required<Pick<ToolLabels, 'editArgs' | 'invalidJson'>> = {
  editArgs: 'Arguments (JSON)',
  invalidJson: (message) => `Not valid JSON: ${message}`,
};

/** Props of `ToolPanelArgsEditor`: the text area's (its value is the editor's own). */
export interface ToolPanelArgsEditorProps extends Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'defaultValue' | 'children'> {}

/**
 * Lets the user edit the arguments as JSON before approving: put it in
 * `ToolPanelApproval` (`editor={<ToolPanelArgsEditor />}`, or among your own
 * approval parts). Approve parses the text and sends the value as
 * `onApprove(invocation, { input })`; invalid JSON is refused with a message
 * (`labels.invalidJson`) and focus moves here. Renders the label, the text
 * area (your props and ref go to it) and the message, while approval is
 * requested.
 */
export const ToolPanelArgsEditor = /* @__PURE__ */ React.forwardRef<HTMLTextAreaElement, ToolPanelArgsEditorProps>(function ToolPanelArgsEditor(
  { onChange, ...rest },
  ref,
) {
  const approval = useApprovalContext('ToolPanelArgsEditor');
  const labels = { ...EDITOR_LABELS, ...useToolPanelContext('ToolPanelArgsEditor').labels };
  const inv = approval.invocation;
  const [text, setText] = React.useState(() => toJsonText(inv.args));
  const [error, setError] = React.useState<string>();
  const area = React.useRef<HTMLTextAreaElement | null>(null);
  const refs = useComposedRefs(ref, area);
  const id = React.useId();
  // A new request starts from its own arguments. Adjusted while rendering, not in an effect: an
  // effect run after mount could overwrite what the user typed before it ran.
  const approvalId = inv.approval?.id;
  const [editing, setEditing] = React.useState(approvalId);
  if (editing !== approvalId) {
    setEditing(approvalId);
    setText(toJsonText(inv.args));
    setError(undefined);
  }

  // Parses the text, setting or clearing the message shown under the editor.
  const parse = (value: string): { value: unknown } | undefined => {
    try {
      const parsed: unknown = JSON.parse(value);
      setError(undefined);
      return { value: parsed };
    } catch (e) {
      setError(labels.invalidJson(errorMessage(e)));
    }
  };
  const active = approval.decision === 'requested' && !approval.automatic;
  useIsomorphicLayoutEffect(() => {
    if (!active) return;
    const { editor } = approval;
    editor.current = () => parse(text) ?? void area.current?.focus();
    return () => {
      editor.current = null;
    };
  });

  if (!active) return null;
  const errorId = `${id}e`;
  return (
    <>
      <label htmlFor={id} data-se-part="tool-panel-args-editor-label">
        {labels.editArgs}
      </label>
      <textarea
        id={id}
        data-se-part="tool-panel-args-editor"
        spellCheck={false}
        rows={Math.min(12, text.split('\n').length + 1)}
        disabled={approval.responding}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        {...rest}
        ref={refs}
        value={text}
        onChange={composeEventHandlers(onChange, (e) => {
          setText(e.target.value);
          parse(e.target.value);
        })}
      />
      {error ? (
        <p id={errorId} role="alert" data-se-part="tool-panel-args-editor-error">
          {error}
        </p>
      ) : null}
    </>
  );
});

export interface ToolPanelApproveButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement>, AsChildProps {
  /**
   * Approve and ask to always allow this tool (`onApprove(invocation, { always: true })`).
   * @default false
   */
  always?: boolean;
}

/** Approves the request; disabled while a response is pending or without `onApprove`. Takes `asChild`. */
export const ToolPanelApproveButton = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, ToolPanelApproveButtonProps>(function ToolPanelApproveButton(
  { always = false, asChild = false, children, onClick, ...rest },
  ref,
) {
  const state = useApprovalContext('ToolPanelApproveButton');
  const { labels } = useToolPanelContext('ToolPanelApproveButton');
  const inv = state.invocation;
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp
      type="button"
      data-se-part="tool-panel-approve"
      data-always={always ? '' : undefined}
      disabled={state.responding || !state.canApprove}
      {...rest}
      ref={ref}
      onClick={composeEventHandlers(onClick, () => state.approve({ always }))}
    >
      {slotChildren(asChild, children, always ? labels.alwaysAllow(inv.title ?? inv.name) : labels.approve)}
    </Comp>
  );
});

/** Denies the request with the typed reason; disabled while a response is pending or without `onDeny`. Takes `asChild`. */
export const ToolPanelDenyButton = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, React.ButtonHTMLAttributes<HTMLButtonElement> & AsChildProps>(
  function ToolPanelDenyButton({ asChild = false, children, onClick, ...rest }, ref) {
    const state = useApprovalContext('ToolPanelDenyButton');
    const { labels } = useToolPanelContext('ToolPanelDenyButton');
    const Comp = slotOr(asChild, 'button');
    return (
      <Comp
        type="button"
        data-se-part="tool-panel-deny"
        disabled={state.responding || !state.canDeny}
        {...rest}
        ref={ref}
        onClick={composeEventHandlers(onClick, () => state.deny())}
      >
        {slotChildren(asChild, children, labels.deny)}
      </Comp>
    );
  },
);

/** Nested invocations (a sub-agent's tool calls). Renders nothing when there are none. */
export const ToolPanelChildren = /* @__PURE__ */ React.forwardRef<HTMLDivElement, DivProps>(function ToolPanelChildren(rest, ref) {
  const ctx = useToolPanelContext('ToolPanelChildren');
  const host = React.useContext(ToolHostContext);
  const inv = ctx.invocation;
  if (!inv.children.length) return null;
  return (
    <div ref={ref} data-se-part="tool-panel-children" {...stateProps(ctx)} {...rest}>
      {host?.renderChildren?.(inv.children, inv) ?? (
        <div role="list" aria-label={ctx.labels.childCalls(inv.title ?? inv.name)}>
          {inv.children.map((child, i) => (
            <div role="listitem" key={i}>
              <ToolPanel tool={child as ToolInput} {...ctx.handlers.current} labels={ctx.labels} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
