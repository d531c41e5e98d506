// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './index';

describe('memory transport: desktop icons', () => {
  it('given the Files window, the screenshot should draw folder and file icons as shapes, not emoji glyphs', async () => {
    const t = createMemoryTransport();
    const svg = await (await t.computerUse!.screenshot({ sandboxId: 'abc123' })).image.text();
    // The glyphs rendered as empty boxes in fonts without emoji.
    expect(svg).not.toMatch(/[\u{1F4C1}\u{1F4C4}]/u);
    expect(svg.match(/data-icon="folder"/g)?.length).toBeGreaterThan(0);
    expect(svg.match(/data-icon="file"/g)?.length).toBeGreaterThan(0);
    // The names are still there, beside their icons.
    expect(svg).toContain('>README.md</text>');
    expect(svg).toContain('>node_modules</text>');
    t.dispose();
  });
});
