/**
 * `DaytonaExecutor`: one sandbox, four verbs. For agents and scripts that
 * want "run this, read that, write this" with errors that say what failed and
 * where, rather than the whole service.
 */
import { SandboxError, isSandboxError } from '../transport/errors';
import type { ExecResult, FileEntry } from '../transport/types';
import type { DaytonaService } from './service';

export interface DaytonaExecutorOptions {
  /** The service the sandbox is reached through. */
  service: DaytonaService;
  /** The sandbox commands run in. */
  sandboxId: string;
  /** Working directory for `run` and base for relative paths. @default undefined (the sandbox user's home) */
  cwd?: string;
  /** Default command timeout, ms. @default 60000 */
  timeoutMs?: number;
}

export interface RunOptions {
  /** Working directory. @default the executor's `cwd` */
  cwd?: string;
  /** Timeout, ms. @default the executor's `timeoutMs` */
  timeoutMs?: number;
  /** Reject with `CommandFailedError` when the exit code is not 0. @default false */
  check?: boolean;
  /** Aborts the wait for the command (the command itself is not killed). @default undefined */
  signal?: AbortSignal;
}

/** A command that ran and exited non-zero, under `run(…, { check: true })`. */
export class CommandFailedError extends SandboxError {
  readonly exitCode: number;
  readonly output: string;
  constructor(command: string, result: ExecResult) {
    super('internal', `Command \`${command}\` exited with ${result.exitCode}: ${result.output.trim().slice(-500)}`);
    this.name = 'SandboxCommandFailedError';
    this.exitCode = result.exitCode;
    this.output = result.output;
  }
}

export class DaytonaExecutor {
  private readonly service: DaytonaService;
  readonly sandboxId: string;
  private readonly cwd: string | undefined;
  private readonly timeoutMs: number;

  constructor(options: DaytonaExecutorOptions) {
    if (!options?.service) throw new TypeError('DaytonaExecutor: pass `service`, a DaytonaService');
    if (typeof options.sandboxId !== 'string' || !options.sandboxId) throw new TypeError('DaytonaExecutor: pass `sandboxId`');
    this.service = options.service;
    this.sandboxId = options.sandboxId;
    this.cwd = options.cwd;
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** Run `command` to completion; the exit code is in the result unless `check` is set. */
  async run(command: string, options: RunOptions = {}): Promise<ExecResult> {
    const cwd = options.cwd ?? this.cwd;
    const result = await this.wrap(`run \`${command}\``, () =>
      this.service.exec(this.sandboxId, command, { ...(cwd ? { cwd } : {}), timeoutMs: options.timeoutMs ?? this.timeoutMs }, options.signal),
    );
    if (options.check && result.exitCode !== 0) throw new CommandFailedError(command, result);
    return result;
  }

  /** Read a file as UTF-8 text. */
  async readFile(path: string, signal?: AbortSignal): Promise<string> {
    const bytes = await this.wrap(`read ${path}`, () => this.service.readFile(this.sandboxId, this.resolve(path), signal));
    return new TextDecoder().decode(bytes);
  }

  /** Read a file's bytes. */
  readBytes(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.wrap(`read ${path}`, () => this.service.readFile(this.sandboxId, this.resolve(path), signal));
  }

  /** Write (create or replace) a file. */
  writeFile(path: string, content: string | Uint8Array, signal?: AbortSignal): Promise<void> {
    return this.wrap(`write ${path}`, () => this.service.writeFile(this.sandboxId, this.resolve(path), content, signal));
  }

  /** The entries of a directory. */
  listFiles(path = '.', signal?: AbortSignal): Promise<FileEntry[]> {
    return this.wrap(`list ${path}`, () => this.service.listFiles(this.sandboxId, this.resolve(path), signal));
  }

  private resolve(path: string): string {
    if (typeof path !== 'string' || path.length === 0) throw new SandboxError('invalid_request', `Path must be a non-empty string, got ${JSON.stringify(path)}`);
    if (path.startsWith('/') || !this.cwd) return path;
    return `${this.cwd.replace(/\/+$/, '')}/${path.replace(/^\.\/?/, '')}`.replace(/\/$/, '') || '/';
  }

  /** Say which operation on which sandbox failed; keep the code, status and cause. */
  private async wrap<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (!isSandboxError(error)) throw error;
      const hint = error.code === 'not_found' ? ' (no such file, directory or sandbox)' : error.code === 'unavailable' ? ' (is the sandbox started?)' : '';
      throw new SandboxError(error.code, `Cannot ${what} in sandbox ${this.sandboxId}${hint}: ${error.message}`, {
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
        cause: error,
      });
    }
  }
}
