/**
 * The public types of `createHttpTransport`: its options, the WebSocket and
 * EventSource shapes it accepts, and the transport it returns.
 */
import type { SandboxCapability } from '../transport/operations';
import type { SandboxTransport } from '../transport/types';

/** @deprecated Use `SandboxCapability` (the one list, `SANDBOX_CAPABILITIES`). */
export type HttpCapability = SandboxCapability;

/** The part of the WebSocket API the transport uses (browser `WebSocket` and `ws` both fit). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | ArrayBufferView | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** The part of the EventSource API the transport uses. */
export interface EventSourceLike {
  close(): void;
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type EventSourceConstructor = new (url: string, init?: { withCredentials?: boolean }) => EventSourceLike;

/** Whether cookies (and HTTP auth) go with requests: the values of `fetch`'s `credentials`. */
export type HttpCredentials = 'omit' | 'same-origin' | 'include';

export interface HttpTransportOptions {
  /** Where `createSandboxHandler` is mounted, e.g. `/api/sandbox` or `https://app.example/api/sandbox`. */
  baseUrl: string;
  /**
   * Cookies, one setting for every channel. `fetch` calls and the built-in log
   * reader use it as `fetch`'s `credentials`; an `EventSource` gets
   * `withCredentials` only for `'include'` (a browser's EventSource always sends
   * cookies to its own origin, so `'omit'` cannot hold there). The PTY WebSocket
   * cannot be told: browsers send the server's cookies on every WebSocket
   * handshake, same-origin or not, whatever this says (SameSite rules apply). So
   * the handler admits terminal sockets only from its own origin and origins its
   * `cors` lists. For cookies on another origin use `'include'` and
   * `cors: { credentials: true }` on the server.
   * @default 'same-origin'
   */
  credentials?: HttpCredentials;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Headers for every request; a function is called per request (fresh auth tokens). Only `Authorization` reaches the PTY WebSocket. @default {} */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>);
  /** WebSocket class for PTYs (pass `ws`'s in Node 20). @default globalThis.WebSocket */
  WebSocket?: WebSocketConstructor;
  /** Use this EventSource class for logs instead of the built-in fetch reader (it cannot send headers: use cookies). @default undefined (fetch reader) */
  EventSource?: EventSourceConstructor;
  /** Capabilities to expose as methods; match the server's `expose` so components show `unsupported` without a round trip. @default all */
  capabilities?: SandboxCapability[];
  /** Log stream reconnection: first delay, ceiling, and attempts before reporting `network`. @default { initialDelayMs: 250, maxDelayMs: 5000, maxAttempts: 8 } */
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number; maxAttempts?: number };
}

export interface HttpTransport extends SandboxTransport {
  /** The capabilities the server exposes (`GET /v1/capabilities`). */
  capabilities(signal?: AbortSignal): Promise<{ protocol: number; capabilities: SandboxCapability[] }>;
}
