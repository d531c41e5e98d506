/**
 * `createDaytonaTransport`: the whole `SandboxTransport` contract over the
 * real `@daytonaio/sdk`. Server-only: the Daytona API key stays in the
 * `Daytona` client you pass in and never reaches a browser.
 */
import type { CreateSandboxFromImageParams, CreateSandboxFromSnapshotParams } from '@daytonaio/sdk';
import { SandboxError, isSandboxError, throwIfAborted } from '../transport/errors';
import { validateComputerAction, validateEnv, validateLabels, validatePath, validatePort, validatePtySize, validateSandboxId, validateSessionId } from '../transport/validate';
import type {
  ComputerAction,
  ComputerUseStatus,
  CreateSandboxRequest,
  Disposable,
  FileEntry,
  PreviewLink,
  PtyConnection,
  SandboxInfo,
  SandboxTransport,
  Screenshot,
} from '../transport/types';
import { DaytonaCore, type DaytonaCoreOptions, type DaytonaSandbox } from './core';
import { fromBase64, imageSize } from './image';
import { subscribeDaytonaLogs, type DaytonaLogsOptions } from './logs';
import { DaytonaPtyConnection, PtyDataRelay } from './pty';
import { archiveSandbox, deleteSandbox, lifecycleOptions, startSandbox, stopSandbox } from './lifecycle';
import { toSandboxInfo } from './states';

export type DaytonaCreateParams = CreateSandboxFromSnapshotParams | CreateSandboxFromImageParams;

export interface DaytonaTransportOptions extends DaytonaCoreOptions {
  /**
   * How preview links are made. `'signed'`: `getSignedPreviewUrl`, a URL an
   * iframe can load, which expires (the link carries `expiresAt`). `'token'`:
   * `getPreviewLink`, a stable URL plus a token that must be sent as the
   * `x-daytona-preview-token` header (an iframe cannot).
   * @default 'signed'
   */
  preview?: 'signed' | 'token';
  /** Lifetime of signed preview URLs, seconds. @default 300 */
  signedUrlTtlSeconds?: number;
  /** Log follow settings. @default { follow: 'socket' } (the entrypoint's logs) */
  logs?: DaytonaLogsOptions;
  /**
   * Seconds `sandboxes.create/start/stop/archive/remove` wait, in all, for a
   * change in progress to settle and for theirs to complete (they resolve in
   * the final state: running, stopped, archived, gone); then `timeout`.
   * @default 60
   */
  lifecycleTimeoutSeconds?: number;
  /** Most sandboxes `sandboxes.list` returns. @default 1000 */
  listLimit?: number;
  /**
   * Turn a contract `CreateSandboxRequest` (which may come from a browser
   * through the server handler) into SDK create params. The default passes
   * only `labels`, `env`, `snapshot`, `image` and `name`; use this hook to
   * add resources or intervals you decide on the server.
   * @default undefined (the request's fields only)
   */
  createParams?: (req: CreateSandboxRequest) => DaytonaCreateParams;
}

export interface DaytonaTransportStats {
  /** PTY connections this transport holds open. */
  ptyConnections: number;
  /** Live log subscriptions. */
  logSubscriptions: number;
  /** SDK sandbox objects in the cache. */
  cachedSandboxes: number;
}

export interface DaytonaTransport extends Required<Omit<SandboxTransport, 'getSandbox'>> {
  getSandbox(req: { sandboxId: string }, signal?: AbortSignal): Promise<SandboxInfo>;
  /** The SDK `Sandbox` object behind an id (cached), for calls the contract does not cover. */
  sandbox(sandboxId: string, signal?: AbortSignal): Promise<DaytonaSandbox>;
  /** Counters for leak checks. */
  stats(): DaytonaTransportStats;
  /** Close every PTY connection and log subscription this transport opened. Sessions live on. */
  dispose(): void;
}

/** What the services built on a transport share with it, kept off the public type. */
export interface DaytonaInternals {
  readonly core: DaytonaCore;
  /** `lifecycleTimeoutSeconds` in ms, the default of `DaytonaService`'s lifecycle calls. */
  readonly lifecycleTimeoutMs: number;
}

const internals = new WeakMap<DaytonaTransport, DaytonaInternals>();

/** The core behind a transport made by `createDaytonaTransport` (for the services; not exported from the entry). */
export function daytonaInternals(transport: DaytonaTransport): DaytonaInternals {
  const found = internals.get(transport);
  if (!found) throw new TypeError('DaytonaService: pass a transport made by createDaytonaTransport');
  return found;
}

const DISPLAY_TTL_MS = 10_000;
const STATUSES: readonly ComputerUseStatus[] = ['active', 'partial', 'inactive', 'error'];

function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  const raw = c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  return raw.replace(/-/g, '').slice(0, 16);
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

function defaultCreateParams(req: CreateSandboxRequest): DaytonaCreateParams {
  const params: Record<string, unknown> = { labels: { ...(req.labels ?? {}) } };
  if (req.env) params.envVars = { ...req.env };
  if (typeof req.name === 'string') params.name = req.name;
  if (req.image !== undefined) params.image = req.image;
  else if (req.snapshot !== undefined) params.snapshot = req.snapshot;
  return params as DaytonaCreateParams;
}

/**
 * A `SandboxTransport` backed by Daytona.
 *
 * @example
 * import { Daytona } from '@daytonaio/sdk';
 * const transport = createDaytonaTransport({ daytona: new Daytona() });
 */
export function createDaytonaTransport(options: DaytonaTransportOptions): DaytonaTransport {
  const core = new DaytonaCore(options);
  const previewMode = options.preview ?? 'signed';
  const ttlSeconds = options.signedUrlTtlSeconds ?? 300;
  const lifecycleTimeout = options.lifecycleTimeoutSeconds ?? 60;
  const waitFor = (signal?: AbortSignal) => lifecycleOptions({ wait: true, ...(signal ? { signal } : {}) }, lifecycleTimeout * 1000);
  const listLimit = options.listLimit ?? 1000;
  const logsOptions: DaytonaLogsOptions = options.logs ?? {};
  if (previewMode !== 'signed' && previewMode !== 'token') throw new TypeError(`preview must be 'signed' or 'token', got ${String(previewMode)}`);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError('signedUrlTtlSeconds must be a whole number of seconds ≥ 1');

  const ptys = new Set<DaytonaPtyConnection>();
  const logSubscriptions = new Set<Disposable>();
  const displays = new Map<string, { size: { width: number; height: number }; at: number }>();

  async function display(sandbox: DaytonaSandbox, signal?: AbortSignal): Promise<{ width: number; height: number }> {
    const cached = displays.get(sandbox.id);
    if (cached && Date.now() - cached.at < DISPLAY_TTL_MS) return cached.size;
    const info = await core.call(() => sandbox.computerUse.display.getInfo(), signal, 'Display info');
    const list = info.displays ?? [];
    const main = list.find((d) => d.isActive) ?? list[0];
    if (!main || !main.width || !main.height) throw new SandboxError('unavailable', `Sandbox ${sandbox.id} reports no display; is computer use started?`);
    const size = { width: main.width, height: main.height };
    displays.delete(sandbox.id);
    displays.set(sandbox.id, { size, at: Date.now() });
    // Bounded like the sandbox cache: a long-lived server sees many sandboxes.
    if (displays.size > 256) displays.delete(displays.keys().next().value!);
    return size;
  }

  async function perform(sandbox: DaytonaSandbox, action: ComputerAction, signal?: AbortSignal): Promise<void> {
    const { mouse, keyboard } = sandbox.computerUse;
    const run = (): Promise<unknown> => {
      switch (action.type) {
        case 'move':
          return mouse.move(action.x, action.y);
        case 'click':
          return mouse.click(action.x, action.y, action.button ?? 'left', action.double ?? false);
        case 'drag':
          return mouse.drag(action.from.x, action.from.y, action.to.x, action.to.y, action.button ?? 'left');
        case 'scroll':
          return mouse.scroll(action.x, action.y, action.direction, action.amount ?? 1);
        case 'type':
          return keyboard.type(action.text, action.delayMs);
        case 'press':
          return keyboard.press(action.key, action.modifiers ?? []);
        case 'hotkey':
          return keyboard.hotkey(action.keys);
      }
    };
    await core.call(run, signal, `Computer action ${action.type}`);
  }

  const transport: DaytonaTransport = {

    async getPreviewLink(req, signal): Promise<PreviewLink> {
      const port = validatePort(req?.port);
      validateSandboxId(req?.sandboxId);
      throwIfAborted(signal);
      const sandbox = await core.running(req.sandboxId, signal);
      if (previewMode === 'token') {
        const link = await core.call(() => sandbox.getPreviewLink(port), signal, `Preview of port ${port}`);
        return { url: link.url, token: link.token };
      }
      const issuedAt = Date.now();
      const link = await core.call(() => sandbox.getSignedPreviewUrl(port, ttlSeconds), signal, `Preview of port ${port}`);
      return { url: link.url, expiresAt: issuedAt + ttlSeconds * 1000 };
    },

    async getSandbox(req, signal) {
      return toSandboxInfo(await core.fetch(req?.sandboxId, signal));
    },

    subscribeLogs(req, sink) {
      let sub: Disposable | undefined;
      const entry: Disposable = {
        dispose() {
          logSubscriptions.delete(entry);
          sub?.dispose();
        },
      };
      logSubscriptions.add(entry);
      const release = () => logSubscriptions.delete(entry);
      sub = subscribeDaytonaLogs(core, logsOptions, req, {
        onLogs: (entries) => sink.onLogs(entries),
        onEnd: () => {
          release();
          sink.onEnd?.();
        },
        onError: (error) => {
          release();
          sink.onError?.(error);
        },
      });
      return entry;
    },

    async openPty(req, signal): Promise<PtyConnection> {
      validatePtySize(req?.cols, req?.rows);
      validateEnv(req.env);
      if (req.cwd !== undefined) validatePath(req.cwd, 'cwd');
      const sandbox = await core.running(req.sandboxId, signal);
      const relay = new PtyDataRelay();
      let id: string;
      let handle;
      if (req.sessionId !== undefined) {
        id = validateSessionId(req.sessionId, 'sessionId');
        const info = await core.call(() => sandbox.process.getPtySessionInfo(id), signal, `PTY session ${id}`);
        if (!info.active) throw new SandboxError('not_found', `PTY session ${id} has exited`, { status: 404 });
        // Not abortable mid-way: a socket opened after an abort is closed below.
        try {
          handle = await core.call(() => sandbox.process.connectPty(id, { onData: relay.onData }), undefined, `Attach to PTY ${id}`);
        } catch (error) {
          // The session can end between the check and the attach; the daemon then says so in a control frame.
          if (isSandboxError(error) && /not found|exited/i.test(error.message)) {
            throw new SandboxError('not_found', error.message, { status: 404, cause: error });
          }
          throw error;
        }
        if (info.cols !== req.cols || info.rows !== req.rows) await handle.resize(req.cols, req.rows).catch(() => {});
      } else {
        id = `se-${randomId()}`;
        handle = await core.call(
          () => sandbox.process.createPty({ id, cols: req.cols, rows: req.rows, ...(req.cwd ? { cwd: req.cwd } : {}), ...(req.env ? { envs: req.env } : {}), onData: relay.onData }),
          undefined,
          'Open PTY',
        );
      }
      if (signal?.aborted) {
        void handle.disconnect();
        throwIfAborted(signal);
      }
      const connection = new DaytonaPtyConnection(handle, id, relay, (c) => ptys.delete(c));
      ptys.add(connection);
      return connection;
    },

    computerUse: {
      async screenshot(req, signal): Promise<Screenshot> {
        const format = req?.format ?? 'jpeg';
        const quality = req?.quality ?? 75;
        const scale = req?.scale ?? 1;
        if (format !== 'jpeg' && format !== 'png') throw new SandboxError('invalid_request', `format must be 'png' or 'jpeg', got ${String(format)}`);
        if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new SandboxError('invalid_request', 'quality must be a whole number from 1 to 100');
        if (typeof scale !== 'number' || !(scale > 0 && scale <= 1)) throw new SandboxError('invalid_request', 'scale must be a number in (0, 1]');
        const sandbox = await core.running(req.sandboxId, signal);
        const shot = await core.call(
          () => sandbox.computerUse.screenshot.takeCompressed({ format, quality, scale, showCursor: req.showCursor ?? true }),
          signal,
          'Screenshot',
        );
        const bytes = fromBase64(shot.screenshot ?? '');
        if (bytes.byteLength === 0) throw new SandboxError('internal', 'Daytona returned an empty screenshot');
        let size = imageSize(bytes);
        if (!size) {
          const d = await display(sandbox, signal);
          size = { width: Math.round(d.width * scale), height: Math.round(d.height * scale) };
        }
        const image = new Blob([bytes as BlobPart], { type: `image/${format}` });
        const result: Screenshot = { image, width: size.width, height: size.height };
        const cursor = shot.cursorPosition;
        if (cursor && typeof cursor.x === 'number' && typeof cursor.y === 'number') result.cursor = { x: cursor.x, y: cursor.y };
        return result;
      },

      async displayInfo(req, signal) {
        const sandbox = await core.running(req?.sandboxId, signal);
        displays.delete(sandbox.id);
        return display(sandbox, signal);
      },

      async perform(req, signal) {
        validateSandboxId(req?.sandboxId);
        const sandbox = await core.running(req.sandboxId, signal);
        const size = await display(sandbox, signal);
        validateComputerAction(req.action, size);
        await perform(sandbox, req.action, signal);
      },

      async start(req) {
        const sandbox = await core.running(req?.sandboxId);
        await core.call(() => sandbox.computerUse.start(), undefined, 'Start computer use');
        displays.delete(sandbox.id);
      },

      async status(req) {
        const sandbox = await core.running(req?.sandboxId);
        const { status } = await core.call(() => sandbox.computerUse.getStatus(), undefined, 'Computer use status');
        return (STATUSES as readonly string[]).includes(status ?? '') ? (status as ComputerUseStatus) : 'error';
      },
    },

    async exec(req, signal) {
      if (typeof req?.command !== 'string' || req.command.length === 0 || req.command.length > 64 * 1024) {
        throw new SandboxError('invalid_request', 'command must be a non-empty string of at most 64 KiB');
      }
      if (req.cwd !== undefined) validatePath(req.cwd, 'cwd');
      if (req.timeoutMs !== undefined && !(typeof req.timeoutMs === 'number' && req.timeoutMs > 0)) {
        throw new SandboxError('invalid_request', 'timeoutMs must be a positive number');
      }
      const timeout = req.timeoutMs === undefined ? undefined : Math.ceil(req.timeoutMs / 1000);
      return core.withRunning(req.sandboxId, signal, 'Exec', async (sandbox) => {
        const result = await sandbox.process.executeCommand(req.command, req.cwd, undefined, timeout);
        // The daemon omits a zero exit code (Go `omitempty`).
        return { exitCode: typeof result.exitCode === 'number' ? result.exitCode : 0, output: result.result ?? '' };
      });
    },

    files: {
      async list(req, signal): Promise<FileEntry[]> {
        const path = validatePath(req?.path);
        return core.withRunning(req.sandboxId, signal, `List ${path}`, async (sandbox) => {
          const infos = await sandbox.fs.listFiles(path);
          return infos.map((f) => {
            const modified = Date.parse(f.modTime ?? f.modifiedAt);
            return {
              name: f.name,
              path: f.path ?? joinPath(path, f.name),
              isDir: f.isDir,
              size: f.size,
              ...(Number.isNaN(modified) ? {} : { modifiedAt: modified }),
            };
          });
        });
      },
      async read(req, signal) {
        const path = validatePath(req?.path);
        return core.withRunning(req.sandboxId, signal, `Read ${path}`, async (sandbox) => {
          const buffer = await sandbox.fs.downloadFile(path);
          return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
        });
      },
      async write(req, signal) {
        const path = validatePath(req?.path);
        const content = req.content;
        if (typeof content !== 'string' && !(content instanceof Uint8Array)) throw new SandboxError('invalid_request', 'content must be a string or a Uint8Array');
        const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
        await core.withRunning(req.sandboxId, signal, `Write ${path}`, (sandbox) => sandbox.fs.uploadFile(toBuffer(bytes), path));
      },
      async remove(req, signal) {
        const path = validatePath(req?.path);
        await core.withRunning(req.sandboxId, signal, `Remove ${path}`, (sandbox) => sandbox.fs.deleteFile(path, req.recursive ?? false));
      },
    },

    sandboxes: {
      async create(req = {}, signal) {
        validateLabels(req.labels);
        validateEnv(req.env);
        const params = (options.createParams ?? defaultCreateParams)(req);
        const sandbox = await core.call(() => core.daytona.create(params as CreateSandboxFromSnapshotParams, { timeout: lifecycleTimeout }), signal, 'Create sandbox');
        core.remember(sandbox);
        return toSandboxInfo(sandbox);
      },
      async get(req, signal) {
        return toSandboxInfo(await core.fetch(req?.sandboxId, signal));
      },
      async list(req, signal) {
        validateLabels(req?.labels);
        const labels = req?.labels;
        return core.call(async () => {
          const out: SandboxInfo[] = [];
          for await (const sandbox of core.daytona.list(labels && Object.keys(labels).length ? { labels } : undefined)) {
            if (sandbox.state === 'destroyed') continue;
            out.push(toSandboxInfo(sandbox));
            if (out.length >= listLimit) break;
            signal?.throwIfAborted();
          }
          return out;
        }, signal, 'List sandboxes');
      },
      async start(req, signal) {
        return toSandboxInfo(await startSandbox(core, validateSandboxId(req?.sandboxId), waitFor(signal)));
      },
      async stop(req, signal) {
        return toSandboxInfo(await stopSandbox(core, validateSandboxId(req?.sandboxId), waitFor(signal)));
      },
      async archive(req, signal) {
        return toSandboxInfo(await archiveSandbox(core, validateSandboxId(req?.sandboxId), waitFor(signal)));
      },
      async remove(req, signal) {
        const id = validateSandboxId(req?.sandboxId);
        try {
          await deleteSandbox(core, id, waitFor(signal));
        } finally {
          displays.delete(id);
        }
      },
    },

    sandbox: (sandboxId, signal) => core.sandbox(sandboxId, signal),

    stats() {
      return { ptyConnections: ptys.size, logSubscriptions: logSubscriptions.size, cachedSandboxes: core.cacheSize };
    },

    dispose() {
      for (const pty of [...ptys]) pty.dispose();
      for (const sub of [...logSubscriptions]) sub.dispose();
    },
  };
  internals.set(transport, { core, lifecycleTimeoutMs: lifecycleTimeout * 1000 });
  return transport;
}
