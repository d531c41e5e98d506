import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { SandboxError, SandboxUnsupportedError, isSandboxError, throwIfAborted } from '../transport/errors';
import type { ComputerUseTransport, FileEntry, SandboxInfo, SandboxTransport } from '../transport/types';
import { validateEnv, validatePort, validatePtySize, validateSandboxId } from '../transport/validate';
import { LocalDesktop, type DisplayHandle, type LocalDisplayOption } from './desktop';
import { fsError, RootJail } from './paths';
import { sessionAlive, signalSession } from './process-tree';
import { ProcessManager, runCommand, type LocalProcessInfo } from './processes';
import { LocalPtySession, type PtyModule } from './pty';
import { requireTool, TOOLS } from './tools';

/** Ports a preview may show unless `ports` says otherwise: the usual dev-server ports. */
export const DEFAULT_PREVIEW_PORTS: readonly number[] = [3000, 3001, 4173, 4321, 5000, 5173, 6006, 8000, 8080, 8888];

export interface LocalTransportOptions {
  /** The directory the files API is confined to, and where shells and commands start. Required. */
  root: string;
  /** The one sandbox id this transport answers to. @default 'local' */
  sandboxId?: string;
  /** The shell for PTYs and commands. @default $SHELL, else /bin/bash, else /bin/sh */
  shell?: string;
  /** Arguments for the PTY shell. @default [] */
  shellArgs?: string[];
  /**
   * Where computer use happens. An X display name (`':1'`) to use as is; a
   * size to start an Xvfb display of that size on a free display number; or
   * `false` for no computer use. @default $DISPLAY if set, else an Xvfb display of 1280×800
   */
  display?: LocalDisplayOption;
  /** Ports `getPreviewLink` may link to: a list, a predicate, or `'any'`. @default DEFAULT_PREVIEW_PORTS */
  ports?: readonly number[] | ((port: number) => boolean) | 'any';
  /** Host in preview URLs. @default '127.0.0.1' */
  previewHost?: string;
  /** Extra environment for every shell and command. @default {} */
  env?: Record<string, string>;
  /** Output kept per PTY session and replayed on re-attach, in characters. @default 262144 */
  scrollbackChars?: number;
  /** Default `exec` timeout, ms. @default 60000 */
  execTimeoutMs?: number;
  /** `exec` output kept, bytes; the rest is counted and dropped. @default 1048576 */
  maxExecOutputBytes?: number;
  /** Log entries kept per command for late subscribers. @default 1000 */
  logBacklog?: number;
  /**
   * Live PTY sessions allowed at once. At the limit, the session detached the
   * longest is ended to make room; with none detached, `openPty` is `unavailable`. @default 32
   */
  maxPtySessions?: number;
  /** A PTY session with no connection for this long is ended (a page that never comes back); 0 keeps it forever. @default 300000 */
  detachedSessionTtlMs?: number;
  /** Largest file `files.read` / `files.write` handle, bytes. @default 33554432 */
  maxFileBytes?: number;
  /** The PTY implementation. @default `import('node-pty')` */
  pty?: PtyModule | (() => Promise<PtyModule>);
  /** Kill every child if the host process exits without `dispose()`. @default true */
  killOnExit?: boolean;
}

export interface StartProcessRequest {
  /** @default the transport's sandbox id */
  sandboxId?: string;
  /** The named session the command belongs to; `subscribeLogs({ sessionId })` follows every command in it. */
  sessionId: string;
  command: string;
  /** Inside `root`. @default root */
  cwd?: string;
  /** Extra environment of the process. @default undefined */
  env?: Record<string, string>;
}

export interface LocalTransportStats {
  ptySessions: number;
  /** Open PTY connections (attached, not disposed). */
  ptyConnections: number;
  ptyListeners: number;
  logSubscriptions: number;
  /** Commands from `startProcess` still running. */
  processes: number;
}

export interface LocalTransport extends SandboxTransport {
  readonly sandboxId: string;
  /** The confined root, with links resolved. */
  readonly root: string;
  computerUse?: ComputerUseTransport;
  /** Start a long-running command in a named session; its output becomes logs. */
  startProcess(req: StartProcessRequest): Promise<LocalProcessInfo>;
  /** End a command (and everything it started); resolves with its exit code. */
  stopProcess(req: { commandId: string }): Promise<number>;
  /** Commands started with `startProcess`, running or exited. */
  listProcesses(): LocalProcessInfo[];
  /** Start (if needed) the X display and say which it is, e.g. to launch an X client on it. */
  display(): Promise<DisplayHandle>;
  /** Counters for leak checks. */
  stats(): LocalTransportStats;
  /** Kill every child at once (SIGKILL), stop Xvfb, end every stream. Safe to call twice. */
  dispose(): void;
  /** Politely end every child (SIGHUP/SIGTERM, then SIGKILL), then dispose; resolves once they have exited. */
  close(): Promise<void>;
}

const SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const MAX_COMMAND = 64 * 1024;

/** Sweeps of live transports, run if the host exits without disposing them (one listener for all). */
const sweepOnExit = new Set<() => void>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const sweep of sweepOnExit) sweep();
  });
}

function defaultShell(): string {
  const candidates = [process.env.SHELL, '/bin/bash', '/bin/sh'];
  return candidates.find((c): c is string => !!c && existsSync(c)) ?? '/bin/sh';
}

/**
 * The contract on this machine: a real shell through `node-pty`, previews of
 * local ports, logs of commands started in named sessions, `exec`, files
 * confined to `root`, and computer use on an Xvfb display through `xdotool`
 * and ImageMagick. Server only. It runs commands as the current user: give it
 * only to people you would give a shell.
 */
export function createLocalTransport(options: LocalTransportOptions): LocalTransport {
  const jail = new RootJail(options.root);
  const sandboxId = options.sandboxId ?? 'local';
  validateSandboxId(sandboxId);
  const shell = options.shell ?? defaultShell();
  const previewHost = options.previewHost ?? '127.0.0.1';
  const scrollback = options.scrollbackChars ?? 256 * 1024;
  const execTimeoutMs = options.execTimeoutMs ?? 60_000;
  const maxExecOutput = options.maxExecOutputBytes ?? 1024 * 1024;
  const maxPtySessions = options.maxPtySessions ?? 32;
  const maxFileBytes = options.maxFileBytes ?? 32 * 1024 * 1024;
  const ports = options.ports ?? DEFAULT_PREVIEW_PORTS;
  const portAllowed = (port: number) => (ports === 'any' ? true : typeof ports === 'function' ? ports(port) : ports.includes(port));

  let disposed = false;
  const sessions = new Map<string, LocalPtySession>();
  const ptyLeaders = new Set<number>();
  let nextSession = 1;

  /** Environment for every child: the host's, the options', and the display once there is one. */
  const baseEnv = (): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, options.env);
    return env;
  };
  const desktop = options.display === false ? undefined : new LocalDesktop(options.display, baseEnv);
  const childEnv = (): Record<string, string> => {
    const env = baseEnv();
    const running = desktop?.running;
    if (running && running.owned && options.env?.DISPLAY === undefined) env.DISPLAY = running.display;
    return env;
  };
  const processes = new ProcessManager({ shell, env: childEnv, backlog: options.logBacklog ?? 1000 });

  let ptyModule: Promise<PtyModule> | undefined;
  const loadPty = (): Promise<PtyModule> => {
    ptyModule ??= (async () => {
      if (options.pty && typeof options.pty === 'object') return options.pty;
      try {
        if (typeof options.pty === 'function') return await options.pty();
        const mod = (await import('node-pty')) as unknown as PtyModule & { default?: PtyModule };
        return typeof mod.spawn === 'function' ? mod : mod.default!;
      } catch (error) {
        ptyModule = undefined;
        throw new SandboxUnsupportedError(
          `Terminals need the optional peer dependency node-pty (npm install node-pty; building it needs python3, make and a C++ compiler): ${(error as Error)?.message ?? String(error)}`,
          { cause: error },
        );
      }
    })();
    return ptyModule;
  };

  function begin(signal?: AbortSignal): void {
    throwIfAborted(signal);
    if (disposed) throw new SandboxError('unavailable', 'The local transport has been disposed', { status: 503 });
  }

  function check(id: unknown): void {
    validateSandboxId(id);
    if (id !== sandboxId) throw new SandboxError('not_found', `Sandbox ${id} not found (this local transport serves ${sandboxId})`, { status: 404 });
  }

  async function directory(input: unknown): Promise<string> {
    if (input === undefined) return jail.root;
    const dir = await jail.existing(input);
    const stat = await fsp.stat(dir);
    if (!stat.isDirectory()) throw new SandboxError('invalid_request', `Not a directory: ${String(input)}`);
    return dir;
  }

  if (options.killOnExit !== false) {
    hookExit();
    sweepOnExit.add(sweep);
  }

  // Sessions whose page never came back (closed tab, StrictMode's first mount) end after a while.
  const ttl = options.detachedSessionTtlMs ?? 300_000;
  const reaper =
    ttl > 0
      ? setInterval(() => {
          const now = Date.now();
          for (const session of sessions.values()) {
            if (session.detachedAt !== undefined && now - session.detachedAt >= ttl) void session.kill();
          }
        }, Math.max(50, Math.min(ttl / 2, 30_000)))
      : undefined;
  reaper?.unref?.();

  function sweep(): void {
    for (const sid of ptyLeaders) signalSession(sid, 'SIGKILL');
    processes.dispose();
    desktop?.dispose();
  }

  const computerUse: ComputerUseTransport | undefined = desktop && {
    async screenshot(req, signal) {
      begin(signal);
      check(req?.sandboxId);
      return desktop.screenshot(req, signal);
    },
    async displayInfo(req, signal) {
      begin(signal);
      check(req?.sandboxId);
      return desktop.displayInfo();
    },
    async perform(req, signal) {
      begin(signal);
      check(req?.sandboxId);
      await desktop.perform(req.action);
    },
    async start(req) {
      begin();
      check(req?.sandboxId);
      await desktop.ensure();
    },
    async status(req) {
      begin();
      check(req?.sandboxId);
      const pathVar = baseEnv().PATH;
      requireTool(TOOLS.xdotool, pathVar);
      requireTool(TOOLS.import, pathVar);
      return desktop.status();
    },
  };

  const transport: LocalTransport = {
    sandboxId,
    root: jail.root,

    async getPreviewLink(req, signal) {
      begin(signal);
      check(req?.sandboxId);
      const port = validatePort(req.port);
      if (!portAllowed(port)) throw new SandboxError('forbidden', `Port ${port} is not in this transport's preview allowlist`, { status: 403 });
      const host = previewHost.includes(':') ? `[${previewHost}]` : previewHost;
      return { url: `http://${host}:${port}/` };
    },

    async getSandbox(req, signal) {
      begin(signal);
      check(req?.sandboxId);
      // Not `root`: a server path is none of the browser's business (this goes over the wire).
      const info: SandboxInfo = { id: sandboxId, state: 'running' };
      if (desktop?.running) info.display = desktop.running.display;
      return info;
    },

    async openPty(req, signal) {
      begin(signal);
      check(req?.sandboxId);
      validatePtySize(req.cols, req.rows);
      if (req.sessionId !== undefined) {
        const session = typeof req.sessionId === 'string' ? sessions.get(req.sessionId) : undefined;
        if (!session || session.exitCode !== undefined) throw new SandboxError('not_found', `PTY session ${String(req.sessionId)} not found`, { status: 404 });
        session.resize(req.cols, req.rows);
        return session.attach(true);
      }
      const env = validateEnv(req.env);
      const cwd = await directory(req.cwd);
      const pty = await loadPty();
      throwIfAborted(signal);
      if (disposed) throw new SandboxError('unavailable', 'The local transport has been disposed');
      if (sessions.size >= maxPtySessions) {
        // Make room by ending the session nobody has looked at for longest.
        const idle = [...sessions.values()].filter((x) => x.detachedAt !== undefined).sort((a, b) => a.detachedAt! - b.detachedAt!)[0];
        if (!idle) throw new SandboxError('unavailable', `Too many terminal sessions (${maxPtySessions}), all in use; close one first`);
        sessions.delete(idle.id);
        await idle.kill();
        throwIfAborted(signal);
      }
      const id = `pty-${nextSession++}-${Math.random().toString(36).slice(2, 8)}`;
      let child;
      try {
        child = pty.spawn(shell, options.shellArgs ?? [], {
          name: 'xterm-256color',
          cols: req.cols,
          rows: req.rows,
          cwd,
          env: { ...childEnv(), TERM: 'xterm-256color', COLORTERM: 'truecolor', ...env },
        });
      } catch (error) {
        throw new SandboxError('internal', `Could not start ${shell}: ${(error as Error).message}`, { cause: error });
      }
      ptyLeaders.add(child.pid);
      const session = new LocalPtySession(id, child, scrollback, (s) => {
        sessions.delete(s.id);
        // Keep sweeping the session on dispose only while something in it still runs.
        if (!sessionAlive(s.pid)) ptyLeaders.delete(s.pid);
      });
      sessions.set(id, session);
      return session.attach();
    },

    subscribeLogs(req, sink) {
      try {
        begin();
        check(req?.sandboxId);
        if (req.sessionId !== undefined && typeof req.sessionId !== 'string') throw new SandboxError('invalid_request', 'sessionId must be a string');
        if (req.commandId !== undefined && typeof req.commandId !== 'string') throw new SandboxError('invalid_request', 'commandId must be a string');
      } catch (error) {
        let live = true;
        queueMicrotask(() => live && sink.onError?.(error as SandboxError));
        return { dispose: () => void (live = false) };
      }
      return processes.subscribe(req, sink);
    },

    async exec(req, signal) {
      begin(signal);
      check(req?.sandboxId);
      if (typeof req.command !== 'string' || req.command.trim().length === 0 || req.command.length > MAX_COMMAND) {
        throw new SandboxError('invalid_request', 'command must be a non-empty string of at most 64 KiB');
      }
      const timeoutMs = req.timeoutMs ?? execTimeoutMs;
      if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 24 * 3600_000) {
        throw new SandboxError('invalid_request', 'timeoutMs must be a whole number of ms from 1 to 86400000');
      }
      const cwd = await directory(req.cwd);
      return runCommand({
        shell,
        command: req.command,
        cwd,
        env: childEnv(),
        timeoutMs,
        maxOutputBytes: maxExecOutput,
        ...(signal ? { signal } : {}),
        onSpawn: (pid) => processes.sessionLeaders.add(pid),
        onExit: (pid) => processes.forget(pid),
      });
    },

    files: {
      async list(req, signal) {
        begin(signal);
        check(req?.sandboxId);
        const dir = await directory(req.path ?? '.');
        let names: import('node:fs').Dirent[];
        try {
          names = await fsp.readdir(dir, { withFileTypes: true });
        } catch (error) {
          throw fsError(error, String(req.path));
        }
        const entries: FileEntry[] = [];
        for (const dirent of names) {
          const full = path.join(dir, dirent.name);
          try {
            const stat = await fsp.lstat(full);
            entries.push({ name: dirent.name, path: full, isDir: stat.isDirectory(), size: stat.isDirectory() ? 0 : stat.size, modifiedAt: stat.mtimeMs });
          } catch {
            // Removed while listing.
          }
        }
        return entries.sort((a, b) => Number(b.isDir) - Number(a.isDir) || a.name.localeCompare(b.name));
      },
      async read(req, signal) {
        begin(signal);
        check(req?.sandboxId);
        const file = await jail.existing(req.path);
        try {
          const stat = await fsp.stat(file);
          if (stat.isDirectory()) throw new SandboxError('invalid_request', `Is a directory: ${req.path}`);
          if (stat.size > maxFileBytes) throw new SandboxError('invalid_request', `${req.path} is ${stat.size} bytes; the limit is ${maxFileBytes}`);
          // O_NOFOLLOW: the path was resolved above; refuse a link swapped in since.
          const handle = await fsp.open(file, fsp.constants.O_RDONLY | fsp.constants.O_NOFOLLOW);
          try {
            return new Uint8Array(await handle.readFile());
          } finally {
            await handle.close();
          }
        } catch (error) {
          throw isSandboxError(error) ? error : fsError(error, req.path);
        }
      },
      async write(req, signal) {
        begin(signal);
        check(req?.sandboxId);
        const content = req.content;
        if (typeof content !== 'string' && !(content instanceof Uint8Array)) throw new SandboxError('invalid_request', 'content must be a string or bytes');
        const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
        if (bytes.length > maxFileBytes) throw new SandboxError('invalid_request', `Content is ${bytes.length} bytes; the limit is ${maxFileBytes}`);
        const file = await jail.writable(req.path, true);
        try {
          const { O_WRONLY, O_CREAT, O_TRUNC, O_NOFOLLOW } = fsp.constants;
          const handle = await fsp.open(file, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0o644);
          try {
            await handle.writeFile(bytes);
          } finally {
            await handle.close();
          }
        } catch (error) {
          throw fsError(error, req.path);
        }
      },
      async remove(req, signal) {
        begin(signal);
        check(req?.sandboxId);
        const target = await jail.entry(req.path);
        try {
          const stat = await fsp.lstat(target);
          if (stat.isDirectory()) {
            if (req.recursive) await fsp.rm(target, { recursive: true, force: false });
            else await fsp.rmdir(target);
          } else {
            await fsp.unlink(target);
          }
        } catch (error) {
          throw fsError(error, req.path);
        }
      },
    },

    ...(computerUse ? { computerUse } : {}),

    async startProcess(req) {
      begin();
      check(req?.sandboxId ?? sandboxId);
      if (typeof req.sessionId !== 'string' || !SESSION_ID.test(req.sessionId)) {
        throw new SandboxError('invalid_request', `sessionId must match ${SESSION_ID}`);
      }
      if (typeof req.command !== 'string' || req.command.trim().length === 0 || req.command.length > MAX_COMMAND) {
        throw new SandboxError('invalid_request', 'command must be a non-empty string of at most 64 KiB');
      }
      const env = validateEnv(req.env);
      const cwd = await directory(req.cwd);
      return processes.start({ sessionId: req.sessionId, command: req.command, cwd, ...(env ? { env } : {}) });
    },

    stopProcess(req) {
      return processes.stop(req?.commandId);
    },

    listProcesses() {
      return processes.list();
    },

    async display() {
      begin();
      if (!desktop) throw new SandboxUnsupportedError('Computer use is turned off for this transport (display: false)');
      return desktop.ensure();
    },

    stats() {
      let ptyConnections = 0;
      let ptyListeners = 0;
      for (const session of sessions.values()) {
        ptyConnections += session.connections.size;
        for (const c of session.connections) ptyListeners += c.listenerCount;
      }
      return {
        ptySessions: sessions.size,
        ptyConnections,
        ptyListeners,
        logSubscriptions: processes.subscriptionCount,
        processes: processes.list().filter((p) => p.exitCode === undefined).length,
      };
    },

    dispose() {
      if (disposed) return;
      disposed = true;
      if (reaper) clearInterval(reaper);
      sweepOnExit.delete(sweep);
      for (const session of sessions.values()) {
        session.drop({ reason: 'Transport disposed', error: new SandboxError('unavailable', 'The local transport was disposed') });
      }
      sweep();
    },

    async close() {
      if (!disposed) {
        // Give shells and commands a chance to exit cleanly first.
        const live = [...sessions.values()];
        await Promise.all([
          ...live.map((s) => s.kill()),
          ...processes.list().filter((p) => p.exitCode === undefined).map((p) => processes.stop(p.commandId).catch(() => {})),
        ]);
      }
      transport.dispose();
      await Promise.all([processes.settled(), ...[...sessions.values()].map((s) => Promise.race([s.exited, new Promise((r) => setTimeout(r, 2000))]))]);
    },
  };
  if (!desktop) delete transport.computerUse;
  return transport;
}
