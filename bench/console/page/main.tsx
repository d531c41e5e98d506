// Bench page: WebPreviewConsole (virtualised, bounded) vs a naive console that
// renders every row, fed the same batches through the same sink shape.
import * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { SandboxProvider } from '../../../src/transport/provider';
import type { LogEntry, LogSink, SandboxTransport } from '../../../src/transport/types';
import { WebPreviewConsole } from '../../../src/web-preview';
import { parseAnsi } from '../../../src/web-preview/ansi';

declare global {
  interface Window {
    bench: (mode: 'virtual' | 'naive', total: number, batch: number, naiveLimit: number) => Promise<BenchResult>;
    /** Step API for bench/budgets (driven from Node, one CDP TaskDuration reading around each step). */
    consoleSetup: (mode: 'virtual' | 'naive', lines: number) => Promise<void>;
    consoleBatch: (n: number) => Promise<number>;
    gc?: () => void;
  }
  interface Performance {
    memory?: { usedJSHeapSize: number };
  }
}

interface BenchResult {
  mode: string;
  appended: number;
  stoppedEarly: string | null;
  domRows: number;
  maxDomRows: number;
  paint: number[];
  commit: number[];
  heapBefore: number;
  heapAfter: number;
}

const LEVELS: LogEntry['level'][] = ['debug', 'info', 'log', 'warn', 'error'];
let seq = 0;
function makeBatch(n: number): LogEntry[] {
  const out: LogEntry[] = [];
  for (let i = 0; i < n; i++) {
    const k = seq++;
    const level = LEVELS[(k * 7) % 5]!;
    const colour = level === 'error' ? '\x1b[31m' : level === 'warn' ? '\x1b[33m' : '\x1b[32m';
    out.push({ level, timestamp: 1_767_258_000_000 + k, message: `${colour}${level}\x1b[0m GET /api/items/${k}?page=${k % 97} ${(k * 13) % 250}ms` });
  }
  return out;
}

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
const afterPaint = () => new Promise<void>((r) => setTimeout(r, 0));

function NaiveRow({ entry }: { entry: LogEntry }) {
  return (
    <div data-bench-row="" data-level={entry.level} style={{ whiteSpace: 'pre', height: 20, lineHeight: '20px' }}>
      <time>{new Date(entry.timestamp).toISOString().slice(11, 23)}</time> <span>{entry.level}</span>{' '}
      <span>
        {parseAnsi(entry.message).map((s, i) => (
          <span key={i} data-fg={s.style.fg}>
            {s.text}
          </span>
        ))}
      </span>
    </div>
  );
}
const MemoRow = React.memo(NaiveRow);

/** What a console without virtualisation or a bound looks like: every entry, one row each. */
function NaiveConsole({ register }: { register: (append: (entries: LogEntry[]) => void) => void }) {
  const [entries, setEntries] = React.useState<LogEntry[]>([]);
  React.useEffect(() => register((batch) => setEntries((prev) => prev.concat(batch))), [register]);
  return (
    <div role="log" data-bench-list="" style={{ maxHeight: 400, overflowY: 'auto' }}>
      {entries.map((e, i) => (
        <MemoRow key={i} entry={e} />
      ))}
    </div>
  );
}

let root: Root | null = null;

/**
 * Renders the console under test (`virtual`: WebPreviewConsole on a transport
 * whose log sink the bench feeds; `naive`: every row in the DOM) and resolves,
 * after its first paint, with the function that delivers a batch to it.
 */
async function mount(into: Root, mode: 'virtual' | 'naive'): Promise<(entries: LogEntry[]) => void> {
  let deliver: (entries: LogEntry[]) => void = () => {};
  if (mode === 'virtual') {
    let sink: LogSink | null = null;
    const transport: SandboxTransport = {
      getPreviewLink: async () => ({ url: 'https://example.invalid/' }),
      subscribeLogs: (_req, s) => {
        sink = s;
        return { dispose: () => void (sink = null) };
      },
    };
    into.render(
      <SandboxProvider transport={transport} sandboxId="bench">
        <WebPreviewConsole maxHeight={400} />
      </SandboxProvider>,
    );
    deliver = (entries) => sink!.onLogs(entries);
  } else {
    into.render(<NaiveConsole register={(fn) => (deliver = fn)} />);
  }
  await nextFrame();
  await afterPaint();
  return (entries) => deliver(entries);
}

window.bench = async (mode, total, batch, naiveLimit) => {
  const host = document.getElementById('host')!;
  root?.unmount();
  root = createRoot(host);
  seq = 0;
  window.gc?.();
  await nextFrame();
  const heapBefore = performance.memory?.usedJSHeapSize ?? 0;

  const deliver = await mount(root, mode);
  const rowSelector = mode === 'virtual' ? '[data-se-part="web-preview-console-entry"]' : '[data-bench-row]';
  const list = host.querySelector<HTMLElement>(mode === 'virtual' ? '[data-se-part="web-preview-console-list"]' : '[data-bench-list]')!;

  const paint: number[] = [];
  const commit: number[] = [];
  let appended = 0;
  let maxDomRows = 0;
  let stoppedEarly: string | null = null;
  while (appended < total) {
    const entries = makeBatch(batch);
    await nextFrame();
    // At the top of a frame: append, render synchronously, force style + layout.
    const t0 = performance.now();
    flushSync(() => deliver(entries));
    void list.offsetHeight;
    commit.push(performance.now() - t0);
    // A task queued now runs after this frame's paint.
    await afterPaint();
    const took = performance.now() - t0;
    paint.push(took);
    appended += entries.length;
    maxDomRows = Math.max(maxDomRows, host.querySelectorAll(rowSelector).length);
    if (mode === 'naive' && appended >= naiveLimit) {
      stoppedEarly = `stopped at ${appended} rows (limit ${naiveLimit}); each batch re-renders and lays out every row`;
      break;
    }
    if (mode === 'naive' && took > 2000) {
      stoppedEarly = `stopped at ${appended} rows: one batch took ${Math.round(took)} ms`;
      break;
    }
  }
  const domRows = host.querySelectorAll(rowSelector).length;
  window.gc?.();
  await nextFrame();
  const heapAfter = performance.memory?.usedJSHeapSize ?? 0;
  return { mode, appended, stoppedEarly, domRows, maxDomRows, paint, commit, heapBefore, heapAfter };
};

// ── step API (bench/budgets) ─────────────────────────────────────────────────
let stepDeliver: (entries: LogEntry[]) => void = () => {};
let stepRows = '';
// Every line of the run, made before it: a batch's entries arrive already
// parsed from the transport, so making them is not the console's cost.
let stepLines: LogEntry[] = [];
let stepNext = 0;
window.consoleSetup = async (mode, lines) => {
  const host = document.getElementById('host')!;
  root?.unmount();
  root = createRoot(host);
  seq = 0;
  stepLines = makeBatch(lines);
  stepNext = 0;
  stepRows = mode === 'virtual' ? '[data-se-part="web-preview-console-entry"]' : '[data-bench-row]';
  stepDeliver = await mount(root, mode);
};
/**
 * One batch delivered at the top of a frame (in its requestAnimationFrame
 * turn), resolved by a task queued then, which runs after that frame's style,
 * layout and paint; returns the rows in the DOM.
 */
window.consoleBatch = async (n) => {
  const entries = stepLines.slice(stepNext, (stepNext += n));
  await nextFrame();
  const painted = afterPaint();
  flushSync(() => stepDeliver(entries));
  await painted;
  return document.querySelectorAll(stepRows).length;
};

document.title = 'ready';
