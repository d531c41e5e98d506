/**
 * The options and types of `createSandboxHandler`, in a module of their own so
 * the handler, its route table, CORS and PTY sockets all import from here and
 * none of them imports another back.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { SandboxCapability, SandboxOperation } from '../transport/operations';
import type { SandboxTransport } from '../transport/types';

/** @deprecated Use `SandboxCapability` (the one list, `SANDBOX_CAPABILITIES`). */
export type ExposedCapability = SandboxCapability;

export interface AuthorizeContext {
  /** The call asked for: an operation of the contract, or `capabilities` (the wire's own question, what this server exposes). */
  op: SandboxOperation | 'capabilities';
  /** The sandbox the request is about (absent for `capabilities`, `sandboxes.create` and `sandboxes.list`). */
  sandboxId?: string;
}

/**
 * Decide whether `request` may perform `op`. Only `true` allows; anything else
 * (false, undefined, a throw) denies with 403. Throw a `SandboxError` (e.g.
 * `unauthorized`) to answer with its code instead.
 */
export type Authorize = (request: Request, context: AuthorizeContext) => boolean | Promise<boolean>;

export interface CorsOptions {
  /** Origins allowed to call the handler and open PTY sockets. */
  origins: string[] | '*' | ((origin: string) => boolean);
  /** Send `Access-Control-Allow-Credentials: true` (cookies). Not allowed with `'*'`. @default false */
  credentials?: boolean;
  /** How long browsers may cache a preflight answer, seconds. @default 600 */
  maxAgeSeconds?: number;
}

export interface SandboxHandlerLimits {
  /** Largest JSON request body, bytes. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** Largest file upload (`files.write`), bytes. @default 10485760 (10 MiB) */
  maxFileBytes?: number;
  /** Longest text in a `type` action or an `exec` command, characters. @default 65536 */
  maxTextLength?: number;
  /** Largest WebSocket frame a client may send, bytes; larger closes the socket with 1009. @default 65536 */
  maxFrameBytes?: number;
  /** Concurrent PTY sockets. @default 64 */
  maxPtys?: number;
  /** Concurrent log streams (SSE clients). @default 512 */
  maxLogStreams?: number;
  /** Bytes queued for one slow SSE or WebSocket client before it is cut off. @default 1048576 (1 MiB) */
  maxBufferedBytes?: number;
  /** Log entries kept per stream for `Last-Event-ID` replay. @default 1000 */
  logReplay?: number;
  /** How long a log stream's upstream subscription outlives its last client (for reconnects), ms. @default 3000 */
  logLingerMs?: number;
  /** Interval of SSE comments and WebSocket pings that find dead peers, ms; 0 turns them off. @default 15000 */
  heartbeatMs?: number;
}

export interface SandboxHandlerOptions {
  /** The transport to put on the wire (Daytona, local, memory, …). */
  transport: SandboxTransport;
  /** Required. Runs before the transport is touched; only `true` allows. */
  authorize: Authorize;
  /** The path the handler is mounted at, e.g. `/api/sandbox`. @default '' */
  basePath?: string;
  /** Capabilities on the wire. `exec`, `files` and `sandboxes` are off unless listed. @default ['getSandbox', 'logs', 'pty', 'computerUse'] */
  expose?: SandboxCapability[];
  /** Cross-origin access; off unless set (PTY sockets then accept only same-origin pages). @default undefined */
  cors?: CorsOptions;
  /** Sizes, counts and timers that bound what one client can make the server hold. @default each field's own default (see SandboxHandlerLimits) */
  limits?: SandboxHandlerLimits;
}

export interface SandboxHandlerStats {
  ptySockets: number;
  logStreams: number;
  logHubs: number;
}

export interface SandboxHandler {
  /** The path the handler answers under (its `basePath`, normalised). */
  readonly basePath: string;
  /** Answer one HTTP request (Next.js route handlers, Hono, Bun, Deno, or Node via `toNodeListener`). */
  fetch(request: Request): Promise<Response>;
  /**
   * Take a Node `upgrade` event for the PTY WebSocket (needs the `ws` package).
   * Resolves `false`, leaving the socket alone, when the path is not the handler's.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<boolean>;
  /** Open sockets and streams, for monitoring and leak checks. */
  stats(): SandboxHandlerStats;
  /** End every PTY socket and log stream (shutdown). */
  close(): Promise<void>;
}

export type ResolvedLimits = Required<SandboxHandlerLimits>;
