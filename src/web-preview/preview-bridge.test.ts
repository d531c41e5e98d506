// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { installPreviewBridge, previewBridgeScript } from '../preview-bridge';

describe('preview bridge script', () => {
  it('given the server (no window), should install nothing and return an uninstall that is safe to call twice', () => {
    const uninstall = installPreviewBridge();
    expect(() => {
      uninstall();
      uninstall();
    }).not.toThrow();
  });

  it('given options with markup, should serialise to one self-contained script that cannot close its element', () => {
    const script = previewBridgeScript({ targetOrigin: '</script><script>alert(1)</script>', console: false });
    expect(script).not.toMatch(/<\/script/i);
    expect(script).not.toContain('<!--');
    // It parses as JavaScript on its own (no import, no outer helper).
    expect(() => new Function(script)).not.toThrow();
    expect(script).not.toMatch(/\bimport\b|\brequire\(/);
    expect(script).toContain('"console":false');
  });

  it('given it runs where window is undefined, should do nothing', () => {
    // Running the script text in this Node context is the same as inlining it in a non-frame page.
    expect(() => new Function(previewBridgeScript())()).not.toThrow();
  });
});
