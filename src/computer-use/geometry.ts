/**
 * Pointer → sandbox coordinates. Pure functions, so the mapping can be tested
 * against a table of layouts without a browser.
 *
 * Everything is computed in CSS pixels: pointer events report CSS pixels and
 * `getBoundingClientRect()` does too, so the device pixel ratio cancels out.
 * It only decides how sharp the canvas is, never where a click lands.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface Edges {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** How the image is fitted into the element's content box (CSS `object-fit`). */
export type ObjectFit = 'contain' | 'fill' | 'cover' | 'none' | 'scale-down';

/** What the mapping needs to know about the element the image is drawn in. */
export interface ElementBox {
  /** `getBoundingClientRect()`: the border box after CSS transforms. */
  rect: { left: number; top: number; width: number; height: number };
  /** `offsetWidth` / `offsetHeight`: the border box before transforms. */
  layout: Size;
  /** Border plus padding on each side: what lies between the border box and the content box. */
  inset: Edges;
  fit: ObjectFit;
}

/** The rectangle, in content-box CSS pixels, that the image is drawn into. */
export function fitRect(content: Size, image: Size, fit: ObjectFit = 'contain'): { x: number; y: number; width: number; height: number } {
  if (image.width <= 0 || image.height <= 0 || content.width <= 0 || content.height <= 0) {
    return { x: 0, y: 0, width: 0, height: 0 };
  }
  if (fit === 'fill') return { x: 0, y: 0, width: content.width, height: content.height };
  const contain = Math.min(content.width / image.width, content.height / image.height);
  const cover = Math.max(content.width / image.width, content.height / image.height);
  const scale = fit === 'contain' ? contain : fit === 'cover' ? cover : fit === 'none' ? 1 : Math.min(1, contain);
  const width = image.width * scale;
  const height = image.height * scale;
  return { x: (content.width - width) / 2, y: (content.height - height) / 2, width, height };
}

/**
 * Map a pointer position (`clientX`, `clientY`) to an integer sandbox pixel.
 * Returns `null` when the point falls outside the image (on a letterbox bar,
 * a border or padding), so a click there sends nothing; with `clamp`, such a
 * point lands on the nearest edge pixel instead (a drag released outside).
 */
export function clientToSandbox(client: Point, box: ElementBox, sandbox: Size, clamp = false): Point | null {
  const { rect, layout, inset } = box;
  if (layout.width <= 0 || layout.height <= 0 || rect.width <= 0 || rect.height <= 0) return null;
  // A CSS transform (scale) makes the painted box differ from the layout box.
  const scaleX = rect.width / layout.width;
  const scaleY = rect.height / layout.height;
  const localX = (client.x - rect.left) / scaleX - inset.left;
  const localY = (client.y - rect.top) / scaleY - inset.top;
  const content = { width: layout.width - inset.left - inset.right, height: layout.height - inset.top - inset.bottom };
  const drawn = fitRect(content, sandbox, box.fit);
  if (drawn.width <= 0 || drawn.height <= 0) return null;
  // Multiply before dividing, and absorb float noise: 115 / 400 * 800 is 229.99999999999997.
  const x = Math.floor(((localX - drawn.x) * sandbox.width) / drawn.width + 1e-6);
  const y = Math.floor(((localY - drawn.y) * sandbox.height) / drawn.height + 1e-6);
  if (clamp) return { x: Math.min(sandbox.width - 1, Math.max(0, x)), y: Math.min(sandbox.height - 1, Math.max(0, y)) };
  // Outside the content box (border/padding) is never the desktop, even with `cover`.
  if (localX < 0 || localY < 0 || localX >= content.width || localY >= content.height) return null;
  if (x < 0 || y < 0 || x >= sandbox.width || y >= sandbox.height) return null;
  return { x, y };
}

/** Read the `ElementBox` of a live element. */
export function readElementBox(element: HTMLElement): ElementBox {
  const style = getComputedStyle(element);
  const px = (v: string) => Number.parseFloat(v) || 0;
  const side = (name: 'Top' | 'Right' | 'Bottom' | 'Left') => px(style[`border${name}Width`]) + px(style[`padding${name}`]);
  const inset = { top: side('Top'), right: side('Right'), bottom: side('Bottom'), left: side('Left') };
  // offsetWidth is rounded to whole pixels; the computed size keeps sub-pixel layout exact. Only a resolved
  // pixel size is usable ('auto' or '100%' mean the element is not laid out); it is the content box unless border-box.
  const borderBox = (css: string, extra: number, offset: number) =>
    css.endsWith('px') && px(css) > 0 ? px(css) + (style.boxSizing === 'border-box' ? 0 : extra) : offset;
  const r = element.getBoundingClientRect();
  const fit = style.objectFit as ObjectFit;
  return {
    rect: { left: r.left, top: r.top, width: r.width, height: r.height },
    layout: {
      width: borderBox(style.width, inset.left + inset.right, element.offsetWidth),
      height: borderBox(style.height, inset.top + inset.bottom, element.offsetHeight),
    },
    inset,
    fit: fit === 'fill' || fit === 'cover' || fit === 'none' || fit === 'scale-down' ? fit : 'contain',
  };
}
