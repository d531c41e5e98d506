import * as React from 'react';
import { composeEventHandlers } from '../internal/compose-event-handlers';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { useLatest } from '../internal/use-latest';
import { formatLabel } from '../internal/labels';
import { slotChildren, slotOr, type AsChildProps } from '../internal/slot';
import { SandboxError } from '../transport/errors';
import { useWebPreview, WEB_PREVIEW_DEVICES, type WebPreviewContextValue, type WebPreviewDeviceName } from './context';
import { resolveSandboxAttribute } from './sandbox-attribute';

/* -------------------------------------------------------------------------------------------------
 * WebPreviewBody
 * -----------------------------------------------------------------------------------------------*/

export interface WebPreviewBodyProps extends Omit<React.ComponentPropsWithoutRef<'iframe'>, 'src' | 'sandbox' | 'loading'> {
  /**
   * The iframe `sandbox` attribute. By default scripts, forms, popups, modals
   * and downloads are allowed, and `allow-same-origin` only for a preview on
   * another origin than the host page. A value given here is used as is.
   * @default computed (see docs)
   */
  sandbox?: string;
  /** Permissions Policy delegated to the frame. @default undefined (none) */
  allow?: string;
  /** @default 'no-referrer' */
  referrerPolicy?: React.IframeHTMLAttributes<HTMLIFrameElement>['referrerPolicy'];
  /** After this long without a `load` event the body shows a timeout error with Retry. @default 15000 */
  loadTimeoutMs?: number;
  /** Shown while the link resolves or the page loads (replaces the iframe's native `loading` attribute, which previews never want lazy). @default a status line */
  loading?: React.ReactNode;
  /** Renders the error, unavailable and unsupported states; gets the context (call `reload()` to retry). @default a message with a Retry button */
  renderStatus?: (ctx: WebPreviewContextValue) => React.ReactNode;
  /** The frame's accessible name. @default labels.frameTitle ('Preview of sandbox <id>, port <port>' or 'Web preview') */
  title?: string;
  /** Props for the wrapper that holds the viewport and status overlays. @default undefined */
  containerProps?: React.ComponentPropsWithoutRef<'div'> & { 'data-testid'?: string };
}

/**
 * The preview frame. `ref` and unknown props go to the `<iframe>` (hosts
 * need its `contentWindow`); the wrapper carries `data-status` and the device
 * viewport.
 */
export const WebPreviewBody = /* @__PURE__ */ React.forwardRef<HTMLIFrameElement, WebPreviewBodyProps>(function WebPreviewBody(
  { sandbox, allow, referrerPolicy = 'no-referrer', loadTimeoutMs = 15_000, loading, renderStatus, containerProps, className, title, onLoad, ...rest },
  forwardedRef,
) {
  const ctx = useWebPreview('WebPreviewBody');
  const { frameKey, frameSrc, reportFrame, state } = ctx;
  const ref = useComposedRefs(forwardedRef, ctx.frameRef);
  const timeoutRef = useLatest(loadTimeoutMs);
  const labels = ctx.labels;
  const labelsRef = useLatest(labels);

  // Each new load gets its own timeout; a `load` of the same frame disarms it.
  const loadedRef = React.useRef(-1);
  React.useEffect(() => {
    if (frameSrc === null) return;
    const ms = timeoutRef.current;
    if (!(ms > 0) || !Number.isFinite(ms)) return;
    const timer = setTimeout(() => {
      if (loadedRef.current === frameKey) return;
      reportFrame(frameKey, 'error', new SandboxError('timeout', formatLabel(labelsRef.current.loadTimeout, Math.round(ms / 1000))));
    }, ms);
    return () => clearTimeout(timer);
  }, [frameKey, frameSrc, reportFrame, timeoutRef, labelsRef]);

  const handleLoad = composeEventHandlers(onLoad, () => {
    loadedRef.current = frameKey;
    reportFrame(frameKey, 'ready');
  });

  // The host origin is only known in a browser; the frame is only rendered there.
  const hostOrigin = typeof window === 'undefined' ? null : window.location.origin;
  const sandboxAttr = resolveSandboxAttribute(frameSrc, hostOrigin, sandbox);
  const size = WEB_PREVIEW_DEVICES[ctx.device];
  const viewport = size ? (ctx.rotated ? { width: size.height, height: size.width } : size) : null;
  const linkFailed = state === 'error' && ctx.link === null && ctx.port !== undefined;
  const hideFrame = state === 'unavailable' || state === 'unsupported' || linkFailed;
  const defaultTitle = formatLabel(labels.frameTitle, { sandboxId: ctx.sandboxId, port: ctx.port });

  let overlay: React.ReactNode = null;
  if (state === 'resolving' || state === 'loading') {
    overlay = (
      <div role="status" data-se-part="web-preview-loading" data-status={state}>
        {loading ?? (state === 'resolving' ? labels.resolving : labels.loading)}
      </div>
    );
  } else if (state === 'error' || state === 'unavailable' || state === 'unsupported') {
    overlay = (
      <div role="alert" data-se-part="web-preview-status" data-status={state}>
        {renderStatus ? renderStatus(ctx) : <DefaultStatus ctx={ctx} />}
      </div>
    );
  } else if (state === 'idle') {
    overlay = (
      <div data-se-part="web-preview-empty" data-status={state}>
        {labels.empty}
      </div>
    );
  }

  return (
    <div
      data-se-part="web-preview-body"
      data-status={state}
      data-device={ctx.device}
      data-rotated={ctx.rotated ? '' : undefined}
      {...containerProps}
    >
      <div
        data-se-part="web-preview-viewport"
        data-device={ctx.device}
        style={viewport ? { width: viewport.width, height: viewport.height, maxWidth: 'none', flex: 'none' } : undefined}
      >
        {frameSrc !== null ? (
          <iframe
            key={frameKey}
            title={title ?? defaultTitle}
            src={frameSrc}
            sandbox={sandboxAttr.value}
            allow={allow}
            referrerPolicy={referrerPolicy}
            data-se-part="web-preview-frame"
            data-status={state}
            data-sandbox-unsafe={sandboxAttr.unsafe ? '' : undefined}
            hidden={hideFrame}
            {...rest}
            ref={ref}
            className={className}
            onLoad={handleLoad}
          />
        ) : null}
      </div>
      {overlay}
    </div>
  );
});

function DefaultStatus({ ctx }: { ctx: WebPreviewContextValue }): React.ReactNode {
  const info = ctx.sandboxInfo;
  const { labels } = ctx;
  if (ctx.state === 'unavailable' && info) {
    // Start (stopped), Restore (archived), Check again (error, unknown); nothing while a transition runs (the root reads again by itself).
    const { action, error, run } = ctx.sandbox;
    return (
      <>
        <p data-se-part="web-preview-status-message">{error ? error.message : formatLabel(labels.sandboxUnavailable, info)}</p>
        {action ? (
          <button type="button" data-se-part="web-preview-sandbox-action" data-action={action} onClick={run}>
            {action === 'start' ? labels.startSandbox : action === 'restore' ? labels.restoreSandbox : labels.checkAgain}
          </button>
        ) : null}
      </>
    );
  }
  if (ctx.state === 'unsupported') {
    return <p data-se-part="web-preview-status-message">{ctx.error?.message ?? labels.unsupported}</p>;
  }
  return (
    <>
      <p data-se-part="web-preview-status-message">{ctx.error?.message ?? labels.failed}</p>
      <WebPreviewRetryButton />
    </>
  );
}

/* -------------------------------------------------------------------------------------------------
 * WebPreviewRetryButton
 * -----------------------------------------------------------------------------------------------*/

export interface WebPreviewRetryButtonProps extends React.ComponentPropsWithoutRef<'button'>, AsChildProps {}

/**
 * Loads again after an error (resolving the link anew); the default status
 * shows it. Use it in your own `renderStatus`, or `asChild` to render your
 * own button. Its text is `labels.retry` ('Retry') unless given children.
 */
export const WebPreviewRetryButton = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, WebPreviewRetryButtonProps>(function WebPreviewRetryButton(
  { asChild, className, onClick, children, ...rest },
  ref,
) {
  const ctx = useWebPreview('WebPreviewRetryButton');
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp type="button" data-se-part="web-preview-retry-button" {...rest} ref={ref} className={className} onClick={composeEventHandlers(onClick, () => ctx.reload())}>
      {slotChildren(asChild, children, ctx.labels.retry)}
    </Comp>
  );
});

/* -------------------------------------------------------------------------------------------------
 * WebPreviewDevice
 * -----------------------------------------------------------------------------------------------*/

export interface WebPreviewDeviceProps extends React.ComponentPropsWithoutRef<'div'> {
  /** Presets offered, in order. @default ['responsive', 'desktop', 'tablet', 'mobile'] */
  devices?: WebPreviewDeviceName[];
  /** Show the rotate toggle. @default true */
  rotate?: boolean;
  /** Show the fullscreen toggle (only where the Fullscreen API is available). @default true */
  fullscreen?: boolean;
  /** Accessible name of the group. @default labels.device ('Device') */
  'aria-label'?: string;
}

/** Device presets (toggle buttons with `aria-pressed`), rotate and fullscreen. */
export const WebPreviewDevice = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebPreviewDeviceProps>(function WebPreviewDevice(
  { devices = ['responsive', 'desktop', 'tablet', 'mobile'], rotate = true, fullscreen = true, 'aria-label': ariaLabel, className, children, ...rest },
  ref,
) {
  const ctx = useWebPreview('WebPreviewDevice');
  const label = ariaLabel ?? ctx.labels.device;
  return (
    <div role="group" aria-label={label} data-se-part="web-preview-device" data-device={ctx.device} data-rotated={ctx.rotated ? '' : undefined} {...rest} ref={ref} className={className}>
      {children ?? (
        <>
          {devices.map((d) => (
            <button
              key={d}
              type="button"
              aria-pressed={ctx.device === d}
              data-se-part="web-preview-device-option"
              data-device={d}
              data-state={ctx.device === d ? 'on' : 'off'}
              onClick={() => ctx.setDevice(d)}
            >
              {ctx.labels.deviceName(d)}
            </button>
          ))}
          {rotate ? (
            <button
              type="button"
              aria-pressed={ctx.rotated}
              disabled={ctx.device === 'responsive'}
              data-se-part="web-preview-rotate-button"
              data-state={ctx.rotated ? 'on' : 'off'}
              onClick={() => ctx.setRotated(!ctx.rotated)}
            >
              {ctx.labels.rotate}
            </button>
          ) : null}
          {fullscreen ? <WebPreviewFullscreenButton /> : null}
        </>
      )}
    </div>
  );
});

export interface WebPreviewFullscreenButtonProps extends React.ComponentPropsWithoutRef<'button'>, AsChildProps {}

/** Toggles fullscreen on the `WebPreview` root (Fullscreen API); disabled where unsupported. */
export const WebPreviewFullscreenButton = /* @__PURE__ */ React.forwardRef<HTMLButtonElement, WebPreviewFullscreenButtonProps>(function WebPreviewFullscreenButton(
  { asChild, className, onClick, children, disabled, ...rest },
  ref,
) {
  const ctx = useWebPreview('WebPreviewFullscreenButton');
  const off = disabled ?? !ctx.fullscreenSupported;
  const Comp = slotOr(asChild, 'button');
  return (
    <Comp
      type="button"
      aria-pressed={ctx.fullscreen}
      disabled={off}
      data-se-part="web-preview-fullscreen-button"
      data-state={ctx.fullscreen ? 'on' : 'off'}
      data-disabled={off ? '' : undefined}
      {...rest}
      ref={ref}
      className={className}
      onClick={composeEventHandlers(onClick, () => {
        if (!off) ctx.toggleFullscreen();
      })}
    >
      {slotChildren(asChild, children, ctx.fullscreen ? ctx.labels.exitFullscreen : ctx.labels.fullscreen)}
    </Comp>
  );
});
