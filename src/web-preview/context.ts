import * as React from 'react';
import type { SandboxLifecycle } from '../internal/use-sandbox-lifecycle';
import { createContext, type StrictContext } from '../internal/strict-context';
import type { Emitter } from '../internal/disposables';
import type { SandboxError } from '../transport/errors';
import type { LogEntry, PreviewLink, SandboxInfo } from '../transport/types';
import type { WebPreviewLabels } from './labels';
import type { PreviewInput } from './url';

/* -------------------------------------------------------------------------------------------------
 * Types
 * -----------------------------------------------------------------------------------------------*/

/** The root's `data-status`. */
export type WebPreviewState = 'idle' | 'resolving' | 'loading' | 'ready' | 'error' | 'unsupported' | 'unavailable';

/** Why the URL changed, passed to `onUrlChange`. */
export type WebPreviewUrlChangeReason = 'navigate' | 'back' | 'forward' | 'resolve' | 'link-refresh' | 'bridge';

export type WebPreviewDeviceName = 'responsive' | 'desktop' | 'tablet' | 'mobile';

/** Viewport sizes of the device presets, portrait for tablet and mobile. */
export const WEB_PREVIEW_DEVICES: Record<WebPreviewDeviceName, { width: number; height: number } | null> = {
  responsive: null,
  desktop: { width: 1280, height: 800 },
  tablet: { width: 768, height: 1024 },
  mobile: { width: 390, height: 844 },
};

/** The result of `navigate(input)`: what the URL bar shows. */
export type WebPreviewNavigateResult = { ok: true; input: PreviewInput } | { ok: false; message: string; input: PreviewInput };

export type FrameStatus = 'loading' | 'ready' | 'error';

export interface LinkState {
  status: 'idle' | 'resolving' | 'ready' | 'error' | 'unsupported' | 'unavailable';
  link: PreviewLink | null;
  info: SandboxInfo | null;
  error: SandboxError | null;
}

export interface WebPreviewContextValue {
  state: WebPreviewState;
  error: SandboxError | null;
  /** The sandbox's lifecycle info when it was read (kept current while the sandbox is not running). */
  sandboxInfo: SandboxInfo | null;
  /** While the preview is `unavailable`: the sandbox's state and the action it calls for (Start, Restore, Check again). */
  sandbox: SandboxLifecycle;
  sandboxId: string | undefined;
  /** The port being previewed (the prop, or the last one typed in the URL bar). */
  port: number | undefined;
  /** The current preview link, when resolving through a transport. */
  link: PreviewLink | null;
  /** The page shown (or being loaded). */
  url: string | null;
  /** How the address bar shows `url`. */
  displayUrl: string;
  /** What the iframe loads; changes only on navigations the host makes. */
  frameSrc: string | null;
  /** Changes whenever the frame must load again (navigate, back, forward, reload). */
  frameKey: number;
  canGoBack: boolean;
  canGoForward: boolean;
  back(): void;
  forward(): void;
  /** Load the current page again; after a failed link or a stopped sandbox, resolve again. */
  reload(): void;
  /** Parse `input` like the URL bar does and go there; refused input changes nothing. */
  navigate(input: string): WebPreviewNavigateResult;
  /** Parts report the frame's load state here. */
  reportFrame(key: number, status: FrameStatus, error?: SandboxError): void;
  frameRef: React.MutableRefObject<HTMLIFrameElement | null>;
  /** Logs the preview bridge forwarded from the page. */
  bridgeLogs: Emitter<LogEntry[]>;
  bridgeConnected: boolean;
  device: WebPreviewDeviceName;
  setDevice(device: WebPreviewDeviceName): void;
  rotated: boolean;
  setRotated(rotated: boolean): void;
  fullscreen: boolean;
  fullscreenSupported: boolean;
  toggleFullscreen(): void;
  /** Every user-visible string, the root's `labels` over the English defaults. */
  labels: WebPreviewLabels;
}

export const [WebPreviewProvider, useWebPreviewContext]: StrictContext<WebPreviewContextValue> = /* @__PURE__ */ createContext<WebPreviewContextValue>('WebPreview');

/** The nearest `WebPreview`'s state and actions; throws outside one. */
export function useWebPreview(consumerName = 'useWebPreview'): WebPreviewContextValue {
  return useWebPreviewContext(consumerName);
}

/** The nearest `WebPreview`, or `null` (for parts that also work on their own). */
export function useOptionalWebPreview(): WebPreviewContextValue | null {
  return useWebPreviewContext('useOptionalWebPreview', { optional: true }) ?? null;
}

