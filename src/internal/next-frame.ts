/**
 * Run `fn` on the next animation frame, or soon (16 ms) where frames do not
 * run (server, tests, a hidden page); returns a cancel. Server-safe.
 */
export function nextFrame(fn: () => void): () => void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 16);
  return () => clearTimeout(id);
}
