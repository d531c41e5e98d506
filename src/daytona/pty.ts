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
import { Emitter } from '../internal/disposables';
import { SandboxError } from '../transport/errors';
import type { Disposable, PtyCloseEvent, PtyConnection } from '../transport/types';
import type { PtyHandle } from '@daytonaio/sdk';
import { validateSize } from './core';
import { toDaytonaSandboxError } from './errors';

const MAX_PENDING = 256 * 1024;

/** Receives the handle's output before the connection object exists (the SDK wants `onData` up front). */
export class PtyDataRelay {
  target: DaytonaPtyConnection | undefined;
  private early: Uint8Array[] = [];
  readonly onData = (data: Uint8Array): void => {
    if (this.target) this.target.deliver(data);
    else this.early.push(data.slice());
  };
  drain(): Uint8Array[] {
    const out = this.early;
    this.early = [];
    return out;
  }
}

export class DaytonaPtyConnection implements PtyConnection {
  private data = new Emitter<Uint8Array | string>();
  private closed = new Emitter<PtyCloseEvent>();
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private done = false;
  /** Writes and resizes go out in order: a resize lands before the input typed after it. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private handle: PtyHandle,
    readonly sessionId: string,
    relay: PtyDataRelay,
    private onRelease: (connection: DaytonaPtyConnection) => void,
  ) {
    relay.target = this;
    for (const chunk of relay.drain()) this.deliver(chunk);
    handle.wait().then(
      (result) => this.finish(result.exitCode, result.error),
      (error: unknown) => this.finish(undefined, error instanceof Error ? error.message : String(error)),
    );
  }

  /** Output from the handle. Held until someone listens, as a socket would. */
  deliver(chunk: Uint8Array): void {
    if (this.done) return;
    if (this.data.size === 0) {
      this.pending.push(chunk);
      this.pendingBytes += chunk.byteLength;
      while (this.pendingBytes > MAX_PENDING && this.pending.length > 1) this.pendingBytes -= this.pending.shift()!.byteLength;
      return;
    }
    this.data.fire(chunk);
  }

  write(data: string | Uint8Array): void {
    if (this.done) return;
    if (typeof data !== 'string' && !(data instanceof Uint8Array)) return;
    this.enqueue(() => this.handle.sendInput(data));
  }

  resize(cols: number, rows: number): void {
    if (this.done) return;
    validateSize(cols, rows);
    this.enqueue(() => this.handle.resize(cols, rows).then(() => undefined));
  }

  onData(listener: (data: Uint8Array | string) => void): Disposable {
    const sub = this.data.event(listener);
    if (this.pending.length) {
      const held = this.pending;
      this.pending = [];
      this.pendingBytes = 0;
      for (const chunk of held) listener(chunk);
    }
    return sub;
  }

  onClose(listener: (event: PtyCloseEvent) => void): Disposable {
    return this.closed.event(listener);
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
    if (this.done) return;
    this.done = true;
    this.release();
    void this.handle.disconnect();
  }

  private enqueue(op: () => Promise<void>): void {
    // A failed write or resize means the socket is gone or the session ended;
    // `wait()` reports that through onClose, so the error itself is dropped.
    this.chain = this.chain.then(op).catch(() => {});
  }

  private finish(exitCode: number | undefined, reason: string | undefined): void {
    if (this.done) return;
    this.done = true;
    const event: PtyCloseEvent = exitCode !== undefined
      ? { exitCode, ...(reason ? { reason } : {}) }
      : { reason: reason ?? 'Connection lost', error: new SandboxError('network', reason ?? 'PTY connection lost') };
    this.closed.fire(event);
    this.release();
  }

  private release(): void {
    this.data.dispose();
    this.closed.dispose();
    this.pending = [];
    this.onRelease(this);
  }
}
