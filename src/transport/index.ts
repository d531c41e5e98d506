export * from './types';
export * from './errors';
export { SANDBOX_CAPABILITIES, SANDBOX_OPERATIONS, type SandboxCapability, type SandboxOperation } from './operations';
export { RETRYABLE_ERROR_CODES, DEFAULT_BACKOFF, isRetryableError, backoffDelay, retryDelay, type BackoffOptions } from './retry';
export {
  SandboxProvider,
  useSandboxTransport,
  useOptionalSandboxTransport,
  useSandboxId,
  type SandboxProviderProps,
} from './provider';
export { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from './memory';
