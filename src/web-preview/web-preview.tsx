import * as React from 'react';
import { clsx } from 'clsx';
import { Emitter } from '../internal/disposables';
import { useControllableState } from '../internal/use-controllable-state';
import { useLatest } from '../internal/use-latest';
import { formatLabel, useMergedLabels } from '../internal/labels';
import { SandboxError, toSandboxError } from '../transport/errors';
import { useOptionalSandboxTransport, useSandboxId } from '../transport/provider';
import type { LogEntry } from '../transport/types';
import { isFromPreviewFrame, parseBridgeMessage, resolveBridgeNavigation, type BridgeMessage } from './bridge-protocol';
import { WebPreviewProvider, type FrameStatus, type LinkState, type WebPreviewContextValue, type WebPreviewDeviceName, type WebPreviewNavigateResult, type WebPreviewState, type WebPreviewUrlChangeReason } from './context';
import { emptyHistory, historyReducer } from './history';
import { WebPreviewBody } from './body';
import { WebPreviewNavigation } from './navigation';
import { WebPreviewUrl } from './url-bar';
import { defaultWebPreviewLabels, type WebPreviewLabels } from './labels';
import { displayPreviewUrl, frameOrigin, isFrameableUrl, joinPreviewPath, parsePreviewInput, rebasePreviewUrl, resolvePreviewPath } from './url';

/* -------------------------------------------------------------------------------------------------
 * WebPreview
 * -----------------------------------------------------------------------------------------------*/

export interface WebPreviewProps extends React.ComponentPropsWithoutRef<'div'> {
  /** Sandbox whose port to preview; defaults to the `SandboxProvider`'s. @default undefined */
  sandboxId?: string;
  /** Port to preview; with a sandbox and a transport, the root resolves its link. @default undefined */
  port?: number;
  /** The page shown (controlled). @default undefined */
  url?: string;
  /** The first page shown (uncontrolled); works without a transport. @default undefined */
  defaultUrl?: string;
  /** Called when the page changes, with why. @default undefined */
  onUrlChange?: (url: string, details: { reason: WebPreviewUrlChangeReason }) => void;
  /** Called when `data-status` changes. @default undefined */
  onStateChange?: (state: WebPreviewState, details: { error: SandboxError | null }) => void;
  /** Renew an expiring link this long before `expiresAt` (at most half its remaining life). @default 30000 */
  refreshMarginMs?: number;
  /** Reload the frame when the link is renewed; otherwise the page keeps running and only later loads use the new link. @default false */
  reloadOnLinkRefresh?: boolean;
  /** Listen to the preview bridge inside the page (navigations and console). @default true */
  bridge?: boolean;
  /** Called with every valid bridge message. @default undefined */
  onBridgeMessage?: (message: BridgeMessage) => void;
  /** Device preset (controlled). @default undefined */
  device?: WebPreviewDeviceName;
  /** Device preset (uncontrolled). @default 'responsive' */
  defaultDevice?: WebPreviewDeviceName;
  /** Called when the device preset changes. @default undefined */
  onDeviceChange?: (device: WebPreviewDeviceName, details: { reason: 'select' }) => void;
  /** Replace any user-visible string of this root and its parts (buttons, placeholders, statuses, messages, accessible names). @default defaultWebPreviewLabels (English) */
  labels?: Partial<WebPreviewLabels>;
}

/**
 * A composable preview of a sandbox port (or any http(s) URL): resolves the
 * link, keeps a history, renews expiring links and listens to the preview
 * bridge. With no children it renders navigation, URL bar and frame.
 */
export const WebPreview = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebPreviewProps>(function WebPreview(props, forwardedRef) {
  const {
    sandboxId: sandboxIdProp,
    port: portProp,
    url: urlProp,
    defaultUrl,
    onUrlChange,
    onStateChange,
    refreshMarginMs = 30_000,
    reloadOnLinkRefresh = false,
    bridge = true,
    onBridgeMessage,
    device: deviceProp,
    defaultDevice = 'responsive',
    onDeviceChange,
    labels: labelsProp,
    className,
    children,
    ...rest
  } = props;
  const labels = useMergedLabels(defaultWebPreviewLabels, labelsProp);
  const transport = useOptionalSandboxTransport();
  const sandboxId = useSandboxId(sandboxIdProp);

  // The port follows the prop, and the URL bar may switch it.
  const [portState, setPortState] = React.useState({ prop: portProp, value: portProp });
  if (portState.prop !== portProp) setPortState({ prop: portProp, value: portProp });
  const port = portState.prop !== portProp ? portProp : portState.value;
  const sandboxMode = transport !== null && sandboxId !== undefined && port !== undefined;
  const wantsSandbox = port !== undefined && (transport === null || sandboxId === undefined);

  const [url, setUrl] = useControllableState<string | null, { reason: WebPreviewUrlChangeReason }>({
    prop: urlProp,
    defaultProp: defaultUrl ?? null,
    onChange: onUrlChange as ((url: string | null, details: { reason: WebPreviewUrlChangeReason }) => void) | undefined,
  });
  const [history, dispatchHistory] = React.useReducer(historyReducer, emptyHistory);
  const [frame, setFrame] = React.useState<{ src: string | null; key: number }>({ src: null, key: 0 });
  const [frameStatus, setFrameStatus] = React.useState<{ key: number; status: FrameStatus; error: SandboxError | null }>({ key: 0, status: 'loading', error: null });
  const [linkState, setLinkState] = React.useState<LinkState>({ status: 'idle', link: null, info: null, error: null });
  const [attempt, setAttempt] = React.useState(0);
  const [bridgeKey, setBridgeKey] = React.useState(-1);
  const [bridgeLogs] = React.useState(() => new Emitter<LogEntry[]>());
  const frameRef = React.useRef<HTMLIFrameElement | null>(null);
  const rootRef = React.useRef<HTMLDivElement | null>(null);
  const pendingPathRef = React.useRef<string | null>(null);
  // URLs this root reported through onUrlChange, oldest first, to tell a controlled `url`
  // that echoes our own navigation from one the host chose. A list, not the last one:
  // a host may re-render with an older report after a newer one was made.
  const reportedRef = React.useRef<string[]>([]);
  const remember = (next: string) => {
    const list = reportedRef.current;
    list.push(next);
    if (list.length > 32) list.splice(0, list.length - 32);
  };
  const resolvedOnceRef = React.useRef(false);
  const loadSeenRef = React.useRef(-1);

  const urlRef = useLatest(url);
  const frameLatest = useLatest(frame);
  const historyRef = useLatest(history);
  const linkRef = useLatest(linkState);
  const callbacks = useLatest({ onBridgeMessage, onStateChange });

  /** Show `next` and record it. `frame: true` loads it in the iframe. */
  const commit = React.useCallback(
    (next: string, reason: WebPreviewUrlChangeReason, options: { history: 'push' | 'replace' | 'none'; frame: boolean }) => {
      remember(next);
      if (options.history !== 'none') dispatchHistory({ type: options.history, url: next });
      if (options.frame) setFrame((f) => ({ src: next, key: f.key + 1 }));
      setUrl(next, { reason });
    },
    [setUrl],
  );

  // A URL the host set (defaultUrl on mount, or a controlled change) is a navigation too,
  // held to the same rule as the address bar: http(s) only (and a transport's data: page).
  // Only the host's value is watched: our own uncontrolled changes never come back here.
  const [initialUrl] = React.useState(() => urlProp ?? defaultUrl ?? null);
  const hostUrl = urlProp !== undefined ? urlProp : initialUrl;
  const [refusedUrl, setRefusedUrl] = React.useState<string | null>(null);
  React.useEffect(() => {
    if (hostUrl === null) return;
    const reported = reportedRef.current;
    const ours = reported.lastIndexOf(hostUrl);
    if (ours !== -1) {
      // The host accepted (or replayed) one of our reports: nothing to navigate.
      reported.splice(0, ours + 1);
      return;
    }
    if (!isFrameableUrl(hostUrl, { allowData: /^data:text\/html[;,]/i.test(hostUrl) && sandboxMode })) {
      setRefusedUrl(hostUrl);
      return;
    }
    setRefusedUrl(null);
    remember(hostUrl);
    dispatchHistory({ type: 'push', url: hostUrl });
    setFrame((f) => ({ src: hostUrl, key: f.key + 1 }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hostUrl]);

  /* ---- link resolution ---------------------------------------------------------------------- */
  React.useEffect(() => {
    if (!sandboxMode || !transport || sandboxId === undefined || port === undefined) {
      setLinkState((s) => (s.status === 'idle' ? s : { status: 'idle', link: null, info: null, error: null }));
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    setLinkState((s) => ({ ...s, status: 'resolving', error: null }));
    // A transport that throws instead of rejecting must not take the host app down.
    const link = attempt_(() => transport.getPreviewLink({ sandboxId, port }, signal));
    const info = transport.getSandbox ? attempt_(() => transport.getSandbox!({ sandboxId }, signal)) : Promise.resolve(null);
    void Promise.allSettled([link, info]).then(([l, i]) => {
      if (signal.aborted) return;
      const sandboxInfo = i.status === 'fulfilled' ? i.value : null;
      if (sandboxInfo && sandboxInfo.state !== 'running') {
        const reason = sandboxInfo.errorReason ? `: ${sandboxInfo.errorReason}` : '';
        setLinkState({ status: 'unavailable', link: null, info: sandboxInfo, error: new SandboxError('unavailable', `Sandbox ${sandboxId} is ${sandboxInfo.state}${reason}`) });
        return;
      }
      if (l.status === 'rejected') {
        const error = toSandboxError(l.reason);
        if (error.code === 'aborted') return;
        setLinkState({ status: error.code === 'unsupported' ? 'unsupported' : 'error', link: null, info: sandboxInfo, error });
        return;
      }
      const resolved = l.value;
      if (!resolved || typeof resolved.url !== 'string' || !isFrameableUrl(resolved.url, { allowData: true })) {
        setLinkState({ status: 'error', link: null, info: sandboxInfo, error: new SandboxError('invalid_request', 'The transport returned a preview link that is not an http(s) URL') });
        return;
      }
      setLinkState({ status: 'ready', link: resolved, info: sandboxInfo, error: null });
      const path = pendingPathRef.current ?? '/';
      pendingPathRef.current = null;
      const first = !resolvedOnceRef.current;
      resolvedOnceRef.current = true;
      if (first && urlRef.current !== null) {
        // The host restored a page (controlled `url`): keep it.
        if (frameLatest.current.src === null) setFrame((f) => ({ src: urlRef.current, key: f.key + 1 }));
        return;
      }
      commit(joinPreviewPath(resolved.url, path), 'resolve', { history: 'push', frame: true });
    });
    return () => controller.abort();
  }, [sandboxMode, transport, sandboxId, port, attempt, commit, urlRef, frameLatest]);

  // A sandbox on its way up is checked again by itself; stopped or archived ones wait for the user.
  const transient = linkState.status === 'unavailable' && (linkState.info?.state === 'creating' || linkState.info?.state === 'starting');
  React.useEffect(() => {
    if (!transient) return;
    const timer = setTimeout(() => setAttempt((n) => n + 1), 2_000);
    return () => clearTimeout(timer);
  }, [transient, attempt]);

  /* ---- link renewal before expiresAt -------------------------------------------------------- */
  const [refreshFailures, setRefreshFailures] = React.useState(0);
  const currentLink = linkState.status === 'ready' ? linkState.link : null;
  React.useEffect(() => {
    if (!currentLink?.expiresAt || !transport || sandboxId === undefined || port === undefined) return;
    const remaining = currentLink.expiresAt - Date.now();
    const margin = Math.min(refreshMarginMs, Math.max(0, remaining / 2));
    // After a failure: retry every 1–5 s (half the remaining life), the last try at the moment of expiry.
    const retry = Math.max(0, Math.min(remaining, Math.max(1_000, Math.min(5_000, remaining / 2))));
    const delay = refreshFailures > 0 ? retry : Math.max(0, remaining - margin);
    let controller: AbortController | undefined;
    const timer = setTimeout(() => {
      controller = new AbortController();
      const { signal } = controller;
      attempt_(() => transport.getPreviewLink({ sandboxId, port }, signal)).then(
        (fresh) => {
          if (signal.aborted) return;
          if (!fresh || typeof fresh.url !== 'string' || !isFrameableUrl(fresh.url, { allowData: true })) throw new SandboxError('invalid_request', 'The renewed preview link is not an http(s) URL');
          const old = currentLink.url;
          dispatchHistory({ type: 'map', fn: (u) => rebasePreviewUrl(u, old, fresh.url) });
          setRefreshFailures(0);
          setLinkState((s) => ({ ...s, status: 'ready', link: fresh, error: null }));
          const shown = urlRef.current;
          if (shown !== null) commit(rebasePreviewUrl(shown, old, fresh.url), 'link-refresh', { history: 'none', frame: reloadOnLinkRefresh });
        },
        (reason: unknown) => {
          if (signal.aborted) return;
          const error = toSandboxError(reason);
          if (error.code === 'aborted') return;
          if (currentLink.expiresAt! <= Date.now()) {
            setLinkState((s) => ({ ...s, status: 'error', error: new SandboxError(error.code, `The preview link expired and could not be renewed: ${error.message}`, { cause: error }) }));
          } else {
            setRefreshFailures((n) => n + 1);
          }
        },
      ).catch((error: unknown) => {
        if (!signal.aborted) setLinkState((s) => ({ ...s, status: 'error', error: toSandboxError(error) }));
      });
    }, delay);
    return () => {
      clearTimeout(timer);
      controller?.abort();
    };
  }, [currentLink, transport, sandboxId, port, refreshMarginMs, refreshFailures, reloadOnLinkRefresh, commit, urlRef]);

  /* ---- the bridge --------------------------------------------------------------------------- */
  React.useEffect(() => {
    if (!bridge || typeof window === 'undefined') return;
    const onMessage = (event: MessageEvent) => {
      const iframe = frameRef.current;
      const { src, key } = frameLatest.current;
      if (!iframe || src === null) return;
      const origin = frameOrigin(src, iframe.getAttribute('sandbox'));
      if (!isFromPreviewFrame(event, { window: iframe.contentWindow, origin })) return;
      const message = parseBridgeMessage(event.data);
      if (!message) return;
      setBridgeKey(key);
      try {
        callbacks.current.onBridgeMessage?.(message);
      } catch (error) {
        (globalThis as { reportError?: (e: unknown) => void }).reportError?.(error);
      }
      if (message.type === 'navigate') {
        const target = resolveBridgeNavigation(message.url, urlRef.current ?? src);
        if (target === null) return;
        // The first load after we set the src is where the frame landed (a redirect replaces).
        const firstLoad = message.kind === 'load' && loadSeenRef.current !== key;
        if (message.kind === 'load') loadSeenRef.current = key;
        const replace = message.kind === 'replace' || firstLoad;
        if (target === urlRef.current) return;
        remember(target);
        dispatchHistory({ type: 'observe', url: target, replace });
        setUrl(target, { reason: 'bridge' });
      } else {
        pending.push({
          level: message.type === 'error' ? 'error' : message.level,
          message: message.message,
          timestamp: message.timestamp,
          stream: message.type === 'error' || message.level === 'error' || message.level === 'warn' ? 'stderr' : 'stdout',
        });
        // A chatty page posts one message per console call: hand them on once per frame.
        if (scheduled === null) scheduled = schedule(flush);
      }
    };
    let pending: LogEntry[] = [];
    let scheduled: (() => void) | null = null;
    const flush = () => {
      scheduled = null;
      const batch = pending;
      pending = [];
      if (batch.length) bridgeLogs.fire(batch);
    };
    window.addEventListener('message', onMessage);
    return () => {
      window.removeEventListener('message', onMessage);
      scheduled?.();
      pending = [];
    };
  }, [bridge, bridgeLogs, callbacks, frameLatest, setUrl, urlRef]);

  /* ---- navigation --------------------------------------------------------------------------- */
  const navigate = React.useCallback(
    (input: string): WebPreviewNavigateResult => {
      const parsed = parsePreviewInput(input);
      const refuse = (message: string): WebPreviewNavigateResult => ({ ok: false, message, input: parsed });
      if (parsed.kind === 'invalid') return refuse(parsed.message);
      const { link } = linkRef.current;
      const canResolve = transport !== null && sandboxId !== undefined;
      if (parsed.kind === 'url') {
        commit(parsed.url, 'navigate', { history: 'push', frame: true });
        return { ok: true, input: parsed };
      }
      if (parsed.kind === 'port') {
        if (!canResolve) {
          commit(new URL(parsed.path, `http://localhost:${parsed.port}`).href, 'navigate', { history: 'push', frame: true });
          return { ok: true, input: parsed };
        }
        if (parsed.port === port && link && linkRef.current.status === 'ready') {
          commit(joinPreviewPath(link.url, parsed.path), 'navigate', { history: 'push', frame: true });
        } else {
          pendingPathRef.current = parsed.path;
          resolvedOnceRef.current = true;
          if (parsed.port === port) setAttempt((n) => n + 1);
          else setPortState((s) => ({ ...s, value: parsed.port }));
        }
        return { ok: true, input: parsed };
      }
      // A path: on the sandbox link, else on the page shown.
      const target = resolvePreviewPath(parsed.path, { current: urlRef.current, linkUrl: sandboxMode ? link?.url : null });
      if (target === null) return refuse('There is no page to open this path on yet; type a full URL or a port.');
      commit(target, 'navigate', { history: 'push', frame: true });
      return { ok: true, input: parsed };
    },
    [commit, linkRef, port, sandboxId, sandboxMode, transport, urlRef],
  );

  const go = React.useCallback(
    (delta: -1 | 1) => {
      const h = historyRef.current;
      const target = h.entries[h.index + delta];
      if (target === undefined) return;
      dispatchHistory({ type: 'go', delta });
      commit(target, delta < 0 ? 'back' : 'forward', { history: 'none', frame: true });
    },
    [commit, historyRef],
  );
  const back = React.useCallback(() => go(-1), [go]);
  const forward = React.useCallback(() => go(1), [go]);

  const reload = React.useCallback(() => {
    const ls = linkRef.current.status;
    if (ls === 'error' || ls === 'unsupported' || ls === 'unavailable') {
      resolvedOnceRef.current = true;
      pendingPathRef.current = null;
      setAttempt((n) => n + 1);
      return;
    }
    const src = urlRef.current ?? frameLatest.current.src;
    if (src !== null) setFrame((f) => ({ src, key: f.key + 1 }));
  }, [frameLatest, linkRef, urlRef]);

  const reportFrame = React.useCallback((key: number, status: FrameStatus, error?: SandboxError) => {
    setFrameStatus((s) => (s.key === key && s.status === status ? s : { key, status, error: error ?? null }));
  }, []);

  /* ---- device and fullscreen ---------------------------------------------------------------- */
  const [device, setDeviceState] = useControllableState<WebPreviewDeviceName, { reason: 'select' }>({
    prop: deviceProp,
    defaultProp: defaultDevice,
    onChange: onDeviceChange,
  });
  const setDevice = React.useCallback((d: WebPreviewDeviceName) => setDeviceState(d, { reason: 'select' }), [setDeviceState]);
  const [rotated, setRotated] = React.useState(false);
  const [fullscreen, setFullscreen] = React.useState(false);
  const [fullscreenSupported, setFullscreenSupported] = React.useState(false);
  React.useEffect(() => {
    if (typeof document === 'undefined') return;
    setFullscreenSupported(document.fullscreenEnabled === true && typeof rootRef.current?.requestFullscreen === 'function');
    const onChange = () => setFullscreen(document.fullscreenElement !== null && document.fullscreenElement === rootRef.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  const toggleFullscreen = React.useCallback(() => {
    const root = rootRef.current;
    if (!root || typeof document === 'undefined') return;
    const result = document.fullscreenElement === root ? document.exitFullscreen?.() : root.requestFullscreen?.();
    // A refused request (no user gesture, policy) leaves the state as it is.
    void result?.catch?.(() => undefined);
  }, []);

  /* ---- derived state ------------------------------------------------------------------------ */
  const currentFrame = frameStatus.key === frame.key ? frameStatus : { key: frame.key, status: 'loading' as const, error: null };
  let state: WebPreviewState;
  let error: SandboxError | null = null;
  if (refusedUrl !== null && url === refusedUrl) {
    state = 'error';
    error = new SandboxError('invalid_request', formatLabel(labels.refusedUrl, refusedUrl));
  } else if (wantsSandbox && url === null) {
    state = 'unsupported';
    error = new SandboxError('unsupported', formatLabel(labels.needsSandbox, transport === null ? 'transport' : 'sandboxId'));
  } else if (sandboxMode && linkState.status === 'resolving') state = 'resolving';
  else if (sandboxMode && (linkState.status === 'error' || linkState.status === 'unsupported' || linkState.status === 'unavailable')) {
    state = linkState.status;
    error = linkState.error;
  } else if (frame.src === null) state = sandboxMode ? 'resolving' : 'idle';
  else {
    state = currentFrame.status;
    error = currentFrame.error;
  }

  React.useEffect(() => {
    callbacks.current.onStateChange?.(state, { error });
    // Only a new state is news; the error object follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const displayUrl = url === null ? '' : displayPreviewUrl(url, { linkUrl: linkState.link?.url, port });

  const value = React.useMemo<WebPreviewContextValue>(
    () => ({
      state,
      error,
      sandboxInfo: linkState.info,
      sandboxId,
      port,
      link: linkState.link,
      url,
      displayUrl,
      frameSrc: frame.src,
      frameKey: frame.key,
      canGoBack: history.index > 0,
      canGoForward: history.index >= 0 && history.index < history.entries.length - 1,
      back,
      forward,
      reload,
      navigate,
      reportFrame,
      frameRef,
      bridgeLogs,
      bridgeConnected: bridgeKey === frame.key,
      device,
      setDevice,
      rotated,
      setRotated,
      fullscreen,
      fullscreenSupported,
      toggleFullscreen,
      labels,
    }),
    [labels, state, error, linkState.info, linkState.link, sandboxId, port, url, displayUrl, frame.src, frame.key, history, back, forward, reload, navigate, reportFrame, bridgeLogs, bridgeKey, device, setDevice, rotated, fullscreen, fullscreenSupported, toggleFullscreen],
  );

  const setRootRef = React.useCallback(
    (node: HTMLDivElement | null) => {
      rootRef.current = node;
      if (typeof forwardedRef === 'function') forwardedRef(node);
      else if (forwardedRef) forwardedRef.current = node;
    },
    [forwardedRef],
  );

  return (
    <WebPreviewProvider value={value}>
      <div
        data-se-part="web-preview"
        data-status={state}
        data-device={device}
        data-rotated={rotated ? '' : undefined}
        data-fullscreen={fullscreen ? '' : undefined}
        data-bridge={value.bridgeConnected ? '' : undefined}
        data-sandbox-state={linkState.info?.state}
        {...rest}
        ref={setRootRef}
        className={clsx(className) || undefined}
      >
        {children ?? <DefaultParts />}
      </div>
    </WebPreviewProvider>
  );
});

function DefaultParts(): React.ReactNode {
  return (
    <>
      <WebPreviewNavigation />
      <WebPreviewUrl />
      <WebPreviewBody />
    </>
  );
}

/** Run `fn` on the next animation frame (or soon, where frames do not run); returns a cancel. */
function schedule(fn: () => void): () => void {
  if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
    const id = requestAnimationFrame(fn);
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(fn, 16);
  return () => clearTimeout(id);
}

/** `fn()` as a promise, whether it returns one, throws, or returns something else. */
function attempt_<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
