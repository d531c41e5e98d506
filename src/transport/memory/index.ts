import { toDisposable } from '../../internal/disposables';
import { abortError, delay, raceAbort } from '../../internal/abort';
import { SandboxError, isSandboxError, type SandboxErrorCode } from '../errors';
import type {
  ComputerUseStatus,
  CreateSandboxRequest,
  Disposable,
  LogEntry,
  LogLevel,
  LogSink,
  PreviewLink,
  SandboxInfo,
  SandboxState,
  SandboxTransport,
} from '../types';
import { validateComputerAction, validateEnv, validateLabels, validatePort, validatePtySize, validateSandboxId } from '../validate';
import { capabilityMember, type SandboxCapability, type SandboxOperation } from '../operations';
import { MemoryDesktop } from './desktop';
import { MemoryFileSystem } from './fs';
import { MemoryPtySession, RECORD_LIMIT, pushBounded } from './pty';
import { previewHtml } from './preview';
import { servedPorts } from './shell';

export { previewHtml as memoryPreviewHtml } from './preview';

export interface MemoryClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface MemoryTransportOptions {
  /** Simulated latency for every call, in ms, or per operation. @default 0 */
  latencyMs?: number | Partial<Record<SandboxOperation, number>>;
  /** Seed for the log generator's choices, so runs repeat. @default 1 */
  seed?: number;
  /** Time source; pass fake timers' clock for deterministic tests. @default Date.now / globalThis.setTimeout */
  clock?: MemoryClock;
  /** Sandboxes that exist at start. @default [{ id: 'abc123', state: 'running' }] */
  sandboxes?: Array<{ id: string; state?: SandboxState; errorReason?: string; labels?: Record<string, string> }>;
  /** Capabilities to leave out, to show `unsupported` states. @default [] */
  without?: SandboxCapability[];
  /** Lifetime of preview links in ms; links carry `expiresAt` when set. @default undefined (no expiry) */
  previewTtlMs?: number;
  /** Build the preview URL for a port. @default a self-contained `data:` page (memoryPreviewHtml) */
  previewUrl?: (req: { sandboxId: string; port: number; issuedAt: number }) => string;
  /** Interval between generated log lines, ms; 0 turns the generator off. @default 1000 */
  logIntervalMs?: number;
  /** Generated log lines each new subscriber receives at once. @default 12 */
  logBacklog?: number;
  /** Whether computer use starts active. @default true */
  computerUseActive?: boolean;
  /** Desktop size. @default { width: 1280, height: 800 } */
  display?: { width: number; height: number };
  /** Files to seed, path → content ('dir/' for directories). @default a small sample project (DEFAULT_FILES in fs.ts) */
  files?: Record<string, string>;
  /**
   * How long each lifecycle change takes, ms, as Daytona's do: `sandboxes.create`
   * shows `creating`, `start` shows `starting` (`restoring` from `archived`),
   * `stop` `stopping`, `archive` `archiving`, `remove` `deleting` for this long
   * before the final state; each call answers once its change is complete.
   * @default 400
   */
  transitionMs?: number;
}

export interface MemoryTransportStats {
  /** Open PTY connections (attached, not disposed). */
  ptyConnections: number;
  /** Listeners on open PTY connections. */
  ptyListeners: number;
  /** Live log subscriptions. */
  logSubscriptions: number;
  /** Calls made, per operation. */
  calls: Partial<Record<SandboxOperation, number>>;
}

export interface MemoryTransport extends SandboxTransport {
  /** Make the next call of `op` fail with `code`. Calls queue: two calls fail twice. */
  failNext(op: SandboxOperation, code?: SandboxErrorCode, message?: string): void;
  /** Drop every PTY connection and log stream, as a network failure would. Sessions survive for re-attach. */
  disconnect(): void;
  /** Push log lines to the subscribers of a sandbox. */
  emitLogs(sandboxId: string, entries: Array<Partial<LogEntry> & { message: string }>): void;
  /**
   * Put a sandbox in any contract state at once, ending a change under way
   * (its callers resolve). A transitional state set here (`starting`,
   * `restoring`, `stopping`, `archiving`, `deleting`, `creating`) stays until
   * changed again, so a story or test can show it; `deleted` keeps the record
   * (`getSandbox` answers `deleted`, as a server may).
   */
  setSandboxState(sandboxId: string, state: SandboxState, errorReason?: string): void;
  /**
   * Inspect the simulated sandbox (sessions, desktop, files), for tests and
   * stories. The records are bounded so a long-running simulated sandbox does
   * not grow: `actions` and each session's `resizes` keep the newest 1000
   * entries, each session's `received` the newest 64 Ki characters.
   */
  inspect(sandboxId?: string): {
    sessions: MemoryPtySession[];
    desktop: MemoryDesktop;
    fs: MemoryFileSystem;
    actions: unknown[];
  };
  /** Counters for leak checks. */
  stats(): MemoryTransportStats;
  /** Stop every timer and close everything. */
  dispose(): void;
}

interface SandboxRecord {
  info: SandboxInfo;
  labels: Record<string, string>;
  fs: MemoryFileSystem;
  desktop: MemoryDesktop;
  sessions: Map<string, MemoryPtySession>;
  computerUse: ComputerUseStatus;
  actions: unknown[];
  /** The lifecycle change under way: calls for this sandbox wait for it to end. */
  change?: { done: Promise<void>; end(): void };
}

const LEVELS: LogLevel[] = ['debug', 'info', 'log', 'warn', 'error'];

const defaultClock: MemoryClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * The simulated sandbox: every capability of the contract, in memory, with
 * latency and failure injection so every component state can be shown.
 */
export function createMemoryTransport(options: MemoryTransportOptions = {}): MemoryTransport {
  const clock = options.clock ?? defaultClock;
  const without = new Set(options.without ?? []);
  const display = options.display ?? { width: 1280, height: 800 };
  const failures = new Map<SandboxOperation, Array<{ code: SandboxErrorCode; message?: string }>>();
  const calls: Partial<Record<SandboxOperation, number>> = {};
  const sandboxes = new Map<string, SandboxRecord>();
  const logSinks = new Map<string, Set<{ sink: LogSink; end: (error?: SandboxError) => void }>>();
  const timers = new Set<unknown>();
  let random = mulberry32(options.seed ?? 1);
  let nextSession = 1;
  let nextSandbox = 1;
  let nextLog = 1;

  const later = (fn: () => void, ms = 0) => {
    const handle = clock.setTimeout(() => {
      timers.delete(handle);
      fn();
    }, ms);
    timers.add(handle);
    return handle;
  };

  /** The clock's timers, tracked so `dispose()` clears them. */
  const ownTimers = {
    setTimeout: (fn: () => void, ms: number) => later(fn, ms),
    clearTimeout: (handle: unknown) => {
      clock.clearTimeout(handle);
      timers.delete(handle);
    },
  };

  function addSandbox(id: string, state: SandboxState = 'running', errorReason?: string, labels: Record<string, string> = {}): SandboxRecord {
    const record: SandboxRecord = {
      info: { id, state, ...(errorReason ? { errorReason } : {}), labels },
      labels,
      fs: new MemoryFileSystem(clock.now, options.files),
      desktop: new MemoryDesktop(display),
      sessions: new Map(),
      computerUse: options.computerUseActive === false ? 'inactive' : 'active',
      actions: [],
    };
    sandboxes.set(id, record);
    return record;
  }
  for (const s of options.sandboxes ?? [{ id: 'abc123' }]) addSandbox(s.id, s.state ?? 'running', s.errorReason, s.labels);

  /** Latency, abort and injected failure, in the order a real call meets them. */
  async function begin(op: SandboxOperation, signal?: AbortSignal): Promise<void> {
    calls[op] = (calls[op] ?? 0) + 1;
    if (signal?.aborted) throw abortError(signal);
    const latency = typeof options.latencyMs === 'number' ? options.latencyMs : options.latencyMs?.[op] ?? 0;
    if (latency > 0) await delay(latency, signal, ownTimers);
    const queued = failures.get(op);
    const failure = queued?.shift();
    if (failure) {
      throw new SandboxError(failure.code, failure.message ?? `Injected ${failure.code} failure in ${op}`, {
        ...(failure.code === 'rate_limited' ? { retryAfterMs: 1000 } : {}),
      });
    }
  }

  function sandbox(sandboxId: unknown): SandboxRecord {
    const id = validateSandboxId(sandboxId);
    const record = sandboxes.get(id);
    if (!record) throw new SandboxError('not_found', `Sandbox ${id} not found`, { status: 404 });
    return record;
  }

  function running(sandboxId: unknown): SandboxRecord {
    const record = sandbox(sandboxId);
    if (record.info.state !== 'running') {
      throw new SandboxError('unavailable', `Sandbox ${record.info.id} is ${record.info.state}`, { status: 503 });
    }
    return record;
  }

  function makeLog(): LogEntry {
    const r = random();
    const level = r < 0.1 ? 'debug' : r < 0.55 ? 'info' : r < 0.8 ? 'log' : r < 0.92 ? 'warn' : 'error';
    const templates: Record<LogLevel, string[]> = {
      debug: ['[vite] hmr update /src/App.tsx', '[debug] resolved 42 modules in 12ms'],
      info: ['\x1b[32m➜\x1b[0m  Local:   http://localhost:3000/', '[vite] page reload src/main.tsx', 'GET / 200 in 4ms'],
      log: ['compiled successfully in 231ms', 'GET /api/todos 200 in 9ms', 'watching for file changes…'],
      warn: ['\x1b[33mwarning\x1b[0m: React does not recognize the `isActive` prop', '[vite] deprecated option: server.force'],
      error: ['\x1b[31merror\x1b[0m TS2322: Type "string" is not assignable to type "number"', 'GET /api/user 500 in 31ms'],
    };
    const list = templates[level];
    return {
      id: String(nextLog++),
      level,
      message: list[Math.floor(random() * list.length)]!,
      timestamp: clock.now(),
      stream: level === 'error' || level === 'warn' ? 'stderr' : 'stdout',
    };
  }

  const transport: MemoryTransport = {
    async getPreviewLink(req, signal) {
      await begin('getPreviewLink', signal);
      const record = running(req?.sandboxId);
      const port = validatePort(req.port);
      const issuedAt = clock.now();
      const url = options.previewUrl
        ? options.previewUrl({ sandboxId: record.info.id, port, issuedAt })
        : `data:text/html;charset=utf-8,${encodeURIComponent(servedHtml(record.fs, port) ?? previewHtml({ sandboxId: record.info.id, port, issuedAt }))}`;
      const link: PreviewLink = { url };
      if (options.previewTtlMs !== undefined) link.expiresAt = issuedAt + options.previewTtlMs;
      return link;
    },

    async openPty(req, signal) {
      await begin('openPty', signal);
      const record = running(req?.sandboxId);
      validatePtySize(req.cols, req.rows);
      validateEnv(req.env);
      let session: MemoryPtySession | undefined;
      if (req.sessionId !== undefined) {
        session = record.sessions.get(req.sessionId);
        if (!session) throw new SandboxError('not_found', `PTY session ${req.sessionId} not found`);
        if (session.exitCode !== undefined) throw new SandboxError('not_found', `PTY session ${req.sessionId} has exited`);
        session.resize(req.cols, req.rows);
      } else {
        session = new MemoryPtySession(`pty-${nextSession++}`, record.info.id, record.fs, { cols: req.cols, rows: req.rows }, (fn) => later(fn));
        if (req.cwd && record.fs.isDir(req.cwd)) session.shell.cwd = record.fs.resolve(req.cwd);
        if (req.env) Object.assign(session.shell.env, req.env);
        record.sessions.set(session.id, session);
      }
      return session.attach(req.sessionId !== undefined);
    },

    subscribeLogs(req, sink) {
      let closed = false;
      let interval: unknown;
      const sinks = () => {
        const key = String(req?.sandboxId);
        let set = logSinks.get(key);
        if (!set) logSinks.set(key, (set = new Set()));
        return set;
      };
      const entry = {
        sink,
        end: (error?: SandboxError) => {
          if (closed) return;
          closed = true;
          if (interval !== undefined) clock.clearTimeout(interval), timers.delete(interval);
          sinks().delete(entry);
          if (error) sink.onError?.(error);
          else sink.onEnd?.();
        },
      };
      begin('subscribeLogs')
        .then(() => running(req?.sandboxId))
        .then(
        () => {
          if (closed) return;
          sinks().add(entry);
          const backlog = Array.from({ length: options.logBacklog ?? 12 }, makeLog);
          if (backlog.length) sink.onLogs(backlog);
          const every = options.logIntervalMs ?? 1000;
          if (every > 0) {
            const tick = () => {
              if (closed) return;
              sink.onLogs([makeLog()]);
              interval = later(tick, every);
            };
            interval = later(tick, every);
          }
        },
        (error: unknown) => {
          if (closed) return;
          closed = true;
          sink.onError?.(isSandboxError(error) ? error : new SandboxError('internal', String(error)));
        },
      );
      return toDisposable(() => {
        if (closed) return;
        closed = true;
        if (interval !== undefined) clock.clearTimeout(interval), timers.delete(interval);
        sinks().delete(entry);
      });
    },

    async getSandbox(req, signal) {
      await begin('getSandbox', signal);
      return { ...sandbox(req?.sandboxId).info };
    },

    async exec(req, signal) {
      await begin('exec', signal);
      const record = running(req?.sandboxId);
      if (typeof req.command !== 'string' || req.command.length > 64 * 1024) {
        throw new SandboxError('invalid_request', 'command must be a string of at most 64 KiB');
      }
      const shell = new MemoryPtySession('exec', record.info.id, record.fs, { cols: 80, rows: 24 }, () => {}).shell;
      if (req.cwd) {
        if (!record.fs.isDir(req.cwd)) throw new SandboxError('not_found', `No such directory: ${req.cwd}`);
        shell.cwd = record.fs.resolve(req.cwd);
      }
      const result = shell.run(req.command);
      return { exitCode: result.exitCode, output: result.output };
    },

    computerUse: {
      async screenshot(req, signal) {
        await begin('computerUse.screenshot', signal);
        const record = active(req?.sandboxId);
        const { desktop } = record;
        const svg = desktop.render(req.showCursor ?? true);
        return {
          image: new Blob([svg], { type: 'image/svg+xml' }),
          width: desktop.width,
          height: desktop.height,
          cursor: { ...desktop.cursor },
        };
      },
      async displayInfo(req, signal) {
        await begin('computerUse.displayInfo', signal);
        const { desktop } = active(req?.sandboxId);
        return { width: desktop.width, height: desktop.height };
      },
      async perform(req, signal) {
        await begin('computerUse.perform', signal);
        const record = active(req?.sandboxId);
        validateComputerAction(req.action, { width: record.desktop.width, height: record.desktop.height });
        record.desktop.apply(req.action);
        pushBounded(record.actions, req.action, RECORD_LIMIT);
      },
      async start(req) {
        await begin('computerUse.start');
        const record = running(req?.sandboxId);
        record.computerUse = 'active';
      },
      async status(req) {
        await begin('computerUse.status');
        return sandbox(req?.sandboxId).computerUse;
      },
    },

    files: {
      async list(req, signal) {
        await begin('files.list', signal);
        return running(req?.sandboxId).fs.list(req.path);
      },
      async read(req, signal) {
        await begin('files.read', signal);
        return running(req?.sandboxId).fs.read(req.path);
      },
      async write(req, signal) {
        await begin('files.write', signal);
        running(req?.sandboxId).fs.write(req.path, req.content);
      },
      async remove(req, signal) {
        await begin('files.remove', signal);
        running(req?.sandboxId).fs.remove(req.path, '/', req.recursive ?? false);
      },
    },

    sandboxes: {
      async create(req: CreateSandboxRequest = {}, signal) {
        await begin('sandboxes.create', signal);
        validateLabels(req.labels);
        validateEnv(req.env);
        const record = addSandbox(`sbx-${nextSandbox++}`, 'creating', undefined, { ...(req.labels ?? {}) });
        await change(record, 'creating', 'running', signal);
        return { ...record.info };
      },
      async get(req, signal) {
        await begin('sandboxes.get', signal);
        return { ...sandbox(req?.sandboxId).info };
      },
      async list(req, signal) {
        await begin('sandboxes.list', signal);
        validateLabels(req?.labels);
        const want = Object.entries(req?.labels ?? {});
        return [...sandboxes.values()]
          .filter((r) => want.every(([k, v]) => r.labels[k] === v))
          .map((r) => ({ ...r.info }));
      },
      async start(req, signal) {
        await begin('sandboxes.start', signal);
        return lifecycle(req?.sandboxId, signal, (state) => (state === 'running' ? null : [state === 'archived' ? 'restoring' : 'starting', 'running']));
      },
      async stop(req, signal) {
        await begin('sandboxes.stop', signal);
        return lifecycle(req?.sandboxId, signal, (state) => (state === 'stopped' || state === 'archived' ? null : ['stopping', 'stopped']));
      },
      async archive(req, signal) {
        await begin('sandboxes.archive', signal);
        return lifecycle(req?.sandboxId, signal, (state, id) => {
          if (state === 'running') throw new SandboxError('conflict', `Stop sandbox ${id} before archiving it`);
          return state === 'archived' ? null : ['archiving', 'archived'];
        });
      },
      async remove(req, signal) {
        await begin('sandboxes.remove', signal);
        await lifecycle(req?.sandboxId, signal, () => ['deleting', null]);
      },
    },

    failNext(op, code = 'internal', message) {
      let queue = failures.get(op);
      if (!queue) failures.set(op, (queue = []));
      queue.push({ code, ...(message !== undefined ? { message } : {}) });
    },

    disconnect() {
      for (const record of sandboxes.values()) {
        for (const session of record.sessions.values()) session.drop('Connection lost');
      }
      for (const set of logSinks.values()) {
        for (const entry of [...set]) entry.end(new SandboxError('network', 'Log stream disconnected'));
      }
    },

    emitLogs(sandboxId, entries) {
      const full = entries.map((e) => ({
        level: e.level ?? 'log',
        message: e.message,
        timestamp: e.timestamp ?? clock.now(),
        id: e.id ?? String(nextLog++),
        ...(e.stream ? { stream: e.stream } : {}),
      }));
      for (const { sink } of logSinks.get(sandboxId) ?? []) sink.onLogs(full);
    },

    setSandboxState(sandboxId, state, errorReason) {
      const record = sandbox(sandboxId);
      record.change?.end();
      enter(record, state);
      if (errorReason) record.info.errorReason = errorReason;
    },

    inspect(sandboxId = 'abc123') {
      const record = sandbox(sandboxId);
      return { sessions: [...record.sessions.values()], desktop: record.desktop, fs: record.fs, actions: record.actions };
    },

    stats() {
      let ptyConnections = 0;
      let ptyListeners = 0;
      for (const record of sandboxes.values()) {
        for (const session of record.sessions.values()) {
          ptyConnections += session.connections.size;
          for (const c of session.connections) ptyListeners += c.listenerCount;
        }
      }
      let logSubscriptions = 0;
      for (const set of logSinks.values()) logSubscriptions += set.size;
      return { ptyConnections, ptyListeners, logSubscriptions, calls: { ...calls } };
    },

    dispose() {
      for (const handle of timers) clock.clearTimeout(handle);
      timers.clear();
      for (const record of sandboxes.values()) {
        // A change cut short by dispose still answers its caller (with the state it reached).
        record.change?.end();
        for (const session of record.sessions.values()) session.drop('Transport disposed');
      }
      for (const set of logSinks.values()) for (const entry of [...set]) entry.end();
      random = mulberry32(options.seed ?? 1);
    },
  };

  function active(sandboxId: unknown): SandboxRecord {
    const record = running(sandboxId);
    if (record.computerUse !== 'active') {
      throw new SandboxError('unavailable', `Computer use is not started in sandbox ${record.info.id}`);
    }
    return record;
  }

  /** Set a state; leaving `running` ends what ran in the sandbox, reaching it brings the desktop back as configured. */
  function enter(record: SandboxRecord, state: SandboxState) {
    const was = record.info.state;
    record.info = { ...record.info, state };
    delete record.info.errorReason;
    if (state === 'running') {
      if (was !== 'running') record.computerUse = options.computerUseActive === false ? 'inactive' : 'active';
      return;
    }
    for (const session of record.sessions.values()) session.exit(143);
    record.sessions.clear();
    for (const entry of [...(logSinks.get(record.info.id) ?? [])]) entry.end();
    record.computerUse = 'inactive';
  }

  /**
   * One lifecycle call: wait for a change under way to end (as Daytona's
   * service does), then `decide` from the settled state which change to make
   * (`null`: none). Deciding and starting the change happen in one step, so
   * two calls never both start one.
   */
  async function lifecycle(
    sandboxId: unknown,
    signal: AbortSignal | undefined,
    decide: (state: SandboxState, id: string) => [via: SandboxState, to: SandboxState | null] | null,
  ): Promise<SandboxInfo> {
    let record = sandbox(sandboxId);
    while (record.change) {
      await raceAbort(record.change.done, signal);
      record = sandbox(sandboxId);
    }
    if (record.info.state === 'deleting' || record.info.state === 'deleted') {
      throw new SandboxError('not_found', `Sandbox ${record.info.id} is ${record.info.state}`, { status: 404 });
    }
    const next = decide(record.info.state, record.info.id);
    if (next) await change(record, next[0], next[1], signal);
    return { ...record.info };
  }

  /**
   * Pass through `via` for `transitionMs`, then reach `to` (`null`: the
   * sandbox is gone). The change goes on if the caller aborts, as on a server.
   */
  function change(record: SandboxRecord, via: SandboxState, to: SandboxState | null, signal?: AbortSignal): Promise<void> {
    enter(record, via);
    let end!: () => void;
    const done = new Promise<void>((resolve) => (end = resolve));
    const handle = later(() => {
      record.change = undefined;
      if (to === null) sandboxes.delete(record.info.id);
      else enter(record, to);
      end();
    }, Math.max(0, options.transitionMs ?? 400));
    record.change = {
      done,
      end: () => {
        ownTimers.clearTimeout(handle);
        record.change = undefined;
        end();
      },
    };
    return raceAbort(done, signal);
  }

  for (const capability of without) delete (transport as Partial<SandboxTransport>)[capabilityMember(capability)];
  return transport;
}

/** The page a `serve`d port shows: its directory's index.html, or a listing. */
function servedHtml(fs: MemoryFileSystem, port: number): string | undefined {
  const dir = servedPorts(fs).get(port);
  if (dir === undefined) return undefined;
  const index = `${dir.replace(/\/$/, '')}/index.html`;
  if (fs.exists(index) && !fs.isDir(index)) return new TextDecoder().decode(fs.read(index));
  const esc = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const items = fs.exists(dir) ? fs.list(dir).map((e) => `<li>${esc(e.name)}${e.isDir ? '/' : ''}</li>`).join('') : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Index of ${esc(dir)}</title></head><body><h1>Index of ${esc(dir)}</h1><ul>${items}</ul></body></html>`;
}

/** A small seeded PRNG (mulberry32), so generated logs repeat run to run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type { Disposable };
