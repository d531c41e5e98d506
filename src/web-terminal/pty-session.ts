/**
 * The terminal's connection to a PTY, without React and without xterm.js:
 * open, decode output, buffer input while disconnected, re-attach with
 * backoff, report exits. `WebTerminal` owns one per (transport, sandbox, port)
 * and feeds it keystrokes; everything here is testable with fake timers.
 */
import { SandboxError, toSandboxError } from '../transport/errors';
import { DEFAULT_BACKOFF, retryDelay, type BackoffOptions } from '../transport/retry';
import type { Disposable, PtyCloseEvent, PtyConnection, SandboxTransport } from '../transport/types';

/** Every state the terminal can be in, as shown in `data-status`. */
export type WebTerminalState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'exited' | 'error' | 'unsupported';

/** The shared backoff (`BackoffOptions`: `initialDelayMs`, `maxDelayMs`, `factor`, `jitter`) and a limit. */
export interface WebTerminalReconnectOptions extends BackoffOptions {
  /** Attempts after a drop (or a failed first connect) before the `error` state. @default 10 */
  maxRetries?: number;
}

export const DEFAULT_RECONNECT: Required<WebTerminalReconnectOptions> = {
  maxRetries: 10,
  ...DEFAULT_BACKOFF,
};

/** 64 KiB of keystrokes kept while disconnected. */
export const DEFAULT_INPUT_BUFFER_BYTES = 64 * 1024;

export interface WebTerminalStatusInfo {
  state: WebTerminalState;
  /** The PTY session, once known. */
  sessionId?: string;
  /** Exit code, in `exited`. */
  exitCode?: number;
  /** Why we are in `error`, `unsupported` or `reconnecting`. */
  error?: SandboxError;
  /** Reconnect attempt (1-based) and the limit, in `reconnecting`. */
  attempt?: number;
  maxRetries?: number;
  /** Delay before the next attempt, ms, in `reconnecting`. */
  retryInMs?: number;
  /** Bytes of input dropped because the buffer was full, since the last connect. */
  droppedInputBytes?: number;
}

export interface InputOverflowDetails {
  /** Bytes of this write that were dropped. */
  droppedBytes: number;
  /** Bytes waiting to be sent (kept, in order). */
  bufferedBytes: number;
  /** The bound. */
  limitBytes: number;
}

export interface ConnectDetails {
  sessionId: string;
  /** True when this re-attached to a session that was already running. */
  reattached: boolean;
}

export interface PtySessionListeners {
  /**
   * Output for the screen (`data`: the transport's bytes cut at character
   * boundaries, or text), and its text, decoded on demand.
   */
  onOutput(data: string | Uint8Array, text: () => string): void;
  onStatus(status: WebTerminalStatusInfo): void;
  onConnect?(details: ConnectDetails): void;
  onDisconnect?(event: PtyCloseEvent): void;
  onExit?(exitCode: number): void;
  onInputOverflow?(details: InputOverflowDetails): void;
}

export interface PtySessionOptions {
  transport: SandboxTransport;
  sandboxId: string;
  port?: number;
  /** Attach to this existing session first. */
  sessionId?: string;
  cwd?: string;
  env?: Record<string, string>;
  cols: number;
  rows: number;
  reconnect?: WebTerminalReconnectOptions | false;
  inputBufferBytes?: number;
  /** Read on every event, so a caller can swap listeners without reconnecting. */
  listeners: () => PtySessionListeners;
  /** Source of jitter. @default Math.random */
  random?: () => number;
}

// Output remembered to recognise a transport's replay on re-attach (see stripReplay).
const TAIL_LIMIT = 256 * 1024;
// An overlap shorter than this is treated as coincidence, not replay.
const MIN_REPLAY_OVERLAP = 32;
// Long chunks after a re-attach examined for a replay (echo of flushed input may come first).
const REPLAY_CHUNKS = 2;

export class PtySession implements Disposable {
  private state: WebTerminalState = 'idle';
  private connection: PtyConnection | null = null;
  private subscriptions: Disposable[] = [];
  private abort: AbortController | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private sessionId: string | undefined;
  /** Re-attach failed because the session is gone: the next attempt starts a new one. */
  private sessionLost = false;
  private attempt = 0;
  private size: { cols: number; rows: number };
  private sentSize: { cols: number; rows: number } | null = null;
  private queue: Array<string | Uint8Array> = [];
  private queuedBytes = 0;
  private dropped = 0;
  /** Decodes whole characters only (see `received`), so it needs no stream state. */
  private readonly decoder = new TextDecoder('utf-8');
  private expectReplay = 0;
  /** Bytes of replay still to drop on this connection (the transport told us: `replayFrom` or `replayBytes`). */
  private replayLeft = 0;
  /**
   * Where the next byte of this session's output falls in its output stream
   * (`replayFrom` plus the bytes received since); `undefined` when the
   * transport does not say where its output starts.
   */
  private position: number | undefined;
  /** The first bytes of a character split at the end of the last chunk, held for the next. */
  private carry: Uint8Array | null = null;
  /** Recent output as the screen got it (bytes or text), for recognising replays. */
  private tail: Array<string | Uint8Array> = [];
  /** The tail as it was when the current connection attached: what a replay repeats. */
  private anchor: Array<string | Uint8Array> = [];
  private anchorLength = 0;
  private tailLength = 0;
  private disposed = false;
  private readonly reconnect: Required<WebTerminalReconnectOptions> | false;
  private readonly limit: number;
  private readonly random: () => number;

  constructor(private readonly options: PtySessionOptions) {
    this.size = { cols: options.cols, rows: options.rows };
    this.sessionId = options.sessionId;
    this.reconnect = options.reconnect === false ? false : { ...DEFAULT_RECONNECT, ...definedOnly(options.reconnect ?? {}) };
    this.limit = options.inputBufferBytes ?? DEFAULT_INPUT_BUFFER_BYTES;
    this.random = options.random ?? Math.random;
  }

  get status(): WebTerminalState {
    return this.state;
  }

  get currentSessionId(): string | undefined {
    return this.sessionId;
  }

  /** Open the first connection. */
  start(): void {
    if (this.disposed || this.state !== 'idle') return;
    if (typeof this.options.transport.openPty !== 'function') {
      this.setStatus({ state: 'unsupported', error: new SandboxError('unsupported', 'This transport has no terminal (openPty)') });
      return;
    }
    void this.connect();
  }

  /**
   * Send input. While (re)connecting it is queued, in order, up to the bound;
   * what does not fit is dropped whole and reported. After an exit it is ignored.
   */
  write(data: string | Uint8Array): void {
    if (this.disposed || data.length === 0) return;
    if (this.connection && this.state === 'connected') {
      this.connection.write(data);
      return;
    }
    if (this.state !== 'connecting' && this.state !== 'reconnecting' && this.state !== 'error') return;
    const bytes = typeof data === 'string' ? utf8Length(data) : data.byteLength;
    if (this.queuedBytes + bytes > this.limit) {
      this.dropped += bytes;
      this.listeners().onInputOverflow?.({ droppedBytes: bytes, bufferedBytes: this.queuedBytes, limitBytes: this.limit });
      this.emitStatus({});
      return;
    }
    this.queue.push(data);
    this.queuedBytes += bytes;
  }

  /** The terminal's size changed; tell the PTY when connected and different. */
  resize(cols: number, rows: number): void {
    this.size = { cols, rows };
    this.sendSize();
  }

  /** After `error`: try again now, re-attaching when the session may still be there (else a new shell). */
  retry(): void {
    if (this.disposed || (this.state !== 'error' && this.state !== 'reconnecting')) return;
    this.cancelPending();
    this.attempt = 0;
    if (this.sessionLost) {
      // A new shell: keys typed for the one that is gone are not replayed into it.
      this.queue = [];
      this.queuedBytes = 0;
      this.tail = [];
      this.tailLength = 0;
    }
    void this.connect();
  }

  /** After `exited` (or `error`): start a new shell. Queued input was meant for the old one and is dropped. */
  restart(): void {
    if (this.disposed || (this.state !== 'exited' && this.state !== 'error')) return;
    this.cancelPending();
    this.sessionId = undefined;
    this.sessionLost = false;
    this.queue = [];
    this.queuedBytes = 0;
    this.tail = [];
    this.tailLength = 0;
    this.attempt = 0;
    void this.connect();
  }

  /** Detach (the PTY session lives on on the server) and stop every timer. Safe twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelPending();
    this.detach();
    this.queue = [];
  }

  // ── connecting ────────────────────────────────────────────────────────────

  private async connect(): Promise<void> {
    const openPty = this.options.transport.openPty!.bind(this.options.transport);
    const controller = new AbortController();
    this.abort = controller;
    const reattach = this.sessionId !== undefined && !this.sessionLost;
    if (this.attempt === 0) this.setStatus({ state: this.state === 'idle' || this.state === 'exited' || !reattach ? 'connecting' : 'reconnecting' });
    const { cols, rows } = this.size;
    let connection: PtyConnection;
    try {
      connection = await openPty(
        {
          sandboxId: this.options.sandboxId,
          cols,
          rows,
          ...(reattach ? { sessionId: this.sessionId } : {}),
          ...(this.options.port !== undefined ? { port: this.options.port } : {}),
          ...(!reattach && this.options.cwd !== undefined ? { cwd: this.options.cwd } : {}),
          ...(!reattach && this.options.env !== undefined ? { env: this.options.env } : {}),
        },
        controller.signal,
      );
    } catch (caught) {
      if (this.disposed || controller.signal.aborted) return;
      this.abort = null;
      this.failed(toSandboxError(caught), reattach);
      return;
    }
    if (this.disposed || controller.signal.aborted) {
      // The transport ignored the abort; do not leak what it opened.
      connection.dispose();
      return;
    }
    this.abort = null;
    this.attached(connection, reattach, { cols, rows });
  }

  private attached(connection: PtyConnection, reattach: boolean, requested: { cols: number; rows: number }): void {
    const reattached = reattach && connection.sessionId === this.sessionId;
    if (!reattached) {
      this.tail = [];
      this.tailLength = 0;
    }
    this.sessionId = connection.sessionId;
    this.sessionLost = false;
    this.connection = connection;
    this.sentSize = requested;
    this.carry = null;
    // What a re-attach replays is partly on the screen already (after a fresh mount with `sessionId`,
    // none of it is: then the replay is the screen). A transport that says where its output starts
    // in the session's (`replayFrom`) has exactly what this screen got dropped: output printed while
    // we were away still shows, once. One that says only how much it replays (`replayBytes`, older
    // servers) has all of that dropped; one that cannot tell (Daytona) has it guessed (see stripReplay).
    // Read before subscribing: held output is handed over on subscribe.
    const { replayBytes, replayFrom } = connection;
    const shown = reattached && this.tailLength > 0;
    const seen = shown && replayFrom !== undefined && this.position !== undefined ? Math.max(0, this.position - replayFrom) : undefined;
    this.position = replayFrom;
    this.replayLeft = seen ?? (shown && replayBytes !== undefined ? Math.max(0, replayBytes) : 0);
    this.expectReplay = shown && seen === undefined && replayBytes === undefined ? REPLAY_CHUNKS : 0;
    this.anchor = this.expectReplay ? this.tail.slice() : [];
    this.anchorLength = this.expectReplay ? this.tailLength : 0;
    this.subscriptions.push(
      connection.onData((chunk) => this.received(connection, chunk)),
      connection.onClose((event) => this.closed(connection, event)),
    );
    if (this.connection !== connection) return; // closed while subscribing
    // Keystrokes typed while away go first, in the order they were typed.
    const queue = this.queue;
    this.queue = [];
    this.queuedBytes = 0;
    for (const data of queue) connection.write(data);
    this.attempt = 0;
    this.dropped = 0;
    this.setStatus({ state: 'connected' });
    this.sendSize();
    this.listeners().onConnect?.({ sessionId: connection.sessionId, reattached });
  }

  private failed(error: SandboxError, reattach: boolean): void {
    if (error.code === 'unsupported') {
      this.setStatus({ state: 'unsupported', error });
      return;
    }
    if (reattach && error.code === 'not_found') {
      // The session ended (or expired) while we were away: say so; Retry starts a new one.
      this.sessionLost = true;
      this.setStatus({ state: 'error', error });
      return;
    }
    this.scheduleReconnect(error);
  }

  /** Back off and try again when the error is retryable (see `retryDelay`); otherwise `error`, at once. */
  private scheduleReconnect(error: SandboxError): void {
    const policy = this.reconnect;
    const delay = policy && this.attempt < policy.maxRetries ? retryDelay(error, this.attempt + 1, policy, this.random) : null;
    if (!policy || delay === null) {
      this.setStatus({ state: 'error', error });
      return;
    }
    this.attempt++;
    this.setStatus({ state: 'reconnecting', error, attempt: this.attempt, maxRetries: policy.maxRetries, retryInMs: delay });
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, delay);
  }

  // ── while connected ───────────────────────────────────────────────────────

  private received(connection: PtyConnection, chunk: Uint8Array | string): void {
    if (connection !== this.connection) return;
    const counted = this.position !== undefined || this.replayLeft > 0;
    const size = counted ? (typeof chunk === 'string' ? utf8Length(chunk) : chunk.length) : 0;
    if (this.position !== undefined) this.position += size;
    if (this.replayLeft > 0) {
      // Counted in bytes across chunks; the live output after it goes on whole (a character
      // split across chunks is carried below as usual).
      if (size <= this.replayLeft) {
        this.replayLeft -= size;
        return;
      }
      const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
      chunk = bytes.subarray(this.replayLeft);
      this.replayLeft = 0;
    }
    let screen: string | Uint8Array = chunk;
    if (typeof chunk !== 'string') {
      // The screen gets bytes (xterm parses them faster than strings), but only
      // whole characters: xterm 6's own decoder loses a character split across
      // writes when a continuation byte is 0x80 (e.g. "—" = e2 80 94). The first
      // bytes of a split character are carried to the next chunk, so it renders
      // once, correctly, and every piece decodes on its own.
      let bytes = chunk;
      if (this.carry) {
        bytes = new Uint8Array(this.carry.length + chunk.length);
        bytes.set(this.carry);
        bytes.set(chunk, this.carry.length);
        this.carry = null;
      }
      const whole = completeLength(bytes);
      if (whole < bytes.length) {
        this.carry = bytes.slice(whole);
        bytes = bytes.subarray(0, whole);
      }
      screen = bytes;
    }
    if (!screen.length) return;
    // Text is decoded only when someone needs it (an `onOutput` callback, replay
    // detection): decoding 20 MB costs more than the rest of this path.
    let text: string | undefined;
    // Short chunks (echo of input flushed on attach) cannot be a replay and do not count.
    if (this.expectReplay > 0 && screen.length >= Math.min(MIN_REPLAY_OVERLAP, this.anchorLength)) {
      this.expectReplay--;
      const full = this.decode(screen);
      const rest = this.stripReplay(full);
      if (rest !== full || this.expectReplay === 0) {
        this.expectReplay = 0;
        this.anchor = [];
        this.anchorLength = 0;
      }
      text = rest;
      if (rest !== full) screen = rest;
      if (!screen.length) return;
    }
    this.remember(screen);
    const shown = screen;
    this.listeners().onOutput(shown, () => (text ??= this.decode(shown)));
  }

  private closed(connection: PtyConnection, event: PtyCloseEvent): void {
    if (connection !== this.connection) return;
    // A character cut off by the close shows as U+FFFD, as a streaming decoder's flush would.
    const truncated = this.carry !== null;
    this.detach();
    if (truncated) this.listeners().onOutput('\ufffd', () => '\ufffd');
    if (event.exitCode !== undefined) {
      this.setStatus({ state: 'exited', exitCode: event.exitCode });
      this.listeners().onExit?.(event.exitCode);
      return;
    }
    this.listeners().onDisconnect?.(event);
    this.scheduleReconnect(event.error ?? new SandboxError('network', event.reason ?? 'Connection closed'));
  }

  private decode(data: string | Uint8Array): string {
    return typeof data === 'string' ? data : this.decoder.decode(data);
  }

  private sendSize(): void {
    const connection = this.connection;
    if (!connection || this.state !== 'connected') return;
    const { cols, rows } = this.size;
    if (this.sentSize && this.sentSize.cols === cols && this.sentSize.rows === rows) return;
    try {
      connection.resize(cols, rows);
      this.sentSize = { cols, rows };
    } catch (error) {
      // A size the server refuses must not take the terminal down; the next fit tries again.
      reportError(error);
    }
  }

  /**
   * For a transport that does not say how much it replays (`replayBytes`
   * absent: Daytona). Some transports replay recent output when a session is
   * re-attached; others send only what is new. We keep the tail of what we have shown and
   * drop the longest prefix of a chunk that repeats its end (as it was when
   * we re-attached: the transport snapshots its replay then), so a
   * replay is not shown twice and new output is never dropped. Only the
   * first two long chunks are examined (the echo of input flushed on
   * re-attach may arrive before the replay, a character at a time); a replay split across chunks is shown again.
   */
  private stripReplay(text: string): string {
    const tail = this.anchor.map((part) => this.decode(part)).join('');
    const prefix = text.length > tail.length ? text.slice(0, tail.length) : text;
    const overlap = longestPrefixSuffix(prefix, tail);
    if (overlap >= MIN_REPLAY_OVERLAP || (overlap > 0 && overlap === tail.length)) return text.slice(overlap);
    return text;
  }

  private remember(data: string | Uint8Array): void {
    this.tail.push(data);
    this.tailLength += data.length;
    while (this.tail.length > 1 && this.tailLength - this.tail[0]!.length >= TAIL_LIMIT) {
      this.tailLength -= this.tail.shift()!.length;
    }
  }

  // ── plumbing ──────────────────────────────────────────────────────────────

  private detach(): void {
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    for (let i = subscriptions.length - 1; i >= 0; i--) subscriptions[i]!.dispose();
    const connection = this.connection;
    this.connection = null;
    this.sentSize = null;
    this.carry = null;
    connection?.dispose();
  }

  private cancelPending(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
    this.abort = null;
  }

  private listeners(): PtySessionListeners {
    return this.options.listeners();
  }

  private last: WebTerminalStatusInfo = { state: 'idle' };

  private setStatus(status: WebTerminalStatusInfo): void {
    this.state = status.state;
    this.last = status;
    this.emitStatus({});
  }

  private emitStatus(extra: Partial<WebTerminalStatusInfo>): void {
    if (this.disposed) return;
    const status: WebTerminalStatusInfo = { ...this.last, ...extra };
    if (this.sessionId !== undefined) status.sessionId = this.sessionId;
    if (this.dropped > 0) status.droppedInputBytes = this.dropped;
    this.listeners().onStatus(status);
  }
}

/** Length of the longest prefix of `p` that is also a suffix of `t` (KMP failure function). */
export function longestPrefixSuffix(p: string, t: string): number {
  if (!p || !t) return 0;
  const fail = new Int32Array(p.length);
  for (let i = 1, k = 0; i < p.length; i++) {
    while (k > 0 && p.charCodeAt(i) !== p.charCodeAt(k)) k = fail[k - 1]!;
    if (p.charCodeAt(i) === p.charCodeAt(k)) k++;
    fail[i] = k;
  }
  let k = 0;
  for (let i = 0; i < t.length; i++) {
    while (k > 0 && (k === p.length || t.charCodeAt(i) !== p.charCodeAt(k))) k = fail[k - 1]!;
    if (t.charCodeAt(i) === p.charCodeAt(k)) k++;
  }
  return k;
}

/** Length of `bytes` up to (not into) a multi-byte UTF-8 character cut at its end. */
export function completeLength(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  while (i >= 0 && bytes.length - i < 4 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return bytes.length;
  const lead = bytes[i]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return bytes.length - i < need ? i : bytes.length;
}

/** UTF-8 byte length of a string, without allocating. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function reportError(error: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(error);
}
