import * as React from 'react';

/**
 * A context with no default value whose consumer throws a message naming the
 * part and its root, so misuse fails where it happens (after Radix).
 */
export function createStrictContext<T>(rootName: string): readonly [
  React.Provider<T | null>,
  (consumerName: string) => T,
  React.Context<T | null>,
] {
  const Context = sharedContext<T | null>(`${rootName}Context`, null);
  function useStrictContext(consumerName: string): T {
    const value = React.useContext(Context);
    if (value === null) throw new Error(`\`${consumerName}\` must be used within \`${rootName}\``);
    return value;
  }
  return [Context.Provider, useStrictContext, Context] as const;
}

/**
 * A context shared by every copy of this module in the page. The CJS build
 * does not split chunks, so `sandbox-elements/vnc` and `/terminal` carry their
 * own copy of this code; keying the context on a global symbol lets a
 * `SandboxProvider` from the core entry reach them. The key carries the
 * protocol of the context values (v1), so an incompatible future copy would
 * use its own.
 */
export function sharedContext<T>(name: string, defaultValue: T): React.Context<T> {
  const key = Symbol.for(`sandbox-elements.v1.${name}`);
  const registry = globalThis as unknown as Record<symbol, React.Context<T> | undefined>;
  let context = registry[key];
  if (!context) {
    context = React.createContext<T>(defaultValue);
    context.displayName = name;
    registry[key] = context;
  }
  return context;
}
