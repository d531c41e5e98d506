/**
 * Requests of `createHttpTransport`: headers (with the protocol version), URLs
 * under `baseUrl`, JSON and byte bodies over `fetch` with the transport's one
 * `credentials` setting, and every failure mapped to a `SandboxError`.
 */
import { abortError } from '../internal/abort';
import { SandboxError, throwIfAborted, toSandboxError } from '../transport/errors';
import { fromWireError, parseRetryAfter } from '../transport/wire-error';
import { PROTOCOL_PREFIX, PROTOCOL_VERSION, VERSION_HEADER } from './protocol';
import type { HttpCredentials, HttpTransportOptions } from './types';

export type Query = Record<string, string | number | boolean | undefined>;
export interface CallInit {
  query?: Query;
  json?: unknown;
  /** A body as is; `fetch` sends a string as UTF-8. */
  bytes?: Uint8Array | string;
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** The path of a sandbox under the protocol prefix. */
export const sandboxPath = (sandboxId: string): string => `/sandboxes/${encodeURIComponent(sandboxId)}`;

/** What the logs, PTY and call code of the transport share. */
export interface Requester {
  /** `baseUrl` + the protocol prefix, without a trailing slash. */
  readonly base: string;
  readonly credentials: HttpCredentials;
  headers(extra?: Record<string, string>): Promise<Headers>;
  url(path: string, query?: Query): string;
  call(method: string, path: string, init?: CallInit): Promise<Response>;
  read<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T>;
  json<T>(method: string, path: string, init?: CallInit): Promise<T>;
  none(method: string, path: string, init?: CallInit): Promise<void>;
}

export function createRequester(options: HttpTransportOptions): Requester {
  if (!options || typeof options.baseUrl !== 'string') throw new SandboxError('invalid_request', 'createHttpTransport needs a baseUrl');
  const credentials = options.credentials ?? 'same-origin';
  if (!['omit', 'same-origin', 'include'].includes(credentials)) {
    throw new SandboxError('invalid_request', `createHttpTransport: credentials must be 'omit', 'same-origin' or 'include', got ${String(credentials)}`);
  }
  const base = options.baseUrl.replace(/\/+$/, '') + PROTOCOL_PREFIX;
  const doFetch = (input: string, init: RequestInit) => (options.fetch ?? globalThis.fetch)(input, init);

  async function headers(extra?: Record<string, string>): Promise<Headers> {
    const h = options.headers;
    let result: Headers;
    try {
      result = new Headers(typeof h === 'function' ? await h() : h);
    } catch (error) {
      throw toSandboxError(error, 'unauthorized');
    }
    result.set(VERSION_HEADER, String(PROTOCOL_VERSION));
    for (const [k, v] of Object.entries(extra ?? {})) result.set(k, v);
    return result;
  }

  function url(path: string, query?: Query): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.set(k, String(v));
    const qs = params.toString();
    return base + path + (qs ? `?${qs}` : '');
  }

  async function call(method: string, path: string, init: CallInit = {}): Promise<Response> {
    throwIfAborted(init.signal);
    const h = await headers(init.headers);
    let body: BodyInit | undefined;
    if (init.json !== undefined) {
      h.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    } else if (init.bytes) {
      h.set('Content-Type', 'application/octet-stream');
      body = init.bytes as unknown as BodyInit;
    }
    const target = url(path, init.query);
    let response: Response;
    try {
      response = await doFetch(target, { method, headers: h, body, signal: init.signal ?? null, credentials });
    } catch (error) {
      throw failure(error, init.signal, target);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  /** Read a body, mapping an abort or a dropped connection mid-body. */
  async function read<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await promise;
    } catch (error) {
      throw failure(error, signal);
    }
  }

  const json = async <T>(method: string, path: string, init: CallInit = {}): Promise<T> => {
    const response = await call(method, path, init);
    return read(response.json() as Promise<T>, init.signal);
  };
  const none = async (method: string, path: string, init: CallInit = {}): Promise<void> => {
    const response = await call(method, path, init);
    await read(response.arrayBuffer(), init.signal);
  };

  return { base, credentials, headers, url, call, read, json, none };
}

/** Map a failed exchange (thrown by fetch or a body read) to a SandboxError. */
export function failure(error: unknown, signal?: AbortSignal, target?: string): SandboxError {
  if (signal?.aborted) return abortError(signal);
  const mapped = toSandboxError(error, 'network');
  if (mapped.code !== 'network' || !target) return mapped;
  return new SandboxError('network', `Could not reach ${target}: ${mapped.message}`, { cause: error });
}

async function errorFromResponse(response: Response): Promise<SandboxError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  return fromWireError(body, response.status, parseRetryAfter(response.headers.get('Retry-After')));
}
