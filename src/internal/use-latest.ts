import * as React from 'react';

const useIsoLayoutEffect = typeof document !== 'undefined' ? React.useLayoutEffect : React.useEffect;
export { useIsoLayoutEffect as useIsomorphicLayoutEffect };

/**
 * A ref that always holds the latest `value`, so effects and callbacks can
 * read current props without re-subscribing when a callback identity changes.
 */
export function useLatest<T>(value: T): React.MutableRefObject<T> {
  const ref = React.useRef(value);
  useIsoLayoutEffect(() => {
    ref.current = value;
  });
  return ref;
}
