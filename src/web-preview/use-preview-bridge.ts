import * as React from 'react';
import { Emitter } from '../internal/disposables';
import { nextFrame } from '../internal/next-frame';
import { useLatest } from '../internal/use-latest';
import type { LogEntry } from '../transport/types';
import { isFromPreviewFrame, parseBridgeMessage, resolveBridgeNavigation, type BridgeMessage } from './bridge-protocol';
import { frameOrigin } from './url';

/* -------------------------------------------------------------------------------------------------
 * usePreviewBridge: messages the page in the frame posts (navigations and console)
 * -----------------------------------------------------------------------------------------------*/

export interface UsePreviewBridgeParams {
  /** Listen at all. */
  enabled: boolean;
  frameRef: React.RefObject<HTMLIFrameElement | null>;
  /** What the frame loads and its key (only messages from that frame count). */
  frame: { src: string | null; key: number };
  /** The page shown, which relative navigations resolve against. */
  url: string | null;
  /** Every valid message. Read through a ref. */
  onMessage: ((message: BridgeMessage) => void) | undefined;
  /** The page navigated by itself; `replace` when it replaced its entry (or landed after a redirect). Read through a ref. */
  onNavigate(target: string, replace: boolean): void;
}

export interface PreviewBridgeResult {
  /** Console entries the page forwarded, in batches of at most one per animation frame. */
  bridgeLogs: Emitter<LogEntry[]>;
  /** The frame key of the last frame that spoke the bridge (-1: none yet). */
  bridgeKey: number;
}

export function usePreviewBridge(params: UsePreviewBridgeParams): PreviewBridgeResult {
  const { enabled, frameRef } = params;
  const [bridgeKey, setBridgeKey] = React.useState(-1);
  const [bridgeLogs] = React.useState(() => new Emitter<LogEntry[]>());
  const latest = useLatest(params);
  const loadSeenRef = React.useRef(-1);

  React.useEffect(() => {
    // An effect: only runs in a browser, where `window` is there.
    if (!enabled) return;
    const onMessage = (event: MessageEvent) => {
      const iframe = frameRef.current;
      const { src, key } = latest.current.frame;
      if (!iframe || src === null) return;
      const origin = frameOrigin(src, iframe.getAttribute('sandbox'));
      if (!isFromPreviewFrame(event, { window: iframe.contentWindow, origin })) return;
      const message = parseBridgeMessage(event.data);
      if (!message) return;
      setBridgeKey(key);
      try {
        latest.current.onMessage?.(message);
      } catch (error) {
        (globalThis as { reportError?: (e: unknown) => void }).reportError?.(error);
      }
      if (message.type === 'navigate') {
        const target = resolveBridgeNavigation(message.url, latest.current.url ?? src);
        if (target === null) return;
        // The first load after we set the src is where the frame landed (a redirect replaces).
        const firstLoad = message.kind === 'load' && loadSeenRef.current !== key;
        if (message.kind === 'load') loadSeenRef.current = key;
        latest.current.onNavigate(target, message.kind === 'replace' || firstLoad);
      } else {
        pending.push({
          level: message.type === 'error' ? 'error' : message.level,
          message: message.message,
          timestamp: message.timestamp,
          stream: message.type === 'error' || message.level === 'error' || message.level === 'warn' ? 'stderr' : 'stdout',
        });
        // A chatty page posts one message per console call: hand them on once per frame.
        if (scheduled === null) scheduled = nextFrame(flush);
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
  }, [enabled, frameRef, bridgeLogs, latest]);

  return { bridgeLogs, bridgeKey };
}
