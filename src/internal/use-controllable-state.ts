import * as React from 'react';
import { useLatest } from './use-latest';

/**
 * One hook for every `value / defaultValue / onValueChange` triple
 * (after Radix's `useControllableState`). The change handler receives the
 * details the caller passes (`{ reason, event }`), and is read through a ref
 * so that a new callback identity never matters.
 */
export function useControllableState<T, D = undefined>(params: {
  prop: T | undefined;
  defaultProp: T;
  onChange?: ((value: T, details: D) => void) | undefined;
}): [T, (next: T | ((prev: T) => T), details?: D) => void] {
  const { prop, defaultProp } = params;
  const [uncontrolled, setUncontrolled] = React.useState<T>(defaultProp);
  const isControlled = prop !== undefined;
  const value = isControlled ? (prop as T) : uncontrolled;
  const onChange = useLatest(params.onChange);
  const valueRef = useLatest(value);
  const controlledRef = useLatest(isControlled);

  const setValue = React.useCallback(
    (next: T | ((prev: T) => T), details?: D) => {
      const prev = valueRef.current;
      const resolved = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
      if (Object.is(resolved, prev)) return;
      if (!controlledRef.current) {
        setUncontrolled(resolved);
        // Keep the ref current so two calls in one event see each other.
        valueRef.current = resolved;
      }
      onChange.current?.(resolved, details as D);
    },
    [onChange, valueRef, controlledRef],
  );

  return [value, setValue];
}
