/**
 * A `PtyConnection` over the SDK's `PtyHandle`.
 *
 * `process.createPty` opens `/process/pty/create-connect` (one WebSocket that
 * creates and attaches); `process.connectPty` re-attaches by id over
 * `/process/pty/{id}/connect`. The daemon's first text frame is the control
 * message `{ type: 'control', status: 'connected' }`; output arrives as
 * binary frames; `{ status: 'exited', exitCode }` (or a close reason carrying
 * `exitCode`) ends the session. A socket that drops without either is a lost
 * connection, and the session lives on for `connectPty`.
 */
import { PtyEvents } from '../internal/pty-events';
import { SandboxError } from '../transport/errors';
import type { Disposable, PtyCloseEvent, PtyConnection } from '../transport/types';
import type { PtyHandle } from '@daytonaio/sdk';
import { validatePtySize } from '../transport/validate';
import { toDaytonaSandboxError } from './errors';

/** Output held for a connection that has no `onData` listener yet, bytes. */
const MAX_PENDING = 256 * 1024;

/**
 * Receives the handle's output from the start (the SDK wants `onData` before
 * the connection object exists) into the connection's one bounded holder.
 */
export class PtyDataRelay {
  readonly events = new PtyEvents({ limitBytes: MAX_PENDING });
  readonly onData = (data: Uint8Array): void => this.events.deliver(data);
}

export class DaytonaPtyConnection implements PtyConnection {
  private readonly events: PtyEvents;
  /** Writes and resizes go out in order: a resize lands before the input typed after it. */
  private chain: Promise<void> = Promise.resolve();
  private released = false;

  constructor(
    private handle: PtyHandle,
    readonly sessionId: string,
    relay: PtyDataRelay,
    private onRelease: (connection: DaytonaPtyConnection) => void,
  ) {
    this.events = relay.events;
    handle.wait().then(
      (result) => this.finish(result.exitCode, result.error),
      (error: unknown) => this.finish(undefined, error instanceof Error ? error.message : String(error)),
    );
  }

  get droppedBytes(): number {
    return this.events.droppedBytes;
  }

  /** Live listeners, for leak checks. */
  get listenerCount(): number {
    return this.events.listenerCount;
  }

  write(data: string | Uint8Array): void {
    if (this.events.isClosed) return;
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) return;
    this.enqueue(() => this.handle.sendInput(data));
  }

  resize(cols: number, rows: number): void {
    if (this.events.isClosed) return;
    validatePtySize(cols, rows);
    this.enqueue(() => this.handle.resize(cols, rows).then(() => undefined));
  }

  onData(listener: (data: Uint8Array | string) => void): Disposable {
    return this.events.onData(listener);
  }

  onClose(listener: (event: PtyCloseEvent) => void): Disposable {
    return this.events.onClose(listener);
  }

  async kill(): Promise<void> {
    try {
      await this.handle.kill();
    } catch (error) {
      throw toDaytonaSandboxError(error, `Kill PTY ${this.sessionId}`);
    }
  }

  /** Detach: close our socket; the session keeps running in the sandbox. */
  dispose(): void {
    const open = !this.events.isClosed;
    this.events.dispose();
    this.release();
    if (open) void this.handle.disconnect();
  }

  private enqueue(op: () => Promise<void>): void {
    // A failed write or resize means the socket is gone or the session ended;
    // `wait()` reports that through onClose, so the error itself is dropped.
    this.chain = this.chain.then(op).catch(() => {});
  }

  private finish(exitCode: number | undefined, reason: string | undefined): void {
    if (this.events.isClosed) return;
    const event: PtyCloseEvent = exitCode !== undefined
      ? { exitCode, ...(reason ? { reason } : {}) }
      : { reason: reason ?? 'Connection lost', error: new SandboxError('network', reason ?? 'PTY connection lost') };
    this.events.close(event);
    this.release();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.onRelease(this);
  }
}
