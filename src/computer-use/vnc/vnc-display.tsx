import type RFB from '@novnc/novnc';
import * as React from 'react';
import { useComposedRefs } from '@radix-ui/react-compose-refs';
import { useLatest } from '../../internal/use-latest';
import { useSandboxLifecycle } from '../../internal/use-sandbox-lifecycle';
import { formatLabel, useMergedLabels } from '../../internal/labels';
import { SandboxError, throwIfAborted, toSandboxError } from '../../transport/errors';
import { useOptionalSandboxTransport, useSandboxId } from '../../transport/provider';
import type { PreviewLink } from '../../transport/types';
import { useComputerUseContext } from '../context';
import { defaultComputerUseLabels, type ComputerUseLabels } from '../labels';
import { SandboxStatus } from '../sandbox-status';
import { keyEventsFor } from './keysyms';
import { retryDelay } from '../../transport/retry';
import { toVncWebSocketUrl } from './link';

/** What the VNC display shows, in `data-status`. */
export type ComputerUseVncState = 'connecting' | 'live' | 'reconnecting' | 'credentials' | 'error' | 'unsupported';

export interface VncCredentials {
  username?: string;
  password?: string;
  target?: string;
}

export interface VncDisconnectDetails {
  /** `true` when the server or we ended the session on purpose. */
  clean: boolean;
  /** Whether another attempt is scheduled. */
  willReconnect: boolean;
}

export interface ComputerUseVncDisplayProps extends Omit<React.HTMLAttributes<HTMLDivElement>, 'onError'> {
  /** The sandbox; falls back to the ComputerUse or Sandbox provider's. @default undefined */
  sandboxId?: string;
  /** A ws(s):// (or http(s)://) URL to connect to instead of resolving a preview link. @default undefined */
  url?: string;
  /** Sandbox port of the noVNC websockify endpoint. @default 6080 */
  port?: number;
  /** Path of the WebSocket on that port. @default 'websockify' */
  path?: string;
  /** Send no input. Inside a ComputerUseProvider it follows the provider (view mode or agent in control). @default false */
  viewOnly?: boolean;
  /** Scale the remote screen to fit the element (applied live). @default true */
  scaleViewport?: boolean;
  /** Ask the server to resize the remote session to the element (applied live). @default false */
  resizeSession?: boolean;
  /** JPEG quality 0–9 (applied live). @default 6 */
  qualityLevel?: number;
  /** Compression level 0–9 (applied live). @default 2 */
  compressionLevel?: number;
  /** Show a dot when the server sends no cursor (applied live). @default false */
  showDotCursor?: boolean;
  /** Focus the remote screen when clicked. It never takes focus by itself. @default true */
  focusOnClick?: boolean;
  /** Credentials sent when the server asks for them. @default undefined */
  credentials?: VncCredentials;
  /** Text pushed to the remote clipboard whenever it changes. @default undefined */
  clipboardText?: string;
  /** First reconnect delay, ms; doubles each attempt (with jitter). @default 500 */
  reconnectDelayMs?: number;
  /** Longest reconnect delay, ms. @default 15000 */
  maxReconnectDelayMs?: number;
  /** Attempts before giving up with `error`; `Infinity` never gives up. @default Infinity */
  maxReconnectAttempts?: number;
  /** Inside a ComputerUseProvider, carry its keyboard actions (type, press, hotkey) over this connection while it is up. @default true */
  driveKeyboard?: boolean;
  /** Accessible name. @default labels.vncDisplay ('Sandbox desktop (VNC)') */
  label?: string;
  /** Strings of this display, over the enclosing `ComputerUseProvider`'s `labels` (or the English defaults). @default the provider's labels */
  labels?: Partial<ComputerUseLabels>;
  /** The session is up. @default undefined */
  onConnect?: () => void;
  /** The session ended. @default undefined */
  onDisconnect?: (details: VncDisconnectDetails) => void;
  /** The server asks for credentials the `credentials` prop did not have. @default undefined */
  onCredentialsRequired?: (types: string[]) => void;
  /** The remote clipboard changed. @default undefined */
  onClipboard?: (text: string) => void;
  /** Resolving the link or the security handshake failed. @default undefined */
  onError?: (error: SandboxError) => void;
}

type RfbConstructor = typeof RFB;
let rfbModule: Promise<RfbConstructor> | undefined;
/** noVNC loads once, on first use, never at import (it touches `window` and uses top-level await). */
function loadRfb(): Promise<RfbConstructor> {
  rfbModule ??= import('@novnc/novnc').then((m: { default: RfbConstructor }) => m.default);
  rfbModule.catch(() => {
    rfbModule = undefined;
  });
  return rfbModule;
}

/** Links are re-resolved this long before they expire. */
const EXPIRY_MARGIN_MS = 5_000;

/**
 * The sandbox desktop over VNC (noVNC's RFB): connects to the sandbox's
 * websockify endpoint resolved through the transport, applies every setting
 * live, reconnects with exponential backoff (re-resolving an expired link) and
 * shares mode and control with a surrounding `ComputerUseProvider`.
 */
export const ComputerUseVncDisplay = /* @__PURE__ */ React.forwardRef<HTMLDivElement, ComputerUseVncDisplayProps>(function ComputerUseVncDisplay(props, forwardedRef) {
  const {
    sandboxId: ownSandboxId,
    url,
    port = 6080,
    path = 'websockify',
    viewOnly: viewOnlyProp,
    scaleViewport = true,
    resizeSession = false,
    qualityLevel = 6,
    compressionLevel = 2,
    showDotCursor = false,
    focusOnClick = true,
    credentials,
    clipboardText,
    reconnectDelayMs = 500,
    maxReconnectDelayMs = 15_000,
    maxReconnectAttempts = Infinity,
    driveKeyboard = true,
    label: labelProp,
    labels: labelsProp,
    onConnect,
    onDisconnect,
    onCredentialsRequired,
    onClipboard,
    onError,
    className,
    children,
    ...rest
  } = props;
  const computerUse = useComputerUseContext('ComputerUseVncDisplay', { optional: true });
  const labels = useMergedLabels(computerUse?.labels ?? defaultComputerUseLabels, labelsProp);
  const label = labelProp ?? labels.vncDisplay;
  const transport = useOptionalSandboxTransport();
  const sandboxId = useSandboxId(ownSandboxId ?? computerUse?.sandboxId);
  const viewOnly = viewOnlyProp ?? (computerUse ? computerUse.control === 'agent' || computerUse.mode === 'view' : false);

  const rootRef = React.useRef<HTMLDivElement>(null);
  const ref = useComposedRefs(forwardedRef, rootRef);
  const screenRef = React.useRef<HTMLDivElement>(null);
  const rfbRef = React.useRef<RFB | null>(null);
  const [status, setStatus] = React.useState<{ state: ComputerUseVncState; error?: SandboxError; attempt?: number }>({ state: 'connecting' });
  const [session, setSession] = React.useState(0);

  const settings = { viewOnly, scaleViewport, resizeSession, qualityLevel, compressionLevel, showDotCursor, focusOnClick };
  const settingsRef = useLatest(settings);
  const callbacksRef = useLatest({ onConnect, onDisconnect, onCredentialsRequired, onClipboard, onError, credentials });
  const retryRef = useLatest({ reconnectDelayMs, maxReconnectDelayMs, maxReconnectAttempts });

  // A link refused as `unavailable` may mean the sandbox is not running: from then on its state is
  // read (and kept current while a transition runs), the status offers Start / Restore / Check
  // again, and the connection loop waits while the sandbox is known to be down; it connects once
  // the sandbox runs (#18).
  const refused = !url && status.error?.code === 'unavailable' && status.state !== 'live';
  const sandbox = useSandboxLifecycle(transport, sandboxId, { watchFrom: refused, onRunning: () => setSession((n) => n + 1) });
  const down = sandbox.info !== null && sandbox.info.state !== 'running';
  const sandboxDown = down && status.state !== 'live';

  // ── Connection: resolve → load noVNC → connect → on loss, back off and go again ──
  React.useEffect(() => {
    // Nothing to reach while the sandbox is stopped, archived or on its way: Start / Restore, or the
    // sandbox running by itself, brings the connection back (`onRunning`).
    if (down) return;
    if (!url && (!transport || !sandboxId)) {
      setStatus({ state: 'unsupported', error: new SandboxError('invalid_request', 'ComputerUseVncDisplay needs a url, or a transport and a sandboxId') });
      return;
    }
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let link: PreviewLink | null = null;
    let everConnected = false;
    let linkFailed = false;
    const controller = new AbortController();
    let current: RFB | null = null;
    let detach: (() => void) | null = null;

    const fail = (error: SandboxError, retry: boolean) => {
      callbacksRef.current.onError?.(error);
      if (retry) scheduleReconnect(error);
      else setStatus({ state: 'error', error });
    };

    const scheduleReconnect = (error?: SandboxError) => {
      if (disposed) return;
      attempt++;
      const { reconnectDelayMs: initial, maxReconnectDelayMs: max, maxReconnectAttempts: limit } = retryRef.current;
      // A lost connection (no error of its own) counts as `network`.
      const delay = retryDelay(error ?? new SandboxError('network', 'Lost the VNC connection'), attempt, { initialDelayMs: initial, maxDelayMs: max });
      if (attempt > limit || delay === null) {
        setStatus({ state: 'error', error: error ?? new SandboxError('unavailable', 'The VNC server stopped answering') });
        return;
      }
      setStatus({ state: 'reconnecting', attempt, ...(error ? { error } : {}) });
      timer = setTimeout(() => void connect(), delay);
    };

    const toWs = (raw: string, p: string) => {
      try {
        return toVncWebSocketUrl(raw, p);
      } catch (error) {
        throw new SandboxError('invalid_request', `Not a VNC URL: ${redact(raw)} (${(error as Error).message})`, { cause: error });
      }
    };
    const resolveUrl = async (): Promise<string> => {
      if (url) return toWs(url, /^wss?:/.test(url) ? '' : path);
      const expired = link?.expiresAt !== undefined && link.expiresAt - EXPIRY_MARGIN_MS <= Date.now();
      // A link that never led to a session may have been revoked: ask again.
      if (!link || expired || linkFailed) link = await transport!.getPreviewLink({ sandboxId: sandboxId!, port }, controller.signal);
      linkFailed = false;
      return toWs(link.url, path);
    };

    async function connect(): Promise<void> {
      if (disposed) return;
      let wsUrl: string;
      let Rfb: RfbConstructor;
      try {
        wsUrl = await resolveUrl();
        Rfb = await loadRfb();
      } catch (error) {
        if (disposed) return;
        // Only what the retry policy calls retryable is tried again (see transport/retry).
        return fail(toSandboxError(error), true);
      }
      const target = screenRef.current;
      if (disposed || !target) return;
      let rfb: RFB;
      try {
        const creds = callbacksRef.current.credentials;
        rfb = new Rfb(target, wsUrl, { shared: true, ...(creds ? { credentials: creds } : {}) });
      } catch (error) {
        return fail(new SandboxError('invalid_request', `Cannot connect to ${wsUrl}: ${(error as Error).message}`, { cause: error }), false);
      }
      current = rfb;
      rfbRef.current = rfb;
      applySettings(rfb, settingsRef.current);
      let connected = false;
      let securityError: SandboxError | null = null;
      const listeners: Array<[string, EventListener]> = [
        [
          'connect',
          () => {
            connected = true;
            everConnected = true;
            attempt = 0;
            setStatus({ state: 'live' });
            callbacksRef.current.onConnect?.();
          },
        ],
        [
          'disconnect',
          (event) => {
            const clean = Boolean((event as CustomEvent<{ clean: boolean }>).detail?.clean);
            detach?.();
            if (rfbRef.current === rfb) rfbRef.current = null;
            current = null;
            if (disposed) return;
            if (securityError) {
              callbacksRef.current.onDisconnect?.({ clean, willReconnect: false });
              setStatus({ state: 'error', error: securityError });
              return;
            }
            if (!connected) linkFailed = true;
            callbacksRef.current.onDisconnect?.({ clean, willReconnect: true });
            scheduleReconnect(connected ? undefined : new SandboxError('network', everConnected ? 'Lost the VNC connection' : `Could not reach the VNC server at ${redact(wsUrl)}`));
          },
        ],
        [
          'credentialsrequired',
          (event) => {
            const types = (event as CustomEvent<{ types: string[] }>).detail?.types ?? ['password'];
            const creds = callbacksRef.current.credentials;
            if (creds && types.every((t) => t in creds)) {
              rfb.sendCredentials(creds);
              return;
            }
            setStatus({ state: 'credentials' });
            callbacksRef.current.onCredentialsRequired?.(types);
          },
        ],
        [
          'securityfailure',
          (event) => {
            const reason = (event as CustomEvent<{ status: number; reason?: string }>).detail?.reason;
            // Wrong credentials do not get better by retrying: the disconnect that follows ends in `error`.
            securityError = new SandboxError('unauthorized', reason ? `VNC security failure: ${reason}` : 'VNC security failure');
            callbacksRef.current.onError?.(securityError);
          },
        ],
        ['clipboard', (event) => callbacksRef.current.onClipboard?.((event as CustomEvent<{ text: string }>).detail.text)],
      ];
      for (const [name, listener] of listeners) rfb.addEventListener(name, listener);
      detach = () => {
        for (const [name, listener] of listeners) rfb.removeEventListener(name, listener);
        detach = null;
      };
    }

    setStatus({ state: 'connecting' });
    void connect();
    return () => {
      disposed = true;
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
      detach?.();
      if (current) {
        try {
          current.disconnect();
        } catch {
          // Already closed.
        }
      }
      if (rfbRef.current === current) rfbRef.current = null;
      current = null;
    };
  }, [transport, sandboxId, url, port, path, session, down, callbacksRef, retryRef, settingsRef]);

  // ── Live settings: every change reaches the open session, no reconnect ──
  React.useEffect(() => {
    const rfb = rfbRef.current;
    if (rfb) applySettings(rfb, { viewOnly, scaleViewport, resizeSession, qualityLevel, compressionLevel, showDotCursor, focusOnClick });
  }, [viewOnly, scaleViewport, resizeSession, qualityLevel, compressionLevel, showDotCursor, focusOnClick, status.state]);

  // Keyboard actions from the provider (ComputerUseActions, helpers) go over this connection while it is live.
  const registerDriver = computerUse?.registerDriver;
  const live = status.state === 'live';
  React.useEffect(() => {
    if (!registerDriver || !live || !driveKeyboard) return;
    const registration = registerDriver({
      handles: (action) => action.type === 'type' || action.type === 'press' || action.type === 'hotkey',
      async perform(action, signal) {
        if (action.type !== 'type' && action.type !== 'press' && action.type !== 'hotkey') return;
        const groups = keyEventsFor(action);
        const delay = action.type === 'type' ? (action.delayMs ?? 0) : 0;
        for (let i = 0; i < groups.length; i++) {
          throwIfAborted(signal);
          const rfb = rfbRef.current;
          if (!rfb) throw new SandboxError('unavailable', 'The VNC connection closed while typing');
          for (const [keysym, down] of groups[i]!) rfb.sendKey(keysym, null, down);
          if (delay > 0 && i < groups.length - 1) await new Promise((r) => setTimeout(r, delay));
        }
      },
    });
    return () => registration.dispose();
  }, [registerDriver, live, driveKeyboard]);

  React.useEffect(() => {
    if (clipboardText !== undefined && status.state === 'live') rfbRef.current?.clipboardPasteFrom(clipboardText);
  }, [clipboardText, status.state]);

  // Credentials given after the server asked: send them now.
  React.useEffect(() => {
    if (status.state === 'credentials' && credentials) rfbRef.current?.sendCredentials(credentials);
  }, [status.state, credentials]);

  return (
    <div
      role="application"
      aria-roledescription="remote desktop"
      aria-label={label}
      data-se-part="computer-use-vnc"
      data-status={status.state}
      data-sandbox-state={sandbox.info?.state}
      data-view-only={viewOnly ? '' : undefined}
      data-mode={computerUse?.mode}
      data-control={computerUse?.control}
      {...rest}
      ref={ref}
      className={className}
    >
      {/* noVNC owns this element's children; React never renders into it. */}
      <div ref={screenRef} data-se-part="computer-use-vnc-screen" style={{ width: '100%', height: '100%' }} />
      {sandboxDown ? (
        <SandboxStatus sandbox={sandbox} labels={labels} />
      ) : status.state !== 'live' ? (
        <div data-se-part="computer-use-status" data-status={status.state} role={status.state === 'error' ? 'alert' : 'status'}>
          <span data-se-part="computer-use-status-text">
            {status.state === 'reconnecting' ? formatLabel(labels.vncReconnecting, status.attempt) : labels[VNC_STATUS_LABEL[status.state]]}
            {status.state !== 'connecting' && status.error ? ` ${status.error.message}` : null}
          </span>
          {status.state === 'error' || status.state === 'reconnecting' ? (
            <button type="button" data-se-part="computer-use-retry" onClick={() => setSession((n) => n + 1)}>
              {labels.vncRetryNow}
            </button>
          ) : null}
        </div>
      ) : null}
      {computerUse && computerUse.control === 'agent' ? (
        <button
          type="button"
          data-se-part="computer-use-take-control"
          onClick={(event) => computerUse.setControl('user', { reason: 'take-control', event })}
        >
          {labels.takeControl}
        </button>
      ) : null}
      {children}
    </div>
  );
});

const VNC_STATUS_LABEL = {
  connecting: 'connecting',
  credentials: 'vncCredentials',
  error: 'vncError',
  unsupported: 'vncUnsupported',
} as const satisfies Record<Exclude<ComputerUseVncState, 'live' | 'reconnecting'>, keyof ComputerUseLabels>;

function applySettings(
  rfb: RFB,
  s: { viewOnly: boolean; scaleViewport: boolean; resizeSession: boolean; qualityLevel: number; compressionLevel: number; showDotCursor: boolean; focusOnClick: boolean },
): void {
  rfb.viewOnly = s.viewOnly;
  rfb.scaleViewport = s.scaleViewport;
  rfb.resizeSession = s.resizeSession;
  rfb.qualityLevel = clampLevel(s.qualityLevel);
  rfb.compressionLevel = clampLevel(s.compressionLevel);
  rfb.showDotCursor = s.showDotCursor;
  rfb.focusOnClick = s.focusOnClick;
}

function clampLevel(n: number): number {
  return Math.min(9, Math.max(0, Math.round(Number.isFinite(n) ? n : 0)));
}

/** Strip query strings (signed tokens) from URLs shown in messages. */
function redact(url: string): string {
  return url.replace(/\?.*$/, '');
}

