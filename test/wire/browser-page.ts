/**
 * The page side of test/wire/browser.e2e.mjs: createHttpTransport in real
 * Chromium, on another origin than the server (so CORS, SSE through fetch with
 * an Authorization header, and the PTY WebSocket's auth subprotocol are real).
 */
import { createHttpTransport } from '../../src/http/index';
import type { LogEntry } from '../../src/transport/types';
import { until as waitUntil } from '../support/until.mjs';

declare global {
  interface Window {
    wire: typeof api;
  }
}

const until = <T>(read: () => T | undefined | false, what: string) => waitUntil(read, what, 8000, 20);

let logs: LogEntry[] = [];
let logErrors: string[] = [];
let logSub: { dispose(): void } | undefined;
const credentialSubs: Array<{ dispose(): void }> = [];

const api = {
  async basics(baseUrl: string, token: string) {
    const t = createHttpTransport({ baseUrl, headers: () => ({ Authorization: `Bearer ${token}` }) });
    const info = await t.getSandbox!({ sandboxId: 'abc123' });
    const shot = await t.computerUse!.screenshot({ sandboxId: 'abc123' });
    const aborted = await t.getPreviewLink({ sandboxId: 'abc123', port: 3000 }, AbortSignal.abort()).catch((e) => e.code);
    const invalid = await t.getPreviewLink({ sandboxId: '../../etc/passwd', port: 3000 }).catch((e) => e.code);
    return { state: info.state, width: shot.width, height: shot.height, type: shot.image.type, aborted, invalid };
  },
  startLogs(baseUrl: string, token: string) {
    logs = [];
    logErrors = [];
    const t = createHttpTransport({ baseUrl, headers: { Authorization: `Bearer ${token}` }, reconnect: { initialDelayMs: 50 } });
    logSub = t.subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: (e) => logs.push(...e), onError: (e) => logErrors.push(`${e.code}: ${e.message}`) });
  },
  logs: () => ({ messages: logs.map((e) => e.message), errors: logErrors }),
  stopLogs: () => logSub?.dispose(),
  async pty(baseUrl: string, token: string) {
    const t = createHttpTransport({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
    const pty = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    let text = '';
    const decoder = new TextDecoder();
    pty.onData((d) => (text += typeof d === 'string' ? d : decoder.decode(d, { stream: true })));
    pty.resize(120, 40);
    pty.write('stty size\r');
    await until(() => text.includes('40 120'), '"40 120"');
    pty.write('echo héllo-ünïcode\r');
    await until(() => text.includes('héllo-ünïcode\r\n'), 'the unicode echo');
    const sessionId = pty.sessionId;
    pty.dispose();
    const again = await t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24, sessionId });
    let replay = '';
    again.onData((d) => (replay += typeof d === 'string' ? d : decoder.decode(d, { stream: true })));
    await until(() => replay.includes('héllo-ünïcode'), 'the scrollback after re-attach');
    let exit: number | undefined;
    again.onClose((e) => (exit = e.exitCode));
    await again.kill!();
    await until(() => exit !== undefined, 'exit');
    return { sessionId, reattached: again.sessionId === sessionId, exit };
  },
  /** Logs through the browser's own EventSource: auth by cookie, reconnects by itself. */
  startEventSourceLogs(baseUrl: string) {
    logs = [];
    logErrors = [];
    const t = createHttpTransport({ baseUrl, credentials: 'include', EventSource: window.EventSource });
    logSub = t.subscribeLogs!({ sandboxId: 'abc123' }, { onLogs: (e) => logs.push(...e), onError: (e) => logErrors.push(`${e.code}: ${e.message}`) });
  },
  /**
   * One request on every channel with `credentials: mode` (the node side records
   * the Cookie header each one carried): a fetch call, the fetch log reader, the
   * EventSource log option and the PTY WebSocket.
   */
  async credentials(baseUrl: string, token: string, mode: 'omit' | 'same-origin' | 'include') {
    const bearer = createHttpTransport({ baseUrl, credentials: mode, headers: { Authorization: `Bearer ${token}` } });
    await bearer.getSandbox!({ sandboxId: 'abc123' });
    const pty = await bearer.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 });
    pty.dispose();
    const ignore = { onLogs: () => {}, onError: () => {} };
    credentialSubs.push(bearer.subscribeLogs!({ sandboxId: 'abc123' }, ignore));
    // Without the cookie the server refuses this one (403): the EventSource then stops by itself.
    credentialSubs.push(createHttpTransport({ baseUrl, credentials: mode, EventSource: window.EventSource }).subscribeLogs!({ sandboxId: 'abc123' }, ignore));
  },
  stopCredentials: () => credentialSubs.splice(0).forEach((s) => s.dispose()),
  async refusedPty(baseUrl: string) {
    const t = createHttpTransport({ baseUrl, headers: { Authorization: 'Bearer wrong' } });
    return t.openPty!({ sandboxId: 'abc123', cols: 80, rows: 24 }).then(
      () => 'opened',
      (e) => `${e.code} ${e.status}`,
    );
  },
};
window.wire = api;
