/**
 * The preview bridge's message envelope and its validator. The bridge script
 * (`sandbox-elements/preview-bridge`) runs inside the previewed page and posts
 * these to its parent; `WebPreview` accepts a message only from its own
 * iframe's window, from the preview's origin, and only when every field
 * passes `parseBridgeMessage`. Anything else is ignored silently: a page may
 * receive messages from anyone.
 */
import type { LogLevel } from '../transport/types';
import { LOG_LEVELS } from './log-buffer';
import { stripHash } from './url';

/** Marks our envelope among a page's other `postMessage` traffic. */
export const BRIDGE_CHANNEL = 'sandbox-elements:preview-bridge';
/** Bumped when a field changes meaning; older/newer versions are ignored. */
export const BRIDGE_VERSION = 1;

export const BRIDGE_LIMITS = {
  /** Longest URL accepted in a `navigate` message. */
  url: 16_384,
  /** Longest title. */
  title: 1_024,
  /** Longest console/error message. */
  message: 65_536,
} as const;

export type BridgeNavigationKind = 'load' | 'push' | 'replace' | 'pop' | 'hash';

export type BridgeMessage =
  | { channel: typeof BRIDGE_CHANNEL; version: 1; type: 'navigate'; kind: BridgeNavigationKind; url: string; title?: string }
  | { channel: typeof BRIDGE_CHANNEL; version: 1; type: 'console'; level: LogLevel; message: string; timestamp: number }
  | { channel: typeof BRIDGE_CHANNEL; version: 1; type: 'error'; message: string; timestamp: number };

const KINDS: readonly BridgeNavigationKind[] = ['load', 'push', 'replace', 'pop', 'hash'];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  // Arrays, class instances and the like have another prototype (a posted message is cloned into this realm).
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function boundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function validTimestamp(value: unknown): value is number {
  // Between 2000-01-01 and 2200-01-01: a real clock reading, not a payload.
  return typeof value === 'number' && Number.isFinite(value) && value > 946_684_800_000 && value < 7_258_118_400_000;
}

/**
 * The message if `data` is a well-formed bridge envelope of this version,
 * else `null`. Returns a fresh object with only the known fields, so nothing
 * else the sender attached travels further.
 */
export function parseBridgeMessage(data: unknown): BridgeMessage | null {
  if (!isPlainObject(data) || data.channel !== BRIDGE_CHANNEL || data.version !== BRIDGE_VERSION) return null;
  const { type, kind, url, title, level, message, timestamp } = data;
  const head = { channel: BRIDGE_CHANNEL, version: BRIDGE_VERSION } as const;
  if (type === 'navigate') {
    if (!KINDS.includes(kind as BridgeNavigationKind) || !boundedString(url, BRIDGE_LIMITS.url) || url === '') return null;
    if (title !== undefined && !boundedString(title, BRIDGE_LIMITS.title)) return null;
    return { ...head, type, kind: kind as BridgeNavigationKind, url, ...(title !== undefined && { title }) };
  }
  // `console` and `error` both carry a message and a timestamp.
  if (!boundedString(message, BRIDGE_LIMITS.message) || !validTimestamp(timestamp)) return null;
  if (type === 'error') return { ...head, type, message, timestamp };
  if (type === 'console' && LOG_LEVELS.includes(level as LogLevel)) return { ...head, type, level: level as LogLevel, message, timestamp };
  return null;
}

/**
 * Whether a `message` event may be read at all: it must come from the
 * preview frame's own window and the origin that frame's document has
 * (`'null'` for sandboxed or `data:` documents).
 */
export function isFromPreviewFrame(
  event: Pick<MessageEvent, 'source' | 'origin'>,
  frame: { window: unknown; origin: string | null },
): boolean {
  // `event.origin` is always a string, so an unknown (`null`) frame origin never matches; a message
  // without a source (`null`) must not match a frame that has no window yet.
  return frame.window != null && event.source === frame.window && event.origin === frame.origin;
}

/**
 * Where a `navigate` message points, resolved against the frame's current
 * URL, or `null` when it leaves the preview: a different origin, a different
 * `data:` document, or a scheme other than http(s).
 */
export function resolveBridgeNavigation(messageUrl: string, frameUrl: string): string | null {
  let base: URL;
  let target: URL;
  try {
    base = new URL(frameUrl);
    target = new URL(messageUrl, base);
  } catch {
    return null;
  }
  // An empty fragment (`…#`) is the same page as none.
  const href = target.hash === '' && target.href.endsWith('#') ? target.href.slice(0, -1) : target.href;
  if (base.protocol === 'data:') {
    // A data: page can only move within its own fragment.
    return stripHash(href) === stripHash(base.href) ? href : null;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
  if (target.origin !== base.origin) return null;
  return href;
}
