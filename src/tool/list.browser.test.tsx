/**
 * ToolList in real headless Chromium: real layout and a real ResizeObserver,
 * so measured row heights (not the estimate) decide the scroll range, and
 * keyboard navigation reaches rows that were never rendered.
 */
import * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { userEvent } from 'vitest/browser';
import { manyTools } from './fixtures';
import { ToolList } from './list';
import type { ToolInput } from './normalize';

let root: Root | null = null;
let host: HTMLDivElement | null = null;

afterEach(() => {
  root?.unmount();
  host?.remove();
  root = null;
  host = null;
});

const frames = (n = 2) => new Promise<void>((resolve) => {
  const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
  step(n);
});

async function mount(tools: ToolInput[], css = '') {
  host = document.createElement('div');
  host.style.width = '700px';
  host.innerHTML = `<style>${css}</style>`;
  document.body.append(host);
  const box = document.createElement('div');
  host.append(box);
  root = createRoot(box);
  flushSync(() => root!.render(<ToolList tools={tools} style={{ ['--se-tool-list-height' as string]: '400px' }} />));
  await frames(3);
  const viewport = host.querySelector<HTMLElement>('[data-se-part="tool-list-viewport"]')!;
  return { viewport, rows: () => Array.from(host!.querySelectorAll<HTMLElement>('[data-se-part="tool-list-item"]')) };
}

describe('ToolList in Chromium', () => {
  it('given 2,000 rows taller than the estimate, scrolling to the end should show the real last row flush with the bottom', async () => {
    // 70px rows against the 44px estimate: the scroll range must follow measurements.
    const closed: ToolInput[] = Array.from({ length: 2000 }, (_, i) => ({ id: `c${i}`, name: 'read_file', status: 'completed', args: { i }, result: i }));
    const { viewport, rows } = await mount(closed, '[data-se-part="tool-list-item"] { padding-bottom: 6px } [data-se-part="tool-panel-header"] { height: 64px }');
    expect(viewport.clientHeight).toBe(400);
    expect(rows().length).toBeLessThan(30);
    for (let i = 0; i < 6; i++) {
      viewport.scrollTop = viewport.scrollHeight;
      await frames(2);
    }
    const last = rows().at(-1)!;
    expect(last.dataset.index).toBe('1999');
    const gap = viewport.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom;
    expect(Math.abs(gap)).toBeLessThanOrEqual(2);
    expect(rows().map((r) => r.getBoundingClientRect().height)).toEqual(rows().map(() => 70));
    expect(viewport.scrollHeight).toBe(2000 * 70);
  });

  it('given focus on the first trigger, End and Home should move focus across the whole virtual list', async () => {
    const { viewport, rows } = await mount(manyTools(2000));
    rows()[0]!.querySelector<HTMLElement>('[data-se-part="tool-panel-trigger"]')!.focus();
    await userEvent.keyboard('{End}');
    await frames(3);
    expect(document.activeElement?.closest('[data-se-part="tool-list-item"]')?.getAttribute('data-index')).toBe('1999');
    expect(viewport.scrollTop).toBeGreaterThan(1000);
    await userEvent.keyboard('{ArrowUp}');
    expect(document.activeElement?.closest('[data-se-part="tool-list-item"]')?.getAttribute('data-index')).toBe('1998');
    await userEvent.keyboard('{Home}');
    await frames(2);
    expect(document.activeElement?.closest('[data-se-part="tool-list-item"]')?.getAttribute('data-index')).toBe('0');
    expect(viewport.scrollTop).toBe(0);
  });
});
