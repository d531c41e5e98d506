import * as React from 'react';
import { DisposableStore } from '../internal';
import type { LoadedTerminal } from './use-xterm';

/* -------------------------------------------------------------------------------------------------
 * useFit: the terminal follows its container's size
 * -----------------------------------------------------------------------------------------------*/

/**
 * Fits the terminal to `viewport` now, after the container stops resizing
 * (debounced) and when web fonts arrive, skipping hidden and zero-size
 * containers. Returns a stable `fit()` (a no-op while there is no terminal).
 */
export function useFit(xterm: LoadedTerminal | null, viewport: HTMLDivElement | null, resizeDebounceMs: number): () => void {
  const fitRef = React.useRef<() => void>(() => {});
  React.useEffect(() => {
    if (!xterm || !viewport) return;
    const { terminal, fit: fitAddon } = xterm;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fit = () => {
      timer = undefined;
      if (!isRenderable(viewport)) return;
      let dims: { cols: number; rows: number } | undefined;
      try {
        dims = fitAddon.proposeDimensions();
      } catch {
        return; // not measurable yet (no renderer): the next resize tries again
      }
      if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
      // A hidden or unmeasured container yields xterm's minimum 2×1; never shrink to it.
      if (dims.cols <= 2 && dims.rows <= 1) return;
      if (dims.cols !== terminal.cols || dims.rows !== terminal.rows) terminal.resize(dims.cols, dims.rows);
    };
    fitRef.current = fit;
    fit();
    const disposables = new DisposableStore();
    if (typeof ResizeObserver !== 'undefined') {
      const observer = new ResizeObserver(() => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(fit, resizeDebounceMs);
      });
      observer.observe(viewport);
      disposables.add(() => observer.disconnect());
    }
    // Cell size changes when web fonts arrive.
    const fonts = viewport.ownerDocument.fonts as FontFaceSet | undefined;
    let live = true;
    fonts?.ready?.then(() => live && fit(), () => {});
    disposables.add(() => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
      fitRef.current = () => {};
    });
    return () => disposables.dispose();
  }, [xterm, viewport, resizeDebounceMs]);
  return React.useCallback(() => fitRef.current(), []);
}

function isRenderable(element: HTMLElement): boolean {
  if (!element.isConnected || element.getClientRects().length === 0) return false;
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}
