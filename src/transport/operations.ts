/**
 * One list of what a `SandboxTransport` can do, by the names every part uses:
 * the server handler (`expose`, the `op` that `authorize` sees), the HTTP
 * client (`capabilities`) and the simulated sandbox (`without`, `failNext`,
 * `latencyMs`, `stats().calls`). No imports: server-safe and browser-safe.
 */

/**
 * The optional parts of `SandboxTransport` (`getPreviewLink` is always
 * there): `logs` is `subscribeLogs`, `pty` is `openPty`, the others are the
 * member of that name.
 */
export const SANDBOX_CAPABILITIES = ['getSandbox', 'logs', 'pty', 'computerUse', 'exec', 'files', 'sandboxes'] as const;

/** One of `SANDBOX_CAPABILITIES`. */
export type SandboxCapability = (typeof SANDBOX_CAPABILITIES)[number];

/**
 * Every call of the contract, named after its member (`computerUse.perform`
 * is `transport.computerUse.perform`), with the capability it needs
 * (`null`: always there).
 */
export const SANDBOX_OPERATIONS = {
  getPreviewLink: null,
  getSandbox: 'getSandbox',
  subscribeLogs: 'logs',
  openPty: 'pty',
  exec: 'exec',
  'computerUse.screenshot': 'computerUse',
  'computerUse.displayInfo': 'computerUse',
  'computerUse.perform': 'computerUse',
  'computerUse.start': 'computerUse',
  'computerUse.status': 'computerUse',
  'files.list': 'files',
  'files.read': 'files',
  'files.write': 'files',
  'files.remove': 'files',
  'sandboxes.create': 'sandboxes',
  'sandboxes.get': 'sandboxes',
  'sandboxes.list': 'sandboxes',
  'sandboxes.start': 'sandboxes',
  'sandboxes.stop': 'sandboxes',
  'sandboxes.archive': 'sandboxes',
  'sandboxes.remove': 'sandboxes',
} as const satisfies Record<string, SandboxCapability | null>;

/** One call of the contract: a key of `SANDBOX_OPERATIONS`. */
export type SandboxOperation = keyof typeof SANDBOX_OPERATIONS;

/** The `SandboxTransport` member that provides `capability`. */
export function capabilityMember(capability: SandboxCapability): 'getSandbox' | 'subscribeLogs' | 'openPty' | 'computerUse' | 'exec' | 'files' | 'sandboxes' {
  return capability === 'logs' ? 'subscribeLogs' : capability === 'pty' ? 'openPty' : capability;
}

/** Whether `transport` implements `capability` (the member is there, not only typed). */
export function hasCapability(transport: object, capability: SandboxCapability): boolean {
  return (transport as Record<string, unknown>)[capabilityMember(capability)] != null;
}
