import * as React from 'react';
import { useLatest } from '../internal/use-latest';
import { SandboxError, toSandboxError } from '../transport/errors';
import type { PreviewLink, SandboxTransport } from '../transport/types';
import type { LinkState } from './context';
import { describeSandboxState } from '../internal/sandbox-state-text';
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
      // Only IDLE itself has status `idle`: setting it again renders nothing.
      setLinkState(IDLE);
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
      settle(() => transport.getPreviewLink({ sandboxId, port }, signal))
        .then(frameable)
        .then(
          (fresh) => {
            if (signal.aborted) return;
            setRefreshFailures(0);
            setLinkState((s) => ({ ...s, status: 'ready', link: fresh, error: null }));
            callbacks.current.onRenewed(currentLink, fresh);
          },
          (reason: unknown) => {
            const error = toSandboxError(reason);
            if (signal.aborted || error.code === 'aborted') return;
            // Until the link expires, a failed (or unusable) renewal is tried again.
            if (currentLink.expiresAt! > Date.now()) setRefreshFailures((n) => n + 1);
            else setLinkState((s) => ({ ...s, status: 'error', error: new SandboxError(error.code, `The preview link expired and could not be renewed: ${error.message}`, { cause: error }) }));
          },
        );
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
  // A transport that throws instead of rejecting must not take the host app down.
  const [l, i] = await Promise.allSettled([
    settle(() => transport.getPreviewLink(req, signal)).then(frameable),
    settle(async () => transport.getSandbox?.({ sandboxId: req.sandboxId }, signal)),
  ]);
  if (signal.aborted) return null;
  const info = (i.status === 'fulfilled' && i.value) || null;
  if (info && info.state !== 'running') return { status: 'unavailable', link: null, info, error: new SandboxError('unavailable', describeSandboxState(info)) };
  if (l.status === 'fulfilled') return { status: 'ready', link: l.value, info, error: null };
  const error = toSandboxError(l.reason);
  if (error.code === 'aborted') return null;
  return { status: error.code === 'unsupported' ? 'unsupported' : 'error', link: null, info, error };
}

/** `link` if a frame may load it, else a `SandboxError`: a transport is not trusted to return one. */
function frameable(link: PreviewLink | null | undefined): PreviewLink {
  if (!link || typeof link.url !== 'string' || !isFrameableUrl(link.url, { allowData: true })) {
    throw new SandboxError('invalid_request', 'The transport returned a preview link that is not an http(s) URL');
  }
  return link;
}

/** `fn()` as a promise, whether it returns one, throws, or returns something else. */
function settle<T>(fn: () => Promise<T>): Promise<T> {
  // A throw in the executor rejects the promise.
  return new Promise<T>((resolve) => resolve(fn()));
}
