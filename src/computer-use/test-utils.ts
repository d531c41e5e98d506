import { vi } from 'vitest';

/**
 * jsdom has no 2D canvas. Record what the display draws instead, so tests can
 * assert that a frame reached the canvas.
 */
export function stubCanvas(): { draws: Array<{ image: unknown; w: number; h: number }> } {
  const draws: Array<{ image: unknown; w: number; h: number }> = [];
  const context = {
    drawImage: (image: unknown, _x: number, _y: number, w: number, h: number) => draws.push({ image, w, h }),
    clearRect: () => {},
  };
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context as unknown as CanvasRenderingContext2D);
  return { draws };
}

/** Give an element the layout a browser would: `width`×`height` CSS px at (left, top). */
export function layOut(element: HTMLElement, box: { left?: number; top?: number; width: number; height: number }): void {
  const left = box.left ?? 0;
  const top = box.top ?? 0;
  Object.defineProperty(element, 'offsetWidth', { configurable: true, value: box.width });
  Object.defineProperty(element, 'offsetHeight', { configurable: true, value: box.height });
  element.getBoundingClientRect = () =>
    ({ left, top, width: box.width, height: box.height, x: left, y: top, right: left + box.width, bottom: top + box.height, toJSON() {} }) as DOMRect;
}
