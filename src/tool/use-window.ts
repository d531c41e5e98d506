import * as React from 'react';
import { useIsomorphicLayoutEffect } from '../internal';

// ─── useWindow ───────────────────────────────────────────────────────────────
// A small windowing hook: rows start at an estimated height and are measured
// by one ResizeObserver once mounted; heights are remembered per item key, so
// inserting or removing items does not shift them onto the wrong rows.
// Rows not measured yet count as the average measured height (the estimate
// until the first measurement), which keeps the scroll range close to real.
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
    // Rows not measured yet are assumed to be as tall as the average measured row.
    let sum = 0;
    for (const h of heights.values()) sum += h;
    const guess = heights.size ? sum / heights.size : estimate;
    const o = new Float64Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) o[i + 1] = o[i]! + (heights.get(keys[i]!) ?? guess);
    return o;
    // `version` changes when a row's measured height does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, keys, estimate, heights, version]);

  const height = view.height || FALLBACK_VIEWPORT;

  // Scroll anchoring: when offsets change (rows measured, the average guess
  // updated, items inserted), the row that was at the top of the viewport
  // stays where it was. Done while rendering, not after the commit, so the
  // window never skips past a row in between (which would unmount a focused
  // row and drop focus to <body>); the layout effect then moves the DOM.
  const anchor = React.useRef<{ offsets: Float64Array; keys: readonly string[]; top: number } | null>(null);
  let top = view.top;
  const prev = anchor.current;
  if (offsets && prev && prev.offsets !== offsets) {
    const i = search(prev.offsets, prev.top);
    const j = prev.keys === keys ? i : keys.indexOf(prev.keys[i]!);
    if (j >= 0) top = offsets[j]! + (prev.top - prev.offsets[i]!);
    top = Math.max(0, Math.min(top, offsets[keys.length]! - height));
  }
  useIsomorphicLayoutEffect(() => {
    const last = anchor.current;
    anchor.current = offsets ? { offsets, keys, top } : null;
    const vp = viewport.current;
    if (!offsets || !vp) return;
    // Nothing moved (the usual update: one item's status changed): skip the
    // scrollTop read, which would force a synchronous layout on every commit.
    if (last?.offsets === offsets && last.top === top && view.top === top) return;
    if (Math.abs(vp.scrollTop - top) >= 0.5) vp.scrollTop = top;
    if (view.top !== top) setView((v) => ({ ...v, top }));
  });

  const onScroll = React.useCallback(() => {
    const vp = viewport.current;
    if (vp) setView((v) => (v.top === vp.scrollTop ? v : { ...v, top: vp.scrollTop }));
  }, [viewport]);

  // This render's figures, for scrollToIndex (which keeps its identity).
  const latest = React.useRef({ offsets, top, height });
  latest.current = { offsets, top, height };
  const scrollToIndex = React.useCallback((index: number) => {
    const { offsets: o, top, height } = latest.current;
    if (!o) return;
    const y0 = o[index] ?? 0;
    const y1 = o[index + 1] ?? y0;
    const next = y0 < top ? y0 : y1 > top + height ? y1 - height : top;
    // The layout effect after this render moves the viewport's scrollTop.
    if (next !== top) setView((v) => ({ ...v, top: next }));
  }, []);

  if (!offsets) return { start: 0, end: keys.length, before: 0, after: 0, observe, scrollToIndex, onScroll };
  const n = keys.length;
  const start = Math.max(0, search(offsets, top) - overscan);
  const end = Math.min(n, search(offsets, top + height) + 1 + overscan);
  return { start, end, before: offsets[start]!, after: offsets[n]! - offsets[end]!, observe, scrollToIndex, onScroll };
}

/** The index of the row containing `y`: the last row i with offsets[i] <= y (0 when there is none). */
function search(offsets: Float64Array, y: number): number {
  let lo = 0;
  // offsets has one entry per row plus the end.
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
