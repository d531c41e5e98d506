// @vitest-environment node
/**
 * The loader must not remember a failure: a missing export (a broken or
 * half-installed package, a bundler interop quirk) once made every later
 * Retry fail the same way, because the rejected promise was cached.
 */
const fit = vi.hoisted(() => ({ broken: true }));
vi.mock('@xterm/xterm', () => ({ Terminal: class Terminal {} }));
vi.mock('@xterm/addon-fit', () => ({
  get FitAddon() {
    return fit.broken ? undefined : class FitAddon {};
  },
  default: undefined,
}));

import { loadXterm } from './load-xterm';

describe('loadXterm', () => {
  it('given a missing export, should fail with an install hint, and load on the next call once it is there', async () => {
    const error = (await loadXterm().catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/FitAddon/);
    expect(error.message).toMatch(/npm install @xterm\/xterm @xterm\/addon-fit/);
    fit.broken = false;
    const modules = await loadXterm();
    expect(modules.FitAddon.name).toBe('FitAddon');
    expect(modules.Terminal.name).toBe('Terminal');
    // Loaded once, then shared.
    expect(loadXterm()).toBe(loadXterm());
  });
});
