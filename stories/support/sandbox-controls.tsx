// The simulated sandbox's options as Storybook controls. A story spreads
// `sandboxArgTypes` into its argTypes (and `sandboxArgs` into its args); the
// preview decorator (.storybook/preview.tsx) builds the memory transport from
// them, so a designer can add latency, make the next call fail or leave a
// capability out from the controls panel.
import * as React from 'react';
import {
  SANDBOX_CAPABILITIES,
  SANDBOX_OPERATIONS,
  SandboxProvider,
  createMemoryTransport,
  type MemoryTransport,
  type MemoryTransportOptions,
  type SandboxCapability,
  type SandboxOperation,
} from '../../src';

/** Operations whose next call can be made to fail (its `failNext`): the library's one list. */
const FAILABLE = ['none', ...(Object.keys(SANDBOX_OPERATIONS) as SandboxOperation[])] as const;
export const SANDBOX_ERROR_CODES = ['unavailable', 'not_found', 'unauthorized', 'forbidden', 'rate_limited', 'timeout', 'internal'] as const;

export interface SandboxArgs {
  /** Latency of every call of the simulated sandbox, ms. */
  sandboxLatencyMs?: number;
  /** Make the first call of this operation fail. */
  sandboxFailNext?: SandboxOperation | 'none';
  /** The error code that failing call gets. */
  sandboxFailCode?: (typeof SANDBOX_ERROR_CODES)[number];
  /** Capabilities the simulated sandbox leaves out (shows `unsupported` states). */
  sandboxWithout?: SandboxCapability[];
}

const CATEGORY = { table: { category: 'Simulated sandbox' } };

export const sandboxArgTypes = {
  sandboxLatencyMs: { control: { type: 'range', min: 0, max: 3000, step: 100 }, description: 'Latency of every call, ms (`latencyMs`).', ...CATEGORY },
  sandboxFailNext: { control: 'select', options: [...FAILABLE], description: 'The first call of this operation fails (`failNext`).', ...CATEGORY },
  sandboxFailCode: { control: 'select', options: [...SANDBOX_ERROR_CODES], description: 'Error code of that failure.', ...CATEGORY },
  sandboxWithout: { control: 'check', options: [...SANDBOX_CAPABILITIES], description: 'Capabilities left out (`without`).', ...CATEGORY },
} as const;

export const sandboxArgs: Required<SandboxArgs> = { sandboxLatencyMs: 0, sandboxFailNext: 'none', sandboxFailCode: 'unavailable', sandboxWithout: [] };

export interface SandboxFromArgs {
  options: MemoryTransportOptions;
  failNext?: { op: string; code: string };
}

/** Transport options and the failure to prime, from a story's args (none if it has no sandbox controls). */
export function sandboxOptionsFromArgs(args: object): SandboxFromArgs {
  const a = args as SandboxArgs;
  const options: MemoryTransportOptions = {};
  if (typeof a.sandboxLatencyMs === 'number' && a.sandboxLatencyMs > 0) options.latencyMs = a.sandboxLatencyMs;
  if (Array.isArray(a.sandboxWithout) && a.sandboxWithout.length) options.without = [...a.sandboxWithout] as MemoryTransportOptions['without'];
  const failNext = a.sandboxFailNext && a.sandboxFailNext !== 'none' ? { op: a.sandboxFailNext, code: a.sandboxFailCode ?? 'unavailable' } : undefined;
  return { options, failNext };
}

/** Apply the failure chosen in the controls to a fresh transport. */
export function primeSandbox(transport: { failNext(op: never, code?: never, message?: string): void }, from: SandboxFromArgs): void {
  if (from.failNext) transport.failNext(from.failNext.op as never, from.failNext.code as never, `Simulated ${from.failNext.code} (from the controls)`);
}

/**
 * A simulated sandbox of a story's own, built from `options` (what a state
 * control needs) merged with the sandbox controls in `args`, and rebuilt when
 * either changes. For Playground stories whose state controls need transport
 * options of their own.
 */
export function SandboxFor({
  args,
  options,
  prime,
  sandboxId = 'abc123',
  children,
}: {
  args: object;
  options?: MemoryTransportOptions;
  prime?: (t: MemoryTransport) => void;
  /** Also the sandbox id the provider gives (default `abc123`; '' for none). */
  sandboxId?: string;
  children: React.ReactNode | ((transport: MemoryTransport) => React.ReactNode);
}) {
  const fromArgs = sandboxOptionsFromArgs(args);
  const merged: MemoryTransportOptions = { ...options, ...fromArgs.options, without: [...(options?.without ?? []), ...(fromArgs.options.without ?? [])] };
  const key = JSON.stringify([merged, fromArgs.failNext, prime?.toString(), sandboxId]);
  const transport = React.useMemo(() => {
    const t = createMemoryTransport(merged);
    prime?.(t);
    primeSandbox(t, fromArgs);
    return t;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  React.useEffect(() => () => transport.dispose(), [transport]);
  return (
    <SandboxProvider key={key} transport={transport} sandboxId={sandboxId}>
      {typeof children === 'function' ? children(transport) : children}
    </SandboxProvider>
  );
}
