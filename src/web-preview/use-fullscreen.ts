import * as React from 'react';

/* -------------------------------------------------------------------------------------------------
 * useFullscreen: whether `ref`'s element is fullscreen, and a toggle
 * -----------------------------------------------------------------------------------------------*/

export interface FullscreenResult {
  fullscreen: boolean;
  /** The document allows fullscreen and the element can request it (known after mount). */
  fullscreenSupported: boolean;
  /** Enter or leave fullscreen; a refused request changes nothing. Stable. */
  toggleFullscreen(): void;
}

export function useFullscreen(ref: React.RefObject<HTMLElement | null>): FullscreenResult {
  const [fullscreen, setFullscreen] = React.useState(false);
  const [fullscreenSupported, setFullscreenSupported] = React.useState(false);
  // Effects and handlers only run in a browser: `document` is there.
  React.useEffect(() => {
    setFullscreenSupported(document.fullscreenEnabled === true && typeof ref.current?.requestFullscreen === 'function');
    const onChange = () => setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === ref.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [ref]);
  const toggleFullscreen = React.useCallback(() => {
    const element = ref.current;
    if (!element) return;
    const result = document.fullscreenElement === element ? document.exitFullscreen?.() : element.requestFullscreen?.();
    // A refused request (no user gesture, policy) leaves the state as it is.
    void result?.catch?.(() => undefined);
  }, [ref]);
  return { fullscreen, fullscreenSupported, toggleFullscreen };
}
