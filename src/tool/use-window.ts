import * as React from 'react';

// ─── useWindow ───────────────────────────────────────────────────────────────
// A small windowing hook: rows start at an estimated height and are measured
// by one ResizeObserver once mounted; heights are remembered per item key, so
// inserting or removing items does not shift them onto the wrong rows.
// Offsets are a prefix sum recomputed per render (O(n): ~0.1 ms for 10k rows),
// which keeps the code simple; a Fenwick tree would make it O(log n).
// Idea credited to react-window / TanStack Virtual's measured-size mode.

export interface WindowOptions {
  keys: readonly string[];
  enabled: boolean;
  estimate: number;
  overscan: number;
  viewport: React.RefObject<HTMLElement | null>;
}

export interface WindowState {
  start: number;
  end: number;
  /** Space above the first rendered row, in px. */
  before: number;
  /** Space below the last rendered row, in px. */
  after: number;
  /** Observe a mounted row (its `data-key` names it); returns the unobserve function. */
  observe: (el: HTMLElement) => () => void;
  /** Scroll so that row `index` is in view (and rendered on the next commit). */
  scrollToIndex: (index: number) => void;
  onScroll: () => void;
}

const FALLBACK_VIEWPORT = 600;

export function useWindow({ keys, enabled, estimate, overscan, viewport }: WindowOptions): WindowState {
  const heights = React.useRef(new Map<string, number>()).current;
  const [version, remeasured] = React.useReducer((n: number) => n + 1, 0);
  const [view, setView] = React.useState({ top: 0, height: 0 });
  const observer = React.useRef<ResizeObserver | null>(null);
  const observed = React.useRef(new Set<HTMLElement>()).current;

  React.useEffect(() => {
    if (!enabled || typeof ResizeObserver === 'undefined') return;
    const vp = viewport.current;
    const ro = new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        const h = entry.borderBoxSize?.[0]?.blockSize ?? el.getBoundingClientRect().height;
        if (el === vp) setView((v) => (v.height === h ? v : { ...v, height: h }));
        else {
          const key = el.dataset.key;
          if (key !== undefined && h > 0 && heights.get(key) !== h) {
            heights.set(key, h);
            changed = true;
          }
        }
      }
      if (changed) remeasured();
    });
    observer.current = ro;
    if (vp) ro.observe(vp);
    for (const el of observed) ro.observe(el);
    return () => {
      ro.disconnect();
      observer.current = null;
    };
  }, [enabled, viewport, heights, observed]);

  const observe = React.useCallback(
    (el: HTMLElement) => {
      observed.add(el);
      observer.current?.observe(el);
      return () => {
        observed.delete(el);
        observer.current?.unobserve(el);
      };
    },
    [observed],
  );

  const offsets = React.useMemo(() => {
    if (!enabled) return null;
    const o = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) o[i + 1] = o[i]! + (heights.get(keys[i]!) ?? estimate);
    return o;
    // `version` changes when a row's measured height does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, keys, estimate, heights, version]);

  const viewRef = React.useRef(view);
  viewRef.current = view;

  const onScroll = React.useCallback(() => {
    const vp = viewport.current;
    if (vp) setView((v) => (v.top === vp.scrollTop ? v : { ...v, top: vp.scrollTop }));
  }, [viewport]);

  const offsetsRef = React.useRef(offsets);
  offsetsRef.current = offsets;
  const scrollToIndex = React.useCallback(
    (index: number) => {
      const o = offsetsRef.current;
      const vp = viewport.current;
      if (!o || !vp) return;
      const { top, height } = viewRef.current;
      const h = height || FALLBACK_VIEWPORT;
      const y0 = o[index] ?? 0;
      const y1 = o[index + 1] ?? y0;
      let next = top;
      if (y0 < top) next = y0;
      else if (y1 > top + h) next = y1 - h;
      if (next !== top) {
        vp.scrollTop = next;
        setView((v) => ({ ...v, top: next }));
      }
    },
    [viewport],
  );

  if (!offsets) return { start: 0, end: keys.length, before: 0, after: 0, observe, scrollToIndex, onScroll };
  const n = keys.length;
  const top = view.top;
  const bottom = top + (view.height || FALLBACK_VIEWPORT);
  let start = search(offsets, top, n);
  let end = search(offsets, bottom, n) + 1;
  start = Math.max(0, start - overscan);
  end = Math.min(n, end + overscan);
  return { start, end, before: offsets[start]!, after: offsets[n]! - offsets[end]!, observe, scrollToIndex, onScroll };
}

/** The index of the row containing `y`: the last i with offsets[i] <= y. */
function search(offsets: Float64Array, y: number, n: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
