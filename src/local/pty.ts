import type { IPty } from 'node-pty';
import { SessionPtyConnection, byteLength } from '../internal/pty-events';
import type { PtyCloseEvent } from '../transport/types';
import { validatePtySize } from '../transport/validate';
import { endSession } from './process-tree';

/** The part of `node-pty` this transport uses (so tests or hosts can pass their own). */
export interface PtyModule {
  spawn(
    file: string,
    args: string[],
    options: { name?: string; cols?: number; rows?: number; cwd?: string; env?: Record<string, string | undefined> },
  ): IPty;
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
  /** Bytes (UTF-8) the shell has written since it started: where the scrollback ends in its output. */
  private outputBytes = 0;

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
  attach(reattach = false): LocalPtyConnection {
    const connection = new SessionPtyConnection(this, this.chunks.join(''), { limitBytes: this.scrollbackLimit, reattach, end: this.outputBytes });
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
    validatePtySize(cols, rows);
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
    this.outputBytes += byteLength(text);
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

/** A connection to a local shell session (see `SessionPtyConnection`). */
export type LocalPtyConnection = SessionPtyConnection;
