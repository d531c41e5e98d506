// The benchmark page: the real ToolList (from src/) against a naive baseline
// (a plain `.map` over un-memoised ToolPanels), in the same page and run.
// Driven by run.mjs through `window.bench`.
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { ToolList, ToolPanel, type ToolInput, type ToolRendererProps } from '../../../src/tool';
import { manyTools } from '../../../src/tool/fixtures';

type Mode = 'ToolList' | 'baseline';
type Pick = 'random' | 'visible' | 'none';

// Re-renders of already-mounted panels, per id; first renders (rows entering
// the window) are counted apart as mounts.
let renders = new Map<string, number>();
let mounts = 0;
function useCount(id: string) {
  const mounted = React.useRef(false);
  if (mounted.current) renders.set(id, (renders.get(id) ?? 0) + 1);
  else mounts++;
  React.useEffect(() => {
    mounted.current = true;
  });
}

// ToolList: every row goes through this renderer, so its renders are panel renders.
function CountedRow({ invocation, tool }: ToolRendererProps) {
  useCount(invocation.id);
  return <ToolPanel tool={tool} />;
}
const renderers = { '*': CountedRow };

function NaivePanel({ tool }: { tool: ToolInput }) {
  useCount('toolCallId' in tool ? tool.toolCallId : tool.id);
  return <ToolPanel tool={tool} />;
}

let setTools: React.Dispatch<React.SetStateAction<ToolInput[]>> = () => undefined;

function App({ mode, initial }: { mode: Mode; initial: ToolInput[] }) {
  const [tools, set] = React.useState(initial);
  setTools = set;
  if (mode === 'ToolList') return <ToolList tools={tools} renderers={renderers} style={{ ['--se-tool-list-height' as string]: '600px' }} />;
  return (
    <div data-se-part="baseline" style={{ height: 600, overflowY: 'auto' }}>
      {tools.map((t) => (
        <NaivePanel key={'toolCallId' in t ? t.toolCallId : t.id} tool={t} />
      ))}
    </div>
  );
}

const STATES = ['pending', 'running', 'completed', 'error'] as const;
function nextVersion(tool: ToolInput, step: number): ToolInput {
  if ('toolCallId' in tool) {
    const cycle = [
      { state: 'input-available' as const, output: undefined, errorText: undefined },
      { state: 'output-available' as const, output: { step }, errorText: undefined },
      { state: 'output-error' as const, output: undefined, errorText: `failed at ${step}` },
    ];
    return { ...tool, ...cycle[step % 3]! };
  }
  const status = STATES[step % 4]!;
  return { ...tool, status, result: status === 'completed' ? { step } : undefined, error: status === 'error' ? `failed at ${step}` : undefined };
}

function visibleIndexes(): number[] {
  const container = document.querySelector<HTMLElement>('[data-se-part="tool-list-viewport"], [data-se-part="baseline"]')!;
  const box = container.getBoundingClientRect();
  const rowsSel = container.matches('[data-se-part="baseline"]') ? ':scope > [data-se-part="tool-panel"]' : '[data-se-part="tool-list-item"]';
  const out: number[] = [];
  container.querySelectorAll<HTMLElement>(rowsSel).forEach((el, i) => {
    const r = el.getBoundingClientRect();
    if (r.bottom > box.top && r.top < box.bottom) out.push(el.dataset.index !== undefined ? Number(el.dataset.index) : i);
  });
  return out;
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
/** Resolves after the current frame's rendering steps (style, layout, paint). */
const afterPaint = () =>
  new Promise<number>((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(performance.now());
    channel.port2.postMessage(0);
  });

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function run(mode: Mode, pick: Pick, items: number, updates: number, seed: number) {
  const host = document.getElementById('root')!;
  let root: Root | null = createRoot(host);
  let tools = manyTools(items, seed);
  flushSync(() => root!.render(<App mode={mode} initial={tools} />));
  await frame();
  await frame();
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const toPaint: number[] = [];
  const toCommit: number[] = [];
  const others: number[] = [];
  let updatedRenders = 0;
  let mountedDuring = 0;
  for (let u = 0; u < updates; u++) {
    let index: number;
    if (pick === 'none') index = 0;
    else if (pick === 'visible') {
      const vis = visibleIndexes();
      index = vis[Math.floor(rand() * vis.length)] ?? 0;
    } else index = Math.floor(rand() * items);
    // 'none' is the control: a frame with a no-op state update (the floor of this measurement).
    const next = pick === 'none' ? tools : tools.slice();
    if (pick !== 'none') next[index] = nextVersion(tools[index]!, u + 1);
    tools = next;
    const id = 'toolCallId' in next[index]! ? (next[index] as { toolCallId: string }).toolCallId : (next[index] as { id: string }).id;
    // Start at the top of a frame so the measurement is not a vsync wait.
    await frame();
    renders = new Map();
    mounts = 0;
    const t0 = performance.now();
    const painted = afterPaint();
    flushSync(() => setTools(next));
    toCommit.push(performance.now() - t0);
    toPaint.push((await painted) - t0);
    mountedDuring += mounts;
    let other = 0;
    for (const [key, n] of renders) if (key !== id) other += n;
    others.push(other);
    updatedRenders += renders.get(id) ?? 0;
  }
  const mounted = document.querySelectorAll('[data-se-part="tool-panel"]').length;
  root.unmount();
  root = null;
  return {
    mode,
    pick,
    items,
    updates,
    mountedPanels: mounted,
    commitP50: quantile(toCommit, 0.5),
    commitP95: quantile(toCommit, 0.95),
    paintP50: quantile(toPaint, 0.5),
    paintP95: quantile(toPaint, 0.95),
    otherRendersTotal: others.reduce((a, b) => a + b, 0),
    otherRendersPerUpdate: others.reduce((a, b) => a + b, 0) / updates,
    updatedPanelRenders: updatedRenders,
    rowsMountedPerUpdate: mountedDuring / updates,
  };
}

(window as unknown as { bench: typeof run }).bench = run;

// ── step API (bench/budgets: one CDP TaskDuration reading around each step) ──
let stepRoot: Root | null = null;
let stepTools: ToolInput[] = [];
let stepSeed = 1;
const stepRand = () => ((stepSeed = (stepSeed * 1103515245 + 12345) % 2147483648) / 2147483648);
async function toolsSetup(mode: Mode, items: number, seed: number) {
  stepRoot?.unmount();
  stepRoot = createRoot(document.getElementById('root')!);
  stepTools = manyTools(items, seed);
  stepSeed = seed;
  flushSync(() => stepRoot!.render(<App mode={mode} initial={stepTools} />));
  await frame();
  await frame();
}
/** One item updated (random, or none for the control) at the top of a frame; resolves after that frame's paint. */
async function toolsUpdate(pick: 'random' | 'none', u: number) {
  const index = Math.floor(stepRand() * stepTools.length);
  const next = pick === 'none' ? stepTools : stepTools.slice();
  if (pick !== 'none') next[index] = nextVersion(stepTools[index]!, u + 1);
  stepTools = next;
  await frame();
  const painted = afterPaint();
  flushSync(() => setTools(next));
  await painted;
}
Object.assign(window, { toolsSetup, toolsUpdate });
document.title = 'ready';
