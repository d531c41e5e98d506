// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { clientToSandbox, fitRect, type Edges, type ElementBox } from './geometry';

const none = { top: 0, right: 0, bottom: 0, left: 0 };
const desktop = { width: 1280, height: 800 };

/**
 * A box as a browser reports it. `dpr` is the device pixel ratio the page
 * runs at: pointer events and getBoundingClientRect are both in CSS pixels, so
 * a DPR 2 screen reports the same numbers (with fractional positions) and the
 * mapping must land on the same sandbox pixel.
 */
function box(
  w: number,
  h: number,
  extra: { border?: Edges; padding?: Edges; fit?: ElementBox['fit']; left?: number; top?: number; transformScale?: number } = {},
): ElementBox {
  const s = extra.transformScale ?? 1;
  const border = extra.border ?? none;
  const padding = extra.padding ?? none;
  return {
    rect: { left: extra.left ?? 0, top: extra.top ?? 0, width: w * s, height: h * s },
    layout: { width: w, height: h },
    inset: { top: border.top + padding.top, right: border.right + padding.right, bottom: border.bottom + padding.bottom, left: border.left + padding.left },
    fit: extra.fit ?? 'contain',
  };
}

describe('fitRect', () => {
  it('given a wider box, when fitted with contain, should pillarbox the image in the middle', () => {
    expect(fitRect({ width: 1000, height: 400 }, desktop, 'contain')).toEqual({ x: 180, y: 0, width: 640, height: 400 });
  });
  it('given a taller box, when fitted with contain, should letterbox the image in the middle', () => {
    expect(fitRect({ width: 640, height: 1000 }, desktop, 'contain')).toEqual({ x: 0, y: 300, width: 640, height: 400 });
  });
  it('given fill, should stretch over the whole box', () => {
    expect(fitRect({ width: 100, height: 100 }, desktop, 'fill')).toEqual({ x: 0, y: 0, width: 100, height: 100 });
  });
  it('given a zero-sized box, should draw nothing', () => {
    expect(fitRect({ width: 0, height: 100 }, desktop)).toEqual({ x: 0, y: 0, width: 0, height: 0 });
  });
});

describe('clientToSandbox', () => {
  const cases: Array<[string, { x: number; y: number }, ElementBox, { x: number; y: number } | null]> = [
    ['1:1, top-left pixel', { x: 0, y: 0 }, box(1280, 800), { x: 0, y: 0 }],
    ['1:1, bottom-right pixel', { x: 1279.9, y: 799.9 }, box(1280, 800), { x: 1279, y: 799 }],
    ['1:1, just outside the right edge', { x: 1280, y: 10 }, box(1280, 800), null],
    ['half size', { x: 320, y: 200 }, box(640, 400), { x: 640, y: 400 }],
    ['half size, element offset in the page', { x: 120, y: 70 }, box(640, 400, { left: 100, top: 50 }), { x: 40, y: 40 }],
    ['DPR 2, fractional CSS position lands on the same pixel', { x: 320.5, y: 200.5 }, box(640, 400), { x: 641, y: 401 }],
    ['DPR 1.5, fractional position', { x: 213.3333, y: 133.3333 }, box(640, 400), { x: 426, y: 266 }],
    ['pillarbox: left bar is not the desktop', { x: 100, y: 200 }, box(1000, 400), null],
    ['pillarbox: first desktop column', { x: 180, y: 0 }, box(1000, 400), { x: 0, y: 0 }],
    ['pillarbox: centre', { x: 500, y: 200 }, box(1000, 400), { x: 640, y: 400 }],
    ['pillarbox: right bar', { x: 821, y: 200 }, box(1000, 400), null],
    ['letterbox: top bar', { x: 320, y: 299 }, box(640, 1000), null],
    ['letterbox: first desktop row', { x: 320, y: 300 }, box(640, 1000), { x: 640, y: 0 }],
    ['letterbox: last desktop row', { x: 320, y: 699.9 }, box(640, 1000), { x: 640, y: 799 }],
    ['border 10 px: the border is not the desktop', { x: 5, y: 5 }, box(660, 420, { border: { top: 10, right: 10, bottom: 10, left: 10 } }), null],
    ['border 10 px: first content pixel', { x: 10, y: 10 }, box(660, 420, { border: { top: 10, right: 10, bottom: 10, left: 10 } }), { x: 0, y: 0 }],
    ['border + padding', { x: 30, y: 30 }, box(680, 440, { border: { top: 10, right: 10, bottom: 10, left: 10 }, padding: { top: 10, right: 10, bottom: 10, left: 10 } }), { x: 20, y: 20 }],
    ['CSS transform scale(0.5) on a 1280 box', { x: 320, y: 200 }, box(1280, 800, { transformScale: 0.5 }), { x: 640, y: 400 }],
    ['CSS transform scale(2) with an offset', { x: 110, y: 60 }, box(640, 400, { left: 100, top: 50, transformScale: 2 }), { x: 10, y: 10 }],
    ['transform + pillarbox', { x: 90, y: 100 }, box(1000, 400, { transformScale: 0.5 }), { x: 0, y: 400 }],
    ['fill stretches: x and y scale differently', { x: 50, y: 50 }, box(100, 100, { fit: 'fill' }), { x: 640, y: 400 }],
    ['float noise: 115 / 400 × 800 is exactly row 230', { x: 350, y: 115 }, box(640, 400), { x: 700, y: 230 }],
    ['zero-sized element', { x: 0, y: 0 }, box(0, 0), null],
  ];
  it.each(cases)('%s', (_name, client, b, expected) => {
    expect(clientToSandbox(client, b, desktop)).toEqual(expected);
  });
});

describe('clientToSandbox with clamp (a drag released off the desktop)', () => {
  const cases: Array<[string, { x: number; y: number }, ElementBox, { x: number; y: number } | null]> = [
    ['inside: the same pixel as without clamp', { x: 320, y: 200 }, box(640, 400), { x: 640, y: 400 }],
    ['beyond the bottom-right corner: the last pixel', { x: 900, y: 700 }, box(640, 400), { x: 1279, y: 799 }],
    ['above and left of the element: the first pixel', { x: -50, y: -40 }, box(640, 400), { x: 0, y: 0 }],
    ['on the left pillarbox bar: the first column, the row under the pointer', { x: 100, y: 200 }, box(1000, 400), { x: 0, y: 400 }],
    ['on the border: the nearest edge', { x: 5, y: 5 }, box(660, 420, { border: { top: 10, right: 10, bottom: 10, left: 10 } }), { x: 0, y: 0 }],
    ['zero-sized element: nowhere', { x: 0, y: 0 }, box(0, 0), null],
  ];
  it.each(cases)('%s', (_name, client, b, expected) => {
    expect(clientToSandbox(client, b, desktop, true)).toEqual(expected);
  });
});
