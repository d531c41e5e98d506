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
  const Context = React.createContext<T | null>(null);
  Context.displayName = `${rootName}Context`;
  function useStrictContext(consumerName: string): T {
    const value = React.useContext(Context);
    if (value === null) throw new Error(`\`${consumerName}\` must be used within \`${rootName}\``);
    return value;
  }
  return [Context.Provider, useStrictContext, Context] as const;
}
