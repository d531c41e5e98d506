/**
 * xterm.js and the fit addon, loaded on first use from inside an effect.
 * Nothing here runs at import time: `@xterm/xterm` touches `self` and `window`
 * when it is evaluated, which is what breaks server rendering in other
 * wrappers. Other addons are the user's (`WebTerminal`'s `addons` prop), so
 * this entry needs no package beyond the two it documents.
 */
import type { Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';

export interface XtermModules {
  Terminal: typeof Terminal;
  FitAddon: typeof FitAddon;
}

let loading: Promise<XtermModules> | undefined;

/**
 * Load (once) `@xterm/xterm` and `@xterm/addon-fit`. Any failure (a package
 * missing, or one without the export we need) is not cached: the next call,
 * e.g. from Retry, loads again.
 */
export function loadXterm(): Promise<XtermModules> {
  loading ??= Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')])
    .then(([xterm, fit]) => ({
      Terminal: pick<typeof Terminal>(xterm, 'Terminal', '@xterm/xterm'),
      FitAddon: pick<typeof FitAddon>(fit, 'FitAddon', '@xterm/addon-fit'),
    }))
    .catch((error: unknown) => {
      loading = undefined;
      throw new Error(
        `WebTerminal could not load xterm.js (${error instanceof Error ? error.message : String(error)}). ` +
          'It needs the optional peers @xterm/xterm and @xterm/addon-fit: npm install @xterm/xterm @xterm/addon-fit',
        { cause: error },
      );
    });
  return loading;
}

// A CommonJS build seen through a bundler's interop puts the exports under `default`.
function pick<T>(module: unknown, name: string, from: string): T {
  const m = module as Record<string, unknown> & { default?: Record<string, unknown> };
  const value = m[name] ?? m.default?.[name];
  if (typeof value !== 'function') throw new Error(`Expected ${name} to be exported by ${from}`);
  return value as T;
}
