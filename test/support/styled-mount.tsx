/**
 * Mounts a React tree in the real browser next to a `<style>` block, for tests
 * that check the documented data attributes with getComputedStyle. Unmounts
 * and removes everything after each test.
 */
import type * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach } from 'vitest';

export interface StyledMountOptions {
  /** Inline style of the element that holds the `<style>` and the tree. */
  hostStyle?: string;
  /** Inline style of the element React renders into. */
  boxStyle?: string;
}

export function createStyledMount(css: string, { hostStyle = '', boxStyle = '' }: StyledMountOptions = {}) {
  let root: Root | null = null;
  let host: HTMLDivElement | null = null;
  afterEach(() => {
    root?.unmount();
    host?.remove();
    root = host = null;
  });
  return function mount(node: React.ReactNode) {
    host = document.createElement('div');
    host.style.cssText = hostStyle;
    host.innerHTML = `<style>${css}</style>`;
    document.body.append(host);
    const box = document.createElement('div');
    box.style.cssText = boxStyle;
    host.append(box);
    root = createRoot(box);
    flushSync(() => root!.render(node));
    const q = (part: string) => host!.querySelector<HTMLElement>(`[data-se-part="${part}"]`)!;
    return { host: host!, q, style: (part: string) => getComputedStyle(q(part)) };
  };
}
