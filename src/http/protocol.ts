/**
 * Names shared by `createHttpTransport` and `createSandboxHandler`: the wire
 * protocol (docs/protocol.md). Plain constants, no imports, so both the browser
 * entry and the server entry can use them.
 */

/** Major protocol version; paths start with `/v1`. */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_PREFIX = '/v1';
/** Sent by both sides on every HTTP exchange. */
export const VERSION_HEADER = 'Sandbox-Elements-Protocol';
/** Screenshot metadata travels in headers beside the image bytes. */
export const WIDTH_HEADER = 'Sandbox-Elements-Width';
export const HEIGHT_HEADER = 'Sandbox-Elements-Height';
export const CURSOR_HEADER = 'Sandbox-Elements-Cursor';
/** The WebSocket subprotocol, and the prefix of the one that carries `Authorization`. */
export const WS_PROTOCOL = 'sandbox-elements.v1';
export const WS_AUTH_PREFIX = 'sandbox-elements.auth.';

/** WebSocket close codes (4000 + the HTTP status that means the same). */
export const CLOSE_NORMAL = 1000;
export const CLOSE_TOO_BIG = 1009;
export const CLOSE_TOO_SLOW = 4008;
/** The server ended a PTY connection without an exit (it dropped upstream). */
export const CLOSE_DROPPED = 4502;

/** base64url of UTF-8 text; safe inside a WebSocket subprotocol token. */
export function encodeAuthToken(value: string): string {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeAuthToken(token: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,8192}$/.test(token)) return undefined;
  try {
    const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
