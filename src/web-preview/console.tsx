import * as React from 'react';
import { CollapsibleContent, collapsibleTriggerProps, openState } from '../internal/collapsible';
import { useControllableState } from '../internal/use-controllable-state';
import { useIsomorphicLayoutEffect, useLatest } from '../internal/use-latest';
import { formatLabel, useMergedLabels } from '../internal/labels';
import { onceById } from '../internal/once-by-id';
import { toSandboxError, type SandboxError } from '../transport/errors';
import { retryDelay } from '../transport/retry';
import { useOptionalSandboxTransport, useSandboxId } from '../transport/provider';
import type { LogEntry, LogLevel } from '../transport/types';
import { parseAnsi, stripAnsi, type AnsiSegment } from './ansi';
import { useOptionalWebPreview } from './context';
import { defaultWebPreviewLabels, type WebPreviewLabels } from './labels';
import { LOG_LEVELS, LogRingBuffer } from './log-buffer';

/** The console's `data-status`. `reconnecting`: the stream failed with a retryable error and is tried again with backoff. */
export type WebPreviewConsoleState = 'idle' | 'connecting' | 'streaming' | 'reconnecting' | 'ended' | 'error' | 'unsupported';

// Re-subscriptions after a retryable stream error before the console shows `error`.
const MAX_STREAM_RETRIES = 5;

export interface WebPreviewConsoleProps extends Omit<React.ComponentPropsWithoutRef<'div'>, 'onChange'> {
  /** Sandbox whose logs to follow; defaults to the `WebPreview`'s, then the provider's. @default undefined */
  sandboxId?: string;
  /** Follow one session's logs. @default undefined */
  sessionId?: string;
  /** Follow one command's logs. @default undefined */
  commandId?: string;
  /** Subscribe to `transport.subscribeLogs`. @default true */
  subscribe?: boolean;
  /** Entries of your own, treated as an append-only list; a different list clears the console. @default undefined */
  logs?: readonly LogEntry[];
  /** Show what the preview bridge forwards from the page (inside `WebPreview`). @default true */
  bridge?: boolean;
  /**
   * Entries kept; the oldest are dropped beyond it. Whole numbers from 1 to
   * 1,000,000 (`Infinity` keeps 1,000,000; a value that is not a number, 5000).
   * @default 5000
   */
  maxEntries?: number;
  /** Height of the scrolling list at most (px or any CSS length). @default 240 */
  maxHeight?: number | string;
  /** Height of one row in px; rows are one line each (virtualised). @default 20 */
  rowHeight?: number;
  /** Rows rendered beyond each edge of the viewport. @default 8 */
  overscan?: number;
  /** Expanded (controlled). @default undefined */
  open?: boolean;
  /** Expanded (uncontrolled). @default true */
  defaultOpen?: boolean;
  /** Called when the panel opens or closes. @default undefined */
  onOpenChange?: (open: boolean) => void;
  /** Levels shown (controlled). @default undefined */
  levels?: LogLevel[];
  /** Levels shown (uncontrolled). @default all five */
  defaultLevels?: LogLevel[];
  /** Called when the level filter changes. @default undefined */
  onLevelsChange?: (levels: LogLevel[], details: { reason: 'toggle' }) => void;
  /** Render ANSI colours as styled spans, or strip them. Never HTML either way. @default 'render' */
  ansi?: 'render' | 'strip';
  /** How a timestamp is shown. @default local HH:MM:SS.mmm */
  formatTimestamp?: (timestamp: number) => string;
  /** Title of the panel. @default labels.consoleTitle ('Console') */
  title?: string;
  /** Strings of this console, over the enclosing `WebPreview`'s `labels` (or the English defaults when used on its own). @default the WebPreview's labels */
  labels?: Partial<WebPreviewLabels>;
}

function defaultFormat(ts: number): string {
  const d = new Date(ts);
  // `toTimeString()` starts with the local `HH:MM:SS` in every engine (ECMA-262 TimeString).
  // Every timestamp here is a valid time (`normalizeEntries`).
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

// Parsed and plain text of each entry, computed once per entry object.
const plainCache = new WeakMap<LogEntry, string>();
const segmentCache = new WeakMap<LogEntry, AnsiSegment[]>();
function plain(entry: LogEntry): string {
  let text = plainCache.get(entry);
  if (text === undefined) plainCache.set(entry, (text = stripAnsi(String(entry.message))));
  return text;
}
// A row is one line on screen; a megabyte-long line is cut for display (search still sees all of it).
const MAX_RENDERED = 4096;
function segments(entry: LogEntry): AnsiSegment[] {
  let s = segmentCache.get(entry);
  if (s === undefined) {
    const message = String(entry.message);
    segmentCache.set(entry, (s = parseAnsi(message.length > MAX_RENDERED ? `${message.slice(0, MAX_RENDERED)}…` : message)));
  }
  return s;
}

/** `maxEntries` as the ring takes it: never throws at render (the prop may come from anywhere). */
function entriesKept(maxEntries: number): number {
  if (typeof maxEntries !== 'number' || Number.isNaN(maxEntries)) return 5000;
  return Math.min(1_000_000, Math.max(1, Math.floor(maxEntries)));
}

/**
 * A collapsible console of sandbox logs: from `transport.subscribeLogs`, a
 * `logs` prop and the preview bridge. Level filter with counts, search,
 * clear, pause/resume auto-scroll; bounded by `maxEntries`; only the rows in
 * view are in the DOM. Log text is always rendered as text.
 */
export const WebPreviewConsole = /* @__PURE__ */ React.forwardRef<HTMLDivElement, WebPreviewConsoleProps>(function WebPreviewConsole(props, ref) {
  const {
    sandboxId: sandboxIdProp,
    sessionId,
    commandId,
    subscribe = true,
    logs,
    bridge = true,
    maxEntries = 5000,
    maxHeight = 240,
    rowHeight = 20,
    overscan = 8,
    open: openProp,
    defaultOpen = true,
    onOpenChange,
    levels: levelsProp,
    defaultLevels = LOG_LEVELS as LogLevel[],
    onLevelsChange,
    ansi = 'render',
    formatTimestamp = defaultFormat,
    title: titleProp,
    labels: labelsProp,
    className,
    ...rest
  } = props;
  const preview = useOptionalWebPreview();
  const labels = useMergedLabels(preview?.labels ?? defaultWebPreviewLabels, labelsProp);
  const title = titleProp ?? labels.consoleTitle;
  const transport = useOptionalSandboxTransport();
  const sandboxId = useSandboxId(sandboxIdProp ?? preview?.sandboxId);

  // The `logs` prop is in the buffer from the first render, so server rendering shows it.
  const [buffer] = React.useState(() => {
    const b = new LogRingBuffer<LogEntry>(entriesKept(maxEntries));
    if (logs) b.push(normalizeEntries(logs));
    return b;
  });
  const [version, setVersion] = React.useState(0);
  const bump = React.useCallback(() => setVersion(buffer.version), [buffer]);
  const append = React.useCallback(
    (entries: readonly LogEntry[]) => {
      const valid = normalizeEntries(entries);
      if (!valid.length) return;
      buffer.push(valid);
      bump();
    },
    [buffer, bump],
  );

  React.useEffect(() => {
    buffer.resize(entriesKept(maxEntries));
    bump();
  }, [buffer, bump, maxEntries]);

  /* ---- transport subscription ------------------------------------------------------------- */
  const [stream, setStream] = React.useState<{ state: WebPreviewConsoleState; error: SandboxError | null }>({ state: 'idle', error: null });
  const [attempt, setAttempt] = React.useState(0);
  const canFollow = subscribe && transport !== null && sandboxId !== undefined;
  const hasLogs = typeof transport?.subscribeLogs === 'function';
  React.useEffect(() => {
    if (!canFollow || !transport || sandboxId === undefined) {
      setStream({ state: 'idle', error: null });
      return;
    }
    if (!hasLogs) {
      setStream({ state: 'unsupported', error: null });
      return;
    }
    let live = true;
    let subscription: { dispose(): void } | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let retries = 0;
    // A re-subscription may replay entries already shown; those with an id are shown once.
    const fresh = onceById();
    const failed = (error: SandboxError, retriedByTransport: boolean) => {
      subscription?.dispose();
      subscription = undefined;
      // A transport that resumed the stream itself (onReconnecting) has retried already: its error is final.
      const delay = !retriedByTransport && retries < MAX_STREAM_RETRIES ? retryDelay(error, retries + 1) : null;
      if (delay === null) {
        setStream({ state: error.code === 'unsupported' ? 'unsupported' : 'error', error });
        return;
      }
      retries++;
      setStream({ state: 'reconnecting', error });
      timer = setTimeout(open, delay);
    };
    function open(): void {
      timer = undefined;
      if (!live) return;
      // Set when this subscription failed, even synchronously inside subscribeLogs.
      let over = false;
      let resumed = false;
      const fail = (error: unknown) => {
        if (!live || over) return;
        over = true;
        failed(toSandboxError(error), resumed);
      };
      try {
        const sub = transport!.subscribeLogs!(
          { sandboxId: sandboxId!, sessionId, commandId },
          {
            onLogs(entries) {
              if (!live || over) return;
              retries = 0;
              setStream((s) => (s.state === 'streaming' ? s : { state: 'streaming', error: null }));
              const shown = fresh(entries);
              if (shown.length) append(shown);
            },
            onError: fail,
            onReconnecting(error) {
              if (!live || over) return;
              resumed = true;
              setStream({ state: 'reconnecting', error });
            },
            onEnd() {
              if (live && !over) setStream({ state: 'ended', error: null });
            },
          },
        );
        if (over) sub.dispose();
        else subscription = sub;
      } catch (error) {
        fail(error);
      }
    }
    setStream({ state: 'connecting', error: null });
    open();
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
      subscription?.dispose();
    };
  }, [canFollow, hasLogs, transport, sandboxId, sessionId, commandId, attempt, append]);

  /* ---- bridge and the logs prop ----------------------------------------------------------- */
  const bridgeLogs = bridge ? preview?.bridgeLogs : undefined;
  React.useEffect(() => {
    if (!bridgeLogs) return;
    const sub = bridgeLogs.event(append);
    return () => sub.dispose();
  }, [bridgeLogs, append]);

  const seenLogs = React.useRef<readonly LogEntry[] | undefined>(logs);
  useIsomorphicLayoutEffect(() => {
    const prev = seenLogs.current;
    seenLogs.current = logs;
    if (!logs || logs === prev) return;
    const extends_ = prev !== undefined && logs.length >= prev.length && (prev.length === 0 || logs[0] === prev[0]) && logs[prev.length - 1] === prev[prev.length - 1];
    if (extends_) append(logs.slice(prev!.length));
    else {
      buffer.clear();
      append(logs);
      bump();
    }
  }, [logs, append, buffer, bump]);

  /* ---- filters ------------------------------------------------------------------------------ */
  const [open, setOpen] = useControllableState<boolean, undefined>({ prop: openProp, defaultProp: defaultOpen, onChange: onOpenChange, caller: 'WebPreviewConsole' });
  const [levels, setLevels] = useControllableState<LogLevel[], { reason: 'toggle' }>({ prop: levelsProp, defaultProp: defaultLevels, onChange: onLevelsChange, caller: 'WebPreviewConsole' });
  const [query, setQuery] = React.useState('');
  const levelSet = React.useMemo(() => new Set(levels), [levels]);
  const needle = query.trim().toLowerCase();
  const filtered = levelSet.size < LOG_LEVELS.length || needle !== '';
  const view = React.useMemo(() => {
    if (!filtered) return null;
    const out: number[] = [];
    for (let i = 0; i < buffer.size; i++) {
      const e = buffer.get(i)!;
      if (!levelSet.has(e.level)) continue;
      if (needle && !plain(e).toLowerCase().includes(needle)) continue;
      out.push(i);
    }
    return out;
    // `version` stands for the buffer's contents.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [version, filtered, levelSet, needle, buffer]);
  const total = view ? view.length : buffer.size;

  /* ---- virtual scrolling ------------------------------------------------------------------ */
  const listRef = React.useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [viewport, setViewport] = React.useState(0);
  const [following, setFollowing] = React.useState(true);
  const followingRef = useLatest(following);
  const maxPx = typeof maxHeight === 'number' ? maxHeight : 240;
  const height = viewport > 0 ? viewport : maxPx;
  // While following, the window is derived from the size alone: one render per batch, no scroll state round trip.
  const bottom = Math.max(0, total * rowHeight - height);
  const top = following ? bottom : Math.min(scrollTop, bottom);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((top + height) / rowHeight) + overscan);

  React.useEffect(() => {
    const list = listRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setViewport(list.clientHeight));
    ro.observe(list);
    setViewport(list.clientHeight);
    return () => ro.disconnect();
  }, [open]);

  // Stick to the bottom while following; when not, keep the rows in view still as old ones drop.
  const droppedRef = React.useRef(buffer.dropped);
  const pinnedRef = React.useRef<{ list: HTMLElement | null; top: number }>({ list: null, top: -1 });
  useIsomorphicLayoutEffect(() => {
    const list = listRef.current;
    const dropped = buffer.dropped - droppedRef.current;
    droppedRef.current = buffer.dropped;
    if (!list) return;
    if (followingRef.current) {
      // `height` is measured by the ResizeObserver; reading clientHeight here would force a layout per batch,
      // and so would writing an unchanged scrollTop (a full ring keeps the same bottom batch after batch).
      if (pinnedRef.current.list !== list || pinnedRef.current.top !== bottom) {
        list.scrollTop = bottom;
        pinnedRef.current = { list, top: bottom };
      }
    } else if (dropped > 0 && !view) {
      list.scrollTop = Math.max(0, list.scrollTop - dropped * rowHeight);
      setScrollTop(list.scrollTop);
    }
  }, [version, total, rowHeight, open, height, bottom]);

  const onScroll = (event: React.UIEvent<HTMLDivElement>) => {
    const list = event.currentTarget;
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - rowHeight / 2;
    // Our own scroll to the bottom: nothing changed.
    if (atBottom && followingRef.current) return;
    pinnedRef.current = { list: null, top: -1 };
    setScrollTop(list.scrollTop);
    if (atBottom !== followingRef.current) setFollowing(atBottom);
  };

  const toggleFollow = () => {
    const next = !following;
    pinnedRef.current = { list: null, top: -1 };
    setFollowing(next);
    const list = listRef.current;
    if (!list) return;
    // Pausing keeps the rows in view where they are (scrollTop is not tracked while following).
    if (next) list.scrollTop = list.scrollHeight;
    setScrollTop(next ? list.scrollTop : Math.min(list.scrollTop, bottom));
  };

  const clear = () => {
    buffer.clear();
    droppedRef.current = 0;
    setFollowing(true);
    bump();
  };

  const toggleLevel = (level: LogLevel) => {
    const next = levelSet.has(level) ? levels.filter((l) => l !== level) : LOG_LEVELS.filter((l) => l === level || levelSet.has(l));
    setLevels(next, { reason: 'toggle' });
  };

  // Rows sit in normal flow inside one positioned window, so a row that stays in view keeps its props (and its memo).
  const rowStyle = React.useMemo<React.CSSProperties>(
    // Each row is its own layout and paint island: a new line re-lays out one row, not the list.
    () => ({ height: rowHeight, lineHeight: `${rowHeight}px`, whiteSpace: 'pre', overflow: 'hidden', contain: 'strict' }),
    [rowHeight],
  );
  const rows: React.ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const index = view ? view[i]! : i;
    const entry = buffer.get(index);
    if (!entry) continue;
    // Keyed by slot, not by entry: as the window slides, rows are updated in place rather than torn down and rebuilt.
    rows.push(<ConsoleRow key={i - first} entry={entry} style={rowStyle} ansi={ansi} format={formatTimestamp} />);
  }

  const state = stream.state;
  const listId = React.useId();
  const cssMax = typeof maxHeight === 'number' ? `${maxHeight}px` : maxHeight;

  return (
    <div
      data-state={openState(open)}
      data-se-part="web-preview-console"
      data-status={state}
      data-following={following ? '' : undefined}
      data-filtered={filtered ? '' : undefined}
      {...rest}
      ref={ref}
      className={className}
    >
      <div data-se-part="web-preview-console-header">
        <button {...collapsibleTriggerProps(open, setOpen, listId, { 'data-se-part': 'web-preview-console-trigger', 'aria-controls': listId })}>
          {title} <span data-se-part="web-preview-console-total">({buffer.size})</span>
        </button>
        {stream.error ? (
          <span data-se-part="web-preview-console-error" role="alert">
            {stream.error.message}{' '}
            <button type="button" data-se-part="web-preview-console-retry" onClick={() => setAttempt((n) => n + 1)}>
              {labels.reconnect}
            </button>
          </span>
        ) : null}
      </div>
      <CollapsibleContent open={open} data-se-part="web-preview-console-content" id={listId}>
        <div role="toolbar" aria-label={labels.consoleFilters} data-se-part="web-preview-console-toolbar">
          <div role="group" aria-label={labels.consoleLevels} data-se-part="web-preview-console-levels">
            {LOG_LEVELS.map((level) => (
              <button
                key={level}
                type="button"
                aria-pressed={levelSet.has(level)}
                data-se-part="web-preview-console-level-toggle"
                data-level={level}
                data-state={levelSet.has(level) ? 'on' : 'off'}
                onClick={() => toggleLevel(level)}
              >
                {labels.levelName(level)} <span data-se-part="web-preview-console-count">{buffer.counts[level]}</span>
              </button>
            ))}
          </div>
          <input
            type="search"
            aria-label={labels.searchLogs}
            placeholder={labels.searchLogs}
            data-se-part="web-preview-console-search"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
          />
          <button type="button" data-se-part="web-preview-console-follow" aria-pressed={!following} onClick={toggleFollow}>
            {following ? labels.pauseAutoScroll : labels.resumeAutoScroll}
          </button>
          <button type="button" data-se-part="web-preview-console-clear" onClick={clear}>
            {labels.clear}
          </button>
        </div>
        <div
          ref={listRef}
          role="log"
          aria-live="off"
          aria-label={formatLabel(labels.consoleOutput, title)}
          tabIndex={0}
          data-se-part="web-preview-console-list"
          data-status={state}
          style={{ maxHeight: cssMax, overflowY: 'auto', position: 'relative', contain: 'content' }}
          onScroll={onScroll}
        >
          <div data-se-part="web-preview-console-spacer" style={{ height: total * rowHeight, position: 'relative' }}>
            <div data-se-part="web-preview-console-window" style={{ position: 'absolute', top: first * rowHeight, left: 0, right: 0 }}>
              {rows}
            </div>
          </div>
        </div>
        <div data-se-part="web-preview-console-status">
          {state === 'unsupported' ? (
            <span data-se-part="web-preview-console-unsupported">{labels.consoleUnsupported}</span>
          ) : null}
          <span data-se-part="web-preview-console-summary">
            {formatLabel(labels.consoleSummary, { shown: total, total: buffer.size, filtered, dropped: buffer.dropped, capacity: buffer.capacity })}
          </span>
        </div>
      </CollapsibleContent>
    </div>
  );
});

interface ConsoleRowProps {
  entry: LogEntry;
  style: React.CSSProperties;
  ansi: 'render' | 'strip';
  format: (ts: number) => string;
}

const ConsoleRow = /* @__PURE__ */ React.memo(function ConsoleRow({ entry, style, ansi, format }: ConsoleRowProps) {
  const full = plain(entry);
  const text = full.length > MAX_RENDERED ? `${full.slice(0, MAX_RENDERED)}…` : full;
  return (
    <div
      data-se-part="web-preview-console-entry"
      data-level={entry.level}
      data-stream={entry.stream}
      title={text.length > 120 || text.includes('\n') ? text : undefined}
      style={style}
    >
      <time data-se-part="web-preview-console-time" dateTime={new Date(entry.timestamp).toISOString()}>
        {format(entry.timestamp)}
      </time>{' '}
      <span data-se-part="web-preview-console-level" data-level={entry.level}>
        {entry.level}
      </span>{' '}
      <span data-se-part="web-preview-console-message">
        {ansi === 'strip'
          ? text
          : segments(entry).map((seg, i) => {
              // Named colours are themed by CSS (`data-fg`); 256 and true colours are `#rrggbb` inline.
              const { fg, bg } = seg.style;
              const hexFg = fg?.[0] === '#' ? fg : undefined;
              const hexBg = bg?.[0] === '#' ? bg : undefined;
              return (
                <span
                  key={i}
                  data-fg={hexFg ? undefined : fg}
                  data-bg={hexBg ? undefined : bg}
                  data-bold={seg.style.bold ? '' : undefined}
                  data-dim={seg.style.dim ? '' : undefined}
                  data-italic={seg.style.italic ? '' : undefined}
                  data-underline={seg.style.underline ? '' : undefined}
                  style={hexFg || hexBg ? { color: hexFg, backgroundColor: hexBg } : undefined}
                >
                  {seg.text}
                </span>
              );
            })}
      </span>
    </div>
  );
});

/**
 * Keep what can be shown: an unknown level reads as `log`, a timestamp that is
 * not a time (`NaN`, beyond ±8.64e15 ms) as now, any message as its text.
 */
function normalizeEntries(entries: readonly unknown[]): LogEntry[] {
  const out: LogEntry[] = [];
  if (!Array.isArray(entries)) return out;
  for (const value of entries) {
    if (typeof value !== 'object' || value === null) continue;
    const e = value as LogEntry;
    if (e.message === undefined || e.message === null) continue;
    const level = LOG_LEVELS.includes(e.level) ? e.level : 'log';
    // ECMAScript dates end at ±8.64e15 ms; `toISOString()` throws beyond.
    const timestamp = typeof e.timestamp === 'number' && Math.abs(e.timestamp) <= 8.64e15 ? e.timestamp : Date.now();
    // A valid entry is kept as the same object (the row caches are keyed by it).
    out.push(typeof e.message === 'string' && level === e.level && timestamp === e.timestamp ? e : { ...e, message: String(e.message), level, timestamp });
  }
  return out;
}
