/**
 * The events of one `PtyConnection`, held until someone listens. Every
 * transport (memory, local, Daytona, HTTP) uses this one helper, so they all
 * behave the same:
 *
 * - output that arrives before the first `onData` listener is held, bounded in
 *   bytes; when it overflows the *oldest* is dropped (a terminal wants the
 *   newest screen) and `droppedBytes` counts what was lost;
 * - a close that happens before the first `onClose` listener is held and
 *   given to the listeners that attach later (in a microtask, so the caller
 *   has its subscription first); held output stays readable after a close;
 * - `dispose()` (a detach) drops everything and fires nothing more.
 *
 * Server-safe: no DOM, no Node APIs.
 */
import type { Disposable, PtyCloseEvent, PtyConnection } from '../transport/types';
import { Emitter, toDisposable } from './disposables';

/** Output held for a connection that has no `onData` listener yet, bytes. @default 1 MiB */
export const PTY_HELD_BYTES = 1 << 20;

export type PtyChunk = Uint8Array | string;

export interface PtyEventsOptions {
  /** Largest output held before the first `onData` listener, bytes. @default PTY_HELD_BYTES */
  limitBytes?: number;
  /** How many bytes at the start of the output are a replay of earlier output (a re-attach). @default 0 */
  replayBytes?: number;
  /** Offset in the session's output stream of the first byte delivered here (see `PtyConnection.replayFrom`). @default undefined (unknown) */
  offset?: number;
}

export class PtyEvents implements Disposable {
  private readonly data = new Emitter<PtyChunk>();
  private readonly closed = new Emitter<PtyCloseEvent>();
  private held: PtyChunk[] = [];
  private heldBytes = 0;
  private closeEvent: PtyCloseEvent | undefined;
  private disposed = false;
  private readonly limit: number;
  private replay: number;
  private readonly offset: number | undefined;
  /** Bytes of held output dropped because nobody listened in time (the oldest go first). */
  droppedBytes = 0;

  constructor(options: PtyEventsOptions = {}) {
    this.limit = Math.max(0, options.limitBytes ?? PTY_HELD_BYTES);
    this.replay = Math.max(0, options.replayBytes ?? 0);
    this.offset = options.offset;
  }

  /** Offset in the session's output of the first byte the first `onData` listener receives (held output dropped moves it on). */
  get replayFrom(): number | undefined {
    return this.offset === undefined ? undefined : this.offset + this.droppedBytes;
  }

  /**
   * Bytes at the start of the output the first `onData` listener receives that
   * replay earlier output (less any of it dropped while held).
   */
  get replayBytes(): number {
    return this.replay;
  }

  /** The connection ended (closed or detached): output and closes are ignored from now on. */
  get isClosed(): boolean {
    return this.closeEvent !== undefined || this.disposed;
  }

  /** Live listeners, for leak checks. */
  get listenerCount(): number {
    return this.data.size + this.closed.size;
  }

  /** Output from the shell: to the listeners, or held (bounded) until the first one. */
  deliver(chunk: PtyChunk): void {
    if (this.isClosed) return;
    if (this.data.size > 0) return this.data.fire(chunk);
    const size = byteLength(chunk);
    if (size === 0) return;
    this.held.push(chunk);
    this.heldBytes += size;
    if (this.heldBytes > this.limit) this.trim();
  }

  /** The connection ended; held for the first `onClose` listener if there is none yet. */
  close(event: PtyCloseEvent): void {
    if (this.isClosed) return;
    this.closeEvent = event;
    this.data.dispose();
    if (this.closed.size > 0) this.closed.fire(event);
    this.closed.dispose();
  }

  onData(listener: (data: PtyChunk) => void): Disposable {
    if (this.disposed) return toDisposable(() => {});
    // After a close, held output is still handed over, once; no live output follows.
    const sub = this.closeEvent ? toDisposable(() => {}) : this.data.event(listener);
    if (this.held.length) {
      const held = this.held;
      this.held = [];
      this.heldBytes = 0;
      for (const chunk of held) listener(chunk);
    }
    return sub;
  }

  onClose(listener: (event: PtyCloseEvent) => void): Disposable {
    if (this.disposed) return toDisposable(() => {});
    const event = this.closeEvent;
    if (!event) return this.closed.event(listener);
    // Closed before this listener came: still tell it, after the caller has its subscription.
    let live = true;
    queueMicrotask(() => {
      if (live && !this.disposed) listener(event);
    });
    return toDisposable(() => (live = false));
  }

  /** Detach: drop held output and listeners; nothing fires after this. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.held = [];
    this.heldBytes = 0;
    this.data.dispose();
    this.closed.dispose();
  }

  /** Drop the oldest held output until it fits, cutting the oldest chunk if needed. */
  private trim(): void {
    while (this.heldBytes > this.limit && this.held.length) {
      const first = this.held[0]!;
      const size = byteLength(first);
      const excess = this.heldBytes - this.limit;
      if (size <= excess) {
        this.held.shift();
        this.heldBytes -= size;
        this.dropped(size);
        continue;
      }
      const rest = dropBytes(first, excess);
      const cut = size - byteLength(rest);
      this.held[0] = rest;
      this.heldBytes -= cut;
      this.dropped(cut);
    }
  }

  private dropped(bytes: number): void {
    this.droppedBytes += bytes;
    this.replay = Math.max(0, this.replay - bytes);
  }
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** UTF-8 length of a chunk (strings are sent as UTF-8). */
export function byteLength(chunk: PtyChunk): number {
  return typeof chunk === 'string' ? encoder.encode(chunk).byteLength : chunk.byteLength;
}

/** Drop at least `bytes` from the front of a chunk, never splitting a character. */
function dropBytes(chunk: PtyChunk, bytes: number): PtyChunk {
  const data = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
  let start = bytes;
  // Skip UTF-8 continuation bytes so the kept part starts on a character.
  while (start < data.byteLength && (data[start]! & 0xc0) === 0x80) start++;
  const rest = data.subarray(start);
  return typeof chunk === 'string' ? new TextDecoder().decode(rest) : rest;
}

/** The shell session behind a `SessionPtyConnection` (memory and local keep one per shell). */
export interface PtySessionLike<C> {
  readonly id: string;
  input(data: string | Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** End the shell; the close reaches connections through `close`. */
  kill(): Promise<void>;
  /** A connection detached or closed: forget it. */
  release(connection: C): void;
}

/**
 * A connection to a session that outlives it: `dispose()` detaches, a later
 * attach gets the scrollback (`replayBytes` of it count as replay on a
 * re-attach; `replayFrom` is where it starts in the session's output).
 */
export class SessionPtyConnection implements PtyConnection {
  private readonly events: PtyEvents;

  constructor(
    private readonly session: PtySessionLike<SessionPtyConnection>,
    scrollback: string,
    /** `end`: bytes the session has output so far (the scrollback is the last of them). */
    options: { limitBytes: number; reattach: boolean; end: number },
  ) {
    const size = byteLength(scrollback);
    this.events = new PtyEvents({ limitBytes: options.limitBytes, replayBytes: options.reattach ? size : 0, offset: options.end - size });
    // Held until someone listens, so the scrollback always comes before live output.
    if (scrollback) this.events.deliver(scrollback);
  }

  get sessionId(): string {
    return this.session.id;
  }

  get replayBytes(): number {
    return this.events.replayBytes;
  }

  get replayFrom(): number | undefined {
    return this.events.replayFrom;
  }

  get droppedBytes(): number {
    return this.events.droppedBytes;
  }

  /** Live listeners on this connection, for leak checks. */
  get listenerCount(): number {
    return this.events.listenerCount;
  }

  /** Output from the session. */
  deliver(chunk: PtyChunk): void {
    this.events.deliver(chunk);
  }

  write(data: string | Uint8Array): void {
    if (!this.events.isClosed) this.session.input(data);
  }

  resize(cols: number, rows: number): void {
    if (!this.events.isClosed) this.session.resize(cols, rows);
  }

  onData(listener: (data: PtyChunk) => void): Disposable {
    return this.events.onData(listener);
  }

  onClose(listener: (event: PtyCloseEvent) => void): Disposable {
    return this.events.onClose(listener);
  }

  kill(): Promise<void> {
    return this.session.kill();
  }

  /** The session ended or dropped this connection. */
  close(event: PtyCloseEvent): void {
    if (this.events.isClosed) return;
    this.session.release(this);
    this.events.close(event);
  }

  dispose(): void {
    if (!this.events.isClosed) this.session.release(this);
    this.events.dispose();
  }
}
