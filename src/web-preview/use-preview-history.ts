import * as React from 'react';
import { useControllableState } from '../internal/use-controllable-state';
import { useLatest } from '../internal/use-latest';
import type { SandboxError } from '../transport/errors';
import type { PreviewLink } from '../transport/types';
import type { FrameStatus, WebPreviewUrlChangeReason } from './context';
import { emptyHistory, historyReducer, type PreviewHistory } from './history';
import { isFrameableUrl, joinPreviewPath, previewPathOf, rebasePreviewUrl } from './url';

/* -------------------------------------------------------------------------------------------------
 * usePreviewHistory: the page shown, the frame that loads it, and back/forward
 * -----------------------------------------------------------------------------------------------*/

/** Reports kept to recognise a controlled `url` that echoes our own navigation. */
const MAX_REPORTED = 32;

export type CommitOptions = { history: 'push' | 'replace' | 'none'; frame: boolean };

export interface UsePreviewHistoryParams {
  url: string | undefined;
  defaultUrl: string | undefined;
  onUrlChange: ((url: string, details: { reason: WebPreviewUrlChangeReason }) => void) | undefined;
  /** A host-set `data:text/html` URL is allowed (a transport's simulated page). */
  allowDataUrl: boolean;
  /** The port shown. */
  port: number | undefined;
  /**
   * Back or forward landed on a page of another port's link: switch to that port; its link, once
   * resolved, replaces the entry. Read through a ref.
   */
  onPortChange(port: number): void;
}

export interface PreviewHistoryResult {
  /** The page shown (controlled or not). */
  url: string | null;
  history: PreviewHistory;
  /** What the iframe loads, and a key that changes whenever it must load again. */
  frame: { src: string | null; key: number };
  /** The frame's load state for `frame.key`. */
  frameStatus: { key: number; status: FrameStatus; error: SandboxError | null };
  /** The host set a URL that is not allowed; it is not loaded. */
  refusedUrl: string | null;
  /** Show `next` and record it. `frame: true` loads it in the iframe. Stable. */
  commit(next: string, reason: WebPreviewUrlChangeReason, options: CommitOptions): void;
  /** Go one entry back (and load it). Stable. */
  back(): void;
  /** Go one entry forward (and load it). Stable. */
  forward(): void;
  /** A navigation the page made by itself (the bridge): recorded, the frame is not reloaded. Stable. */
  observe(target: string, replace: boolean): void;
  /** Load the page shown again. Stable. */
  reloadFrame(): void;
  /** Parts report the frame's load state here. Stable. */
  reportFrame(key: number, status: FrameStatus, error?: SandboxError): void;
  /** The next resolved link opens `path` (null: `/`) and is shown even over a restored page. Stable. */
  expectLink(path: string | null, replace?: boolean): void;
  /** Show a freshly resolved link (the first one keeps a page the host restored). Stable. */
  showLink(link: PreviewLink, port: number): void;
  /** Move every page on `old` to `fresh` (a renewed link). Stable. */
  rebase(old: PreviewLink, fresh: PreviewLink, reload: boolean): void;
}

export function usePreviewHistory(params: UsePreviewHistoryParams): PreviewHistoryResult {
  const { url: urlProp, defaultUrl } = params;
  const [url, setUrl] = useControllableState<string | null, { reason: WebPreviewUrlChangeReason }>({
    prop: urlProp,
    defaultProp: defaultUrl ?? null,
    onChange: params.onUrlChange as ((url: string | null, details: { reason: WebPreviewUrlChangeReason }) => void) | undefined,
    caller: 'WebPreview',
  });
  const [history, dispatchHistory] = React.useReducer(historyReducer, emptyHistory);
  const [frame, setFrame] = React.useState<{ src: string | null; key: number }>({ src: null, key: 0 });
  const [frameStatus, setFrameStatus] = React.useState<{ key: number; status: FrameStatus; error: SandboxError | null }>({ key: 0, status: 'loading', error: null });
  const latest = useLatest(params);
  const urlRef = useLatest(url);
  const frameLatest = useLatest(frame);
  const historyRef = useLatest(history);
  const pendingRef = React.useRef<{ path: string; replace: boolean } | null>(null);
  // The port of every link resolved here, to know which port a history entry is on.
  const [linkPorts] = React.useState(() => new Map<string, number>());
  const resolvedOnceRef = React.useRef(false);

  // URLs this root reported through onUrlChange, oldest first, to tell a controlled `url`
  // that echoes our own navigation from one the host chose. A list, not the last one:
  // a host may re-render with an older report after a newer one was made.
  const reportedRef = React.useRef<string[]>([]);

  // Every action reads state through refs and calls stable setters, so one set is made once.
  const [actions] = React.useState(() => {
    const remember = (next: string) => {
      const list = reportedRef.current;
      list.push(next);
      if (list.length > MAX_REPORTED) list.splice(0, list.length - MAX_REPORTED);
    };
    const commit = (next: string, reason: WebPreviewUrlChangeReason, options: CommitOptions) => {
      remember(next);
      if (options.history !== 'none') dispatchHistory({ type: options.history, url: next });
      if (options.frame) setFrame((f) => ({ src: next, key: f.key + 1 }));
      setUrl(next, { reason });
    };
    const go = (delta: -1 | 1) => {
      const h = historyRef.current;
      const target = h.entries[h.index + delta];
      if (target === undefined) return;
      dispatchHistory({ type: 'go', delta });
      commit(target, delta < 0 ? 'back' : 'forward', { history: 'none', frame: true });
      const { port, onPortChange } = latest.current;
      let owner: { port: number; path: string } | undefined;
      for (const [linkUrl, linkPort] of linkPorts) {
        const path = previewPathOf(target, linkUrl);
        if (path === null) continue;
        if (linkPort === port) return;
        owner ??= { port: linkPort, path };
      }
      if (owner === undefined) return;
      expectLink(owner.path, true);
      onPortChange(owner.port);
    };
    const expectLink = (path: string | null, replace = false) => {
      pendingRef.current = path === null ? null : { path, replace };
      resolvedOnceRef.current = true;
    };
    return {
      remember,
      commit,
      expectLink,
      back: () => go(-1),
      forward: () => go(1),
      observe(target: string, replace: boolean) {
        if (target === urlRef.current) return;
        remember(target);
        dispatchHistory({ type: 'observe', url: target, replace });
        setUrl(target, { reason: 'bridge' });
      },
      reloadFrame() {
        const src = urlRef.current ?? frameLatest.current.src;
        if (src !== null) setFrame((f) => ({ src, key: f.key + 1 }));
      },
      reportFrame(key: number, status: FrameStatus, error?: SandboxError) {
        setFrameStatus((s) => (s.key === key && s.status === status ? s : { key, status, error: error ?? null }));
      },
      showLink(link: PreviewLink, port: number) {
        linkPorts.set(link.url, port);
        const pending = pendingRef.current;
        pendingRef.current = null;
        const first = !resolvedOnceRef.current;
        resolvedOnceRef.current = true;
        if (first && urlRef.current !== null) {
          // The host restored a page (controlled `url`): keep it.
          if (frameLatest.current.src === null) setFrame((f) => ({ src: urlRef.current, key: f.key + 1 }));
          return;
        }
        const next = joinPreviewPath(link.url, pending?.path ?? '/');
        // Back or forward onto another port's page: that page, on the port's fresh link, in its entry.
        if (pending?.replace && next === urlRef.current) return;
        commit(next, 'resolve', { history: pending?.replace ? 'replace' : 'push', frame: true });
      },
      rebase(old: PreviewLink, fresh: PreviewLink, reload: boolean) {
        const port = linkPorts.get(old.url);
        linkPorts.delete(old.url);
        if (port !== undefined) linkPorts.set(fresh.url, port);
        dispatchHistory({ type: 'map', fn: (u) => rebasePreviewUrl(u, old.url, fresh.url) });
        const shown = urlRef.current;
        if (shown !== null) commit(rebasePreviewUrl(shown, old.url, fresh.url), 'link-refresh', { history: 'none', frame: reload });
      },
    };
  });
  const { remember } = actions;

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
    if (!isFrameableUrl(hostUrl, { allowData: /^data:text\/html[;,]/i.test(hostUrl) && latest.current.allowDataUrl })) {
      setRefusedUrl(hostUrl);
      return;
    }
    setRefusedUrl(null);
    remember(hostUrl);
    dispatchHistory({ type: 'push', url: hostUrl });
    setFrame((f) => ({ src: hostUrl, key: f.key + 1 }));
  }, [hostUrl, latest, remember]);

  return { url, history, frame, frameStatus, refusedUrl, ...actions };
}
