import * as React from 'react';
import { useControllableState as useRadixControllableState } from '@radix-ui/react-use-controllable-state';
import { useLatest } from './use-latest';

/**
 * One hook for every `value / defaultValue / onValueChange` triple: Radix's
 * `useControllableState` (the state, and its development warning naming
 * `caller` when a prop switches between controlled and uncontrolled), with
 * the change handler called at once with the details the caller passes
 * (`{ reason, event }`, as Base UI's handlers carry them). Radix calls it
 * without details, and for uncontrolled state only after the commit. The
 * handler is read through a ref, so a new callback identity never matters,
 * and the setter keeps one identity.
 */
export function useControllableState<T, D = undefined>(params: {
  prop: T | undefined;
  defaultProp: T;
  onChange?: ((value: T, details: D) => void) | undefined;
  /** The component's name, for the development warning. */
  caller: string;
}): [T, (next: T | ((prev: T) => T), details?: D) => void] {
  const { prop, defaultProp, caller } = params;
  const [value, setState] = useRadixControllableState({ prop, defaultProp, caller });
  const latest = useLatest({ value, controlled: prop !== undefined, setState, onChange: params.onChange });

  const setValue = React.useCallback(
    (next: T | ((prev: T) => T), details?: D) => {
      const current = latest.current;
      const resolved = typeof next === 'function' ? (next as (p: T) => T)(current.value) : next;
      if (Object.is(resolved, current.value)) return;
      if (!current.controlled) {
        current.setState(resolved);
        // Keep the ref current so two calls in one event see each other.
        current.value = resolved;
      }
      current.onChange?.(resolved, details as D);
    },
    [latest],
  );

  return [value, setValue];
}
