import * as React from 'react';
import { useLatest } from '../internal/use-latest';
import { SandboxError, toSandboxError } from '../transport/errors';
import type { PreviewLink, SandboxTransport } from '../transport/types';
import type { LinkState } from './context';
import { isFrameableUrl } from './url';

/* -------------------------------------------------------------------------------------------------
 * usePreviewLink: the sandbox port's link, the sandbox's state, and renewal before `expiresAt`
 * -----------------------------------------------------------------------------------------------*/

const IDLE: LinkState = { status: 'idle', link: null, info: null, error: null };

export interface UsePreviewLinkParams {
  transport: SandboxTransport | null;
  sandboxId: string | undefined;
  port: number | undefined;
  /** Renew an expiring link this long before `expiresAt` (at most half its remaining life). */
  refreshMarginMs: number;
  /** `port`'s link resolved (first time, after a port switch or a retry). Read through a ref. */
  onResolved(link: PreviewLink, port: number): void;
  /** The link was renewed before it expired; pages on `old` move to `fresh`. Read through a ref. */
  onRenewed(old: PreviewLink, fresh: PreviewLink): void;
}

export interface PreviewLinkResult {
  /** Where the link and the sandbox stand; `idle` when there is no sandbox port to resolve. */
  linkState: LinkState;
  /** Resolve again (after an error, an unsupported transport or a stopped sandbox). Stable. */
  retry(): void;
}

/**
 * Resolves `port` of `sandboxId` through the transport whenever one of them
 * changes (or `retry()` is called) (a sandbox that is not running is
 * watched by the root's `useSandboxLifecycle`, which calls `retry()` once it runs), and renews an expiring link shortly before `expiresAt`.
 */
export function usePreviewLink(params: UsePreviewLinkParams): PreviewLinkResult {
  const { transport, sandboxId, port, refreshMarginMs } = params;
  const callbacks = useLatest(params);
  const [linkState, setLinkState] = React.useState<LinkState>(IDLE);
  const [attempt, setAttempt] = React.useState(0);
  const retry = React.useCallback(() => setAttempt((n) => n + 1), []);

  /* ---- resolution --------------------------------------------------------------------------- */
  React.useEffect(() => {
    if (!transport || sandboxId === undefined || port === undefined) {
      setLinkState((s) => (s.status === 'idle' ? s : IDLE));
      return;
    }
    const controller = new AbortController();
    const { signal } = controller;
    setLinkState((s) => ({ ...s, status: 'resolving', error: null }));
    void resolvePreviewLink(transport, { sandboxId, port }, signal).then((next) => {
      if (signal.aborted || next === null) return;
      setLinkState(next);
      if (next.status === 'ready' && next.link) callbacks.current.onResolved(next.link, port);
    });
    return () => controller.abort();
  }, [transport, sandboxId, port, attempt, callbacks]);

  /* ---- renewal before expiresAt ------------------------------------------------------------- */
  const [refreshFailures, setRefreshFailures] = React.useState(0);
  const currentLink = linkState.status === 'ready' ? linkState.link : null;
  React.useEffect(() => {
    if (!currentLink?.expiresAt || !transport || sandboxId === undefined || port === undefined) return;
    const remaining = currentLink.expiresAt - Date.now();
    const margin = Math.min(refreshMarginMs, Math.max(0, remaining / 2));
    // After a failure: retry every 1–5 s (half the remaining life), the last try at the moment of expiry.
    const retryIn = Math.max(0, Math.min(remaining, Math.max(1_000, Math.min(5_000, remaining / 2))));
    const delay = refreshFailures > 0 ? retryIn : Math.max(0, remaining - margin);
    let controller: AbortController | undefined;
    const timer = setTimeout(() => {
      controller = new AbortController();
      const { signal } = controller;
      settle(() => transport.getPreviewLink({ sandboxId, port }, signal)).then(
        (fresh) => {
          if (signal.aborted) return;
          if (!fresh || typeof fresh.url !== 'string' || !isFrameableUrl(fresh.url, { allowData: true })) throw new SandboxError('invalid_request', 'The renewed preview link is not an http(s) URL');
          setRefreshFailures(0);
          setLinkState((s) => ({ ...s, status: 'ready', link: fresh, error: null }));
          callbacks.current.onRenewed(currentLink, fresh);
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
  }, [currentLink, transport, sandboxId, port, refreshMarginMs, refreshFailures, callbacks]);

  return { linkState, retry };
}

/**
 * Reads the sandbox's state (when the transport can) and the port's link
 * together, and says what the preview can show: `ready` with a link, or why
 * not. `null` when the request was aborted.
 */
export async function resolvePreviewLink(transport: SandboxTransport, req: { sandboxId: string; port: number }, signal: AbortSignal): Promise<LinkState | null> {
  const { sandboxId } = req;
  // A transport that throws instead of rejecting must not take the host app down.
  const link = settle(() => transport.getPreviewLink(req, signal));
  const info = transport.getSandbox ? settle(() => transport.getSandbox!({ sandboxId }, signal)) : Promise.resolve(null);
  const [l, i] = await Promise.allSettled([link, info]);
  if (signal.aborted) return null;
  const sandboxInfo = i.status === 'fulfilled' ? i.value : null;
  if (sandboxInfo && sandboxInfo.state !== 'running') {
    const reason = sandboxInfo.errorReason ? `: ${sandboxInfo.errorReason}` : '';
    return { status: 'unavailable', link: null, info: sandboxInfo, error: new SandboxError('unavailable', `Sandbox ${sandboxId} is ${sandboxInfo.state}${reason}`) };
  }
  if (l.status === 'rejected') {
    const error = toSandboxError(l.reason);
    if (error.code === 'aborted') return null;
    return { status: error.code === 'unsupported' ? 'unsupported' : 'error', link: null, info: sandboxInfo, error };
  }
  const resolved = l.value;
  if (!resolved || typeof resolved.url !== 'string' || !isFrameableUrl(resolved.url, { allowData: true })) {
    return { status: 'error', link: null, info: sandboxInfo, error: new SandboxError('invalid_request', 'The transport returned a preview link that is not an http(s) URL') };
  }
  return { status: 'ready', link: resolved, info: sandboxInfo, error: null };
}

/** `fn()` as a promise, whether it returns one, throws, or returns something else. */
function settle<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}
