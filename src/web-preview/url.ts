/**
 * Pure URL rules of the WebPreview family: what a user may type in the
 * address bar, how a path joins a preview link, and how the address bar
 * shows a URL. No React, no DOM: unit-tested on their own and reusable.
 */

/** What the address bar made of the user's input. */
export type PreviewInput =
  /** A port of the sandbox (`3000`, `:3000`, `localhost:3000/x`); `path` starts with `/`. */
  | { kind: 'port'; port: number; path: string }
  /** A path on the current preview: `/x` from its root, `?q=1` and `#h` relative to the page shown. */
  | { kind: 'path'; path: string }
  /** An absolute http(s) URL. */
  | { kind: 'url'; url: string }
  /** Refused, with a message fit to show the user. */
  | { kind: 'invalid'; reason: PreviewInputError; message: string };

export type PreviewInputError = 'empty' | 'too_long' | 'control_characters' | 'scheme' | 'port' | 'credentials' | 'malformed';

/** Longest input the address bar accepts. Longer is refused, not truncated. */
export const MAX_PREVIEW_INPUT_LENGTH = 2048;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '[::1]']);
// A host name or IPv4 address as a person would type it: letters, digits, dots, hyphens.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
// Any character that could hide a scheme from a naive check or break an URL bar.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

function invalid(reason: PreviewInputError, message: string): PreviewInput {
  return { kind: 'invalid', reason, message };
}

/** Parse a port as typed: whole decimal digits from 1 to 65535, nothing else. */
export function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : null;
}

/**
 * Turn what a user typed in the address bar into a navigation, or refuse it.
 * Only `http:` and `https:` are accepted; `javascript:`, `data:`, `file:`,
 * `blob:`, `vbscript:` and every other scheme are refused, however they are
 * cased, padded or split by control characters. Ports must be 1–65535.
 * Protocol-relative input (`//host`) is refused: it would leave the sandbox
 * while looking like a path.
 */
export function parsePreviewInput(raw: string): PreviewInput {
  if (typeof raw !== 'string') return invalid('malformed', 'Enter a URL, a port or a path.');
  if (raw.length > MAX_PREVIEW_INPUT_LENGTH) {
    return invalid('too_long', `That address is longer than ${MAX_PREVIEW_INPUT_LENGTH} characters.`);
  }
  const input = raw.trim();
  if (!input) return invalid('empty', 'Enter a URL, a port or a path.');
  if (CONTROL.test(input)) return invalid('control_characters', 'That address contains control or invisible characters.');
  if (/\s/.test(input)) return invalid('malformed', 'An address cannot contain spaces.');
  if (input.includes('\\')) return invalid('malformed', 'An address cannot contain backslashes.');

  // `3000`, `:3000/path`, `localhost:3000/path`, `127.0.0.1:3000` (no scheme)
  const port = /^(?:(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])?:([^/?#]*)([/?#].*)?|(\d+))$/i.exec(input);
  if (port) return portInput(port[1] ?? port[3]!, port[2]);

  // `/path`, `?query`, `#hash` (but never `//host`)
  if (input.startsWith('//')) return invalid('scheme', 'Protocol-relative addresses (//host) are not allowed; type http:// or https://.');
  if (input.startsWith('/') || input.startsWith('?') || input.startsWith('#')) {
    return { kind: 'path', path: input };
  }

  const scheme = SCHEME.exec(input)?.[1]!.toLowerCase();
  if (scheme === 'http' || scheme === 'https') return absolute(input);
  // `example.com/x`, `example.com:8080/x`: a bare host becomes https. (`example.com:` also
  // reads as a scheme, but a scheme is never followed by a port.)
  const host = /^([^/?#:]+)(?::(\d*))?([/?#].*)?$/.exec(input);
  if (host && HOST.test(host[1]!) && (host[1]!.includes('.') || host[1]!.toLowerCase() === 'localhost')) {
    if (host[2] !== undefined && parsePort(host[2]) === null) return invalid('port', `Port ${host[2] || '(empty)'} is outside 1–65535.`);
    return absolute(`https://${input}`);
  }
  if (scheme) return invalid('scheme', `The ${scheme}: scheme is not allowed; only http: and https: are.`);
  return invalid('malformed', 'That is not a URL, a port or a path.');
}

function portInput(portText: string, rest: string | undefined): PreviewInput {
  const port = parsePort(portText);
  if (port === null) return invalid('port', `Port ${portText || '(empty)'} is outside 1–65535.`);
  const path = rest === undefined ? '/' : rest.startsWith('/') ? rest : `/${rest}`;
  if (path.startsWith('//')) return invalid('malformed', 'A path cannot start with //.');
  return { kind: 'port', port, path };
}

function absolute(text: string): PreviewInput {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('malformed', 'That is not a valid URL.');
  }
  // Only http(s) text comes here, and `new URL` gives such a URL a host and refuses ports over
  // 65535: what is left to check is credentials and port 0.
  if (url.username || url.password) return invalid('credentials', 'Addresses with a user name or password are not allowed.');
  // `localhost:3000` typed with a scheme is still a sandbox port.
  if (LOOPBACK_HOSTS.has(url.hostname) && url.port) return portInput(url.port, url.pathname + url.search + url.hash);
  if (url.port === '0') return invalid('port', 'Port 0 is outside 1–65535.');
  return { kind: 'url', url: url.href };
}

/** True for the URLs a preview frame may load: http(s), or a transport's `data:` page. */
export function isFrameableUrl(url: string, options: { allowData?: boolean } = {}): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' || (options.allowData === true && protocol === 'data:');
  } catch {
    return false;
  }
}

/**
 * Join a path to a preview link.
 * - http(s) link: the path under the link's own path (a proxy that routes a
 *   port by path, `https://app/p/abc/3000/` + `/about` →
 *   `https://app/p/abc/3000/about`), keeping the link's query parameters
 *   (signed-URL tokens) unless the path sets the same name.
 * - `data:` link (the memory transport's page): a data URL has no path to
 *   append to, so the path goes in the fragment (`/about` → `#/about`), which
 *   is how that page routes. A page that does not route on its fragment shows
 *   its start page.
 */
export function joinPreviewPath(linkUrl: string, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) throw new TypeError(`A preview path must start with a single /, got ${JSON.stringify(path)}`);
  if (/^data:/i.test(linkUrl)) {
    const base = stripHash(linkUrl);
    const p = new URL(path, 'http://path.invalid');
    if (p.hash) return base + p.hash;
    const route = p.pathname + p.search;
    return route === '/' ? base : `${base}#${route}`;
  }
  const link = new URL(linkUrl);
  // The link's path is the root of the port's app (a proxy that routes by path).
  const joined = new URL(linkRoot(link) + path, link);
  for (const [name, value] of link.searchParams) {
    if (!joined.searchParams.has(name)) joined.searchParams.append(name, value);
  }
  return joined.href;
}

/**
 * Where a typed path leads, as in a browser's address bar: `/x` from the root
 * of the preview link (or of the page shown, without a link); `?q` and `#h`
 * relative to the page shown. Link query parameters (tokens) are kept.
 * `null` when there is nothing to resolve against.
 */
export function resolvePreviewPath(path: string, context: { current?: string | null | undefined; linkUrl?: string | null | undefined }): string | null {
  const { current, linkUrl } = context;
  const relative = path.startsWith('?') || path.startsWith('#');
  if (linkUrl) {
    const here = relative && current ? previewPathOf(current, linkUrl) : null;
    if (here !== null) {
      const p = new URL(path, new URL(here, 'http://path.invalid'));
      return joinPreviewPath(linkUrl, p.pathname + p.search + p.hash);
    }
    return joinPreviewPath(linkUrl, relative ? `/${path}` : path);
  }
  if (current && /^https?:/i.test(current)) return new URL(path, current).href;
  return null;
}

/**
 * The path of `url` relative to the preview link it came from, or `null` when
 * it is not on that link's origin. Link query parameters (tokens) are left out.
 */
export function previewPathOf(url: string, linkUrl: string): string | null {
  if (/^data:/i.test(linkUrl)) {
    if (!/^data:/i.test(url) || stripHash(url) !== stripHash(linkUrl)) return null;
    const hash = hashOf(url);
    if (!hash) return '/';
    return hash.startsWith('#/') ? hash.slice(1) : `/${hash}`;
  }
  let u: URL;
  let link: URL;
  try {
    u = new URL(url);
    link = new URL(linkUrl);
  } catch {
    return null;
  }
  if (u.origin !== link.origin) return null;
  const root = linkRoot(link);
  if (root && u.pathname !== root && !u.pathname.startsWith(`${root}/`)) return null;
  const params = new URLSearchParams(u.search);
  for (const [name, value] of link.searchParams) if (params.get(name) === value) params.delete(name);
  const search = params.toString();
  return `${u.pathname.slice(root.length) || '/'}${search ? `?${search}` : ''}${u.hash}`;
}

/** The path prefix under which a link serves its port: `/p/abc/3000/` → `/p/abc/3000`, `/` → ``. */
function linkRoot(link: URL): string {
  return link.pathname.replace(/\/+$/, '');
}

/**
 * Move `url` from an old link to a fresh one, keeping its path: what a link
 * refresh does to the page being shown and to the history.
 */
export function rebasePreviewUrl(url: string, oldLinkUrl: string, newLinkUrl: string): string {
  const path = previewPathOf(url, oldLinkUrl);
  if (path === null) return url;
  return joinPreviewPath(newLinkUrl, path);
}

/**
 * How the address bar shows a URL. A `data:` page of a sandbox port shows as
 * `localhost:PORT/…` (its real text is kilobytes of HTML); http(s) URLs show
 * as they are.
 */
export function displayPreviewUrl(url: string, context: { linkUrl?: string | undefined; port?: number | undefined } = {}): string {
  if (/^data:/i.test(url)) {
    const path = context.linkUrl ? previewPathOf(url, context.linkUrl) : null;
    const hash = hashOf(url);
    if (context.port !== undefined) return `localhost:${context.port}${path === null || path === '/' ? '/' : `/${hash}`}`;
    return `data:…${hash}`;
  }
  return url;
}

/**
 * The origin of a document loaded from `url`: `'null'` for every scheme but
 * http(s) (a `data:`, `about:` or `blob:` document in a frame has an opaque
 * origin), `null` when `url` is not a URL at all.
 */
export function originOf(url: string | undefined | null): string | null {
  try {
    const { protocol, origin } = new URL(url ?? '');
    return protocol === 'http:' || protocol === 'https:' ? origin : 'null';
  } catch {
    return null;
  }
}

/** The origin a frame showing `url` reports in `postMessage` events. */
export function frameOrigin(url: string, sandboxAttribute: string | undefined | null): string | null {
  const origin = originOf(url);
  if (origin !== null && typeof sandboxAttribute === 'string' && !sandboxAttribute.split(/\s+/).includes('allow-same-origin')) return 'null';
  return origin;
}

/** `url` without its fragment. */
export function stripHash(url: string): string {
  return url.split('#', 1)[0]!;
}

function hashOf(url: string): string {
  return url.slice(stripHash(url).length);
}
