import * as React from 'react';

/**
 * A context with no default value whose consumer throws a message naming the
 * part and its root, so misuse fails where it happens (after Radix).
 * Call it as `/* @__PURE__ *\/ createStrictContext(...)` at module level so
 * bundlers can drop an unused family.
 */
export function createStrictContext<T>(rootName: string): readonly [
  React.Provider<T | null>,
  (consumerName: string) => T,
  React.Context<T | null>,
] {
  const Context = createNamedContext<T | null>(`${rootName}Context`, null);
  function useStrictContext(consumerName: string): T {
    const value = React.useContext(Context);
    if (value === null) throw new Error(`\`${consumerName}\` must be used within \`${rootName}\``);
    return value;
  }
  return [Context.Provider, useStrictContext, Context] as const;
}

/**
 * `React.createContext` with a `displayName` for React DevTools. One module
 * per source file in both builds (ESM and CJS) means every entry of the
 * package reaches the same context object; no global registry is needed
 * (see docs/ARCHITECTURE.md, "One context per package copy").
 */
export function createNamedContext<T>(name: string, defaultValue: T): React.Context<T> {
  const context = React.createContext<T>(defaultValue);
  context.displayName = name;
  return context;
}
