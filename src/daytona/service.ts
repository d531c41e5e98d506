/**
 * `DaytonaService`: the main server-side wrapper over the Daytona SDK for code
 * that is not a React component (route handlers, agents, jobs): sandbox
 * management, file ops, git, process execution and computer use, every
 * failure a `SandboxError`. It is the Daytona transport plus the SDK calls the
 * transport contract does not cover (git, folders, stopping computer use), on
 * the same cache and error mapping.
 */
import { SandboxError } from '../transport/errors';
import type {
  ComputerAction,
  ComputerUseStatus,
  CreateSandboxRequest,
  Disposable,
  ExecResult,
  FileEntry,
  LogSink,
  LogsRequest,
  PreviewLink,
  PtyConnection,
  PtyRequest,
  SandboxInfo,
  Screenshot,
  ScreenshotRequest,
} from '../transport/types';
import { validatePath, validateSandboxId } from '../transport/validate';
import type { DaytonaCore, DaytonaSandbox } from './core';
import { archiveSandbox, deleteSandbox, lifecycleOptions, startSandbox, stopSandbox, type DaytonaLifecycleOptions } from './lifecycle';
import { toSandboxInfo } from './states';
import { createDaytonaTransport, daytonaInternals, type DaytonaTransport, type DaytonaTransportOptions } from './transport';

export interface DaytonaGitStatus {
  currentBranch: string;
  ahead: number;
  behind: number;
  branchPublished: boolean;
  files: Array<{ name: string; staging: string; worktree: string }>;
}

export interface DaytonaGitCredentials {
  /** Git username (for private remotes). */
  username?: string;
  /** Git password or token. */
  password?: string;
}

export type DaytonaServiceOptions = DaytonaTransportOptions | { transport: DaytonaTransport };

const decoder = /* @__PURE__ */ new TextDecoder();

function text(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new SandboxError('invalid_request', `${what} must be a non-empty string`);
  return value;
}

export class DaytonaService implements Disposable {
  /** The `SandboxTransport` the service is built on; hand it to `createSandboxHandler`. */
  readonly transport: DaytonaTransport;

  private readonly core: DaytonaCore;
  private readonly lifecycleTimeoutMs: number;

  constructor(options: DaytonaServiceOptions) {
    this.transport = 'transport' in options ? options.transport : createDaytonaTransport(options);
    ({ core: this.core, lifecycleTimeoutMs: this.lifecycleTimeoutMs } = daytonaInternals(this.transport));
  }

  // ── Sandbox management ────────────────────────────────────────────────────

  /** Create a sandbox and wait until it runs. */
  createSandbox(req: CreateSandboxRequest = {}, signal?: AbortSignal): Promise<SandboxInfo> {
    return this.transport.sandboxes.create(req, signal);
  }
  /** Read a sandbox's state (always fresh). */
  getSandbox(sandboxId: string, signal?: AbortSignal): Promise<SandboxInfo> {
    return this.transport.sandboxes.get({ sandboxId }, signal);
  }
  /** List sandboxes, optionally those carrying every label given. */
  listSandboxes(labels?: Record<string, string>, signal?: AbortSignal): Promise<SandboxInfo[]> {
    return this.transport.sandboxes.list(labels ? { labels } : {}, signal);
  }
  /**
   * Start a stopped sandbox, restore an archived one (slower: its disk comes
   * back from object storage) or resume a paused one; a running one is left
   * as it is. A change already in progress is waited for first. With `wait`
   * (the default) it resolves `running`; without, `starting` or `restoring`.
   * A bare `AbortSignal` is still taken in place of the options.
   */
  async startSandbox(sandboxId: string, options?: DaytonaLifecycleOptions | AbortSignal): Promise<SandboxInfo> {
    return toSandboxInfo(await startSandbox(this.core, validateSandboxId(sandboxId), this.lifecycle(options)));
  }
  /** Stop a running sandbox (one not running is left as it is). With `wait` (the default) it resolves `stopped`; without, `stopping`. */
  async stopSandbox(sandboxId: string, options?: DaytonaLifecycleOptions | AbortSignal): Promise<SandboxInfo> {
    return toSandboxInfo(await stopSandbox(this.core, validateSandboxId(sandboxId), this.lifecycle(options)));
  }
  /**
   * Archive a sandbox (cheaper storage; starting it again is slower), stopping
   * it first if it runs. With `wait` (the default) it resolves `archived`;
   * without, `archiving`.
   */
  async archiveSandbox(sandboxId: string, options?: DaytonaLifecycleOptions | AbortSignal): Promise<SandboxInfo> {
    return toSandboxInfo(await archiveSandbox(this.core, validateSandboxId(sandboxId), this.lifecycle(options)));
  }
  /**
   * Delete a sandbox. With `wait` (the default) it resolves once Daytona no
   * longer has it, as `deleted`, and `getSandbox` then fails `not_found`;
   * without, it resolves `deleting` and the sandbox is still there for a while.
   */
  async deleteSandbox(sandboxId: string, options?: DaytonaLifecycleOptions | AbortSignal): Promise<SandboxInfo> {
    const id = validateSandboxId(sandboxId);
    const left = await deleteSandbox(this.core, id, this.lifecycle(options));
    return left ? toSandboxInfo(left) : { id, state: 'deleted', daytonaState: 'destroyed', labels: {} };
  }
  private lifecycle(options: DaytonaLifecycleOptions | AbortSignal | undefined) {
    return lifecycleOptions(options, this.lifecycleTimeoutMs);
  }
  /** A URL for `port` of the sandbox (signed by default, see `preview`). */
  getPreviewLink(sandboxId: string, port: number, signal?: AbortSignal): Promise<PreviewLink> {
    return this.transport.getPreviewLink({ sandboxId, port }, signal);
  }
  /** The SDK `Sandbox` behind an id, for anything this class does not wrap. */
  sandbox(sandboxId: string, signal?: AbortSignal): Promise<DaytonaSandbox> {
    return this.transport.sandbox(sandboxId, signal);
  }

  // ── Files ─────────────────────────────────────────────────────────────────

  listFiles(sandboxId: string, path: string, signal?: AbortSignal): Promise<FileEntry[]> {
    return this.transport.files.list({ sandboxId, path }, signal);
  }
  readFile(sandboxId: string, path: string, signal?: AbortSignal): Promise<Uint8Array> {
    return this.transport.files.read({ sandboxId, path }, signal);
  }
  async readTextFile(sandboxId: string, path: string, signal?: AbortSignal): Promise<string> {
    return decoder.decode(await this.readFile(sandboxId, path, signal));
  }
  writeFile(sandboxId: string, path: string, content: string | Uint8Array, signal?: AbortSignal): Promise<void> {
    return this.transport.files.write({ sandboxId, path, content }, signal);
  }
  deleteFile(sandboxId: string, path: string, options: { recursive?: boolean } = {}, signal?: AbortSignal): Promise<void> {
    return this.transport.files.remove({ sandboxId, path, recursive: options.recursive ?? false }, signal);
  }
  /** Create a folder (and its parents). `mode` is octal, as `chmod` takes it. */
  async createFolder(sandboxId: string, path: string, mode = '755', signal?: AbortSignal): Promise<void> {
    validatePath(path);
    if (!/^[0-7]{3,4}$/.test(mode)) throw new SandboxError('invalid_request', `mode must be octal like '755', got ${JSON.stringify(mode)}`);
    await this.core.withRunning(sandboxId, signal, `Create folder ${path}`, (s) => s.fs.createFolder(path, mode));
  }

  // ── Git ───────────────────────────────────────────────────────────────────

  /** Git in the sandbox; every path is the repository's directory in the sandbox. */
  readonly git = {
    clone: async (sandboxId: string, req: { url: string; path: string; branch?: string; commitId?: string; depth?: number } & DaytonaGitCredentials, signal?: AbortSignal): Promise<void> => {
      const url = text(req?.url, 'url');
      if (!/^(https?:\/\/|git@|ssh:\/\/)/.test(url)) throw new SandboxError('invalid_request', `Refusing to clone ${JSON.stringify(url)}: use an https, ssh or git@ URL`);
      const path = validatePath(req.path);
      await this.core.withRunning(sandboxId, signal, `git clone ${url}`, (s) =>
        s.git.clone(url, path, req.branch, req.commitId, req.username, req.password, undefined, req.depth),
      );
    },
    status: async (sandboxId: string, path: string, signal?: AbortSignal): Promise<DaytonaGitStatus> => {
      validatePath(path);
      const status = await this.core.withRunning(sandboxId, signal, `git status in ${path}`, (s) => s.git.status(path));
      return {
        currentBranch: status.currentBranch,
        ahead: status.ahead ?? 0,
        behind: status.behind ?? 0,
        branchPublished: status.branchPublished ?? false,
        files: (status.fileStatus ?? []).map((f) => ({ name: f.name, staging: String(f.staging), worktree: String(f.worktree) })),
      };
    },
    add: async (sandboxId: string, path: string, files: string[], signal?: AbortSignal): Promise<void> => {
      validatePath(path);
      if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string')) throw new SandboxError('invalid_request', 'files must be a non-empty array of paths');
      await this.core.withRunning(sandboxId, signal, `git add in ${path}`, (s) => s.git.add(path, files));
    },
    commit: async (sandboxId: string, path: string, req: { message: string; author: string; email: string; allowEmpty?: boolean }, signal?: AbortSignal): Promise<{ sha: string }> => {
      validatePath(path);
      const message = text(req?.message, 'message');
      const author = text(req.author, 'author');
      const email = text(req.email, 'email');
      return this.core.withRunning(sandboxId, signal, `git commit in ${path}`, (s) => s.git.commit(path, message, author, email, req.allowEmpty));
    },
    push: async (sandboxId: string, path: string, credentials: DaytonaGitCredentials = {}, signal?: AbortSignal): Promise<void> => {
      validatePath(path);
      await this.core.withRunning(sandboxId, signal, `git push in ${path}`, (s) => s.git.push(path, credentials.username, credentials.password));
    },
    pull: async (sandboxId: string, path: string, credentials: DaytonaGitCredentials = {}, signal?: AbortSignal): Promise<void> => {
      validatePath(path);
      await this.core.withRunning(sandboxId, signal, `git pull in ${path}`, (s) => s.git.pull(path, credentials.username, credentials.password));
    },
    branches: async (sandboxId: string, path: string, signal?: AbortSignal): Promise<string[]> => {
      validatePath(path);
      const res = await this.core.withRunning(sandboxId, signal, `git branches in ${path}`, (s) => s.git.branches(path));
      return res.branches;
    },
    checkoutBranch: async (sandboxId: string, path: string, branch: string, signal?: AbortSignal): Promise<void> => {
      validatePath(path);
      const name = text(branch, 'branch');
      await this.core.withRunning(sandboxId, signal, `git checkout ${name}`, (s) => s.git.checkoutBranch(path, name));
    },
  };

  // ── Processes ─────────────────────────────────────────────────────────────

  /** Run a command to completion. A non-zero exit is a result, not an error. */
  exec(sandboxId: string, command: string, options: { cwd?: string; timeoutMs?: number } = {}, signal?: AbortSignal): Promise<ExecResult> {
    return this.transport.exec({ sandboxId, command, ...options }, signal);
  }
  openPty(req: PtyRequest, signal?: AbortSignal): Promise<PtyConnection> {
    return this.transport.openPty(req, signal);
  }
  subscribeLogs(req: LogsRequest, sink: LogSink): Disposable {
    return this.transport.subscribeLogs(req, sink);
  }

  // ── Computer use ──────────────────────────────────────────────────────────

  screenshot(req: ScreenshotRequest, signal?: AbortSignal): Promise<Screenshot> {
    return this.transport.computerUse.screenshot(req, signal);
  }
  displayInfo(sandboxId: string, signal?: AbortSignal): Promise<{ width: number; height: number }> {
    return this.transport.computerUse.displayInfo({ sandboxId }, signal);
  }
  perform(sandboxId: string, action: ComputerAction, signal?: AbortSignal): Promise<void> {
    return this.transport.computerUse.perform({ sandboxId, action }, signal);
  }
  startComputerUse(sandboxId: string): Promise<void> {
    return this.transport.computerUse.start!({ sandboxId });
  }
  async stopComputerUse(sandboxId: string, signal?: AbortSignal): Promise<void> {
    await this.core.withRunning(sandboxId, signal, 'Stop computer use', (s) => s.computerUse.stop());
  }
  computerUseStatus(sandboxId: string): Promise<ComputerUseStatus> {
    return this.transport.computerUse.status!({ sandboxId });
  }

  /** Close the PTYs and log streams opened through this service. */
  dispose(): void {
    this.transport.dispose();
  }
}
