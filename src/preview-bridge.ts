/**
 * `sandbox-elements/preview-bridge`: an opt-in, dependency-free script for the
 * app being previewed. It tells the parent `WebPreview` about in-page
 * navigations and forwards `console.*` calls and uncaught errors, through a
 * versioned `postMessage` envelope (see `src/web-preview/bridge-protocol.ts`,
 * which the parent uses to validate every field).
 *
 * Usage in the previewed app:
 *   import { installPreviewBridge } from 'sandbox-elements/preview-bridge';
 *   installPreviewBridge({ targetOrigin: 'https://my-host.example' });
 * or, for a page you generate, inline `previewBridgeScript()` in a <script>.
 *
 * Importing this module does nothing by itself (no side effects): call
 * `installPreviewBridge()`. It imports nothing, so it stays tiny.
 */

export interface PreviewBridgeOptions {
  /**
   * The parent origin messages are posted to. `'*'` posts to any parent,
   * which means a page that frames yours could read your console output; set
   * your host's origin when you know it.
   * @default '*'
   */
  targetOrigin?: string;
  /** Forward `console.debug/info/log/warn/error`. @default true */
  console?: boolean;
  /** Forward uncaught errors and unhandled rejections. @default true */
  errors?: boolean;
  /** Report navigations (load, pushState, replaceState, popstate, hashchange). @default true */
  navigation?: boolean;
}

/**
 * Start the bridge. Returns a function that restores `console`, `history`
 * and removes every listener. Does nothing outside a frame, or on the server.
 *
 * This function must stay self-contained (no reference to anything outside
 * its body): `previewBridgeScript()` serialises it with `toString()`.
 */
export function installPreviewBridge(options: PreviewBridgeOptions = {}): () => void {
  const g = typeof window === 'undefined' ? undefined : window;
  if (!g || g.parent === g) return () => {};
  const w = g;
  const CHANNEL = 'sandbox-elements:preview-bridge';
  const MAX = 65536;
  const target = typeof options.targetOrigin === 'string' ? options.targetOrigin : '*';
  const cleanups: Array<() => void> = [];

  function post(body: Record<string, unknown>): void {
    try {
      w.parent.postMessage(Object.assign({ channel: CHANNEL, version: 1 }, body), target);
    } catch {
      // A parent that went away or a closed port must never break the app.
    }
  }

  function format(value: unknown, seen: unknown[]): string {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.stack || `${value.name}: ${value.message}`;
    if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
    if (typeof value === 'symbol' || typeof value === 'bigint') return value.toString();
    if (value === undefined) return 'undefined';
    if (typeof value !== 'object' || value === null) return String(value);
    try {
      return JSON.stringify(value, function (_key, v: unknown) {
        if (typeof v === 'object' && v !== null) {
          if (seen.indexOf(v) !== -1) return '[Circular]';
          seen.push(v);
        }
        if (typeof v === 'bigint') return v.toString();
        return v;
      });
    } catch {
      return Object.prototype.toString.call(value);
    }
  }

  function text(args: unknown[]): string {
    const parts: string[] = [];
    for (const a of args) parts.push(format(a, []));
    const joined = parts.join(' ');
    return joined.length > MAX ? `${joined.slice(0, MAX - 1)}…` : joined;
  }

  function here(): string {
    // A data: document's href is its whole content; its fragment is all that moves.
    const href = w.location.href;
    return w.location.protocol === 'data:' ? w.location.hash || '#' : href.slice(0, 16384);
  }

  if (options.navigation !== false) {
    const report = (kind: string) => post({ type: 'navigate', kind, url: here(), title: (w.document.title || '').slice(0, 1024) });
    const history = w.history;
    const push = history.pushState;
    const replace = history.replaceState;
    history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = push.apply(this, args);
      report('push');
      return result;
    };
    history.replaceState = function (this: History, ...args: Parameters<History['replaceState']>) {
      const result = replace.apply(this, args);
      report('replace');
      return result;
    };
    const onPop = () => report('pop');
    const onHash = () => report('hash');
    w.addEventListener('popstate', onPop);
    w.addEventListener('hashchange', onHash);
    cleanups.push(() => {
      history.pushState = push;
      history.replaceState = replace;
      w.removeEventListener('popstate', onPop);
      w.removeEventListener('hashchange', onHash);
    });
    report('load');
  }

  if (options.console !== false) {
    const levels = ['debug', 'info', 'log', 'warn', 'error'] as const;
    const con = w.console as unknown as Record<string, (...args: unknown[]) => void>;
    for (const level of levels) {
      const original = con[level];
      if (typeof original !== 'function') continue;
      con[level] = function (...args: unknown[]) {
        post({ type: 'console', level, message: text(args), timestamp: Date.now() });
        return original.apply(this, args);
      };
      cleanups.push(() => {
        con[level] = original;
      });
    }
  }

  if (options.errors !== false) {
    const onError = (event: ErrorEvent) => {
      const where = event.filename ? ` (${event.filename}:${event.lineno}:${event.colno})` : '';
      const message = event.error instanceof Error ? format(event.error, []) : `${event.message}${where}`;
      post({ type: 'error', message: message.slice(0, MAX), timestamp: Date.now() });
    };
    const onRejection = (event: PromiseRejectionEvent) => {
      post({ type: 'error', message: `Unhandled rejection: ${format(event.reason, [])}`.slice(0, MAX), timestamp: Date.now() });
    };
    w.addEventListener('error', onError);
    w.addEventListener('unhandledrejection', onRejection);
    cleanups.push(() => {
      w.removeEventListener('error', onError);
      w.removeEventListener('unhandledrejection', onRejection);
    });
  }

  let done = false;
  return () => {
    if (done) return;
    done = true;
    for (let i = cleanups.length - 1; i >= 0; i--) cleanups[i]!();
  };
}

/**
 * The bridge as inline JavaScript, for pages you generate (a server-rendered
 * preview, a `data:` page): `<script>${previewBridgeScript()}</script>`.
 * The options are serialised with `JSON.stringify`; `</` and `<!--` are
 * escaped so the text can neither close its `<script>` element nor open a
 * comment (both only occur inside string literals here, where `<\/` reads
 * the same).
 */
export function previewBridgeScript(options: PreviewBridgeOptions = {}): string {
  const source = `(${installPreviewBridge.toString()})(${JSON.stringify(options)});`;
  return source.replace(/<\//g, '<\\/').replace(/<!--/g, '<\\!--');
}
