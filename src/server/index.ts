// `sandbox-elements/server`: put any SandboxTransport on the wire. Node 20+, no React.
export {
  createSandboxHandler,
  type Authorize,
  type AuthorizeContext,
  type CorsOptions,
  type ExposedCapability,
  type SandboxHandler,
  type SandboxHandlerLimits,
  type SandboxHandlerOptions,
  type SandboxHandlerStats,
} from './handler';
export { SANDBOX_CAPABILITIES, SANDBOX_OPERATIONS, type SandboxCapability, type SandboxOperation } from '../transport/operations';
export { toNodeListener, toFetchRequest, type FetchHandler } from './node';
export { PROTOCOL_VERSION } from '../http/protocol';
// The simulated sandbox and the error family, for servers that serve or throw them.
export { createMemoryTransport, type MemoryTransport, type MemoryTransportOptions } from '../transport/memory';
export * from '../transport/errors';
export type * from '../transport/types';
