import { clsx } from 'clsx';
import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { useComposedRefs } from '../internal/compose-refs';
import { DisposableStore } from '../internal/disposables';
import { useLatest } from '../internal/use-latest';
import { toSandboxError, type SandboxError } from '../transport/errors';
import type { ComputerAction, MouseButton, Screenshot } from '../transport/types';
import { useComputerUseContext, type ComputerUseHistoryEntry } from './context';
import { decodeFrame } from './decode';
import { clampToDisplay, clientToSandbox, preserveAspectRatioFor, readElementBox, type Point, type Size } from './geometry';
import { mapKeyEvent } from './keys';

/** What the display shows, in `data-state`. */
export type ComputerUseDisplayState = 'inactive' | 'connecting' | 'live' | 'paused' | 'error' | 'unsupported';

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
  /** Accessible name of the desktop. @default 'Sandbox desktop' */
  label?: string;
  /** Called after each frame is drawn (no React update happens per frame). @default undefined */
  onFrame?: (frame: ComputerUseFrame) => void;
  /** Called when a screenshot fails. @default undefined */
  onError?: (error: SandboxError) => void;
}

const DEFAULT_SIZE: Size = { width: 1280, height: 800 };
const TYPE_COALESCE_MS = 30;
const WHEEL_STEP_PX = 100;
const LINE_PX = 33;
const MAX_BACKOFF_MS = 30_000;

/**
 * The sandbox desktop. Screenshots are drawn on a `<canvas>` outside React
 * (no render per frame); pointer, wheel and keys become actions according to
 * the provider's mode; recent actions are drawn over it so a user can follow
 * what an agent did.
 */
export const ComputerUseDisplay = React.forwardRef<HTMLDivElement, ComputerUseDisplayProps>(function ComputerUseDisplay(props, forwardedRef) {
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
    label = 'Sandbox desktop',
    onFrame,
    onError,
    className,
    style,
    children,
    ...rest
  } = props;
  const ctx = useComputerUseContext('ComputerUseDisplay');
  const { computerUse, sandboxId, state: session, mode, control, perform, onInvalidate, reportDisplaySize } = ctx;

  const rootRef = React.useRef<HTMLDivElement>(null);
  const ref = useComposedRefs(forwardedRef, rootRef);
  const canvasRef = React.useRef<HTMLCanvasElement>(null);
  const overlayRef = React.useRef<SVGSVGElement>(null);
  const cursorRef = React.useRef<SVGGElement>(null);
  const dragLineRef = React.useRef<SVGLineElement>(null);
  const [initialSize] = React.useState<Size>(() => ctx.displaySize ?? DEFAULT_SIZE);
  const [frameSize, setFrameSize] = React.useState<Size>(initialSize);
  const [phase, setPhase] = React.useState<{ kind: 'connecting' | 'live' | 'error'; error?: SandboxError }>({ kind: 'connecting' });
  const phaseRef = React.useRef(phase.kind);
  const [offscreen, setOffscreen] = React.useState(false);
  const hidden = offscreen || paused;
  const [retryCount, setRetryCount] = React.useState(0);

  const requestRef = useLatest({ format, quality, scale, showCursor, refreshIntervalMs });
  const callbacksRef = useLatest({ onFrame, onError });
  const interactive = session === 'active' && control === 'user' && mode !== 'view' && !hidden && phase.kind === 'live';
  const inputRef = useLatest({ interactive, mode, moveThrottleMs, doubleClickMs });

  // ── Pause while hidden ────────────────────────────────────────────────
  React.useEffect(() => {
    if (!pauseWhenHidden) {
      setOffscreen(false);
      return;
    }
    let docHidden = document.visibilityState === 'hidden';
    let outOfView = false;
    const update = () => setOffscreen(docHidden || outOfView);
    const onVisibility = () => {
      docHidden = document.visibilityState === 'hidden';
      update();
    };
    document.addEventListener('visibilitychange', onVisibility);
    let observer: IntersectionObserver | undefined;
    const el = rootRef.current;
    if (el && typeof IntersectionObserver === 'function') {
      observer = new IntersectionObserver((entries) => {
        const last = entries[entries.length - 1];
        if (last) outOfView = !last.isIntersecting;
        update();
      });
      observer.observe(el);
    }
    update();
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      observer?.disconnect();
    };
  }, [pauseWhenHidden]);

  // ── Frame loop: one screenshot in flight, drawn outside React ───────────
  const active = session === 'active' && Boolean(computerUse) && Boolean(sandboxId);
  React.useEffect(() => {
    if (!active || hidden || !computerUse || !sandboxId) return;
    const store = new DisposableStore();
    let inFlight: AbortController | null = null;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let disposed = false;

    const setPhaseOnce = (kind: 'live' | 'error', error?: SandboxError) => {
      if (phaseRef.current === kind && kind === 'live') return;
      phaseRef.current = kind;
      setPhase(error ? { kind, error } : { kind });
    };

    const draw = (image: CanvasImageSource, shot: Screenshot) => {
      const canvas = canvasRef.current;
      if (!canvas) return;
      const { width, height } = shot;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        setFrameSize((prev) => (prev.width === width && prev.height === height ? prev : { width, height }));
      }
      const context = canvas.getContext('2d');
      context?.drawImage(image, 0, 0, width, height);
      const cursor = cursorRef.current;
      if (cursor) {
        if (shot.cursor && requestRef.current.showCursor) {
          cursor.setAttribute('transform', `translate(${shot.cursor.x} ${shot.cursor.y})`);
          cursor.removeAttribute('visibility');
        } else cursor.setAttribute('visibility', 'hidden');
      }
    };

    const schedule = (ms: number) => {
      if (timer !== undefined) clearTimeout(timer);
      timer = ms > 0 ? setTimeout(tick, ms) : undefined;
    };

    function tick(): void {
      if (disposed) return;
      if (inFlight) {
        // Never two requests at once: remember to fetch again when this one lands.
        again = true;
        return;
      }
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const controller = new AbortController();
      inFlight = controller;
      const o = requestRef.current;
      const req = {
        sandboxId: sandboxId!,
        ...(o.format ? { format: o.format } : {}),
        ...(o.quality !== undefined ? { quality: o.quality } : {}),
        ...(o.scale !== undefined ? { scale: o.scale } : {}),
        showCursor: !o.showCursor,
      };
      computerUse!
        .screenshot(req, controller.signal)
        .then(async (shot) => {
          const image = await decodeFrame(shot.image);
          try {
            // Draw on the next animation frame: a frame drawn between two paints would never be seen.
            await animationFrame(controller.signal);
            if (controller.signal.aborted) return;
            draw(image, shot);
          } finally {
            image.close?.();
          }
          failures = 0;
          reportDisplaySize({ width: shot.width, height: shot.height });
          setPhaseOnce('live');
          callbacksRef.current.onFrame?.({ width: shot.width, height: shot.height, ...(shot.cursor ? { cursor: shot.cursor } : {}) });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          failures++;
          const e = toSandboxError(error);
          setPhaseOnce('error', e);
          callbacksRef.current.onError?.(e);
        })
        .finally(() => {
          if (inFlight === controller) inFlight = null;
          if (disposed) return;
          if (again) {
            again = false;
            tick();
            return;
          }
          const every = requestRef.current.refreshIntervalMs;
          if (failures > 0) schedule(Math.min(MAX_BACKOFF_MS, Math.max(every, 500) * 2 ** Math.min(failures - 1, 6)));
          else schedule(every);
        });
    }

    store.add(onInvalidate(() => tick()));
    store.add(() => {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      inFlight?.abort();
    });
    tick();
    return () => store.dispose();
  }, [active, hidden, computerUse, sandboxId, onInvalidate, reportDisplaySize, requestRef, callbacksRef, retryCount]);

  // A new target shows `connecting` until its first frame.
  React.useEffect(() => {
    phaseRef.current = 'connecting';
    setPhase({ kind: 'connecting' });
  }, [computerUse, sandboxId]);

  // ── Input → actions ───────────────────────────────────────────────────
  const send = React.useCallback(
    (action: ComputerAction) => {
      perform(action, { source: 'user' }).catch(() => {
        // Recorded in the history and reported through onActionError.
      });
    },
    [perform],
  );

  const toSandbox = React.useCallback((clientX: number, clientY: number): Point | null => {
    const canvas = canvasRef.current;
    if (!canvas) return null;
    return clientToSandbox({ x: clientX, y: clientY }, readElementBox(canvas), { width: canvas.width, height: canvas.height });
  }, []);

  const inputState = React.useRef<{
    pendingClick?: { x: number; y: number; timer: ReturnType<typeof setTimeout> };
    drag?: { pointerId: number; from: Point; button: MouseButton };
    move?: { last: number; timer?: ReturnType<typeof setTimeout>; point?: Point };
    wheel?: { delta: number; timer?: ReturnType<typeof setTimeout>; point: Point };
    text?: { value: string; timer: ReturnType<typeof setTimeout> };
  }>({});

  const flushText = React.useCallback(() => {
    const text = inputState.current.text;
    if (!text) return;
    clearTimeout(text.timer);
    inputState.current.text = undefined;
    send({ type: 'type', text: text.value });
  }, [send]);

  const flushClick = React.useCallback(() => {
    const pending = inputState.current.pendingClick;
    if (!pending) return;
    clearTimeout(pending.timer);
    inputState.current.pendingClick = undefined;
    send({ type: 'click', x: pending.x, y: pending.y });
  }, [send]);

  // Pending timers end with the component.
  React.useEffect(() => {
    const state = inputState.current;
    return () => {
      if (state.pendingClick) clearTimeout(state.pendingClick.timer);
      if (state.move?.timer) clearTimeout(state.move.timer);
      if (state.wheel?.timer) clearTimeout(state.wheel.timer);
      if (state.text) clearTimeout(state.text.timer);
      inputState.current = {};
    };
  }, []);

  const onClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const { interactive: on, mode: m, doubleClickMs: window } = inputRef.current;
    if (!on || m !== 'click' || event.button !== 0 || isFromControl(event)) return;
    const point = toSandbox(event.clientX, event.clientY);
    if (!point) return;
    const pending = inputState.current.pendingClick;
    if (pending && Math.abs(pending.x - point.x) <= 4 && Math.abs(pending.y - point.y) <= 4) {
      clearTimeout(pending.timer);
      inputState.current.pendingClick = undefined;
      send({ type: 'click', x: pending.x, y: pending.y, double: true });
      return;
    }
    flushClick();
    if (window <= 0) {
      send({ type: 'click', x: point.x, y: point.y });
      return;
    }
    inputState.current.pendingClick = { ...point, timer: setTimeout(flushClick, window) };
  };

  const onAuxClick = (event: React.MouseEvent<HTMLDivElement>) => {
    const { interactive: on, mode: m } = inputRef.current;
    if (!on || m !== 'click' || event.button !== 1 || isFromControl(event)) return;
    const point = toSandbox(event.clientX, event.clientY);
    if (!point) return;
    event.preventDefault();
    flushClick();
    send({ type: 'click', x: point.x, y: point.y, button: 'middle' });
  };

  const onContextMenu = (event: React.MouseEvent<HTMLDivElement>) => {
    const { interactive: on, mode: m } = inputRef.current;
    if (!on || (m !== 'click' && m !== 'drag') || isFromControl(event)) return;
    const point = toSandbox(event.clientX, event.clientY);
    if (!point) return;
    event.preventDefault();
    if (m !== 'click') return;
    flushClick();
    send({ type: 'click', x: point.x, y: point.y, button: 'right' });
  };

  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    const { interactive: on, mode: m } = inputRef.current;
    if (!on || isFromControl(event)) return;
    rootRef.current?.focus({ preventScroll: true });
    if (m !== 'drag' || (event.button !== 0 && event.button !== 2)) return;
    const point = toSandbox(event.clientX, event.clientY);
    if (!point) return;
    event.preventDefault();
    rootRef.current?.focus({ preventScroll: true });
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture.
    }
    inputState.current.drag = { pointerId: event.pointerId, from: point, button: event.button === 2 ? 'right' : 'left' };
    const line = dragLineRef.current;
    if (line) {
      for (const [k, v] of [['x1', point.x], ['y1', point.y], ['x2', point.x], ['y2', point.y]] as const) line.setAttribute(k, String(v));
      line.removeAttribute('visibility');
    }
  };

  const onPointerMove = (event: React.PointerEvent<HTMLDivElement>) => {
    const { interactive: on, mode: m, moveThrottleMs: throttle } = inputRef.current;
    if (!on) return;
    const drag = inputState.current.drag;
    if (m === 'drag' && drag && drag.pointerId === event.pointerId) {
      const canvas = canvasRef.current;
      const point = toSandbox(event.clientX, event.clientY) ?? (canvas ? clampedPoint(canvas, event.clientX, event.clientY) : null);
      if (point && dragLineRef.current) {
        dragLineRef.current.setAttribute('x2', String(point.x));
        dragLineRef.current.setAttribute('y2', String(point.y));
      }
      return;
    }
    if (m !== 'move') return;
    const point = toSandbox(event.clientX, event.clientY);
    if (!point) return;
    const move = (inputState.current.move ??= { last: 0 });
    move.point = point;
    const now = performance.now();
    const wait = move.last + throttle - now;
    if (wait <= 0) {
      if (move.timer) clearTimeout(move.timer);
      move.timer = undefined;
      move.last = now;
      send({ type: 'move', ...point });
    } else if (!move.timer) {
      // Trailing edge: the pointer's final position is always sent.
      move.timer = setTimeout(() => {
        move.timer = undefined;
        move.last = performance.now();
        if (move.point && inputRef.current.interactive) send({ type: 'move', ...move.point });
      }, wait);
    }
  };

  const endDrag = (event: React.PointerEvent<HTMLDivElement>, cancelled: boolean) => {
    const drag = inputState.current.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    inputState.current.drag = undefined;
    dragLineRef.current?.setAttribute('visibility', 'hidden');
    if (cancelled || !inputRef.current.interactive) return;
    const canvas = canvasRef.current;
    if (!canvas) return;
    const to = toSandbox(event.clientX, event.clientY) ?? clampedPoint(canvas, event.clientX, event.clientY);
    if (!to) return;
    if (to.x === drag.from.x && to.y === drag.from.y) {
      // Down and up on the same pixel is a click, not a drag.
      send({ type: 'click', ...to, ...(drag.button === 'right' ? { button: 'right' as const } : {}) });
    } else {
      send({ type: 'drag', from: drag.from, to, ...(drag.button === 'right' ? { button: 'right' as const } : {}) });
    }
  };

  // Wheel needs a non-passive listener to keep the page from scrolling in scroll mode.
  React.useEffect(() => {
    const el = rootRef.current;
    if (!el) return;
    const onWheel = (event: WheelEvent) => {
      const { interactive: on, mode: m } = inputRef.current;
      if (!on || m !== 'scroll') return;
      const point = toSandbox(event.clientX, event.clientY);
      if (!point) return;
      event.preventDefault();
      const px = event.deltaMode === 1 ? event.deltaY * LINE_PX : event.deltaMode === 2 ? event.deltaY * el.clientHeight : event.deltaY;
      const wheel = (inputState.current.wheel ??= { delta: 0, point });
      if (Math.sign(px) !== Math.sign(wheel.delta)) wheel.delta = 0;
      wheel.delta += px;
      wheel.point = point;
      if (wheel.timer) return;
      // Coalesce a burst of wheel events (a trackpad sends dozens) into one scroll action.
      wheel.timer = setTimeout(() => {
        const w = inputState.current.wheel;
        inputState.current.wheel = undefined;
        if (!w || !inputRef.current.interactive) return;
        const amount = Math.min(100, Math.max(1, Math.round(Math.abs(w.delta) / WHEEL_STEP_PX)));
        if (w.delta === 0) return;
        send({ type: 'scroll', x: w.point.x, y: w.point.y, direction: w.delta > 0 ? 'down' : 'up', amount });
      }, 50);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [inputRef, toSandbox, send]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const { interactive: on, mode: m } = inputRef.current;
    if (!on || m !== 'type' || isFromControl(event) || event.nativeEvent.isComposing) return;
    if (event.key === 'Escape' && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey) {
      // Escape hands the keyboard back to the page, so focus is never trapped here.
      event.preventDefault();
      flushText();
      rootRef.current?.blur();
      return;
    }
    const mapped = mapKeyEvent(event);
    if (!mapped) return;
    event.preventDefault();
    if (mapped.kind === 'text') {
      const text = inputState.current.text;
      if (text) {
        clearTimeout(text.timer);
        text.value += mapped.text;
        text.timer = setTimeout(flushText, TYPE_COALESCE_MS);
      } else {
        inputState.current.text = { value: mapped.text, timer: setTimeout(flushText, TYPE_COALESCE_MS) };
      }
      return;
    }
    flushText();
    send(mapped.action);
  };

  const onPaste = (event: React.ClipboardEvent<HTMLDivElement>) => {
    const { interactive: on, mode: m } = inputRef.current;
    if (!on || m !== 'type') return;
    const text = event.clipboardData.getData('text/plain');
    if (!text) return;
    event.preventDefault();
    flushText();
    send({ type: 'type', text });
  };

  // ── Render ───────────────────────────────────────────────────────────
  const state: ComputerUseDisplayState =
    session === 'unsupported'
      ? 'unsupported'
      : session === 'inactive'
        ? 'inactive'
        : session === 'error'
          ? 'error'
          : session !== 'active'
            ? 'connecting'
            : hidden
              ? 'paused'
              : phase.kind;
  const error = session === 'error' || session === 'unsupported' ? ctx.error : phase.kind === 'error' ? phase.error : undefined;
  const focusable = session === 'active' && control === 'user' && mode !== 'view';

  return (
    <div
      role="application"
      aria-roledescription="remote desktop"
      aria-label={label}
      aria-disabled={!focusable || undefined}
      tabIndex={focusable ? 0 : -1}
      {...rest}
      ref={ref}
      className={clsx(className)}
      style={style}
      data-se-part="computer-use-display"
      data-state={state}
      data-mode={mode}
      data-control={control}
      data-interactive={interactive ? '' : undefined}
      onClick={composeEventHandlers(rest.onClick, onClick)}
      onAuxClick={composeEventHandlers(rest.onAuxClick, onAuxClick)}
      onContextMenu={composeEventHandlers(rest.onContextMenu, onContextMenu)}
      onPointerDown={composeEventHandlers(rest.onPointerDown, onPointerDown)}
      onPointerMove={composeEventHandlers(rest.onPointerMove, onPointerMove)}
      onPointerUp={composeEventHandlers(rest.onPointerUp, (e) => endDrag(e, false))}
      onPointerCancel={composeEventHandlers(rest.onPointerCancel, (e) => endDrag(e, true))}
      onKeyDown={composeEventHandlers(rest.onKeyDown, onKeyDown)}
      onPaste={composeEventHandlers(rest.onPaste, onPaste)}
      onBlur={composeEventHandlers(rest.onBlur, flushText)}
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
          ref={overlayRef}
          data-se-part="computer-use-overlay"
          aria-hidden="true"
          viewBox={`0 0 ${frameSize.width} ${frameSize.height}`}
          preserveAspectRatio={preserveAspectRatioFor('contain')}
          style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', pointerEvents: 'none', overflow: 'hidden' }}
        >
          {overlay !== 'none' ? <ActionTrail history={ctx.history} who={overlay} overlayMs={overlayMs} size={frameSize} /> : null}
          <line ref={dragLineRef} data-se-part="computer-use-drag-preview" visibility="hidden" stroke="currentColor" strokeWidth={3} strokeDasharray="8 6" />
          <g ref={cursorRef} data-se-part="computer-use-cursor" visibility="hidden">
            <path d="M0 0 l0 18 l5 -5 l4 9 l3 -1 l-4 -9 l7 0 z" fill="#fff" stroke="#000" strokeWidth={1} />
          </g>
        </svg>
      </div>
      {state !== 'live' ? <DisplayStatus state={state} error={error} onRetry={() => (session === 'error' ? ctx.retry() : setRetryCount((n) => n + 1))} /> : null}
      {control === 'agent' && session === 'active' ? (
        <button
          type="button"
          data-se-part="computer-use-take-control"
          onClick={(event) => ctx.setControl('user', { reason: 'take-control', event })}
        >
          Take control
        </button>
      ) : null}
      {children}
    </div>
  );
});

/** Resolves on the next animation frame (or at once where there is none); abort resolves early. */
function animationFrame(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    if (typeof requestAnimationFrame !== 'function') {
      setTimeout(resolve, 0);
      return;
    }
    const onAbort = () => {
      cancelAnimationFrame(id);
      resolve();
    };
    const id = requestAnimationFrame(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Events from the display's own buttons are not desktop input. */
function isFromControl(event: React.SyntheticEvent): boolean {
  const target = event.target as Element | null;
  return Boolean(target && typeof target.closest === 'function' && target.closest('button, input, textarea, select, a[href]'));
}

function clampedPoint(canvas: HTMLCanvasElement, clientX: number, clientY: number): Point | null {
  const box = readElementBox(canvas);
  const size = { width: canvas.width, height: canvas.height };
  // Map as if the content box were unbounded, then clamp: a drag released outside ends at the edge.
  const r = box.rect;
  const x = ((clientX - r.left) / Math.max(1, r.width)) * size.width;
  const y = ((clientY - r.top) / Math.max(1, r.height)) * size.height;
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  const inside = clientToSandbox({ x: clientX, y: clientY }, box, size);
  return inside ?? clampToDisplay({ x, y }, size);
}

// ── Status ─────────────────────────────────────────────────────────────
const MESSAGES: Record<Exclude<ComputerUseDisplayState, 'live'>, string> = {
  connecting: 'Connecting to the desktop…',
  inactive: 'Computer use is not running in this sandbox.',
  paused: 'Paused while the desktop is out of view.',
  error: 'The desktop could not be shown.',
  unsupported: 'This sandbox does not support computer use.',
};

function DisplayStatus({ state, error, onRetry }: { state: Exclude<ComputerUseDisplayState, 'live'>; error: SandboxError | null | undefined; onRetry: () => void }) {
  const ctx = useComputerUseContext('ComputerUseDisplay');
  return (
    <div data-se-part="computer-use-status" data-state={state} role={state === 'error' ? 'alert' : 'status'}>
      <span data-se-part="computer-use-status-text">
        {ctx.state === 'starting' ? 'Starting computer use…' : MESSAGES[state]}
        {state === 'error' && error ? ` ${error.message}` : null}
      </span>
      {state === 'inactive' ? (
        <button type="button" data-se-part="computer-use-start" onClick={() => void ctx.start()}>
          Start
        </button>
      ) : null}
      {state === 'error' ? (
        <button type="button" data-se-part="computer-use-retry" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

// ── Action trail ───────────────────────────────────────────────────────
function ActionTrail({ history, who, overlayMs, size }: { history: readonly ComputerUseHistoryEntry[]; who: 'all' | 'agent'; overlayMs: number; size: Size }) {
  const [now, setNow] = React.useState(() => Date.now());
  const recent = history.filter(
    (e) => e.status === 'done' && (who === 'all' || e.source === 'agent') && (e.settledAt ?? e.time) > now - overlayMs && isPointerAction(e.action),
  );
  // Re-render once when the oldest mark expires, not on a fixed tick.
  const oldest = recent[0];
  const newest = history[history.length - 1];
  React.useEffect(() => {
    setNow(Date.now());
  }, [newest?.id, newest?.status]);
  React.useEffect(() => {
    if (!oldest) return;
    const wait = (oldest.settledAt ?? oldest.time) + overlayMs - Date.now();
    const timer = setTimeout(() => setNow(Date.now()), Math.max(16, wait));
    return () => clearTimeout(timer);
  }, [oldest, overlayMs]);
  const r = Math.max(8, Math.round(Math.min(size.width, size.height) / 60));
  return (
    <g data-se-part="computer-use-trail">
      {recent.map((e) => {
        const a = e.action;
        const common = { 'data-source': e.source, 'data-action': a.type } as const;
        if (a.type === 'click') {
          return (
            <g key={e.id} {...common} data-se-part="computer-use-ripple" data-button={a.button ?? 'left'} data-double={a.double ? '' : undefined}>
              <circle cx={a.x} cy={a.y} r={r} fill="none" stroke="currentColor" strokeWidth={3} />
              {a.double ? <circle cx={a.x} cy={a.y} r={r * 1.6} fill="none" stroke="currentColor" strokeWidth={2} /> : null}
            </g>
          );
        }
        if (a.type === 'drag') {
          return (
            <g key={e.id} {...common} data-se-part="computer-use-drag-trail">
              <line x1={a.from.x} y1={a.from.y} x2={a.to.x} y2={a.to.y} stroke="currentColor" strokeWidth={3} />
              <circle cx={a.from.x} cy={a.from.y} r={r / 2} fill="currentColor" />
              <circle cx={a.to.x} cy={a.to.y} r={r} fill="none" stroke="currentColor" strokeWidth={3} />
            </g>
          );
        }
        if (a.type === 'scroll') {
          const d = a.direction === 'down' ? 1 : -1;
          return (
            <g key={e.id} {...common} data-se-part="computer-use-scroll-mark" data-direction={a.direction}>
              <path d={`M${a.x - r} ${a.y} l${r} ${d * r} l${r} ${-d * r}`} fill="none" stroke="currentColor" strokeWidth={3} />
            </g>
          );
        }
        return null;
      })}
    </g>
  );
}

function isPointerAction(action: ComputerAction): boolean {
  return action.type === 'click' || action.type === 'drag' || action.type === 'scroll';
}
