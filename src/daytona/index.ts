/**
 * `sandbox-elements/daytona`: server-only. Wraps `@daytonaio/sdk` (an
 * optional peer you install and construct yourself), so the Daytona API key
 * never leaves your server.
 */
export { createDaytonaTransport } from './transport';
export type { DaytonaTransport, DaytonaTransportOptions, DaytonaTransportStats, DaytonaCreateParams } from './transport';
export type { DaytonaLogsOptions, WebSocketFactory, WebSocketLike } from './logs';
export { DaytonaService } from './service';
export type { DaytonaServiceOptions, DaytonaGitStatus, DaytonaGitCredentials } from './service';
export type { DaytonaLifecycleOptions } from './lifecycle';
export { DaytonaWorkspaceManager } from './workspace';
export type { WorkspaceManager, Workspace, IdleAction, IdleCleanupOptions, DaytonaWorkspaceManagerOptions, WorkspaceLifecycleOptions } from './workspace';
export { DaytonaExecutor, CommandFailedError } from './executor';
export type { DaytonaExecutorOptions, RunOptions } from './executor';
export { toDaytonaSandboxError, parseRetryAfter } from './errors';
export { DAYTONA_STATE_MAP, DAYTONA_TRANSITIONAL_STATES, mapDaytonaState, toSandboxInfo } from './states';
