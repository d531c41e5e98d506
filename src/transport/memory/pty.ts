import { toDisposable } from '../../internal/disposables';
import { SessionPtyConnection, byteLength } from '../../internal/pty-events';
import { SandboxError } from '../errors';
import { validatePtySize } from '../validate';
import type { MemoryFileSystem } from './fs';
import { MemoryShell } from './shell';

const SCROLLBACK_LIMIT = 64 * 1024;
/** Characters of typed input a session keeps for `received` (the newest). */
export const RECEIVED_LIMIT = 64 * 1024;
/** Resizes a session keeps for `resizes`, and desktop actions a sandbox keeps for `inspect().actions` (the newest). */
export const RECORD_LIMIT = 1000;
const decoder = /* @__PURE__ */ new TextDecoder();

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
  /** Bytes (UTF-8) the shell has written since it started: where the scrollback ends in its output. */
  private outputBytes = 0;
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
    const connection = new SessionPtyConnection(this, this.scrollback, { limitBytes: SCROLLBACK_LIMIT, reattach, end: this.outputBytes });
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
    validatePtySize(cols, rows);
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    pushBounded(this.resizes, { cols, rows }, RECORD_LIMIT);
  }

  emit(text: string): void {
    const scrollback = (this.scrollback + text).slice(-SCROLLBACK_LIMIT);
    // Never start on the second half of a character (its byte count would be off).
    this.scrollback = /^[\udc00-\udfff]/.test(scrollback) ? scrollback.slice(1) : scrollback;
    this.outputBytes += byteLength(text);
    for (const connection of this.connections) connection.deliver(text);
  }

  /** A connection went away (detached or closed). */
  release(connection: MemoryPtyConnection): void {
    this.connections.delete(connection);
  }

  /** End the shell as Ctrl-C would a foreground job: exit code 130. */
  async kill(): Promise<void> {
    this.exit(130);
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

/** A connection to a simulated shell session (see `SessionPtyConnection`). */
export type MemoryPtyConnection = SessionPtyConnection;

/** Append to a record that keeps only its newest `limit` entries (a long-running simulated sandbox must not grow). */
export function pushBounded<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}

function keepNewest(text: string, limit: number): string {
  return text.length > limit ? text.slice(-limit) : text;
}

export { toDisposable };
