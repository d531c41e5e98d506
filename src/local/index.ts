/**
 * `sandbox-elements/local`: the transport contract on this machine (server only).
 */
export { createLocalTransport, DEFAULT_PREVIEW_PORTS } from './transport';
export type { LocalTransport, LocalTransportOptions, LocalTransportStats, StartProcessRequest } from './transport';
export type { LocalProcessInfo } from './processes';
export type { DisplayHandle, LocalDisplayOption } from './desktop';
export type { PtyModule } from './pty';
