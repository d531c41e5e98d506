import * as React from 'react';

/**
 * `true` while the page is hidden (Page Visibility) or `ref`'s element is
 * scrolled out of view (IntersectionObserver), so nobody pays for frames no
 * one can see. Always `false` when `enabled` is off.
 */
export function usePauseWhenHidden(ref: React.RefObject<HTMLElement | null>, enabled: boolean): boolean {
  const [hidden, setHidden] = React.useState(false);
  React.useEffect(() => {
    if (!enabled) {
      setHidden(false);
      return;
    }
    let docHidden = document.visibilityState === 'hidden';
    let outOfView = false;
    const update = () => setHidden(docHidden || outOfView);
    const onVisibility = () => {
      docHidden = document.visibilityState === 'hidden';
      update();
    };
    document.addEventListener('visibilitychange', onVisibility);
    let observer: IntersectionObserver | undefined;
    const el = ref.current;
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
  }, [enabled, ref]);

  return hidden;
}
