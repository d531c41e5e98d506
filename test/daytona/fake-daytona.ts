/**
 * A fake Daytona, on 127.0.0.1 at a random port, that speaks the HTTP and
 * WebSocket routes `@daytonaio/sdk` 0.218 calls (read from its code and from
 * `@daytona/api-client` / `@daytona/toolbox-api-client`), so the real SDK
 * runs end to end in tests:
 *
 * Control plane, under `/api` (Bearer auth):
 *   POST   /sandbox                                   create (body: CreateSandbox)
 *   GET    /sandbox?labels={json}&cursor=&limit=      list (ListSandboxesResponse, paged)
 *   GET    /sandbox/{id}                              get
 *   POST   /sandbox/{id}/start | /stop | /archive | /recover   lifecycle
 *   DELETE /sandbox/{id}                              delete
 *   GET    /sandbox/{id}/ports/{port}/preview-url     { sandboxId, url, token }
 *   GET    /sandbox/{id}/ports/{port}/signed-preview-url?expiresInSeconds=   { sandboxId, port, token, url }
 *   POST   /sandbox/{id}/ports/{port}/signed-preview-url/{token}/expire
 *   GET    /sandbox/{id}/toolbox-proxy-url            { url }
 *
 * Toolbox, under `{toolboxProxyUrl}/{id}` (Bearer auth, or the preview token
 * as `DAYTONA_SANDBOX_AUTH_KEY` on sockets):
 *   POST /process/execute, GET|DELETE /process/pty/{id}, POST /process/pty/{id}/resize,
 *   WS /process/pty/create-connect?id&cols&rows[&cwd], WS /process/pty/{id}/connect,
 *   GET /process/session/{s}/command/{c}, WS …/logs?follow=true (3-byte stdout/stderr markers),
 *   WS /process/session/entrypoint/logs?follow=true,
 *   GET /files?path, POST /files/bulk-download (multipart reply), POST /files/bulk-upload (multipart),
 *   DELETE /files?path&recursive, POST /files/folder?path&mode,
 *   GET /computeruse/display/info, GET /computeruse/screenshot/compressed,
 *   POST /computeruse/mouse/{move,click,drag,scroll}, /keyboard/{type,key,hotkey},
 *   POST /computeruse/start|stop, GET /computeruse/process-status,
 *   POST /git/clone, GET /git/status, POST /git/add, POST /git/commit, POST /git/push, POST /git/pull,
 *   GET /git/branches, POST /git/checkout.
 *
 * The sandbox behind the toolbox is the memory transport's file system and
 * shell, so exec and the PTY behave like a small real shell.
 *
 * Previews, as Daytona's proxy serves them, by host name: the standard URL
 * `http://{port}-{sandboxId}.localhost:PORT/` needs the preview token in the
 * `x-daytona-preview-token` header; the signed URL
 * `http://{port}-{token}.localhost:PORT/` carries its token in the host, so
 * an iframe can load it, until it expires or is expired. (Daytona's hosts are
 * `{port}-{…}.{proxyDomain}`; browsers resolve every `*.localhost` name to
 * loopback, so the same shape works here.) What a port serves is what a
 * process in the sandbox would: `serve(port, handler)`; a port nobody serves
 * answers 502. Not modelled: Daytona's preview warning page (which a custom
 * preview proxy turns off with `X-Daytona-Skip-Preview-Warning: true`).
 *
 * Lifecycle, as Daytona runs it: `start`, `stop`, `archive` and `DELETE`
 * answer at once with the transitional state (`starting`, `restoring`,
 * `resuming`, `stopping`, `archiving`, `destroying`) and the sandbox reaches
 * its final state `transitionMs` later (a create walks through every state of
 * `nextCreate.states`, each taking `transitionMs`). A lifecycle call while a
 * transition runs is refused (`400 Sandbox state change in progress`), as the
 * real API does. A destroyed sandbox answers `GET` with `destroyed` and is left
 * out of lists. The SDK's own waits (`waitUntilStarted`, `waitUntilStopped`,
 * `delete(…, wait)`) poll `GET /sandbox/{id}` and see the same timeline.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { MemoryFileSystem } from '../../src/transport/memory/fs';
import { MemoryPtySession, type MemoryPtyConnection } from '../../src/transport/memory/pty';
import { MemoryShell } from '../../src/transport/memory/shell';

export const API_KEY = 'test-key';
// A path, not `new URL(…, import.meta.url)`: under jsdom `URL` is jsdom's, which `readFileSync` does not take.
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const JPEG = readFileSync(join(FIXTURES, 'desktop.jpg'));
const PNG = readFileSync(join(FIXTURES, 'desktop-half.png'));
const STDOUT = Buffer.from([1, 1, 1]);
const STDERR = Buffer.from([2, 2, 2]);

export interface RecordedRequest {
  kind: 'http' | 'ws';
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or for multipart uploads `{ fields, files }`. */
  body?: unknown;
  /** Offered WebSocket subprotocols. */
  protocols?: string[];
  status?: number;
}

interface FakeCommand {
  id: string;
  command: string;
  exitCode?: number;
  frames: Buffer[];
  followers: Set<WebSocket>;
  done: boolean;
}

interface FakePty {
  session: MemoryPtySession;
  createdAt: string;
  cwd: string;
  envs: Record<string, string>;
}

export interface FakeSandbox {
  id: string;
  name: string;
  state: string;
  errorReason?: string;
  labels: Record<string, string>;
  env: Record<string, string>;
  /** States still to come in the transition in progress, each `transitionMs` apart. */
  pending: string[];
  /** The timer of the transition in progress. */
  timer?: ReturnType<typeof setTimeout>;
  /** Every state the sandbox has been in, oldest first. */
  history: string[];
  /** An `error` that `POST /sandbox/{id}/recover` can fix. */
  recoverable: boolean;
  fs: MemoryFileSystem;
  ptys: Map<string, FakePty>;
  sessions: Map<string, Map<string, FakeCommand>>;
  computerUse: 'active' | 'inactive';
  display: { width: number; height: number };
  actions: Array<{ route: string; body: unknown }>;
  cursor: { x: number; y: number };
  previewToken: string;
  /** Processes listening on ports (see `FakeDaytona.serve`). */
  servers: Map<number, PreviewServer>;
  git: { branches: string[]; current: string; staged: string[]; commits: string[]; remote: string[] };
  createdAt: string;
}

export interface FailSpec {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What a process listening on a port inside the sandbox answers to a preview request. */
export type PreviewServer = (req: http.IncomingMessage, res: http.ServerResponse, sandbox: FakeSandbox) => void;

export interface FakeDaytona {
  /** `http://127.0.0.1:PORT/api`, for `new Daytona({ apiUrl })`. */
  apiUrl: string;
  port: number;
  requests: RecordedRequest[];
  sandboxes: Map<string, FakeSandbox>;
  addSandbox(id: string, init?: Partial<Pick<FakeSandbox, 'state' | 'labels' | 'errorReason' | 'computerUse' | 'recoverable'>>): FakeSandbox;
  /** States the next created sandbox moves through after `POST /sandbox`, each `transitionMs` apart. @default ['started'] */
  nextCreate: { states: string[]; errorReason?: string } | undefined;
  /** How long each lifecycle step takes, ms (may be changed between calls). @default 150 */
  transitionMs: number;
  /** Move `sandbox` through `states`, each `transitionMs` apart (the first after `transitionMs`). */
  transition(id: string, states: string[]): void;
  /** Make the next request matching `match` (against `METHOD /path`) answer `spec`. */
  failNext(match: string | RegExp, spec: FailSpec): void;
  /** Hold the next request matching `match` for `ms` before answering it normally. */
  delayNext(match: string | RegExp, ms: number): void;
  /** Append lines to a command's output (the entrypoint by default) and send them to followers. */
  emitLogs(sandboxId: string, lines: string[], opts?: { stream?: 'stdout' | 'stderr'; sessionId?: string; commandId?: string }): void;
  /** Add a session command (for log follow). */
  addCommand(sandboxId: string, sessionId: string, commandId: string, command?: string): void;
  /** End a command: followers see a normal close. */
  finishCommand(sandboxId: string, sessionId: string, commandId: string, exitCode?: number): void;
  /**
   * Start "a process listening on `port`" in one sandbox, or in every sandbox
   * (also those created later) when `sandboxId` is left out: its preview URLs
   * then answer with `handler`.
   */
  serve(port: number, handler: PreviewServer, sandboxId?: string): void;
  /** Drop every socket without a close frame, as a network failure would. Sessions survive. */
  disconnect(): void;
  /** Open sockets, for leak checks. */
  stats(): { ptyConnections: number; logSubscriptions: number };
  /**
   * Ping every open log-follow socket; resolves once each answered (pong) or closed. A client that
   * closed its socket before it read the ping never answers it: the close arrives first. So after
   * this, a socket still counted in `stats()` was open when its client read the ping (no timer).
   */
  pingLogSockets(): Promise<void>;
  /** Requests that matched no route. */
  unmatched(): RecordedRequest[];
  close(): Promise<void>;
}

function now(): string {
  return new Date().toISOString();
}

function send(res: http.ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
  res.end(text);
}

function apiError(res: http.ServerResponse, status: number, message: string, extra: Record<string, unknown> = {}): void {
  const error = { 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 409: 'Conflict' }[status] ?? 'Error';
  send(res, status, { statusCode: status, message, error, ...extra });
}

function daemonError(res: http.ServerResponse, status: number, message: string, code: string): void {
  send(res, status, { statusCode: status, message, code, source: 'DAYTONA_DAEMON', timestamp: now(), path: '' });
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Daytona's transitional states: a lifecycle call made in one is refused. */
const TRANSITIONAL = new Set(['creating', 'restoring', 'destroying', 'starting', 'stopping', 'pending_build', 'building_snapshot', 'pulling_snapshot', 'archiving', 'resizing', 'snapshotting', 'forking', 'pausing', 'resuming']);

export async function startFakeDaytona(options: { pageSize?: number; sandboxes?: string[]; transitionMs?: number } = {}): Promise<FakeDaytona> {
  const requests: RecordedRequest[] = [];
  const unmatchedRequests: RecordedRequest[] = [];
  const sandboxes = new Map<string, FakeSandbox>();
  const failures: Array<{ match: string | RegExp; spec: FailSpec }> = [];
  const delays: Array<{ match: string | RegExp; ms: number }> = [];
  const ptySockets = new Set<WebSocket>();
  const logSockets = new Set<WebSocket>();
  const pageSize = options.pageSize ?? 100;
  let nextId = 1;
  let port = 0;
  /** Servers started with `serve(port, handler)` for every sandbox. */
  const everywhere = new Map<number, PreviewServer>();
  /** Signed preview tokens: what they open and until when (epoch ms). */
  const signed = new Map<string, { sandboxId: string; port: number; expiresAt: number }>();
  const previewHost = (label: string) => `${label}.localhost:${port}`;

  const toolboxUrl = () => `http://127.0.0.1:${port}/toolbox`;

  function addSandbox(id: string, init: Partial<Pick<FakeSandbox, 'state' | 'labels' | 'errorReason' | 'computerUse' | 'recoverable'>> = {}): FakeSandbox {
    const sandbox: FakeSandbox = {
      id,
      name: id,
      state: init.state ?? 'started',
      ...(init.errorReason ? { errorReason: init.errorReason } : {}),
      labels: { ...(init.labels ?? {}) },
      env: {},
      pending: [],
      history: [init.state ?? 'started'],
      recoverable: init.recoverable ?? false,
      fs: new MemoryFileSystem(Date.now),
      ptys: new Map(),
      sessions: new Map([['entrypoint', new Map([['entrypoint', { id: 'entrypoint', command: 'npm run dev', frames: [], followers: new Set(), done: false }]])]]),
      computerUse: init.computerUse ?? 'active',
      display: { width: 1280, height: 800 },
      actions: [],
      cursor: { x: 640, y: 400 },
      previewToken: `preview-${id}-${Math.random().toString(36).slice(2, 10)}`,
      servers: new Map(),
      git: { branches: ['main', 'dev'], current: 'main', staged: [], commits: [], remote: [] },
      createdAt: now(),
    };
    sandboxes.set(id, sandbox);
    return sandbox;
  }
  for (const id of options.sandboxes ?? ['abc123']) addSandbox(id);

  function setState(s: FakeSandbox, state: string): void {
    s.state = state;
    s.history.push(state);
  }

  function transition(id: string, states: string[]): void {
    const s = sandboxes.get(id);
    if (!s) throw new Error(`fake: no sandbox ${id}`);
    clearTimeout(s.timer);
    s.pending = [...states];
    const step = () => {
      s.timer = undefined;
      const next = s.pending.shift();
      if (next === undefined) return;
      setState(s, next);
      if (s.pending.length) s.timer = setTimeout(step, fake.transitionMs);
    };
    if (s.pending.length) s.timer = setTimeout(step, fake.transitionMs);
  }

  function dto(s: FakeSandbox) {
    return {
      id: s.id,
      organizationId: 'org-1',
      name: s.name,
      snapshot: 'daytonaio/sandbox:0.4.3',
      user: 'daytona',
      env: s.env,
      labels: s.labels,
      public: false,
      networkBlockAll: false,
      target: 'us',
      cpu: 1,
      gpu: 0,
      memory: 1,
      disk: 3,
      state: s.state,
      desiredState: ({ stopped: 'stopped', stopping: 'stopped', archived: 'archived', archiving: 'archived', paused: 'paused', pausing: 'paused', destroyed: 'destroyed', destroying: 'destroyed' } as Record<string, string>)[s.state] ?? 'started',
      ...(s.errorReason ? { errorReason: s.errorReason } : {}),
      recoverable: s.recoverable,
      backupState: 'None',
      autoStopInterval: 15,
      autoArchiveInterval: 10080,
      autoDeleteInterval: -1,
      createdAt: s.createdAt,
      updatedAt: now(),
      lastActivityAt: s.createdAt,
      daemonVersion: '0.218.0',
      toolboxProxyUrl: toolboxUrl(),
    };
  }

  function command(s: FakeSandbox, sessionId: string, commandId: string): FakeCommand | undefined {
    return s.sessions.get(sessionId)?.get(commandId);
  }

  function framed(stream: 'stdout' | 'stderr', text: string): Buffer {
    return Buffer.concat([stream === 'stdout' ? STDOUT : STDERR, Buffer.from(text)]);
  }

  function takeFailure(method: string, path: string): FailSpec | undefined {
    const key = `${method} ${path}`;
    const index = failures.findIndex((f) => (typeof f.match === 'string' ? key.includes(f.match) : f.match.test(key)));
    if (index < 0) return undefined;
    return failures.splice(index, 1)[0]!.spec;
  }

  // ── Control plane ─────────────────────────────────────────────────────────
  async function api(method: string, path: string, query: URLSearchParams, body: unknown, res: http.ServerResponse): Promise<boolean> {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/sandbox') {
      const b = (body ?? {}) as { labels?: Record<string, string>; env?: Record<string, string>; name?: string; target?: string };
      const id = `sbx-${nextId++}`;
      const s = addSandbox(id, { state: 'creating', labels: b.labels ?? {} });
      if (b.name) s.name = b.name;
      s.env = b.env ?? {};
      const states = fake.nextCreate?.states ?? ['started'];
      if (fake.nextCreate?.errorReason) s.errorReason = fake.nextCreate.errorReason;
      fake.nextCreate = undefined;
      transition(id, states);
      send(res, 200, dto(s));
      return true;
    }
    if (method === 'GET' && path === '/sandbox') {
      const labels = query.get('labels') ? (JSON.parse(query.get('labels')!) as Record<string, string>) : {};
      const all = [...sandboxes.values()].filter((s) => s.state !== 'destroyed' && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
      const start = Number(query.get('cursor') ?? 0);
      const limit = Number(query.get('limit') ?? pageSize);
      const items = all.slice(start, start + limit).map((s) => {
        const { env: _env, ...item } = dto(s);
        return item;
      });
      send(res, 200, { items, nextCursor: start + limit < all.length ? String(start + limit) : null });
      return true;
    }
    if ((m = path.match(/^\/sandbox\/([^/]+)(\/.*)?$/))) {
      const id = decodeURIComponent(m[1]!);
      const rest = m[2] ?? '';
      const s = sandboxes.get(id);
      if (!s) {
        apiError(res, 404, `Sandbox with ID or name ${id} not found`);
        return true;
      }
      if (method === 'GET' && rest === '') {
        send(res, 200, dto(s));
        return true;
      }
      const lifecycle = method === 'DELETE' && rest === '' ? 'delete' : method === 'POST' && /^\/(start|stop|archive|recover)$/.test(rest) ? rest.slice(1) : undefined;
      if (lifecycle && s.state === 'destroyed') {
        apiError(res, 404, `Sandbox with ID or name ${id} not found`);
        return true;
      }
      if (lifecycle && TRANSITIONAL.has(s.state) && !(lifecycle === 'delete' && s.state !== 'destroying')) {
        apiError(res, 400, 'Sandbox state change in progress');
        return true;
      }
      if (lifecycle === 'delete') {
        if (s.state !== 'destroying') {
          for (const pty of s.ptys.values()) pty.session.exit(143);
          setState(s, 'destroying');
          transition(id, ['destroyed']);
        }
        send(res, 200, dto(s));
        return true;
      }
      if (lifecycle === 'start') {
        if (s.state !== 'started') {
          if (s.state === 'error' || s.state === 'build_failed') {
            apiError(res, 400, `Sandbox is in ${s.state} state`);
            return true;
          }
          setState(s, s.state === 'archived' ? 'restoring' : s.state === 'paused' ? 'resuming' : 'starting');
          transition(id, ['started']);
        }
        send(res, 200, dto(s));
        return true;
      }
      if (lifecycle === 'recover') {
        if (s.state !== 'error' || !s.recoverable) {
          apiError(res, 400, 'Sandbox is not in a recoverable error state');
          return true;
        }
        delete s.errorReason;
        s.recoverable = false;
        setState(s, 'starting');
        transition(id, ['started']);
        send(res, 200, dto(s));
        return true;
      }
      if (lifecycle === 'stop') {
        if (s.state !== 'started') {
          apiError(res, 400, 'Sandbox is not started');
          return true;
        }
        setState(s, 'stopping');
        transition(id, ['stopped']);
        for (const pty of s.ptys.values()) pty.session.exit(143);
        send(res, 200, dto(s));
        return true;
      }
      if (lifecycle === 'archive') {
        if (s.state !== 'stopped') {
          apiError(res, 400, 'Sandbox is not stopped');
          return true;
        }
        setState(s, 'archiving');
        transition(id, ['archived']);
        send(res, 200, dto(s));
        return true;
      }
      if (method === 'GET' && rest === '/toolbox-proxy-url') {
        send(res, 200, { url: toolboxUrl() });
        return true;
      }
      let p: RegExpMatchArray | null;
      if (method === 'GET' && (p = rest.match(/^\/ports\/(\d+)\/(preview-url|signed-preview-url)$/))) {
        const portNumber = Number(p[1]);
        if (portNumber < 1 || portNumber > 65535) {
          apiError(res, 400, 'Invalid port');
          return true;
        }
        if (s.state !== 'started') {
          apiError(res, 400, `Sandbox is not running (${s.state})`);
          return true;
        }
        if (p[2] === 'preview-url') {
          send(res, 200, { sandboxId: id, url: `http://${previewHost(`${portNumber}-${id}`)}`, token: s.previewToken });
        } else {
          const token = `signed${Math.random().toString(36).slice(2, 12)}`;
          const ttl = Number(query.get('expiresInSeconds') ?? 60);
          signed.set(token, { sandboxId: id, port: portNumber, expiresAt: Date.now() + ttl * 1000 });
          send(res, 200, { sandboxId: id, port: portNumber, token, url: `http://${previewHost(`${portNumber}-${token}`)}` });
        }
        return true;
      }
      if (method === 'POST' && (p = rest.match(/^\/ports\/(\d+)\/signed-preview-url\/([^/]+)\/expire$/))) {
        const grant = signed.get(decodeURIComponent(p[2]!));
        if (grant?.sandboxId === id && grant.port === Number(p[1])) grant.expiresAt = 0;
        send(res, 200);
        return true;
      }
    }
    return false;
  }

  // ── Toolbox ───────────────────────────────────────────────────────────────
  async function toolbox(s: FakeSandbox, method: string, path: string, query: URLSearchParams, body: unknown, raw: Buffer, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/process/execute') {
      const b = body as { command: string; cwd?: string };
      const shell = new MemoryShell({ fs: s.fs, sandboxId: s.id, size: () => ({ cols: 80, rows: 24 }) });
      if (b.cwd) shell.cwd = s.fs.resolve(b.cwd);
      const result = shell.run(b.command);
      // Go's omitempty drops a zero exit code, as the daemon's does.
      send(res, 200, { result: result.output, ...(result.exitCode !== 0 ? { exitCode: result.exitCode } : {}) });
      return true;
    }
    if ((m = path.match(/^\/process\/pty\/([^/]+)(\/resize)?$/))) {
      const pty = s.ptys.get(decodeURIComponent(m[1]!));
      if (!pty) {
        daemonError(res, 404, 'PTY session not found', 'PROCESS_NOT_FOUND');
        return true;
      }
      if (method === 'GET' && !m[2]) {
        send(res, 200, ptyInfo(pty));
        return true;
      }
      if (method === 'POST' && m[2]) {
        const b = body as { cols: number; rows: number };
        pty.session.resize(b.cols, b.rows);
        send(res, 200, ptyInfo(pty));
        return true;
      }
      if (method === 'DELETE' && !m[2]) {
        pty.session.exit(137);
        s.ptys.delete(pty.session.id);
        send(res, 200, { message: 'PTY session deleted' });
        return true;
      }
    }
    if (method === 'GET' && (m = path.match(/^\/process\/session\/([^/]+)\/command\/([^/]+)$/))) {
      const c = command(s, decodeURIComponent(m[1]!), decodeURIComponent(m[2]!));
      if (!c) daemonError(res, 404, 'command not found', 'PROCESS_NOT_FOUND');
      else send(res, 200, { id: c.id, command: c.command, ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}) });
      return true;
    }
    if (path === '/files' && method === 'GET') {
      const target = query.get('path') ?? '/';
      try {
        if (!s.fs.isDir(target)) throw Object.assign(new Error(`not a directory: ${target}`), { code: 'not_found' });
        send(res, 200, s.fs.list(target).map((e) => ({
          name: e.name,
          isDir: e.isDir,
          size: e.size,
          modTime: new Date(e.modifiedAt ?? 0).toISOString(),
          modifiedAt: new Date(e.modifiedAt ?? 0).toISOString(),
          mode: e.isDir ? 'drwxr-xr-x' : '-rw-r--r--',
          permissions: e.isDir ? '0755' : '0644',
          owner: 'daytona',
          group: 'daytona',
        })));
      } catch (error) {
        daemonError(res, 404, (error as Error).message, 'FILE_NOT_FOUND');
      }
      return true;
    }
    if (path === '/files' && method === 'DELETE') {
      try {
        s.fs.remove(query.get('path') ?? '', '/', query.get('recursive') === 'true');
        send(res, 204);
      } catch (error) {
        daemonError(res, 404, (error as Error).message, 'FILE_NOT_FOUND');
      }
      return true;
    }
    if (path === '/files/folder' && method === 'POST') {
      s.fs.mkdir(query.get('path') ?? '', '/', true);
      send(res, 201);
      return true;
    }
    if (path === '/files/bulk-download' && method === 'POST') {
      const { paths } = body as { paths: string[] };
      const boundary = `fake${Math.random().toString(36).slice(2)}`;
      const parts: Buffer[] = [];
      for (const p of paths) {
        let content: Buffer;
        let name = 'file';
        let type = 'application/octet-stream';
        try {
          content = Buffer.from(s.fs.read(p));
        } catch (error) {
          name = 'error';
          type = 'application/json';
          content = Buffer.from(JSON.stringify({ message: `file not found: ${(error as Error).message}`, statusCode: 404, code: 'FILE_NOT_FOUND', source: 'DAYTONA_DAEMON' }));
        }
        parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${p}"\r\nContent-Type: ${type}\r\nContent-Length: ${content.length}\r\n\r\n`), content, Buffer.from('\r\n'));
      }
      parts.push(Buffer.from(`--${boundary}--\r\n`));
      res.writeHead(200, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      res.end(Buffer.concat(parts));
      return true;
    }
    if (path === '/files/bulk-upload' && method === 'POST') {
      const form = await new Request('http://fake/upload', { method: 'POST', headers: { 'content-type': String(req.headers['content-type']) }, body: new Uint8Array(raw) }).formData();
      const fields: Record<string, string> = {};
      const files: Record<string, string> = {};
      for (const [key, value] of form.entries()) {
        if (typeof value === 'string') fields[key] = value;
        else files[key] = Buffer.from(await value.arrayBuffer()).toString('utf8');
      }
      for (const [key, dest] of Object.entries(fields)) {
        const index = key.match(/^files\[(\d+)\]\.path$/)?.[1];
        if (index === undefined) continue;
        const file = form.get(`files[${index}].file`);
        if (file && typeof file !== 'string') s.fs.write(dest, new Uint8Array(await file.arrayBuffer()), '/', true);
      }
      const recorded = requests[requests.length - 1];
      if (recorded) recorded.body = { fields, files };
      send(res, 200);
      return true;
    }
    if (path.startsWith('/computeruse/')) {
      const route = path.slice('/computeruse/'.length);
      if (route === 'start' && method === 'POST') {
        s.computerUse = 'active';
        send(res, 200, { message: 'Computer use processes started successfully', status: {} });
        return true;
      }
      if (route === 'stop' && method === 'POST') {
        s.computerUse = 'inactive';
        send(res, 200, { message: 'Computer use processes stopped', status: {} });
        return true;
      }
      if (route === 'process-status' && method === 'GET') {
        send(res, 200, { status: s.computerUse });
        return true;
      }
      if (s.computerUse !== 'active') {
        daemonError(res, 503, 'computer use is not running', 'A11Y_UNAVAILABLE');
        return true;
      }
      if (route === 'display/info' && method === 'GET') {
        send(res, 200, { displays: [{ id: 0, x: 0, y: 0, width: s.display.width, height: s.display.height, isActive: true }] });
        return true;
      }
      if (route === 'screenshot/compressed' && method === 'GET') {
        const image = query.get('format') === 'png' ? PNG : JPEG;
        const withCursor = query.get('showCursor') === 'true';
        send(res, 200, { screenshot: image.toString('base64'), sizeBytes: image.length, ...(withCursor ? { cursorPosition: s.cursor } : {}) });
        return true;
      }
      const actions = ['mouse/move', 'mouse/click', 'mouse/drag', 'mouse/scroll', 'keyboard/type', 'keyboard/key', 'keyboard/hotkey'];
      if (actions.includes(route) && method === 'POST') {
        s.actions.push({ route, body });
        const b = body as { x?: number; y?: number; endX?: number; endY?: number };
        if (typeof b.x === 'number' && typeof b.y === 'number') s.cursor = { x: b.x, y: b.y };
        if (typeof b.endX === 'number' && typeof b.endY === 'number') s.cursor = { x: b.endX, y: b.endY };
        send(res, 200, route === 'mouse/scroll' ? { success: true } : route.startsWith('mouse/') ? { ...s.cursor } : undefined);
        return true;
      }
    }
    if (path.startsWith('/git/')) {
      const route = path.slice('/git/'.length);
      const b = (body ?? {}) as { url?: string; path?: string; files?: string[]; message?: string; branch?: string };
      if (route === 'clone' && method === 'POST') {
        s.fs.mkdir(`${b.path}/.git`, '/', true);
        s.fs.write(`${b.path}/README.md`, `# cloned from ${b.url}\n`, '/', true);
        send(res, 200);
        return true;
      }
      if (route === 'status' && method === 'GET') {
        send(res, 200, { currentBranch: s.git.current, ahead: s.git.commits.length, behind: 0, branchPublished: false, fileStatus: s.git.staged.map((name) => ({ name, staging: 'Added', worktree: 'Unmodified', extra: '' })) });
        return true;
      }
      if (route === 'add' && method === 'POST') {
        s.git.staged.push(...(b.files ?? []));
        send(res, 200);
        return true;
      }
      if (route === 'commit' && method === 'POST') {
        const hash = Math.random().toString(16).slice(2, 10);
        s.git.commits.push(`${hash} ${b.message}`);
        s.git.staged = [];
        send(res, 200, { hash });
        return true;
      }
      if ((route === 'push' || route === 'pull') && method === 'POST') {
        s.git.remote.push(route);
        send(res, 200);
        return true;
      }
      if (route === 'branches' && method === 'GET') {
        send(res, 200, { branches: s.git.branches });
        return true;
      }
      if (route === 'checkout' && method === 'POST') {
        if (!s.git.branches.includes(b.branch ?? '')) daemonError(res, 404, `branch ${b.branch} not found`, 'GIT_BRANCH_NOT_FOUND');
        else {
          s.git.current = b.branch!;
          send(res, 200);
        }
        return true;
      }
    }
    return false;
  }

  function ptyInfo(pty: FakePty) {
    return { id: pty.session.id, active: pty.session.exitCode === undefined, cols: pty.session.cols, rows: pty.session.rows, cwd: pty.cwd, envs: pty.envs, createdAt: pty.createdAt, lazyStart: false };
  }

  function authorized(req: http.IncomingMessage, query: URLSearchParams, s?: FakeSandbox): boolean {
    if (req.headers.authorization === `Bearer ${API_KEY}`) return true;
    return !!s && query.get('DAYTONA_SANDBOX_AUTH_KEY') === s.previewToken;
  }

  // ── Preview proxy ─────────────────────────────────────────────────────────
  /** Answers a request to a preview host (`{port}-{sandboxId|token}.localhost`); false for other hosts. */
  function preview(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const label = String(req.headers.host ?? '').match(/^(\d+)-([^.]+)\.localhost(?::\d+)?$/i);
    if (!label) return false;
    const portNumber = Number(label[1]);
    const refuse = (status: number, message: string) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(message);
      return true;
    };
    const grant = signed.get(label[2]!);
    let s: FakeSandbox | undefined;
    if (grant) {
      if (grant.port !== portNumber) return refuse(404, 'Preview not found');
      if (grant.expiresAt <= Date.now()) return refuse(401, 'Signed preview URL expired');
      s = sandboxes.get(grant.sandboxId);
    } else {
      s = sandboxes.get(label[2]!);
      if (!s) return refuse(404, 'Preview not found');
      if (req.headers['x-daytona-preview-token'] !== s.previewToken) return refuse(401, 'Unauthorized: send the preview token in x-daytona-preview-token');
    }
    if (!s || s.state !== 'started') return refuse(502, `Sandbox is not running${s ? ` (${s.state})` : ''}`);
    const handler = s.servers.get(portNumber) ?? everywhere.get(portNumber);
    if (!handler) return refuse(502, `No service is listening on port ${portNumber} in the sandbox`);
    handler(req, res, s);
    return true;
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      const raw = await readBody(req);
      let body: unknown;
      if (raw.length && String(req.headers['content-type'] ?? '').includes('application/json')) body = JSON.parse(raw.toString('utf8'));
      const record: RecordedRequest = { kind: 'http', method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, ...(body !== undefined ? { body } : {}) };
      requests.push(record);
      res.on('finish', () => (record.status = res.statusCode));
      const key = `${method} ${url.pathname}`;
      const delay = delays.findIndex((d) => (typeof d.match === 'string' ? key.includes(d.match) : d.match.test(key)));
      if (delay >= 0) await new Promise((r) => setTimeout(r, delays.splice(delay, 1)[0]!.ms));
      const failure = takeFailure(method, url.pathname);
      if (failure) {
        send(res, failure.status, failure.body ?? { statusCode: failure.status, message: `Injected ${failure.status}` }, failure.headers);
        return;
      }
      let handled = false;
      if (preview(req, res)) handled = true;
      else if (url.pathname.startsWith('/api/')) {
        if (!authorized(req, url.searchParams)) return apiError(res, 401, 'Unauthorized');
        handled = await api(method, url.pathname.slice(4), url.searchParams, body, res);
      } else {
        const m = url.pathname.match(/^\/toolbox\/([^/]+)(\/.*)$/);
        if (m) {
          const s = sandboxes.get(decodeURIComponent(m[1]!));
          if (!s) return apiError(res, 404, 'Sandbox not found');
          if (!authorized(req, url.searchParams)) return apiError(res, 401, 'Unauthorized');
          if (s.state !== 'started') return apiError(res, 400, `Sandbox is ${s.state}`);
          handled = await toolbox(s, method, m[2]!, url.searchParams, body, raw, req, res);
        }
      }
      if (!handled) {
        unmatchedRequests.push(record);
        apiError(res, 404, `Cannot ${method} ${url.pathname}`);
      }
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { statusCode: 500, message: String(error) });
    });
  });

  const wss = new WebSocketServer({
    noServer: true,
    // The SDK offers X-Daytona-Pty-Exit-Control (and env tokens); the daemon echoes one back.
    handleProtocols: (protocols) => (protocols.has('X-Daytona-Pty-Exit-Control') ? 'X-Daytona-Pty-Exit-Control' : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const record: RecordedRequest = { kind: 'ws', method: 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, protocols };
    requests.push(record);
    const reject = (status: number, text: string) => {
      record.status = status;
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const m = url.pathname.match(/^\/toolbox\/([^/]+)(\/.*)$/);
    const s = m ? sandboxes.get(decodeURIComponent(m[1]!)) : undefined;
    if (!m || !s) return reject(404, 'Not Found');
    if (!authorized(req, url.searchParams, s)) return reject(401, 'Unauthorized');
    const route = m[2]!;
    let r: RegExpMatchArray | null;
    if (route === '/process/pty/create-connect' || (r = route.match(/^\/process\/pty\/([^/]+)\/connect$/))) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        record.status = 101;
        ptySockets.add(ws);
        ws.on('close', () => ptySockets.delete(ws));
        let pty: FakePty | undefined;
        if (route === '/process/pty/create-connect') {
          const id = url.searchParams.get('id') ?? '';
          if (s.ptys.has(id)) {
            ws.send(JSON.stringify({ type: 'control', status: 'error', error: `PTY session ${id} already exists` }));
            ws.close(1008, JSON.stringify({ error: 'PTY session already exists' }));
            return;
          }
          const envToken = protocols.find((p) => p.startsWith('X-Daytona-Pty-Envs~'));
          const envs = envToken ? (JSON.parse(Buffer.from(envToken.slice('X-Daytona-Pty-Envs~'.length), 'base64url').toString('utf8')) as Record<string, string>) : {};
          const session = new MemoryPtySession(id, s.id, s.fs, { cols: Number(url.searchParams.get('cols') ?? 80), rows: Number(url.searchParams.get('rows') ?? 24) }, (fn) => setTimeout(fn, 0));
          const cwd = url.searchParams.get('cwd');
          if (cwd && s.fs.isDir(cwd)) session.shell.cwd = s.fs.resolve(cwd);
          Object.assign(session.shell.env, envs);
          pty = { session, createdAt: now(), cwd: session.shell.cwd, envs };
          s.ptys.set(id, pty);
        } else {
          pty = s.ptys.get(decodeURIComponent(r![1]!));
          if (!pty || pty.session.exitCode !== undefined) {
            ws.send(JSON.stringify({ type: 'control', status: 'error', error: 'PTY session not found' }));
            ws.close(4004, JSON.stringify({ error: 'PTY session not found' }));
            return;
          }
        }
        attachPty(ws, pty);
      });
      return;
    }
    const follow = route === '/process/session/entrypoint/logs'
      ? command(s, 'entrypoint', 'entrypoint')
      : (r = route.match(/^\/process\/session\/([^/]+)\/command\/([^/]+)\/logs$/))
        ? command(s, decodeURIComponent(r[1]!), decodeURIComponent(r[2]!))
        : undefined;
    if (follow && url.searchParams.get('follow') === 'true') {
      wss.handleUpgrade(req, socket, head, (ws) => {
        record.status = 101;
        logSockets.add(ws);
        follow.followers.add(ws);
        ws.on('close', () => {
          logSockets.delete(ws);
          follow.followers.delete(ws);
        });
        for (const frame of follow.frames) ws.send(frame);
        if (follow.done) ws.close(1000);
      });
      return;
    }
    reject(404, 'Not Found');
  });

  function attachPty(ws: WebSocket, pty: FakePty): void {
    const connection: MemoryPtyConnection = pty.session.attach();
    ws.send(JSON.stringify({ type: 'control', status: 'connected' }));
    connection.onData((data) => {
      if (ws.readyState === ws.OPEN) ws.send(Buffer.from(typeof data === 'string' ? data : data));
    });
    connection.onClose((event) => {
      if (event.exitCode === undefined || ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify({ type: 'control', status: 'exited', exitCode: event.exitCode }));
      ws.close(1000, JSON.stringify({ exitCode: event.exitCode }));
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      pty.session.input(isBinary ? new Uint8Array(data) : data.toString('utf8'));
    });
    ws.on('close', () => connection.dispose());
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const fake: FakeDaytona = {
    nextCreate: undefined,
    transitionMs: options.transitionMs ?? 150,
    transition,
    apiUrl: `http://127.0.0.1:${port}/api`,
    port,
    requests,
    sandboxes,
    addSandbox,
    failNext(match, spec) {
      failures.push({ match, spec });
    },
    delayNext(match, ms) {
      delays.push({ match, ms });
    },
    emitLogs(sandboxId, lines, opts = {}) {
      const s = sandboxes.get(sandboxId);
      const c = s && command(s, opts.sessionId ?? 'entrypoint', opts.commandId ?? 'entrypoint');
      if (!c) throw new Error(`no such command in ${sandboxId}`);
      const frame = framed(opts.stream ?? 'stdout', lines.map((l) => `${l}\n`).join(''));
      c.frames.push(frame);
      for (const ws of c.followers) ws.send(frame);
    },
    addCommand(sandboxId, sessionId, commandId, text = 'echo hi') {
      const s = sandboxes.get(sandboxId)!;
      let session = s.sessions.get(sessionId);
      if (!session) s.sessions.set(sessionId, (session = new Map()));
      session.set(commandId, { id: commandId, command: text, frames: [], followers: new Set(), done: false });
    },
    finishCommand(sandboxId, sessionId, commandId, exitCode = 0) {
      const c = command(sandboxes.get(sandboxId)!, sessionId, commandId)!;
      c.done = true;
      c.exitCode = exitCode;
      for (const ws of c.followers) ws.close(1000);
    },
    serve(servedPort, handler, sandboxId) {
      if (sandboxId === undefined) everywhere.set(servedPort, handler);
      else {
        const s = sandboxes.get(sandboxId);
        if (!s) throw new Error(`fake: no sandbox ${sandboxId}`);
        s.servers.set(servedPort, handler);
      }
    },
    disconnect() {
      for (const ws of [...ptySockets, ...logSockets]) ws.terminate();
    },
    pingLogSockets() {
      const answered = (ws: WebSocket) =>
        new Promise<void>((resolve) => {
          ws.once('pong', () => resolve());
          ws.once('close', () => resolve());
          ws.ping();
        });
      return Promise.all([...logSockets].map(answered)).then(() => undefined);
    },
    stats() {
      return { ptyConnections: ptySockets.size, logSubscriptions: logSockets.size };
    },
    unmatched: () => [...unmatchedRequests],
    async close() {
      for (const s of sandboxes.values()) clearTimeout(s.timer);
      for (const ws of [...ptySockets, ...logSockets]) ws.terminate();
      for (const s of sandboxes.values()) for (const pty of s.ptys.values()) pty.session.drop('fake closed');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
