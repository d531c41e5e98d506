import * as React from 'react';
import { createNamedContext } from '../internal/create-context';
import type { SandboxTransport } from './types';

interface SandboxContextValue {
  transport: SandboxTransport;
  sandboxId: string | undefined;
}

const SandboxContext = /* @__PURE__ */ createNamedContext<SandboxContextValue | null>('SandboxContext', null);

export interface SandboxProviderProps {
  /** The transport every component below uses. */
  transport: SandboxTransport;
  /** The sandbox components use when they are given no `sandboxId`. @default undefined */
  sandboxId?: string;
  /** The components that use the transport. @default undefined */
  children?: React.ReactNode;
}

/** Supplies a `SandboxTransport` (and optionally a default sandbox) to every component below. */
export function SandboxProvider({ transport, sandboxId, children }: SandboxProviderProps): React.JSX.Element {
  const value = React.useMemo(() => ({ transport, sandboxId }), [transport, sandboxId]);
  return <SandboxContext.Provider value={value}>{children}</SandboxContext.Provider>;
}

/** The transport from the nearest `SandboxProvider`; throws a clear error outside one. */
export function useSandboxTransport(): SandboxTransport {
  return useSandboxContext('useSandboxTransport').transport;
}

/** The transport, or `null` outside a provider, for components that also work without one. */
export function useOptionalSandboxTransport(): SandboxTransport | null {
  return React.useContext(SandboxContext)?.transport ?? null;
}

/**
 * The sandbox id a component should use: its own prop, else the provider's.
 * Returns `undefined` when neither is set.
 */
export function useSandboxId(own?: string): string | undefined {
  const ctx = React.useContext(SandboxContext);
  return own ?? ctx?.sandboxId;
}

function useSandboxContext(consumer: string): SandboxContextValue {
  const value = React.useContext(SandboxContext);
  if (value === null) {
    throw new Error(`\`${consumer}\` must be used within \`SandboxProvider\`: wrap your app in <SandboxProvider transport={…}>.`);
  }
  return value;
}
