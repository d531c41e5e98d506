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
  border: Edges;
  padding: Edges;
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
  const { rect, layout, border, padding } = box;
  if (layout.width <= 0 || layout.height <= 0 || rect.width <= 0 || rect.height <= 0) return null;
  // A CSS transform (scale) makes the painted box differ from the layout box.
  const scaleX = rect.width / layout.width;
  const scaleY = rect.height / layout.height;
  const localX = (client.x - rect.left) / scaleX - border.left - padding.left;
  const localY = (client.y - rect.top) / scaleY - border.top - padding.top;
  const content = {
    width: layout.width - border.left - border.right - padding.left - padding.right,
    height: layout.height - border.top - border.bottom - padding.top - padding.bottom,
  };
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
  const r = element.getBoundingClientRect();
  const fit = style.objectFit as ObjectFit;
  const border = { top: px(style.borderTopWidth), right: px(style.borderRightWidth), bottom: px(style.borderBottomWidth), left: px(style.borderLeftWidth) };
  const padding = { top: px(style.paddingTop), right: px(style.paddingRight), bottom: px(style.paddingBottom), left: px(style.paddingLeft) };
  // offsetWidth is rounded to whole pixels; the computed size keeps sub-pixel layout exact.
  const extraX = style.boxSizing === 'border-box' ? 0 : border.left + border.right + padding.left + padding.right;
  const extraY = style.boxSizing === 'border-box' ? 0 : border.top + border.bottom + padding.top + padding.bottom;
  // Only a resolved pixel size is usable ('auto' or '100%' mean the element is not laid out).
  const cssWidth = style.width.endsWith('px') ? Number.parseFloat(style.width) : Number.NaN;
  const cssHeight = style.height.endsWith('px') ? Number.parseFloat(style.height) : Number.NaN;
  return {
    rect: { left: r.left, top: r.top, width: r.width, height: r.height },
    layout: {
      width: Number.isFinite(cssWidth) && cssWidth > 0 ? cssWidth + extraX : element.offsetWidth,
      height: Number.isFinite(cssHeight) && cssHeight > 0 ? cssHeight + extraY : element.offsetHeight,
    },
    border,
    padding,
    fit: fit === 'fill' || fit === 'cover' || fit === 'none' || fit === 'scale-down' ? fit : 'contain',
  };
}

/** The SVG `preserveAspectRatio` that lays an overlay exactly over an image fitted with `fit`. */
export function preserveAspectRatioFor(fit: ObjectFit): string {
  return fit === 'fill' ? 'none' : fit === 'cover' ? 'xMidYMid slice' : 'xMidYMid meet';
}
