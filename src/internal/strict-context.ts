import * as React from 'react';

/**
 * A context whose hook throws `` `Part` must be used within `Root` `` unless
 * given `{ optional: true }`, and whose provider memoises its own fields (so a
 * root passes them as props instead of keeping a dependency list). Radix's
 * `createContext` (`@radix-ui/react-context`), without its scopes, which
 * nothing here uses.
 */
export type StrictContext<T extends object> = readonly [
  React.FC<T & { children: React.ReactNode }>,
  {
    (consumerName: string): T;
    (consumerName: string, options: { optional: true }): T | undefined;
  },
];

export function createContext<T extends object>(rootComponentName: string): StrictContext<T> {
  const Context = React.createContext<T | undefined>(undefined);
  Context.displayName = `${rootComponentName}Context`;
  function Provider({ children, ...context }: T & { children: React.ReactNode }) {
    // One field changed, a new value; otherwise the same object, so consumers do not re-render.
    const value = React.useMemo(() => context as T, Object.values(context));
    return React.createElement(Context.Provider, { value }, children);
  }
  Provider.displayName = `${rootComponentName}Provider`;
  function useContext(consumerName: string, options?: { optional: true }): T | undefined {
    const value = React.useContext(Context);
    if (value || options?.optional) return value;
    throw new Error(`\`${consumerName}\` must be used within \`${rootComponentName}\``);
  }
  return [Provider, useContext as StrictContext<T>[1]];
}
