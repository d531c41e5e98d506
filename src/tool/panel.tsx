import * as React from 'react';
import * as Collapsible from '@radix-ui/react-collapsible';
import { clsx } from 'clsx';
import { createStrictContext, useControllableState, useIsomorphicLayoutEffect } from '../internal';
import { errorMessage, isTerminalStatus, toToolInvocation, type ToolInput, type ToolInvocation, type ToolStatus } from './normalize';
import { ToolValue } from './value';

// ─── Shared ──────────────────────────────────────────────────────────────────

/** The text label of every status, so the badge never relies on colour alone. */
export const TOOL_STATUS_LABELS: Record<ToolStatus, string> = {
  pending: 'Pending',
  streaming: 'Receiving input',
  running: 'Running',
  'approval-requested': 'Awaiting approval',
  'approval-responded': 'Responded',
  completed: 'Completed',
  error: 'Error',
  denied: 'Denied',
};

/** Why the panel opened or closed. */
export interface ToolPanelOpenChangeDetails {
  reason: 'trigger' | 'approval-requested' | 'error';
}

export type ToolApproveHandler = (invocation: ToolInvocation) => void | Promise<unknown>;
export type ToolDenyHandler = (reason: string | undefined, invocation: ToolInvocation) => void | Promise<unknown>;
export type ToolValueRenderer = (value: unknown, invocation: ToolInvocation) => React.ReactNode;

interface ToolPanelContextValue {
  invocation: ToolInvocation;
  open: boolean;
  invalid: boolean;
  handlers: React.MutableRefObject<Pick<ToolPanelProps, 'onApprove' | 'onDeny' | 'renderArgs' | 'renderResult'>>;
}

const [ToolPanelProvider, useToolPanelContext] = /* @__PURE__ */ createStrictContext<ToolPanelContextValue>('ToolPanel');
export { useToolPanelContext };

/**
 * Lets `ToolList` keep first-seen times across virtualisation (a panel
 * scrolled out and back must not restart its clock) and render nested
 * invocations with its own renderers.
 * @internal
 */
export interface ToolHostContextValue {
  times: Map<string, { start?: number; end?: number }>;
  renderChildren?: (children: readonly unknown[], parent: ToolInvocation) => React.ReactNode;
}
export const ToolHostContext = /* @__PURE__ */ React.createContext<ToolHostContextValue | null>(null);

// Data attributes of every part: `data-status` is the normalised status.
// `data-state` is left to Radix (`open` | `closed` on the root, trigger and
// content), so `[data-state=open]` rules and animations match as in Radix.
const stateProps = (ctx: ToolPanelContextValue) => ({
  'data-status': ctx.invocation.status,
});

function invalidInvocation(tool: unknown, error: unknown): ToolInvocation {
  const shell = toToolInvocation({ id: 'invalid', name: 'Unrecognised tool call', status: 'error', args: tool });
  return { ...shell, sourceState: 'invalid', error: errorMessage(error), errorValue: error, source: tool };
}

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
   * @default the header (trigger with title, status, markers, duration) and content (args, approval, result, error, children)
   */
  children?: React.ReactNode;
}

/** One tool invocation: a collapsible panel with header, input, output, error and approval. */
export const ToolPanel = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelProps>(function ToolPanel(props, ref) {
  const { tool, open: openProp, defaultOpen, onOpenChange, onApprove, onDeny, renderArgs, renderResult, autoOpen = true, children, className, ...rest } = props;
  const [invocation, invalid] = React.useMemo((): [ToolInvocation, boolean] => {
    try {
      return [toToolInvocation(tool), false];
    } catch (error) {
      return [invalidInvocation(tool, error), true];
    }
  }, [tool]);
  const { status } = invocation;
  const attention = status === 'approval-requested' || status === 'error';
  const [open, setOpen] = useControllableState<boolean, ToolPanelOpenChangeDetails>({
    prop: openProp,
    defaultProp: defaultOpen ?? (autoOpen && attention),
    onChange: onOpenChange,
  });
  const closedByUser = React.useRef(false);
  React.useEffect(() => {
    if (autoOpen && attention && !closedByUser.current) setOpen(true, { reason: status as 'error' });
  }, [autoOpen, attention, status, setOpen]);

  // Assigned while rendering (not in an effect like useLatest) because parts
  // read renderArgs/renderResult during this same render.
  const handlers = React.useRef({ onApprove, onDeny, renderArgs, renderResult });
  handlers.current = { onApprove, onDeny, renderArgs, renderResult };
  const value = React.useMemo(() => ({ invocation, open, invalid, handlers }), [invocation, open, invalid, handlers]);

  return (
    <ToolPanelProvider value={value}>
      <Collapsible.Root
        ref={ref}
        open={open}
        onOpenChange={(next) => {
          closedByUser.current = !next;
          setOpen(next, { reason: 'trigger' });
        }}
        data-se-part="tool-panel"
        data-tool={invocation.name}
        data-invalid={invalid ? '' : undefined}
        {...stateProps(value)}
        {...rest}
        className={clsx(className)}
      >
        {children ?? (
          <>
            <ToolPanelHeader>
              <ToolPanelTrigger />
            </ToolPanelHeader>
            <ToolPanelContent>
              <ToolPanelArgs />
              <ToolPanelApproval />
              <ToolPanelResult />
              <ToolPanelError />
              <ToolPanelChildren />
            </ToolPanelContent>
          </>
        )}
      </Collapsible.Root>
    </ToolPanelProvider>
  );
});

// ─── Header ──────────────────────────────────────────────────────────────────

type DivProps = React.HTMLAttributes<HTMLDivElement>;
type SpanProps = React.HTMLAttributes<HTMLSpanElement>;

/** The panel's top row; holds the trigger (and anything else you add beside it). */
export const ToolPanelHeader = /* @__PURE__ */ React.forwardRef<HTMLDivElement, DivProps>(function ToolPanelHeader({ className, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelHeader');
  return <div ref={ref} data-se-part="tool-panel-header" {...stateProps(ctx)} {...rest} className={clsx(className)} />;
});

/** The button that opens and closes the panel; shows title, status, duration and markers by default. */
export const ToolPanelTrigger = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, React.ButtonHTMLAttributes<HTMLButtonElement>>(function ToolPanelTrigger(
  { className, children, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelTrigger');
  const { providerExecuted, preliminary } = ctx.invocation;
  return (
    <Collapsible.Trigger ref={ref} data-se-part="tool-panel-trigger" {...stateProps(ctx)} {...rest} className={clsx(className)}>
      {children ?? (
        <>
          <ToolPanelTitle />
          <ToolPanelStatus />
          {providerExecuted ? (
            <span data-se-part="tool-panel-marker" data-marker="provider-executed">
              Provider-executed
            </span>
          ) : null}
          {preliminary ? (
            <span data-se-part="tool-panel-marker" data-marker="preliminary">
              Preliminary
            </span>
          ) : null}
          <ToolPanelDuration />
        </>
      )}
    </Collapsible.Trigger>
  );
});

/** The tool's title, or its name. */
export const ToolPanelTitle = /* @__PURE__ */ React.forwardRef<HTMLSpanElement, SpanProps>(function ToolPanelTitle({ className, children, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelTitle');
  return (
    <span ref={ref} data-se-part="tool-panel-title" {...stateProps(ctx)} {...rest} className={clsx(className)}>
      {children ?? ctx.invocation.title ?? ctx.invocation.name}
    </span>
  );
});

export interface ToolPanelStatusProps extends SpanProps {
  /**
   * Text per status.
   * @default TOOL_STATUS_LABELS
   */
  labels?: Partial<Record<ToolStatus, string>>;
}

/** The status badge, always with a text label. */
export const ToolPanelStatus = /* @__PURE__ */ React.forwardRef<HTMLSpanElement, ToolPanelStatusProps>(function ToolPanelStatus(
  { labels, className, children, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelStatus');
  const { status, approval } = ctx.invocation;
  let label = labels?.[status] ?? TOOL_STATUS_LABELS[status];
  if (status === 'approval-responded' && !labels?.[status]) label = approval?.approved === false ? 'Denial sent' : 'Approved';
  return (
    <span ref={ref} data-se-part="tool-panel-status" {...stateProps(ctx)} {...rest} className={clsx(className)}>
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
 * Elapsed time: ticks while the tool is active and freezes when it ends. Uses
 * `startedAt`/`endedAt` when given, else the moments this panel first saw the
 * tool active and finished (AI SDK parts carry no timestamps); renders nothing
 * when neither is known.
 */
export const ToolPanelDuration = /* @__PURE__ */ React.forwardRef<HTMLSpanElement, ToolPanelDurationProps>(function ToolPanelDuration(
  { interval = 100, format = formatDuration, className, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelDuration');
  const host = React.useContext(ToolHostContext);
  const { id, status, startedAt, endedAt } = ctx.invocation;
  const local = React.useRef<{ start?: number; end?: number }>({});
  const [, tick] = React.useReducer((n: number) => n + 1, 0);
  const terminal = isTerminalStatus(status);
  const record = (host?.times.get(id) ?? local.current) as { start?: number; end?: number };

  useIsomorphicLayoutEffect(() => {
    let seen = host?.times.get(id);
    if (!seen) {
      seen = local.current;
      host?.times.set(id, seen);
    }
    const before = seen.start !== undefined ? 1 : 0;
    if (seen.start === undefined && !terminal && status !== 'pending') seen.start = Date.now();
    if (seen.start !== undefined && seen.end === undefined && terminal) seen.end = Date.now();
    if (!terminal) seen.end = undefined;
    if ((seen.start !== undefined ? 1 : 0) !== before || terminal) tick();
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
      className={clsx(className)}
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
export const ToolPanelContent = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelContentProps>(function ToolPanelContent({ className, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelContent');
  return <Collapsible.Content ref={ref} data-se-part="tool-panel-content" {...stateProps(ctx)} {...rest} className={clsx(className)} />;
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
  const { className, ...others } = rest;
  return (
    <div ref={sectionRef} role="group" aria-labelledby={id} data-se-part={part} {...stateProps(ctx)} {...others} className={clsx(className)}>
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
  let body: React.ReactNode = children;
  if (body === undefined) {
    if (inv.hasArgs) body = render ? render(inv.args, inv) : <ToolValue value={inv.args} label={ctx.invalid ? 'Received value' : 'Input'} />;
    else if (inv.rawInput) body = <pre data-se-part="tool-panel-raw-input">{inv.rawInput}</pre>;
    else if (!isTerminalStatus(inv.status)) body = <p data-se-part="tool-panel-placeholder">Waiting for input…</p>;
    else return null;
  }
  return (
    <Section part="tool-panel-args" label={label ?? (ctx.invalid ? 'Received' : 'Input')} ctx={ctx} rest={rest} sectionRef={ref}>
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
    if (inv.hasResult) body = render ? render(inv.result, inv) : <ToolValue value={inv.result} label="Output" />;
    else if (inv.status === 'completed') body = <p data-se-part="tool-panel-placeholder">No output</p>;
    else return null;
  }
  return (
    <Section
      part="tool-panel-result"
      label={label ?? (inv.preliminary ? 'Output (preliminary)' : 'Output')}
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
    <Section part="tool-panel-error" label={label ?? 'Error'} ctx={ctx} rest={rest} sectionRef={ref}>
      {children ?? <p data-se-part="tool-panel-error-message">{inv.error}</p>}
    </Section>
  );
});

export interface ToolPanelApprovalProps extends DivProps {
  /**
   * Show a text field for an optional reason when denying.
   * @default true
   */
  withReason?: boolean;
}

/**
 * Approve / deny while approval is requested (buttons disabled while the
 * response is being sent); afterwards, the decision and its reason.
 */
export const ToolPanelApproval = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ToolPanelApprovalProps>(function ToolPanelApproval(
  { withReason = true, className, ...rest },
  ref,
) {
  const ctx = useToolPanelContext('ToolPanelApproval');
  const inv = ctx.invocation;
  const [responding, setResponding] = React.useState(false);
  const [failure, setFailure] = React.useState<string>();
  const [reason, setReason] = React.useState('');
  const reasonId = React.useId();
  const alive = React.useRef(true);
  React.useEffect(() => {
    alive.current = true;
    return () => void (alive.current = false);
  }, []);
  React.useEffect(() => setResponding(false), [inv.status, inv.approval?.id]);

  const { status, approval } = inv;
  const answered = status === 'approval-responded' || status === 'denied';
  if (status !== 'approval-requested' && !answered) return null;

  const respond = (approved: boolean) => {
    const { onApprove, onDeny } = ctx.handlers.current;
    setResponding(true);
    setFailure(undefined);
    let result: unknown;
    try {
      result = approved ? onApprove?.(inv) : onDeny?.(reason.trim() || undefined, inv);
    } catch (error) {
      result = Promise.reject(error);
    }
    Promise.resolve(result).then(
      () => undefined,
      (error: unknown) => {
        if (!alive.current) return;
        setResponding(false);
        setFailure(errorMessage(error));
      },
    );
  };
  const { onApprove, onDeny } = ctx.handlers.current;
  const denied = status === 'denied' || approval?.approved === false;

  return (
    <div
      ref={ref}
      role="group"
      aria-label="Approval"
      data-se-part="tool-panel-approval"
      data-responding={responding ? '' : undefined}
      data-decision={answered ? (denied ? 'denied' : 'approved') : undefined}
      {...stateProps(ctx)}
      {...rest}
      className={clsx(className)}
    >
      {answered ? (
        <p data-se-part="tool-panel-approval-message">
          {denied ? 'Denied' : 'Approved'}
          {approval?.reason ? `: ${approval.reason}` : ''}
          {status === 'approval-responded' ? (denied ? '' : ' — waiting for the tool…') : ''}
        </p>
      ) : (
        <>
          <p data-se-part="tool-panel-approval-message">Allow {inv.title ?? inv.name} to run?</p>
          {withReason ? (
            <>
              <label htmlFor={reasonId} data-se-part="tool-panel-approval-reason-label">
                Reason (optional)
              </label>
              <input
                id={reasonId}
                data-se-part="tool-panel-approval-reason"
                value={reason}
                disabled={responding}
                onChange={(e) => setReason(e.target.value)}
              />
            </>
          ) : null}
          <button type="button" data-se-part="tool-panel-approve" disabled={responding || !onApprove} onClick={() => respond(true)}>
            Approve
          </button>
          <button type="button" data-se-part="tool-panel-deny" disabled={responding || !onDeny} onClick={() => respond(false)}>
            Deny
          </button>
          {failure ? (
            <p role="alert" data-se-part="tool-panel-approval-error">
              Could not send the response: {failure}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
});

/** Nested invocations (a sub-agent's tool calls). Renders nothing when there are none. */
export const ToolPanelChildren = /* @__PURE__ */ React.forwardRef<HTMLDivElement, DivProps>(function ToolPanelChildren({ className, ...rest }, ref) {
  const ctx = useToolPanelContext('ToolPanelChildren');
  const host = React.useContext(ToolHostContext);
  const inv = ctx.invocation;
  if (!inv.children.length) return null;
  const { onApprove, onDeny, renderArgs, renderResult } = ctx.handlers.current;
  return (
    <div ref={ref} data-se-part="tool-panel-children" {...stateProps(ctx)} {...rest} className={clsx(className)}>
      {host?.renderChildren?.(inv.children, inv) ?? (
        <div role="list" aria-label={`Calls made by ${inv.title ?? inv.name}`}>
          {inv.children.map((child, i) => (
            <div role="listitem" key={i}>
              <ToolPanel tool={child as ToolInput} {...{ onApprove, onDeny, renderArgs, renderResult }} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
});
