/**
 * xterm.js and its addons, loaded on first use from inside an effect. Nothing
 * here runs at import time: `@xterm/xterm` touches `self` and `window` when it
 * is evaluated, which is what breaks server rendering in other wrappers.
 */
import type { Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import type { SearchAddon } from '@xterm/addon-search';
import type { WebLinksAddon } from '@xterm/addon-web-links';

export interface XtermModules {
  Terminal: typeof Terminal;
  FitAddon: typeof FitAddon;
  SearchAddon: typeof SearchAddon;
  WebLinksAddon: typeof WebLinksAddon;
}

let loading: Promise<XtermModules> | undefined;

/** Load (once) the four xterm packages. A failed load is retried on the next call. */
export function loadXterm(): Promise<XtermModules> {
  loading ??= Promise.all([
    import('@xterm/xterm'),
    import('@xterm/addon-fit'),
    import('@xterm/addon-search'),
    import('@xterm/addon-web-links'),
  ]).then(
    ([xterm, fit, search, links]) => ({
      Terminal: pick(xterm, 'Terminal'),
      FitAddon: pick(fit, 'FitAddon'),
      SearchAddon: pick(search, 'SearchAddon'),
      WebLinksAddon: pick(links, 'WebLinksAddon'),
    }),
    (error: unknown) => {
      loading = undefined;
      throw new Error(
        'WebTerminal needs the optional peers @xterm/xterm, @xterm/addon-fit, @xterm/addon-search and @xterm/addon-web-links: ' +
          'npm install @xterm/xterm @xterm/addon-fit @xterm/addon-search @xterm/addon-web-links',
        { cause: error },
      );
    },
  );
  return loading;
}

// A CommonJS build seen through a bundler's interop puts the exports under `default`.
function pick<T>(module: unknown, name: string): T {
  const m = module as Record<string, unknown> & { default?: Record<string, unknown> };
  const value = m[name] ?? m.default?.[name];
  if (typeof value !== 'function') throw new Error(`Expected ${name} to be exported by its @xterm package`);
  return value as T;
}
