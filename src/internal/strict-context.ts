import type * as React from 'react';

/**
 * What `createContext` from `@radix-ui/react-context` returns, spelled out
 * because the package does not export the hook's type and declarations of an
 * exported context need a name for it. The hook throws
 * `` `Part` must be used within `Root` `` unless given `{ optional: true }`.
 */
export type StrictContext<T extends object> = readonly [
  React.FC<T & { children: React.ReactNode }>,
  {
    (consumerName: string): T;
    (consumerName: string, options: { optional: true }): T | undefined;
  },
];
