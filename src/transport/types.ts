/**
 * The transport contract (DESIGN.md §2). Every component consumes this
 * interface; every backend (memory, HTTP, Daytona, local) implements it.
 * Names here are public API.
 */
import type { SandboxError } from './errors';

/** Something that holds a resource. `dispose()` is safe to call twice. */
export interface Disposable {
  dispose(): void;
}

export interface SandboxTransport {
  /** Resolve a URL that shows `port` of the sandbox in a browser. */
  getPreviewLink(req: PreviewLinkRequest, signal?: AbortSignal): Promise<PreviewLink>;
  /** Read the sandbox's lifecycle state. */
  getSandbox?(req: { sandboxId: string }, signal?: AbortSignal): Promise<SandboxInfo>;
  /** Follow a sandbox's logs. The returned disposable ends the subscription. */
  subscribeLogs?(req: LogsRequest, sink: LogSink): Disposable;
  /** Open (or re-attach to, with `sessionId`) a pseudo-terminal. */
  openPty?(req: PtyRequest, signal?: AbortSignal): Promise<PtyConnection>;
  /** Screenshots and input for the sandbox's desktop. */
  computerUse?: ComputerUseTransport;
  /** Run one command to completion. */
  exec?(req: ExecRequest, signal?: AbortSignal): Promise<ExecResult>;
  /** The sandbox's file system. */
  files?: FilesTransport;
  /** Sandbox lifecycle (workspace manager). */
  sandboxes?: SandboxesTransport;
}

export interface PreviewLinkRequest {
  sandboxId: string;
  port: number;
}

export interface PreviewLink {
  url: string;
  /** A token the preview needs as a header (an iframe cannot send it; prefer signed URLs). */
  token?: string;
  /** When the link stops working, epoch ms. Components refresh it before then. */
  expiresAt?: number;
}

/**
 * A sandbox's lifecycle state. `archiving`, `restoring`, `deleting` and
 * `deleted` were added in #18; treat a state you do not know as `unknown`.
 * Transitional: `creating`, `starting`, `restoring`, `stopping`, `archiving`,
 * `deleting`; the rest are settled (see docs/protocol.md).
 */
export type SandboxState =
  | 'creating'
  | 'starting'
  | 'restoring'
  | 'running'
  | 'stopping'
  | 'stopped'
  | 'archiving'
  | 'archived'
  | 'deleting'
  | 'deleted'
  | 'error'
  | 'unknown';

export interface SandboxInfo {
  id: string;
  state: SandboxState;
  errorReason?: string;
  [k: string]: unknown;
}

export interface LogsRequest {
  sandboxId: string;
  sessionId?: string;
  commandId?: string;
}

export type LogLevel = 'debug' | 'info' | 'log' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  message: string;
  timestamp: number;
  stream?: 'stdout' | 'stderr';
  /** Optional stable id; transports that can replay (SSE) set it. */
  id?: string;
}

export interface LogSink {
  onLogs(entries: LogEntry[]): void;
  onError?(error: SandboxError): void;
  onEnd?(): void;
  /**
   * The stream dropped and the transport is resuming it by itself (the HTTP
   * transport does, with `Last-Event-ID`, so nothing is lost or repeated);
   * entries follow through `onLogs` once it is back. A transport that calls
   * this has retried already: an `onError` after it is final, so the
   * subscriber should not retry on top (the retries would compound).
   */
  onReconnecting?(error: SandboxError): void;
}

export interface PtyRequest {
  sandboxId: string;
  cols: number;
  rows: number;
  /** Re-attach to an existing session instead of starting a new one. */
  sessionId?: string;
  port?: number;
  cwd?: string;
  env?: Record<string, string>;
}

export interface PtyCloseEvent {
  exitCode?: number;
  reason?: string;
  error?: SandboxError;
}

/** A live PTY. `dispose()` detaches (the session lives on); `kill()` ends it. */
export interface PtyConnection extends Disposable {
  readonly sessionId: string;
  /**
   * Bytes (UTF-8) at the start of this connection's output that replay the
   * session's earlier output (a re-attach redraws the screen); live output
   * follows them. 0 or absent when nothing is replayed or the transport cannot tell.
   */
  readonly replayBytes?: number;
  /**
   * Where this connection's output starts in the session's output stream: the
   * offset, in bytes (UTF-8) since the session started, of the first byte
   * `onData` delivers (the first replayed byte on a re-attach). A client that
   * counts the bytes it received of the session drops only the first
   * `received − replayFrom` (what it has already shown), so output printed
   * while it was detached is shown once. Absent when the transport cannot tell.
   */
  readonly replayFrom?: number;
  /**
   * Bytes of output dropped because no `onData` listener was attached while
   * it arrived (held output is bounded; the oldest is dropped first).
   */
  readonly droppedBytes?: number;
  write(data: string | Uint8Array): void;
  resize(cols: number, rows: number): void;
  onData(listener: (data: Uint8Array | string) => void): Disposable;
  onClose(listener: (event: PtyCloseEvent) => void): Disposable;
  kill?(): Promise<void>;
}

export interface ScreenshotRequest {
  sandboxId: string;
  format?: 'png' | 'jpeg';
  quality?: number;
  scale?: number;
  showCursor?: boolean;
}

export type ComputerUseStatus = 'active' | 'partial' | 'inactive' | 'error';

export interface ComputerUseTransport {
  screenshot(req: ScreenshotRequest, signal?: AbortSignal): Promise<Screenshot>;
  displayInfo(req: { sandboxId: string }, signal?: AbortSignal): Promise<{ width: number; height: number }>;
  perform(req: { sandboxId: string; action: ComputerAction }, signal?: AbortSignal): Promise<void>;
  start?(req: { sandboxId: string }): Promise<void>;
  status?(req: { sandboxId: string }): Promise<ComputerUseStatus>;
}

export interface Screenshot {
  image: Blob;
  width: number;
  height: number;
  cursor?: { x: number; y: number };
}

export type MouseButton = 'left' | 'right' | 'middle';
export type KeyModifier = 'ctrl' | 'alt' | 'shift' | 'meta';

export type ComputerAction =
  | { type: 'move'; x: number; y: number }
  | { type: 'click'; x: number; y: number; button?: MouseButton; double?: boolean }
  | { type: 'drag'; from: { x: number; y: number }; to: { x: number; y: number }; button?: MouseButton }
  | { type: 'scroll'; x: number; y: number; direction: 'up' | 'down'; amount?: number }
  | { type: 'type'; text: string; delayMs?: number }
  | { type: 'press'; key: string; modifiers?: KeyModifier[] }
  | { type: 'hotkey'; keys: string };

export type ComputerActionType = ComputerAction['type'];

export interface ExecRequest {
  sandboxId: string;
  command: string;
  cwd?: string;
  timeoutMs?: number;
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

export interface FileEntry {
  name: string;
  path: string;
  isDir: boolean;
  size: number;
  modifiedAt?: number;
}

export interface FilesTransport {
  list(req: { sandboxId: string; path: string }, signal?: AbortSignal): Promise<FileEntry[]>;
  read(req: { sandboxId: string; path: string }, signal?: AbortSignal): Promise<Uint8Array>;
  write(req: { sandboxId: string; path: string; content: string | Uint8Array }, signal?: AbortSignal): Promise<void>;
  remove(req: { sandboxId: string; path: string; recursive?: boolean }, signal?: AbortSignal): Promise<void>;
}

export interface CreateSandboxRequest {
  /** Labels to find the sandbox by later (e.g. a workspace key). */
  labels?: Record<string, string>;
  image?: string;
  snapshot?: string;
  env?: Record<string, string>;
  [k: string]: unknown;
}

export interface SandboxesTransport {
  create(req: CreateSandboxRequest, signal?: AbortSignal): Promise<SandboxInfo>;
  get(req: { sandboxId: string }, signal?: AbortSignal): Promise<SandboxInfo>;
  list(req?: { labels?: Record<string, string> }, signal?: AbortSignal): Promise<SandboxInfo[]>;
  start(req: { sandboxId: string }, signal?: AbortSignal): Promise<SandboxInfo>;
  stop(req: { sandboxId: string }, signal?: AbortSignal): Promise<SandboxInfo>;
  archive(req: { sandboxId: string }, signal?: AbortSignal): Promise<SandboxInfo>;
  remove(req: { sandboxId: string }, signal?: AbortSignal): Promise<void>;
}
