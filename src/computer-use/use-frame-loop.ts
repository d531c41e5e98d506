import * as React from 'react';
import { nextFrame } from '../internal/next-frame';
import { toSandboxError, type SandboxError } from '../transport/errors';
import { retryDelay } from '../transport/retry';
import type { ComputerUseTransport, Disposable, Screenshot } from '../transport/types';
import { decodeFrame } from './decode';
import type { Size } from './geometry';

// Failed screenshots back off from the refresh interval (at least 500 ms) up to this.
const MAX_BACKOFF_MS = 30_000;

export interface FrameRequestOptions {
  format: 'png' | 'jpeg' | undefined;
  quality: number | undefined;
  scale: number | undefined;
  showCursor: boolean;
  refreshIntervalMs: number;
}

export interface FrameInfo {
  width: number;
  height: number;
  cursor?: { x: number; y: number };
}

export interface FrameLoopOptions {
  computerUse: ComputerUseTransport | undefined;
  sandboxId: string | undefined;
  /** Run the loop (computer use active and the display visible). */
  enabled: boolean;
  onInvalidate: (listener: () => void) => Disposable;
  reportDisplaySize: (size: Size) => void;
  canvasRef: React.RefObject<HTMLCanvasElement | null>;
  cursorRef: React.RefObject<SVGGElement | null>;
  /** Read at each request, so changing them never restarts the loop. */
  requestRef: React.MutableRefObject<FrameRequestOptions>;
  callbacksRef: React.MutableRefObject<{ onFrame?: ((frame: FrameInfo) => void) | undefined; onError?: ((error: SandboxError) => void) | undefined }>;
  initialSize: Size;
}

export type FramePhase = { kind: 'connecting' | 'live' | 'error'; error?: SandboxError };
const CONNECTING: FramePhase = { kind: 'connecting' };
const LIVE: FramePhase = { kind: 'live' };

/**
 * The screenshot loop: one request in flight at a time (a refresh asked for
 * meanwhile runs when it lands), decode off the main thread, draw on the next
 * animation frame straight onto the canvas. React only hears about phase
 * changes (connecting → live → error) and size changes, never about frames.
 */
export function useFrameLoop(options: FrameLoopOptions): { phase: FramePhase; frameSize: Size; retry: () => void } {
  const { computerUse, sandboxId, enabled, onInvalidate, reportDisplaySize, canvasRef, cursorRef, requestRef, callbacksRef, initialSize } = options;
  const [frameSize, setFrameSize] = React.useState<Size>(initialSize);
  const [phase, setPhase] = React.useState<FramePhase>(CONNECTING);
  const [retryCount, setRetryCount] = React.useState(0);

  React.useEffect(() => {
    if (!enabled || !computerUse || !sandboxId) return;
    let inFlight: AbortController | null = null;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let lastError: SandboxError | null = null;
    let disposed = false;
    let cursorReported = true;

    const draw = (image: CanvasImageSource, shot: Screenshot) => {
      const canvas = canvasRef.current;
      if (!canvas) return;
      const { width, height } = shot;
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
        setFrameSize({ width, height });
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
      clearTimeout(timer);
      timer = ms > 0 ? setTimeout(tick, ms) : undefined;
    };

    function tick(): void {
      if (disposed) return;
      if (inFlight) {
        // Never two requests at once: remember to fetch again when this one lands.
        again = true;
        return;
      }
      clearTimeout(timer);
      timer = undefined;
      const controller = new AbortController();
      inFlight = controller;
      const o = requestRef.current;
      const req = {
        sandboxId: sandboxId!,
        format: o.format,
        quality: o.quality,
        scale: o.scale,
        // With the overlay on, ask for frames without a cursor, unless the transport does not report where it is.
        showCursor: !(o.showCursor && cursorReported),
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
          if (!shot.cursor) cursorReported = false;
          reportDisplaySize({ width: shot.width, height: shot.height });
          // Once live, later frames change nothing React renders.
          setPhase((prev) => (prev.kind === 'live' ? prev : LIVE));
          callbacksRef.current.onFrame?.({ width: shot.width, height: shot.height, cursor: shot.cursor });
        })
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          failures++;
          const e = toSandboxError(error);
          lastError = e;
          setPhase({ kind: 'error', error: e });
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
          if (failures === 0) return schedule(every);
          const delay = retryDelay(lastError, failures, { initialDelayMs: Math.max(every, 500), maxDelayMs: MAX_BACKOFF_MS });
          // A failure retrying cannot fix (see transport/retry) waits for the user's Retry or an action.
          schedule(delay ?? 0);
        });
    }

    const invalidated = onInvalidate(() => tick());
    tick();
    return () => {
      disposed = true;
      invalidated.dispose();
      clearTimeout(timer);
      inFlight?.abort();
    };
  }, [enabled, computerUse, sandboxId, onInvalidate, reportDisplaySize, requestRef, callbacksRef, canvasRef, cursorRef, retryCount]);

  // A new target shows `connecting` until its first frame.
  React.useEffect(() => {
    setPhase(CONNECTING);
  }, [computerUse, sandboxId]);


  const retry = React.useCallback(() => setRetryCount((n) => n + 1), []);
  return { phase, frameSize, retry };
}

/** Resolves on the next animation frame (see `nextFrame`); abort resolves early. */
function animationFrame(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const cancel = nextFrame(resolve);
    signal.addEventListener('abort', () => (cancel(), resolve()), { once: true });
  });
}
