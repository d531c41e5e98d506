/**
 * ComputerUseDisplay in real headless Chromium: real layout, real pointer
 * input through the browser, the memory transport's SVG desktop decoded with
 * an <img> and drawn on a real canvas.
 */
import * as React from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { userEvent } from 'vitest/browser';
import { SandboxProvider, createMemoryTransport, type MemoryTransport } from '../transport';
import type { ComputerAction } from '../transport/types';
import { ComputerUseDisplay, ComputerUseProvider, type ComputerUseMode } from './index';

let root: Root | null = null;
let host: HTMLDivElement | null = null;

afterEach(() => {
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
});

async function mount(opts: { mode?: ComputerUseMode; hostStyle?: Partial<CSSStyleDeclaration>; canvasCss?: string } = {}) {
  const transport = createMemoryTransport();
  host = document.createElement('div');
  // Fixed at the origin so layout positions are whole CSS pixels.
  Object.assign(host.style, { position: 'fixed', left: '0px', top: '0px', width: '640px', ...opts.hostStyle });
  document.body.append(host);
  if (opts.canvasCss) {
    const style = document.createElement('style');
    style.textContent = opts.canvasCss;
    host.append(style);
  }
  const frames: number[] = [];
  const box = document.createElement('div');
  host.append(box);
  root = createRoot(box);
  root.render(
    <SandboxProvider transport={transport} sandboxId="abc123">
      <ComputerUseProvider defaultMode={opts.mode ?? 'click'}>
        <ComputerUseDisplay refreshIntervalMs={0} doubleClickMs={0} onFrame={() => frames.push(performance.now())} />
      </ComputerUseProvider>
    </SandboxProvider>,
  );
  const display = await waitFor(() => {
    const el = host!.querySelector<HTMLElement>('[data-se-part="computer-use-display"][data-status="live"]');
    if (!el) throw new Error('display not live yet');
    return el;
  });
  return { transport, display, canvas: display.querySelector('canvas')!, frames };
}

const waitFor = <T,>(fn: () => T) => vi.waitFor(fn, { timeout: 5000, interval: 20 });

function pixels(canvas: HTMLCanvasElement): Uint8ClampedArray {
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
}
function changedPixels(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  return n;
}
const performed = (t: MemoryTransport) => t.inspect().actions as ComputerAction[];

describe('ComputerUseDisplay in Chromium', () => {
  it('should draw a stream of frames without a single React commit', async () => {
    const transport = createMemoryTransport();
    host = document.createElement('div');
    Object.assign(host.style, { position: 'fixed', left: '0px', top: '0px', width: '640px' });
    document.body.append(host);
    let commits = 0;
    let frames = 0;
    root = createRoot(host);
    root.render(
      <React.Profiler id="display" onRender={() => void commits++}>
        <SandboxProvider transport={transport} sandboxId="abc123">
          <ComputerUseProvider defaultMode="view">
            <ComputerUseDisplay refreshIntervalMs={1} onFrame={() => void frames++} />
          </ComputerUseProvider>
        </SandboxProvider>
      </React.Profiler>,
    );
    await waitFor(() => {
      if (!host!.querySelector('[data-status="live"]')) throw new Error('not live');
    });
    // What the first frame changed (status, size) is committed by the time two more are drawn.
    const settled = frames + 2;
    await waitFor(() => expect(frames).toBeGreaterThanOrEqual(settled));
    commits = 0;
    frames = 0;
    // A run of frames, however long this machine takes to draw them, and not one commit.
    await waitFor(() => expect(frames).toBeGreaterThan(5));
    expect(commits).toBe(0);
  });

  it('given a click on the desktop, should send the mapped click and draw a changed frame', async () => {
    const { transport, canvas, frames } = await mount();
    expect(canvas.getBoundingClientRect().width).toBe(640);
    const before = pixels(canvas);
    // Something was drawn: the desktop's gradient is not blank.
    expect(before.some((v, i) => i % 4 !== 3 && v > 0)).toBe(true);
    const framesBefore = frames.length;
    // Where the browser really delivered the click (the test iframe may be scaled, so read it back).
    const seen: Array<{ x: number; y: number }> = [];
    canvas.addEventListener('click', (e) => seen.push({ x: e.clientX, y: e.clientY }));
    // The Files window sits at (60..480, 70..590) in the 1280×800 desktop; the canvas is at half size.
    await userEvent.click(canvas, { position: { x: 100, y: 150 } });
    await waitFor(() => expect(seen).toHaveLength(1));
    const expected = { type: 'click', x: Math.floor(seen[0]!.x * 2), y: Math.floor(seen[0]!.y * 2) };
    await waitFor(() => expect(performed(transport)).toEqual([expected]));
    expect(Math.abs(expected.x - 200)).toBeLessThanOrEqual(4);
    expect(Math.abs(expected.y - 300)).toBeLessThanOrEqual(4);
    await waitFor(() => expect(frames.length).toBeGreaterThan(framesBefore));
    const after = pixels(canvas);
    // The Files window came to the front and the frame counter moved: many pixels changed.
    expect(changedPixels(before, after)).toBeGreaterThan(500);
  });

  it('given a CSS transform and letterboxing, should still click the exact sandbox pixel', async () => {
    const { transport, canvas } = await mount({
      hostStyle: { width: '1000px', transform: 'scale(0.5)', transformOrigin: '0 0' },
      canvasCss: '[data-se-part="computer-use-canvas"] { height: 400px !important; border: 10px solid black; box-sizing: content-box; }',
    });
    // Layout box 1020×420 (content 1000×400 + border), painted at half size: 510×210.
    const rect = canvas.getBoundingClientRect();
    expect(rect.width).toBeCloseTo(510, 0);
    // Content 1000×400 pillarboxes the 1280×800 desktop into 640×400 at x=180.
    // Aim at sandbox (640, 400): layout (10 + 180 + 320, 10 + 200) → painted ×0.5.
    const click = (x: number, y: number) => canvas.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: x, clientY: y, button: 0 }));
    click((10 + 180 + 320) / 2, (10 + 200) / 2);
    await waitFor(() => expect(performed(transport)).toEqual([{ type: 'click', x: 640, y: 400 }]));
    // A click on the pillarbox bar sends nothing: the next click on the desktop arrives right after the first.
    click((10 + 50) / 2, 100 / 2);
    click((10 + 180 + 320) / 2, (10 + 200) / 2);
    await waitFor(() => expect(performed(transport)).toHaveLength(2));
    expect(performed(transport)).toEqual([
      { type: 'click', x: 640, y: 400 },
      { type: 'click', x: 640, y: 400 },
    ]);
  });

  it('type mode: keys typed into the focused display reach the desktop', async () => {
    const { transport, display } = await mount({ mode: 'type' });
    await userEvent.click(display);
    expect(document.activeElement).toBe(display);
    await userEvent.keyboard('Hi{Enter}there');
    await waitFor(() => expect(transport.inspect().desktop.text).toBe('Hi\nthere'));
    await userEvent.keyboard('{Escape}');
    expect(document.activeElement).not.toBe(display);
  });

  it('drag mode: a real pointer drag moves the window by its title bar', async () => {
    const { transport, canvas } = await mount({ mode: 'drag' });
    // Notepad's title bar: (540..1180, 120..152) → drag from (600, 130) to (700, 230).
    const rect = canvas.getBoundingClientRect();
    const at = (x: number, y: number) => ({ x: rect.left + x / 2, y: rect.top + y / 2 });
    const from = at(600, 130);
    const to = at(700, 230);
    canvas.parentElement!.parentElement!.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: from.x, clientY: from.y, button: 0, pointerId: 7 }));
    canvas.parentElement!.parentElement!.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: to.x, clientY: to.y, pointerId: 7 }));
    canvas.parentElement!.parentElement!.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, clientX: to.x, clientY: to.y, button: 0, pointerId: 7 }));
    await waitFor(() => expect(performed(transport)).toEqual([{ type: 'drag', from: { x: 600, y: 130 }, to: { x: 700, y: 230 } }]));
    expect(transport.inspect().desktop.render()).toContain('x="640" y="220"');
  });
});
