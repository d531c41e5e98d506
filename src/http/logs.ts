/**
 * Logs of `createHttpTransport`: Server-Sent Events read over `fetch` (the
 * default), resumed with `Last-Event-ID` after a dropped connection so nothing
 * is lost or repeated; or through an `EventSource` class the host passes.
 */
import { delay } from '../internal/abort';
import { reportListenerError, toDisposable } from '../internal/disposables';
import { onceById } from '../internal/once-by-id';
import { SandboxError } from '../transport/errors';
import { retryDelay } from '../transport/retry';
import { fromWireError } from '../transport/wire-error';
import type { Disposable, LogEntry, LogSink, LogsRequest } from '../transport/types';
import { failure, sandboxPath as sb, type Requester } from './request';
import { readEventStream } from './sse';
import type { HttpTransportOptions } from './types';

/** `transport.subscribeLogs`: the fetch reader, or the given EventSource class. */
export function subscribeHttpLogs(http: Requester, options: HttpTransportOptions, req: LogsRequest, sink: LogSink): Disposable {
  return options.EventSource ? subscribeWithEventSource(http, options, req, sink) : subscribe(http, options, req, sink);
}

/** Logs through the fetch SSE reader: reconnects with `Last-Event-ID`, so nothing is lost or repeated. */
function subscribe(http: Requester, options: HttpTransportOptions, req: LogsRequest, sink: LogSink): Disposable {
  const controller = new AbortController();
  const { initialDelayMs = 250, maxDelayMs = 5000, maxAttempts = 8 } = options.reconnect ?? {};
  let lastId: string | undefined;
  const once = onceById();
  let finished = false;
  const finish = (error?: SandboxError) => {
    if (finished) return;
    finished = true;
    controller.abort();
    deliver(() => (error ? sink.onError?.(error) : sink.onEnd?.()));
  };
  void (async () => {
    let attempt = 0;
    while (!finished) {
      let lastError: SandboxError | undefined;
      try {
        const response = await http.call('GET', `${sb(req.sandboxId)}/logs`, {
          query: { sessionId: req.sessionId, commandId: req.commandId },
          headers: { Accept: 'text/event-stream', ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
          signal: controller.signal,
        });
        await readEventStream(response.body!, (event) => {
          if (finished) return;
          attempt = 0;
          if (event.id !== undefined) lastId = event.id;
          if (event.event === 'logs') {
            // Entries with an id seen before (a replay after a reconnect to another hub) are dropped.
            const fresh = once(JSON.parse(event.data) as LogEntry[]);
            if (fresh.length) deliver(() => sink.onLogs(fresh));
          } else if (event.event === 'gap') {
            const { missed } = JSON.parse(event.data) as { missed: number };
            deliver(() => sink.onLogs([{ level: 'warn', message: `${missed} log lines were skipped: the connection fell behind`, timestamp: Date.now() }]));
          }
          if (event.event === 'end') finish();
          else if (event.event === 'error') finish(fromWireError(JSON.parse(event.data), 500));
        });
      } catch (error) {
        if (finished) return;
        lastError = failure(error, controller.signal);
      }
      if (finished) return;
      const lost = lastError ?? new SandboxError('network', 'Log stream closed and did not come back');
      // The library's one retry policy: only a lost connection is worth another try; a refusal is final.
      const wait = ++attempt > maxAttempts ? null : retryDelay(lost, attempt, { initialDelayMs, maxDelayMs });
      if (wait === null) return finish(lost);
      // The one layer of retry for this stream: the subscriber is told, and does not retry on top.
      deliver(() => sink.onReconnecting?.(lost));
      // A wait that ends early on dispose (the loop then sees `finished`).
      await delay(wait, controller.signal).catch(() => {});
    }
  })();
  return toDisposable(() => {
    finished = true;
    controller.abort();
  });
}

/** Logs through a given EventSource class; it reconnects (and sends `Last-Event-ID`) by itself. */
function subscribeWithEventSource(http: Requester, options: HttpTransportOptions, req: LogsRequest, sink: LogSink): Disposable {
  const source = new options.EventSource!(http.url(`${sb(req.sandboxId)}/logs`, { sessionId: req.sessionId, commandId: req.commandId }), {
    withCredentials: http.credentials === 'include',
  });
  let closed = false;
  const close = () => {
    closed = true;
    source.close();
  };
  source.addEventListener('logs', (e: { data: string }) => !closed && sink.onLogs(JSON.parse(e.data) as LogEntry[]));
  source.addEventListener('end', () => !closed && (close(), sink.onEnd?.()));
  source.addEventListener('error', (e: { data?: string }) => {
    // A named `error` event from the server carries data; a transport error does not (EventSource retries it).
    if (closed || typeof e.data !== 'string') return;
    close();
    sink.onError?.(fromWireError(JSON.parse(e.data), 500));
  });
  return toDisposable(close);
}

/** Run a sink callback; its bug is reported, never mistaken for a broken stream. */
function deliver(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportListenerError(error);
  }
}

