/** A decoded frame ready for `drawImage`. `close()` frees an ImageBitmap early. */
export type DecodedFrame = CanvasImageSource & { close?: () => void };

/**
 * Decode a screenshot off the main thread where the browser can
 * (`createImageBitmap`), falling back to an `<img>` for formats it cannot
 * decode that way (Chromium refuses SVG blobs in `createImageBitmap`).
 */
export async function decodeFrame(blob: Blob): Promise<DecodedFrame> {
  if (!/svg/i.test(blob.type) && typeof createImageBitmap === 'function') {
    try {
      return await createImageBitmap(blob);
    } catch {
      // Fall back to <img>, which decodes everything the browser can show.
    }
  }
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}
