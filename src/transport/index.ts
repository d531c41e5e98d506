export * from './types';
export * from './errors';
export {
  SandboxProvider,
  useSandboxTransport,
  useOptionalSandboxTransport,
  useSandboxId,
  type SandboxProviderProps,
} from './provider';
export { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from './memory';
