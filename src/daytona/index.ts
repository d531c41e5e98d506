export { createDaytonaTransport } from './transport';
export type { DaytonaTransport, DaytonaTransportOptions, DaytonaTransportStats, DaytonaCreateParams } from './transport';
export type { DaytonaLogsOptions, WebSocketFactory, WebSocketLike } from './logs';
export { toDaytonaSandboxError, parseRetryAfter } from './errors';
export { DAYTONA_STATE_MAP, mapDaytonaState, toSandboxInfo } from './states';
