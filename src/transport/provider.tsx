import * as React from 'react';
import { createContext } from '../internal/strict-context';
import type { SandboxTransport } from './types';

interface SandboxContextValue {
  transport: SandboxTransport;
  sandboxId: string | undefined;
}

const [SandboxContextProvider, useSandboxContext] = /* @__PURE__ */ createContext<SandboxContextValue>('SandboxProvider');

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
  return (
    <SandboxContextProvider transport={transport} sandboxId={sandboxId}>
      {children}
    </SandboxContextProvider>
  );
}

/** The transport from the nearest `SandboxProvider`; throws a clear error outside one. */
export function useSandboxTransport(): SandboxTransport {
  return useStrictSandboxContext('useSandboxTransport').transport;
}

/** The transport, or `null` outside a provider, for components that also work without one. */
export function useOptionalSandboxTransport(): SandboxTransport | null {
  return useSandboxContext('useOptionalSandboxTransport', { optional: true })?.transport ?? null;
}

/**
 * The sandbox id a component should use: its own prop, else the provider's.
 * Returns `undefined` when neither is set.
 */
export function useSandboxId(own?: string): string | undefined {
  const ctx = useSandboxContext('useSandboxId', { optional: true });
  return own ?? ctx?.sandboxId;
}

// Radix's message, with how to fix it.
function useStrictSandboxContext(consumer: string): SandboxContextValue {
  const value = useSandboxContext(consumer, { optional: true });
  if (!value) {
    throw new Error(`\`${consumer}\` must be used within \`SandboxProvider\`: wrap your app in <SandboxProvider transport={…}>.`);
  }
  return value;
}
