import * as React from 'react';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { useControllableState } from '../internal/use-controllable-state';
import { useLatest } from '../internal/use-latest';
import { formatLabel, useMergedLabels } from '../internal/labels';
import { SandboxError } from '../transport/errors';
import { useOptionalSandboxTransport, useSandboxId } from '../transport/provider';
import type { BridgeMessage } from './bridge-protocol';
import { WebPreviewProvider, type WebPreviewContextValue, type WebPreviewDeviceName, type WebPreviewNavigateResult, type WebPreviewState, type WebPreviewUrlChangeReason } from './context';
import { WebPreviewBody } from './body';
import { WebPreviewNavigation } from './navigation';
import { WebPreviewUrl } from './url-bar';
import { defaultWebPreviewLabels, type WebPreviewLabels } from './labels';
import { displayPreviewUrl, joinPreviewPath, parsePreviewInput, resolvePreviewPath } from './url';
import { useFullscreen } from './use-fullscreen';
import { usePreviewBridge } from './use-preview-bridge';
import { usePreviewHistory } from './use-preview-history';
import { useSandboxLifecycle } from '../internal/use-sandbox-lifecycle';
import { usePreviewLink } from './use-preview-link';

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
  const rootRef = React.useRef<HTMLDivElement | null>(null);
  const frameRef = React.useRef<HTMLIFrameElement | null>(null);

  // The port follows the prop, and the URL bar may switch it.
  const [portState, setPortState] = React.useState({ prop: portProp, value: portProp });
  if (portState.prop !== portProp) setPortState({ prop: portProp, value: portProp });
  const port = portState.prop !== portProp ? portProp : portState.value;
  const sandboxMode = transport !== null && sandboxId !== undefined && port !== undefined;
  const wantsSandbox = port !== undefined && (transport === null || sandboxId === undefined);

  const switchPort = (next: number) => setPortState((s) => ({ ...s, value: next }));
  const nav = usePreviewHistory({ url: urlProp, defaultUrl, onUrlChange, allowDataUrl: sandboxMode, port, onPortChange: switchPort });
  const { url, history, frame, commit, expectLink, reloadFrame, back, forward } = nav;
  const { linkState, retry: retryLink } = usePreviewLink({
    transport: sandboxMode ? transport : null,
    sandboxId,
    port,
    refreshMarginMs,
    onResolved: nav.showLink,
    onRenewed: (old, fresh) => nav.rebase(old, fresh, reloadOnLinkRefresh),
  });
  // A sandbox that is not running: its state kept current, and Start / Restore / Check again (#18).
  const sandbox = useSandboxLifecycle(transport, sandboxId, { enabled: sandboxMode && linkState.status === 'unavailable', initial: linkState.info, onRunning: retryLink });
  const sandboxInfo = linkState.status === 'unavailable' ? (sandbox.info ?? linkState.info) : linkState.info;
  const { bridgeLogs, bridgeKey } = usePreviewBridge({ enabled: bridge, frameRef, frame, url, onMessage: onBridgeMessage, onNavigate: nav.observe });
  const { fullscreen, fullscreenSupported, toggleFullscreen } = useFullscreen(rootRef);

  /* ---- navigation --------------------------------------------------------------------------- */
  const urlRef = useLatest(url);
  const linkRef = useLatest(linkState);
  const navigate = React.useCallback(
    (input: string): WebPreviewNavigateResult => {
      const parsed = parsePreviewInput(input);
      const refuse = (message: string): WebPreviewNavigateResult => ({ ok: false, message, input: parsed });
      const accept = (target?: string): WebPreviewNavigateResult => {
        if (target !== undefined) commit(target, 'navigate', { history: 'push', frame: true });
        return { ok: true, input: parsed };
      };
      if (parsed.kind === 'invalid') return refuse(parsed.message);
      const { link, status } = linkRef.current;
      if (parsed.kind === 'url') return accept(parsed.url);
      if (parsed.kind === 'port') {
        if (transport === null || sandboxId === undefined) return accept(new URL(parsed.path, `http://localhost:${parsed.port}`).href);
        if (parsed.port === port && link && status === 'ready') return accept(joinPreviewPath(link.url, parsed.path));
        // Another port, or this one not resolved: the next link opens the path.
        expectLink(parsed.path);
        if (parsed.port === port) retryLink();
        else switchPort(parsed.port);
        return accept();
      }
      // A path: on the sandbox link, else on the page shown.
      const target = resolvePreviewPath(parsed.path, { current: urlRef.current, linkUrl: sandboxMode ? link?.url : null });
      return target === null ? refuse('There is no page to open this path on yet; type a full URL or a port.') : accept(target);
    },
    [commit, expectLink, linkRef, port, retryLink, sandboxId, sandboxMode, transport, urlRef],
  );

  const reload = React.useCallback(() => {
    const ls = linkRef.current.status;
    if (ls === 'error' || ls === 'unsupported' || ls === 'unavailable') {
      expectLink(null);
      retryLink();
      return;
    }
    reloadFrame();
  }, [expectLink, linkRef, reloadFrame, retryLink]);

  /* ---- device ------------------------------------------------------------------------------- */
  const [device, setDeviceState] = useControllableState<WebPreviewDeviceName, { reason: 'select' }>({
    prop: deviceProp,
    defaultProp: defaultDevice,
    onChange: onDeviceChange,
    caller: 'WebPreview',
  });
  const setDevice = React.useCallback((d: WebPreviewDeviceName) => setDeviceState(d, { reason: 'select' }), [setDeviceState]);
  const [rotated, setRotated] = React.useState(false);

  /* ---- derived state ------------------------------------------------------------------------ */
  const { frameStatus, refusedUrl } = nav;
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

  const onStateChangeRef = useLatest(onStateChange);
  React.useEffect(() => {
    onStateChangeRef.current?.(state, { error });
    // Only a new state is news; the error object follows it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state]);

  const displayUrl = url === null ? '' : displayPreviewUrl(url, { linkUrl: linkState.link?.url, port });
  const bridgeConnected = bridgeKey === frame.key;

  // The provider memoises the value over its fields (src/internal/strict-context.ts), so no dependency list here.
  const value: WebPreviewContextValue = {
    state,
    error,
    sandboxInfo,
    sandbox,
    sandboxId,
    port,
    link: linkState.link,
    url,
    displayUrl,
    frameSrc: frame.src,
    frameKey: frame.key,
    canGoBack: history.index > 0,
    // The index is -1 only while there are no entries.
    canGoForward: history.index < history.entries.length - 1,
    back,
    forward,
    reload,
    navigate,
    reportFrame: nav.reportFrame,
    frameRef,
    bridgeLogs,
    bridgeConnected,
    device,
    setDevice,
    rotated,
    setRotated,
    fullscreen,
    fullscreenSupported,
    toggleFullscreen,
    labels,
  };

  const composedRef = useComposedRefs(rootRef, forwardedRef);

  return (
    <WebPreviewProvider {...value}>
      <div
        data-se-part="web-preview"
        data-status={state}
        data-device={device}
        data-rotated={rotated ? '' : undefined}
        data-fullscreen={fullscreen ? '' : undefined}
        data-bridge={bridgeConnected ? '' : undefined}
        data-sandbox-state={sandboxInfo?.state}
        {...rest}
        ref={composedRef}
        className={className}
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
