import { toDisposable } from '../../internal/disposables';
import { PtyEvents, byteLength } from '../../internal/pty-events';
import { SandboxError } from '../errors';
import type { Disposable, PtyCloseEvent, PtyConnection } from '../types';
import type { MemoryFileSystem } from './fs';
import { MemoryShell } from './shell';

const SCROLLBACK_LIMIT = 64 * 1024;
/** Characters of typed input a session keeps for `received` (the newest). */
export const RECEIVED_LIMIT = 64 * 1024;
/** Resizes a session keeps for `resizes`, and desktop actions a sandbox keeps for `inspect().actions` (the newest). */
export const RECORD_LIMIT = 1000;
const decoder = new TextDecoder();

/**
 * One shell session. It outlives its connections: a connection that is
 * disposed (or dropped by `disconnect()`) detaches, and a new one can attach
 * by `sessionId` and is sent the recent output so the screen comes back.
 */
export class MemoryPtySession {
  readonly shell: MemoryShell;
  cols: number;
  rows: number;
  exitCode: number | undefined;
  /** Every byte the shell wrote, bounded, replayed on re-attach. */
  private scrollback = '';
  private line = '';
  private inPaste = false;
  private escape = '';
  readonly connections = new Set<MemoryPtyConnection>();
  /** What was typed into the session, for tests: the newest `RECEIVED_LIMIT` (64 Ki) characters. */
  received = '';
  /** Resizes applied, for tests: the newest `RECORD_LIMIT` (1000). */
  resizes: Array<{ cols: number; rows: number }> = [];

  constructor(
    readonly id: string,
    readonly sandboxId: string,
    fs: MemoryFileSystem,
    size: { cols: number; rows: number },
    private schedule: (fn: () => void) => void,
  ) {
    this.cols = size.cols;
    this.rows = size.rows;
    this.shell = new MemoryShell({ fs, sandboxId, size: () => ({ cols: this.cols, rows: this.rows }) });
    this.emit(`Simulated sandbox ${sandboxId}. Type \x1b[1mhelp\x1b[0m for commands.\r\n${this.shell.prompt()}`);
  }

  /** A new connection, primed with the scrollback; on a re-attach it counts as replay (`replayBytes`). */
  attach(reattach = false): MemoryPtyConnection {
    const connection = new MemoryPtyConnection(this, this.scrollback, reattach);
    this.connections.add(connection);
    return connection;
  }

  input(data: string | Uint8Array): void {
    if (this.exitCode !== undefined) return;
    const text = typeof data === 'string' ? data : decoder.decode(data);
    this.received = keepNewest(this.received + text, RECEIVED_LIMIT);
    for (const ch of text) this.key(ch);
  }

  private key(ch: string): void {
    // Swallow escape sequences (arrows, bracketed-paste markers) whole.
    if (this.escape) {
      this.escape += ch;
      if (this.escape === '\x1b[200~') this.inPaste = true;
      if (this.escape === '\x1b[201~') this.inPaste = false;
      if (/[A-Za-z~]$/.test(ch) && this.escape.length > 1 && ch !== '[') this.escape = '';
      return;
    }
    if (ch === '\x1b') {
      this.escape = ch;
      return;
    }
    if (ch === '\r' || (ch === '\n' && !this.inPaste)) {
      this.emit('\r\n');
      const line = this.line;
      this.line = '';
      this.execute(line);
      return;
    }
    if (ch === '\x7f' || ch === '\b') {
      if (this.line.length) {
        this.line = this.line.slice(0, -1);
        this.emit('\b \b');
      }
      return;
    }
    if (ch === '\x03') {
      this.line = '';
      this.emit(`^C\r\n${this.shell.prompt()}`);
      return;
    }
    if (ch === '\x04') {
      if (!this.line) this.exit(0);
      return;
    }
    if (ch === '\x0c') {
      this.emit(`\x1b[2J\x1b[H${this.shell.prompt()}${this.line}`);
      return;
    }
    if (ch < ' ' && ch !== '\t') return;
    this.line += ch;
    this.emit(ch);
  }

  private execute(line: string): void {
    const result = this.shell.run(line);
    if (result.clear) this.emit('\x1b[2J\x1b[3J\x1b[H');
    if (result.output) this.emit(result.output.replace(/\r?\n/g, '\r\n'));
    if (result.exit !== undefined) {
      this.emit('logout\r\n');
      this.exit(result.exit);
      return;
    }
    this.emit(this.shell.prompt());
  }

  resize(cols: number, rows: number): void {
    validateSize(cols, rows);
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    pushBounded(this.resizes, { cols, rows }, RECORD_LIMIT);
  }

  emit(text: string): void {
    this.scrollback = (this.scrollback + text).slice(-SCROLLBACK_LIMIT);
    for (const connection of this.connections) connection.deliver(text);
  }

  exit(code: number): void {
    if (this.exitCode !== undefined) return;
    this.exitCode = code;
    this.schedule(() => {
      for (const connection of [...this.connections]) connection.close({ exitCode: code });
    });
  }

  /** Drop every connection without ending the session (a network failure). */
  drop(reason: string): void {
    for (const connection of [...this.connections]) {
      connection.close({ reason, error: new SandboxError('network', reason) });
    }
  }
}

export class MemoryPtyConnection implements PtyConnection {
  /** Output held until the first listener is bounded like the scrollback (a connection nobody reads must not grow). */
  private events: PtyEvents;

  constructor(
    private session: MemoryPtySession,
    scrollback: string,
    reattach: boolean,
  ) {
    this.events = new PtyEvents({ limitBytes: SCROLLBACK_LIMIT, replayBytes: reattach ? byteLength(scrollback) : 0 });
    // Delivered now: held until someone listens, so the scrollback always comes before live output.
    if (scrollback) this.events.deliver(scrollback);
  }

  get sessionId(): string {
    return this.session.id;
  }

  get replayBytes(): number {
    return this.events.replayBytes;
  }

  get droppedBytes(): number {
    return this.events.droppedBytes;
  }

  /** Live listeners on this connection, for leak checks. */
  get listenerCount(): number {
    return this.events.listenerCount;
  }

  deliver(text: string): void {
    this.events.deliver(text);
  }

  write(data: string | Uint8Array): void {
    if (this.events.isClosed) return;
    this.session.input(data);
  }

  resize(cols: number, rows: number): void {
    if (this.events.isClosed) return;
    this.session.resize(cols, rows);
  }

  onData(listener: (data: Uint8Array | string) => void): Disposable {
    return this.events.onData(listener);
  }

  onClose(listener: (event: PtyCloseEvent) => void): Disposable {
    return this.events.onClose(listener);
  }

  async kill(): Promise<void> {
    this.session.exit(130);
  }

  close(event: PtyCloseEvent): void {
    if (this.events.isClosed) return;
    this.session.connections.delete(this);
    this.events.close(event);
  }

  dispose(): void {
    this.session.connections.delete(this);
    this.events.dispose();
  }
}

/** Append to a record that keeps only its newest `limit` entries (a long-running simulated sandbox must not grow). */
export function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

function keepNewest(text: string, limit: number): string {
  return text.length > limit ? text.slice(-limit) : text;
}

export function validateSize(cols: unknown, rows: unknown): void {
  const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 1000;
  if (!ok(cols) || !ok(rows)) throw new SandboxError('invalid_request', `Terminal size must be whole numbers from 1 to 1000, got ${String(cols)}×${String(rows)}`);
}

export { toDisposable };
