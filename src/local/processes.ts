import { spawn, type ChildProcess } from 'node:child_process';
import { toDisposable } from '../internal/disposables';
import { abortError } from '../internal/abort';
import { SandboxError, SandboxTimeoutError } from '../transport/errors';
import type { Disposable, ExecResult, LogEntry, LogLevel, LogSink, LogsRequest } from '../transport/types';
import { endSession, sessionAlive, signalSession } from './process-tree';

/** A command started in a named session with `startProcess`. */
export interface LocalProcessInfo {
  commandId: string;
  sessionId: string;
  command: string;
  pid: number;
  startedAt: number;
  /** Set once it has exited (128 + n when ended by signal n). */
  exitCode?: number;
}

interface ProcessRecord {
  info: LocalProcessInfo;
  child: ChildProcess;
  exited: Promise<number>;
}

interface Subscriber {
  req: LogsRequest;
  sink: LogSink;
  end(error?: SandboxError): void;
}

const LEVEL_TAG = /^\W{0,3}(debug|trace|info|notice|warn(?:ing)?|err(?:or)?|fatal|npm err!)\b/i;

/**
 * The level of a log line: a leading tag (`[warn]`, `ERROR:`, `info -`) wins;
 * otherwise stdout is `log` and stderr `error`.
 */
export function levelOf(line: string, stream: 'stdout' | 'stderr'): LogLevel {
  // eslint-disable-next-line no-control-regex
  const plain = line.replace(/\x1b\[[0-9;]*m/g, '');
  const tag = LEVEL_TAG.exec(plain)?.[1]?.toLowerCase();
  if (tag) {
    if (tag === 'debug' || tag === 'trace') return 'debug';
    if (tag === 'info' || tag === 'notice') return 'info';
    if (tag.startsWith('warn')) return 'warn';
    return 'error';
  }
  return stream === 'stderr' ? 'error' : 'log';
}

export interface ProcessManagerOptions {
  shell: string;
  env: () => Record<string, string>;
  /** Log entries kept per command for late subscribers. */
  backlog: number;
}

/**
 * Commands started in named sessions, and their logs. A subscriber gets the
 * kept backlog, then live lines: of one command (`commandId`, which ends the
 * stream when the command exits), of a session (`sessionId`, including
 * commands started later), or of every command (neither).
 */
export class ProcessManager {
  private readonly records = new Map<string, ProcessRecord>();
  private readonly logs = new Map<string, LogEntry[]>();
  private readonly subscribers = new Set<Subscriber>();
  /** Session ids of every child ever started, so dispose can sweep what they left behind. */
  readonly sessionLeaders = new Set<number>();
  private seq = 0;
  private nextId = 1;
  private disposed = false;

  constructor(private readonly options: ProcessManagerOptions) {}

  get subscriptionCount(): number {
    return this.subscribers.size;
  }

  list(): LocalProcessInfo[] {
    return [...this.records.values()].map((r) => ({ ...r.info }));
  }

  start(req: { sessionId: string; command: string; cwd: string; env?: Record<string, string> }): LocalProcessInfo {
    if (this.disposed) throw new SandboxError('unavailable', 'The local transport has been disposed');
    const commandId = `cmd-${this.nextId++}-${Math.random().toString(36).slice(2, 8)}`;
    const child = spawn(this.options.shell, ['-c', req.command], {
      cwd: req.cwd,
      env: { ...this.options.env(), ...req.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) {
      throw new SandboxError('internal', `Could not start ${JSON.stringify(req.command)}`);
    }
    const info: LocalProcessInfo = { commandId, sessionId: req.sessionId, command: req.command, pid: child.pid, startedAt: Date.now() };
    this.sessionLeaders.add(child.pid);
    this.logs.set(commandId, []);
    const flushers = (['stdout', 'stderr'] as const).map((stream) => this.follow(info, child, stream));
    const exited = new Promise<number>((resolve) => {
      child.on('error', (error) => {
        this.push(info, [{ level: 'error', message: `Failed to start: ${error.message}`, timestamp: Date.now(), stream: 'stderr' }]);
      });
      child.on('close', (code, signal) => {
        for (const flush of flushers) flush();
        info.exitCode = code ?? (signal ? 128 + signalNumber(signal) : 1);
        for (const s of [...this.subscribers]) if (s.req.commandId === commandId) s.end();
        this.forget(info.pid);
        resolve(info.exitCode);
      });
    });
    this.records.set(commandId, { info, child, exited });
    return { ...info };
  }

  /** End a command and whatever it started; resolves with its exit code. */
  async stop(commandId: string): Promise<number> {
    const record = this.records.get(commandId);
    if (!record) throw new SandboxError('not_found', `No command ${commandId}`, { status: 404 });
    if (record.info.exitCode !== undefined) return record.info.exitCode;
    await endSession(record.info.pid, 'SIGTERM', 1000);
    return record.exited;
  }

  subscribe(req: LogsRequest, sink: LogSink): Disposable {
    let done = false;
    const subscriber: Subscriber = {
      req,
      sink,
      end: (error) => {
        if (done) return;
        done = true;
        this.subscribers.delete(subscriber);
        try {
          if (error) sink.onError?.(error);
          else sink.onEnd?.();
        } catch {
          // A sink's bug must not break the others.
        }
      },
    };
    const record = req.commandId !== undefined ? this.records.get(req.commandId) : undefined;
    if (req.commandId !== undefined && (!record || (req.sessionId !== undefined && record.info.sessionId !== req.sessionId))) {
      queueMicrotask(() => subscriber.end(new SandboxError('not_found', `No command ${req.commandId}${req.sessionId ? ` in session ${req.sessionId}` : ''}`, { status: 404 })));
      return toDisposable(() => (done = true));
    }
    this.subscribers.add(subscriber);
    // Deliver the backlog after the caller has its disposable, as a network stream would.
    queueMicrotask(() => {
      if (done) return;
      const backlog = this.backlogFor(req);
      if (backlog.length) safeDeliver(sink, backlog);
      if (record && record.info.exitCode !== undefined) subscriber.end();
    });
    return toDisposable(() => {
      done = true;
      this.subscribers.delete(subscriber);
    });
  }

  /** Stop tracking a session once nothing in it runs (background jobs keep it tracked). */
  forget(sid: number): void {
    if (!sessionAlive(sid)) this.sessionLeaders.delete(sid);
  }

  /** Kill every command (and its session), end every log stream. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const sid of this.sessionLeaders) signalSession(sid, 'SIGKILL');
    for (const s of [...this.subscribers]) s.end();
  }

  /** Wait until every command has exited (after `dispose`). */
  async settled(timeoutMs = 3000): Promise<void> {
    const all = Promise.all([...this.records.values()].map((r) => r.exited));
    await Promise.race([all, new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  private backlogFor(req: LogsRequest): LogEntry[] {
    const out: LogEntry[] = [];
    for (const record of this.records.values()) {
      if (!matches(req, record.info)) continue;
      out.push(...(this.logs.get(record.info.commandId) ?? []));
    }
    // Interleave commands in the order their lines were produced.
    return out.sort((a, b) => seqOf(a) - seqOf(b));
  }

  private follow(info: LocalProcessInfo, child: ChildProcess, stream: 'stdout' | 'stderr'): () => void {
    let partial = '';
    const source = child[stream];
    source?.setEncoding('utf8');
    source?.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      // A process that never ends a line must not grow the buffer forever.
      if (partial.length > 64 * 1024) {
        lines.push(partial);
        partial = '';
      }
      if (lines.length) this.push(info, lines.map((line) => this.entry(line, stream)));
    });
    return () => {
      if (partial) this.push(info, [this.entry(partial, stream)]);
      partial = '';
    };
  }

  private entry(line: string, stream: 'stdout' | 'stderr'): LogEntry {
    const message = line.endsWith('\r') ? line.slice(0, -1) : line;
    return { id: String(++this.seq), level: levelOf(message, stream), message, timestamp: Date.now(), stream };
  }

  private push(info: LocalProcessInfo, entries: LogEntry[]): void {
    const kept = this.logs.get(info.commandId);
    if (kept) {
      kept.push(...entries);
      if (kept.length > this.options.backlog) kept.splice(0, kept.length - this.options.backlog);
    }
    for (const s of this.subscribers) if (matches(s.req, info)) safeDeliver(s.sink, entries);
  }
}

function matches(req: LogsRequest, info: LocalProcessInfo): boolean {
  if (req.commandId !== undefined && req.commandId !== info.commandId) return false;
  if (req.sessionId !== undefined && req.sessionId !== info.sessionId) return false;
  return true;
}

function seqOf(entry: LogEntry): number {
  return Number(entry.id ?? 0);
}

function safeDeliver(sink: LogSink, entries: LogEntry[]): void {
  try {
    sink.onLogs(entries);
  } catch {
    // A sink's bug must not stop the stream for the others.
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  const table: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return table[signal] ?? 0;
}

export interface ExecOptions {
  shell: string;
  command: string;
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  maxOutputBytes: number;
  signal?: AbortSignal;
  /** Called with the child's pid, so the caller can sweep its session on dispose. */
  onSpawn?: (pid: number) => void;
  /** Called with the child's pid once the command has finished. */
  onExit?: (pid: number) => void;
}

/**
 * Run one command to completion. stdout and stderr are merged in arrival
 * order (as a terminal shows them) and capped; a command that outlives
 * `timeoutMs`, or whose signal aborts, is killed with everything it started.
 */
export function runCommand(options: ExecOptions): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortError(options.signal));
      return;
    }
    const child = spawn(options.shell, ['-c', options.command], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let dropped = 0;
    let settled = false;
    const collect = (chunk: Buffer) => {
      const room = options.maxOutputBytes - size;
      if (room <= 0) {
        dropped += chunk.length;
        return;
      }
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      chunks.push(kept);
      size += kept.length;
      dropped += chunk.length - kept.length;
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    if (child.pid !== undefined) options.onSpawn?.(child.pid);

    const finish = (outcome: { code?: number; error?: SandboxError }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (child.pid !== undefined) options.onExit?.(child.pid);
      if (outcome.error) return reject(outcome.error);
      let output = Buffer.concat(chunks).toString('utf8');
      if (dropped) output += `\n… [${dropped} more bytes of output not kept]`;
      resolve({ exitCode: outcome.code ?? 1, output });
    };
    const kill = () => {
      if (child.pid !== undefined) signalSession(child.pid, 'SIGKILL');
    };
    const timer = setTimeout(() => {
      kill();
      finish({ error: new SandboxTimeoutError(`Command timed out after ${options.timeoutMs} ms: ${options.command.slice(0, 200)}`) });
    }, options.timeoutMs);
    const onAbort = () => {
      kill();
      finish({ error: abortError(options.signal) });
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => finish({ error: new SandboxError('internal', `Could not run the command: ${error.message}`, { cause: error }) }));
    child.on('exit', (code, signal) => {
      const exitCode = code ?? (signal ? 128 + signalNumber(signal) : 1);
      // A background job started by the command may hold the pipes open; do
      // not wait for it, but give the last bytes a moment to arrive.
      const grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish({ code: exitCode });
      }, 100);
      child.once('close', () => {
        clearTimeout(grace);
        finish({ code: exitCode });
      });
    });
  });
}
