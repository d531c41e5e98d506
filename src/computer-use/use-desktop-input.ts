import * as React from 'react';
import type { ComputerAction, MouseButton } from '../transport/types';
import type { ComputerUseMode, PerformOptions } from './context';
import { clientToSandbox, readElementBox, type Point } from './geometry';
import { mapKeyEvent } from './keys';

const TYPE_COALESCE_MS = 30;
const WHEEL_STEP_PX = 100;
const LINE_PX = 33;

export interface DesktopInputOptions {
  rootRef: React.RefObject<HTMLDivElement | null>;
  canvasRef: React.RefObject<HTMLCanvasElement | null>;
  dragLineRef: React.RefObject<SVGLineElement | null>;
  perform: (action: ComputerAction, options?: PerformOptions) => Promise<void>;
  /** Read at each event: whether input is sent, the mode, and the timings. */
  inputRef: React.MutableRefObject<{ interactive: boolean; mode: ComputerUseMode; moveThrottleMs: number; doubleClickMs: number }>;
}

export interface DesktopInputHandlers {
  onClick: (event: React.MouseEvent<HTMLDivElement>) => void;
  onAuxClick: (event: React.MouseEvent<HTMLDivElement>) => void;
  onContextMenu: (event: React.MouseEvent<HTMLDivElement>) => void;
  onPointerDown: (event: React.PointerEvent<HTMLDivElement>) => void;
  onPointerMove: (event: React.PointerEvent<HTMLDivElement>) => void;
  onPointerUp: (event: React.PointerEvent<HTMLDivElement>) => void;
  onPointerCancel: (event: React.PointerEvent<HTMLDivElement>) => void;
  onKeyDown: (event: React.KeyboardEvent<HTMLDivElement>) => void;
  onPaste: (event: React.ClipboardEvent<HTMLDivElement>) => void;
  onBlur: () => void;
}

/**
 * Pointer, wheel and keyboard on the display → `ComputerAction`s, per mode:
 * click (with double/right/middle), throttled move, drag from down to up,
 * coalesced wheel → scroll, keys → type/press/hotkey. Timers it starts end
 * with the component.
 */
export function useDesktopInput({ rootRef, canvasRef, dragLineRef, perform, inputRef }: DesktopInputOptions): DesktopInputHandlers {
  const send = React.useCallback(
    (action: ComputerAction) => {
      perform(action, { source: 'user' }).catch(() => {
        // Recorded in the history and reported through onActionError.
      });
    },
    [perform],
  );

  /** `clamp`: a point off the desktop lands on its nearest edge (drags) instead of nowhere. */
  const toSandbox = React.useCallback((clientX: number, clientY: number, clamp = false): Point | null => {
    const canvas = canvasRef.current;
    if (!canvas) return null;
    return clientToSandbox({ x: clientX, y: clientY }, readElementBox(canvas), { width: canvas.width, height: canvas.height }, clamp);
  }, []);

  const inputState = React.useRef<{
    pendingClick?: { x: number; y: number; timer: ReturnType<typeof setTimeout> };
    /** `button`: `'right'` for the right button, left (unset) otherwise. */
    drag?: { pointerId: number; from: Point; button: MouseButton | undefined };
    move?: { last: number; timer?: ReturnType<typeof setTimeout>; point?: Point };
    wheel?: { delta: number; timer?: ReturnType<typeof setTimeout>; point: Point };
    text?: { value: string; timer?: ReturnType<typeof setTimeout> };
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
      for (const pending of [state.pendingClick, state.move, state.wheel, state.text]) clearTimeout(pending?.timer);
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
    try {
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // Synthetic events have no active pointer to capture.
    }
    inputState.current.drag = { pointerId: event.pointerId, from: point, button: event.button === 2 ? 'right' : undefined };
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
      const point = toSandbox(event.clientX, event.clientY, true);
      if (point && dragLineRef.current) {
        dragLineRef.current.setAttribute('x2', String(point.x));
        dragLineRef.current.setAttribute('y2', String(point.y));
      }
      return;
    }
    if (m !== 'move') return;
    const point = toSandbox(event.clientX, event.clientY);
    if (!point) return;
    const move = (inputState.current.move ??= { last: Number.NEGATIVE_INFINITY });
    move.point = point;
    const now = performance.now();
    const wait = move.last + throttle - now;
    if (wait <= 0) {
      clearTimeout(move.timer);
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
    const to = toSandbox(event.clientX, event.clientY, true);
    if (!to) return;
    const { from, button } = drag;
    // Down and up on the same pixel is a click, not a drag.
    send(to.x === from.x && to.y === from.y ? { type: 'click', ...to, button } : { type: 'drag', from, to, button });
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
      const text = (inputState.current.text ??= { value: '' });
      clearTimeout(text.timer);
      text.value += mapped.text;
      text.timer = setTimeout(flushText, TYPE_COALESCE_MS);
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


  return {
    onClick,
    onAuxClick,
    onContextMenu,
    onPointerDown,
    onPointerMove,
    onPointerUp: (event) => endDrag(event, false),
    onPointerCancel: (event) => endDrag(event, true),
    onKeyDown,
    onPaste,
    onBlur: flushText,
  };
}

/** Events from the display's own buttons are not desktop input. */
function isFromControl(event: React.SyntheticEvent): boolean {
  return (event.target as Element).closest('button, input, textarea, select, a[href]') !== null;
}
