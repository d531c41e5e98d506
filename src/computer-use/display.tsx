import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { useLatest } from '../internal/use-latest';
import { formatLabel } from '../internal/labels';
import type { SandboxError } from '../transport/errors';
import { ActionTrail } from './action-trail';
import { SandboxStatus } from './sandbox-status';
import { useComputerUseContext } from './context';
import type { Size } from './geometry';
import { useDesktopInput, type DesktopInputHandlers } from './use-desktop-input';
import { useFrameLoop } from './use-frame-loop';
import { usePauseWhenHidden } from './use-pause-when-hidden';

/** What the display shows, in `data-status`; `unavailable`: the sandbox is not running (`data-sandbox-state` says how). */
export type ComputerUseDisplayState = 'inactive' | 'connecting' | 'live' | 'paused' | 'unavailable' | 'error' | 'unsupported';

/** Passed to `onFrame` after each frame is drawn. */
export interface ComputerUseFrame {
  width: number;
  height: number;
  cursor?: { x: number; y: number };
}

export interface ComputerUseDisplayProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'onError'> {
  /** Time between screenshots while nothing happens, ms; `0` refreshes only after actions and `refresh()`. @default 1000 */
  refreshIntervalMs?: number;
  /** Screenshot format asked of the transport. @default undefined (the transport's default) */
  format?: 'png' | 'jpeg';
  /** JPEG quality asked of the transport (1–100). @default undefined */
  quality?: number;
  /** Screenshot scale asked of the transport (0–1). @default undefined */
  scale?: number;
  /** Draw the remote cursor as an overlay (asks for screenshots without one). @default true */
  showCursor?: boolean;
  /** Whose recent actions are drawn over the desktop (ripples, drag lines, scroll marks). @default 'all' */
  overlay?: 'all' | 'agent' | 'none';
  /** How long an action stays in the overlay, ms. @default 4000 */
  overlayMs?: number;
  /** Minimum time between `move` actions in move mode, ms. @default 100 */
  moveThrottleMs?: number;
  /** Window in which a second click becomes a double click, ms; `0` sends every click at once. @default 250 */
  doubleClickMs?: number;
  /** Stop refreshing while the page is hidden or the display is scrolled out of view. @default true */
  pauseWhenHidden?: boolean;
  /** Stop refreshing (state `paused`) until set back to `false`. @default false */
  paused?: boolean;
  /** Accessible name of the desktop. @default labels.display ('Sandbox desktop') */
  label?: string;
  /** Called after each frame is drawn (no React update happens per frame). @default undefined */
  onFrame?: (frame: ComputerUseFrame) => void;
  /** Called when a screenshot fails. @default undefined */
  onError?: (error: SandboxError) => void;
}

const DEFAULT_SIZE: Size = { width: 1280, height: 800 };

/**
 * The sandbox desktop. Screenshots are drawn on a `<canvas>` outside React
 * (no render per frame); pointer, wheel and keys become actions according to
 * the provider's mode; recent actions are drawn over it so a user can follow
 * what an agent did.
 */
export const ComputerUseDisplay = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ComputerUseDisplayProps>(function ComputerUseDisplay(props, forwardedRef) {
  const {
    refreshIntervalMs = 1000,
    format,
    quality,
    scale,
    showCursor = true,
    overlay = 'all',
    overlayMs = 4000,
    moveThrottleMs = 100,
    doubleClickMs = 250,
    pauseWhenHidden = true,
    paused = false,
    label: labelProp,
    onFrame,
    onError,
    className,
    style,
    children,
    ...rest
  } = props;
  const ctx = useComputerUseContext('ComputerUseDisplay');
  const label = labelProp ?? ctx.labels.display;
  const { computerUse, sandboxId, state: session, mode, control, perform, onInvalidate, reportDisplaySize } = ctx;

  const rootRef = React.useRef<HTMLDivElement>(null);
  const ref = useComposedRefs(forwardedRef, rootRef);
  const canvasRef = React.useRef<HTMLCanvasElement>(null);
  const cursorRef = React.useRef<SVGGElement>(null);
  const dragLineRef = React.useRef<SVGLineElement>(null);
  const [initialSize] = React.useState<Size>(() => ctx.displaySize ?? DEFAULT_SIZE);

  const hidden = usePauseWhenHidden(rootRef, pauseWhenHidden) || paused;
  const { phase, frameSize, retry } = useFrameLoop({
    computerUse,
    sandboxId,
    enabled: session === 'active' && !hidden,
    onInvalidate,
    reportDisplaySize,
    canvasRef,
    cursorRef,
    requestRef: useLatest({ format, quality, scale, showCursor, refreshIntervalMs }),
    callbacksRef: useLatest({ onFrame, onError }),
    initialSize,
  });
  const focusable = session === 'active' && control === 'user' && mode !== 'view';
  const interactive = focusable && !hidden && phase.kind === 'live';
  const input = useDesktopInput({ rootRef, canvasRef, dragLineRef, perform, inputRef: useLatest({ interactive, mode, moveThrottleMs, doubleClickMs }) });

  // The user's handlers run first; `preventDefault()` in one skips ours.
  type Handler = (event: React.SyntheticEvent<HTMLDivElement>) => void;
  const handlers: Record<string, Handler> = {};
  for (const [name, ours] of Object.entries(input)) {
    handlers[name] = composeEventHandlers(rest[name as keyof DesktopInputHandlers] as Handler | undefined, ours as Handler);
  }

  // ── Render ───────────────────────────────────────────────────────────
  // A screenshot refused as `unavailable` may mean the sandbox stopped: read its state so the display can say so.
  const phaseError = phase.error;
  const checkSandbox = ctx.sandbox.check;
  React.useEffect(() => {
    if (phaseError?.code === 'unavailable') checkSandbox();
  }, [phaseError, checkSandbox]);

  // The session's own state while it is not active (checking and starting show as connecting), the frames' once it is.
  const state: ComputerUseDisplayState =
    session === 'active' ? (hidden ? 'paused' : phase.kind) : session === 'checking' || session === 'starting' ? 'connecting' : session;
  // The status shows an error's message only in state `error`: the session's, or the frames' while the session is active.
  const error = session === 'error' ? ctx.error : phase.error;

  return (
    <div
      role="application"
      aria-roledescription="remote desktop"
      aria-label={label}
      aria-disabled={!focusable || undefined}
      tabIndex={focusable ? 0 : -1}
      data-se-part="computer-use-display"
      data-status={state}
      data-sandbox-state={ctx.sandbox.info?.state}
      data-mode={mode}
      data-control={control}
      data-interactive={interactive ? '' : undefined}
      {...rest}
      ref={ref}
      className={className}
      style={style}
      {...handlers}
    >
      <div data-se-part="computer-use-viewport" style={{ position: 'relative' }}>
        <canvas
          ref={canvasRef}
          data-se-part="computer-use-canvas"
          width={initialSize.width}
          height={initialSize.height}
          aria-hidden="true"
          style={{ display: 'block', width: '100%', objectFit: 'contain' }}
        />
        <svg
          data-se-part="computer-use-overlay"
          aria-hidden="true"
          viewBox={`0 0 ${frameSize.width} ${frameSize.height}`}
          // Laid over the canvas as its `object-fit: contain` lays the image.
          preserveAspectRatio="xMidYMid meet"
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none', overflow: 'hidden' }}
        >
          {overlay !== 'none' ? <ActionTrail history={ctx.history} who={overlay} overlayMs={overlayMs} size={frameSize} /> : null}
          <line ref={dragLineRef} data-se-part="computer-use-drag-preview" visibility="hidden" stroke="currentColor" strokeWidth={3} strokeDasharray="8 6" />
          <g ref={cursorRef} data-se-part="computer-use-cursor" visibility="hidden">
            <path d="M0 0 l0 18 l5 -5 l4 9 l3 -1 l-4 -9 l7 0 z" fill="#fff" stroke="#000" strokeWidth={1} />
          </g>
        </svg>
      </div>
      {state !== 'live' ? <DisplayStatus state={state} byProp={paused} error={error} onRetry={() => (session === 'error' ? ctx.retry() : retry())} /> : null}
      {control === 'agent' && session === 'active' ? (
        <button
          type="button"
          data-se-part="computer-use-take-control"
          onClick={(event) => ctx.setControl('user', { reason: 'take-control', event })}
        >
          {ctx.labels.takeControl}
        </button>
      ) : null}
      {children}
    </div>
  );
});

// ── Status ─────────────────────────────────────────────────────────────

function DisplayStatus({ state, byProp, error, onRetry }: { state: Exclude<ComputerUseDisplayState, 'live'>; byProp: boolean; error: SandboxError | null | undefined; onRetry: () => void }) {
  const ctx = useComputerUseContext('ComputerUseDisplay');
  if (state === 'unavailable') return <SandboxStatus sandbox={ctx.sandbox} labels={ctx.labels} />;
  return (
    <div data-se-part="computer-use-status" data-status={state} role={state === 'error' ? 'alert' : 'status'}>
      <span data-se-part="computer-use-status-text">
        {ctx.state === 'starting' ? ctx.labels.starting : state === 'paused' && byProp ? ctx.labels.pausedByHost : ctx.labels[state]}
        {state === 'error' && error ? ` ${error.message}` : null}
      </span>
      {state === 'inactive' ? (
        <button type="button" data-se-part="computer-use-start" onClick={() => void ctx.start()}>
          {ctx.labels.start}
        </button>
      ) : null}
      {state === 'error' ? (
        <button type="button" data-se-part="computer-use-retry" onClick={onRetry}>
          {ctx.labels.retry}
        </button>
      ) : null}
    </div>
  );
}
