import * as React from 'react';
import { useLatest } from './use-latest';

/**
 * One hook for every `value / defaultValue / onValueChange` triple, after
 * Radix's `useControllableState`: the value is the prop when one is given,
 * else the hook's own state; in development it warns, naming `caller`, when a
 * prop switches between controlled and uncontrolled. Unlike Radix's, the
 * change handler is called at once with the details the caller passes
 * (`{ reason, event }`, as Base UI's handlers carry them). The handler is read
 * through a ref, so a new callback identity never matters, and the setter
 * keeps one identity.
 */
export function useControllableState<T, D = undefined>(params: {
  prop: T | undefined;
  defaultProp: T;
  onChange?: ((value: T, details: D) => void) | undefined;
  /** The component's name, for the development warning. */
  caller: string;
}): [T, (next: T | ((prev: T) => T), details?: D) => void] {
  const { prop } = params;
  const [own, setState] = React.useState(params.defaultProp);
  const controlled = prop !== undefined;
  const value = controlled ? prop : own;
  // The condition never changes while the app runs, so the hook order is stable.
  if (process.env.NODE_ENV !== 'production') useSwitchWarning(controlled, params.caller);
  const latest = useLatest({ value, controlled, onChange: params.onChange });

  const setValue = React.useCallback(
    (next: T | ((prev: T) => T), details?: D) => {
      const current = latest.current;
      const resolved = typeof next === 'function' ? (next as (p: T) => T)(current.value) : next;
      if (Object.is(resolved, current.value)) return;
      if (!current.controlled) {
        setState(resolved);
        // Keep the ref current so two calls in one event see each other.
        current.value = resolved;
      }
      current.onChange?.(resolved, details as D);
    },
    [latest],
  );

  return [value, setValue];
}

/** Radix's development warning (same text) when a prop switches between controlled and uncontrolled. */
function useSwitchWarning(controlled: boolean, caller: string): void {
  const was = React.useRef(controlled);
  React.useEffect(() => {
    if (was.current !== controlled) {
      const from = was.current ? 'controlled' : 'uncontrolled';
      const to = controlled ? 'controlled' : 'uncontrolled';
      console.warn(
        `${caller} is changing from ${from} to ${to}. Components should not switch from controlled to uncontrolled (or vice versa). Decide between using a controlled or uncontrolled value for the lifetime of the component.`,
      );
    }
    was.current = controlled;
  }, [controlled, caller]);
}
