import * as React from 'react';
import { DisposableStore } from '../internal';
import type { SandboxTransport } from '../transport/types';
import { PtySession, type PtySessionListeners, type WebTerminalStatusInfo } from './pty-session';
import type { LoadedTerminal } from './use-xterm';
import type { WebTerminalProps } from './web-terminal';

/* -------------------------------------------------------------------------------------------------
 * usePtySession: the terminal wired to a PTY session
 * -----------------------------------------------------------------------------------------------*/

export interface PtySessionResult {
  /** The session's status, or `null` while there is none. */
  sessionStatus: WebTerminalStatusInfo | null;
  /** The live session, for the handle (send, retry, restart). */
  sessionRef: React.MutableRefObject<PtySession | null>;
}

/**
 * A new `PtySession` when the terminal, transport, sandbox or port change:
 * output to the screen, input and resizes to the PTY. Callbacks and the
 * connection options are read through `latest` (a new callback never reconnects).
 */
export function usePtySession(
  xterm: LoadedTerminal | null,
  transport: SandboxTransport | null,
  sandboxId: string | undefined,
  port: number | undefined,
  latest: React.MutableRefObject<WebTerminalProps>,
): PtySessionResult {
  const [sessionStatus, setSessionStatus] = React.useState<WebTerminalStatusInfo | null>(null);
  const sessionRef = React.useRef<PtySession | null>(null);
  const targetRef = React.useRef<{ terminal: LoadedTerminal['terminal']; key: string } | null>(null);

  React.useEffect(() => {
    if (!xterm || !transport || !sandboxId) return;
    const { terminal } = xterm;
    const key = `${sandboxId}\u0000${port ?? ''}`;
    // A terminal that showed another sandbox starts clean.
    if (targetRef.current?.terminal === terminal && targetRef.current.key !== key) terminal.reset();
    targetRef.current = { terminal, key };
    const p = latest.current;
    const listeners: PtySessionListeners = {
      onOutput: (data, text) => {
        terminal.write(data);
        const onOutput = latest.current.onOutput;
        if (onOutput) onOutput(text());
      },
      onStatus: (next) => {
        setSessionStatus(next);
        latest.current.onStateChange?.(next.state, next);
      },
      onConnect: (details) => latest.current.onConnect?.(details),
      onDisconnect: (event) => latest.current.onDisconnect?.(event),
      onExit: (code) => latest.current.onExit?.(code),
      onInputOverflow: (details) => latest.current.onInputOverflow?.(details),
    };
    const session = new PtySession({
      transport,
      sandboxId,
      ...(port !== undefined ? { port } : {}),
      ...(p.sessionId !== undefined ? { sessionId: p.sessionId } : {}),
      ...(p.cwd !== undefined ? { cwd: p.cwd } : {}),
      ...(p.env !== undefined ? { env: p.env } : {}),
      cols: terminal.cols,
      rows: terminal.rows,
      ...(p.reconnect !== undefined ? { reconnect: p.reconnect } : {}),
      ...(p.inputBufferBytes !== undefined ? { inputBufferBytes: p.inputBufferBytes } : {}),
      // One object, whose methods read the latest props: a new `onOutput` never reconnects.
      listeners: () => listeners,
    });
    sessionRef.current = session;
    const store = new DisposableStore();
    store.add(() => {
      session.dispose();
      if (sessionRef.current === session) sessionRef.current = null;
      setSessionStatus(null);
    });
    store.add(
      terminal.onData((data) => {
        latest.current.onData?.(data);
        session.write(data);
      }),
    );
    store.add(terminal.onBinary((data) => session.write(binaryStringToBytes(data))));
    store.add(terminal.onResize(({ cols, rows }) => session.resize(cols, rows)));
    session.start();
    return () => store.dispose();
  }, [xterm, transport, sandboxId, port, latest]);
  return { sessionStatus, sessionRef };
}

// xterm's `onBinary` gives bytes as a string of char codes 0–255 (mouse reports in X10 mode).
function binaryStringToBytes(data: string): Uint8Array {
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) bytes[i] = data.charCodeAt(i) & 0xff;
  return bytes;
}
