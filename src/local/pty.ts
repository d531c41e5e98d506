import type { IPty } from 'node-pty';
import { Emitter } from '../internal/disposables';
import { SandboxError } from '../transport/errors';
import type { Disposable, PtyCloseEvent, PtyConnection } from '../transport/types';
import { endSession } from './process-tree';

/** The part of `node-pty` this transport uses (so tests or hosts can pass their own). */
export interface PtyModule {
  spawn(
    file: string,
    args: string[],
    options: { name?: string; cols?: number; rows?: number; cwd?: string; env?: Record<string, string | undefined> },
  ): IPty;
}

export function validateSize(cols: unknown, rows: unknown): void {
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 1000;
  if (!ok(cols) || !ok(rows)) {
    throw new SandboxError('invalid_request', `Terminal size must be whole numbers from 1 to 1000, got ${String(cols)}×${String(rows)}`);
  }
}

/**
 * One shell on a real PTY. It outlives its connections: disposing a
 * connection detaches it, and a later `openPty({ sessionId })` attaches again
 * and is sent the recent output (bounded) so the screen comes back.
 */
export class LocalPtySession {
  readonly connections = new Set<LocalPtyConnection>();
  exitCode: number | undefined;
  /** When the last connection went away (epoch ms), while none is attached. */
  detachedAt: number | undefined;
  readonly exited: Promise<number>;
  private chunks: string[] = [];
  private size = 0;

  constructor(
    readonly id: string,
    private readonly pty: IPty,
    private readonly scrollbackLimit: number,
    onExit: (session: LocalPtySession) => void,
  ) {
    pty.onData((text) => {
      this.record(text);
      for (const connection of this.connections) connection.deliver(text);
    });
    this.exited = new Promise((resolve) => {
      pty.onExit(({ exitCode, signal }) => {
        // A shell ended by a signal reports 128 + signal, as shells do.
        const code = signal ? 128 + signal : exitCode;
        this.exitCode = code;
        for (const connection of [...this.connections]) connection.close({ exitCode: code });
        onExit(this);
        resolve(code);
      });
    });
  }

  get pid(): number {
    return this.pty.pid;
  }

  /** A new connection, primed with the scrollback so a re-attach redraws the screen. */
  attach(): LocalPtyConnection {
    const connection = new LocalPtyConnection(this, this.chunks.join(''), this.scrollbackLimit);
    this.connections.add(connection);
    this.detachedAt = undefined;
    return connection;
  }

  /** A connection went away (detached or dropped). */
  release(connection: LocalPtyConnection): void {
    this.connections.delete(connection);
    if (this.connections.size === 0 && this.detachedAt === undefined) this.detachedAt = Date.now();
  }

  input(data: string | Uint8Array): void {
    if (this.exitCode !== undefined) return;
    this.pty.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  resize(cols: number, rows: number): void {
    validateSize(cols, rows);
    if (this.exitCode !== undefined) return;
    this.pty.resize(cols, rows);
  }

  /** End the shell and everything it started; resolves once it has exited. */
  async kill(): Promise<void> {
    if (this.exitCode !== undefined) return;
    await endSession(this.pty.pid, 'SIGHUP', 1000);
    await Promise.race([this.exited, new Promise((r) => setTimeout(r, 2000))]);
  }

  /** Drop every connection without ending the shell. */
  drop(event: PtyCloseEvent): void {
    for (const connection of [...this.connections]) connection.close(event);
  }

  private record(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size <= this.scrollbackLimit) return;
    let joined = this.chunks.join('').slice(-this.scrollbackLimit);
    // Start the replay at a line boundary so it does not begin mid-sequence.
    const newline = joined.indexOf('\n');
    if (newline >= 0 && newline < joined.length - 1) joined = joined.slice(newline + 1);
    this.chunks = [joined];
    this.size = joined.length;
  }
}

export class LocalPtyConnection implements PtyConnection {
  private readonly data = new Emitter<Uint8Array | string>();
  private readonly closed = new Emitter<PtyCloseEvent>();
  private done = false;
  private closeEvent: PtyCloseEvent | undefined;
  private pending: string[];
  private pendingSize: number;

  constructor(
    private readonly session: LocalPtySession,
    replay: string,
    private readonly pendingLimit: number,
  ) {
    this.pending = replay ? [replay] : [];
    this.pendingSize = replay.length;
  }

  get sessionId(): string {
    return this.session.id;
  }

  /** Live listeners on this connection, for leak checks. */
  get listenerCount(): number {
    return this.data.size + this.closed.size;
  }

  deliver(text: string): void {
    if (this.done) return;
    // Output that arrives before anyone listens is held, as a socket would.
    if (this.data.size > 0) {
      this.data.fire(text);
      return;
    }
    this.pending.push(text);
    this.pendingSize += text.length;
    // Nobody reads this connection yet: keep only as much as the scrollback would.
    if (this.pendingSize > this.pendingLimit) {
      const kept = this.pending.join('').slice(-this.pendingLimit);
      this.pending = [kept];
      this.pendingSize = kept.length;
    }
  }

  write(data: string | Uint8Array): void {
    if (this.done) return;
    this.session.input(data);
  }

  resize(cols: number, rows: number): void {
    if (this.done) return;
    this.session.resize(cols, rows);
  }

  onData(listener: (data: Uint8Array | string) => void): Disposable {
    const sub = this.data.event(listener);
    if (this.pending.length) {
      const held = this.pending.join('');
      this.pending = [];
      this.pendingSize = 0;
      listener(held);
    }
    return sub;
  }

  onClose(listener: (event: PtyCloseEvent) => void): Disposable {
    if (this.closeEvent) {
      // Closed before anyone listened (a shell that exits at once): still tell them.
      const event = this.closeEvent;
      let live = true;
      queueMicrotask(() => live && listener(event));
      return { dispose: () => void (live = false) };
    }
    return this.closed.event(listener);
  }

  async kill(): Promise<void> {
    await this.session.kill();
  }

  close(event: PtyCloseEvent): void {
    if (this.done) return;
    this.done = true;
    this.closeEvent = event;
    this.pending = [];
    this.session.release(this);
    this.closed.fire(event);
    this.data.dispose();
    this.closed.dispose();
  }

  dispose(): void {
    if (this.done) return;
    this.done = true;
    this.pending = [];
    this.session.release(this);
    this.data.dispose();
    this.closed.dispose();
  }
}
