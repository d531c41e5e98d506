import * as React from 'react';
import type { ITerminalAddon, ITerminalOptions, Terminal } from '@xterm/xterm';
import type { FitAddon } from '@xterm/addon-fit';
import { DisposableStore } from '../internal';
import { toSandboxError, type SandboxError } from '../transport/errors';
import { loadXterm, type XtermModules } from './load-xterm';
import { themeFromCss } from './theme';
import type { WebTerminalProps } from './web-terminal';

/* -------------------------------------------------------------------------------------------------
 * useXterm: one xterm.js Terminal per mounted viewport, and its options
 * -----------------------------------------------------------------------------------------------*/

export interface LoadedTerminal {
  terminal: Terminal;
  fit: FitAddon;
  /** The user's addons, as loaded. */
  addons: readonly ITerminalAddon[];
  modules: XtermModules;
}

const DEFAULT_FONT = "ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'DejaVu Sans Mono', monospace";

export interface XtermResult {
  /** The loaded terminal, or `null` before it has loaded (and after unmount). */
  xterm: LoadedTerminal | null;
  /** The same, for handles and callbacks. */
  xtermRef: React.MutableRefObject<LoadedTerminal | null>;
  /** Loading xterm.js failed. */
  loadError: SandboxError | null;
  /** Load again after `loadError`. Stable. */
  reload(): void;
  /** Write to the screen; written before the terminal exists, it is shown once it does. Stable. */
  write(data: string | Uint8Array): void;
}

/**
 * Loads xterm.js in an effect (never at import) and creates a Terminal in
 * `viewport` with the fit addon and the user's addons; disposes them (addons
 * first) when the viewport goes. Props are read through `latest` when the
 * terminal is created.
 */
export function useXterm(viewport: HTMLDivElement | null, rootRef: React.RefObject<HTMLElement | null>, latest: React.MutableRefObject<WebTerminalProps>): XtermResult {
  const [xterm, setXterm] = React.useState<LoadedTerminal | null>(null);
  const xtermRef = React.useRef<LoadedTerminal | null>(null);
  const [loadError, setLoadError] = React.useState<SandboxError | null>(null);
  const [loadAttempt, setLoadAttempt] = React.useState(0);
  const pendingWrites = React.useRef<Array<string | Uint8Array>>([]);

  React.useEffect(() => {
    if (!viewport) return;
    let cancelled = false;
    const store = new DisposableStore();
    loadXterm().then(
      (modules) => {
        if (cancelled) return;
        const p = latest.current;
        const terminal = new modules.Terminal({ ...terminalOptionsFrom(p, rootRef.current), allowProposedApi: false });
        store.add(terminal);
        const fit = new modules.FitAddon();
        terminal.loadAddon(fit);
        terminal.open(viewport);
        // After open: some addons (webgl) need the element.
        const given = p.addons;
        const addons = [...((typeof given === 'function' ? given(terminal) : given) ?? [])];
        for (const addon of addons) terminal.loadAddon(addon);
        // Released before the terminal, newest first (xterm would also dispose them with it).
        for (const addon of addons) store.add(addon);
        const loaded: LoadedTerminal = { terminal, fit, addons, modules };
        xtermRef.current = loaded;
        store.add(() => {
          if (xtermRef.current === loaded) xtermRef.current = null;
        });
        for (const data of pendingWrites.current.splice(0)) terminal.write(data);
        setXterm(loaded);
        if (p.autoFocus) terminal.focus();
        p.onReady?.(terminal);
      },
      (error: unknown) => {
        if (!cancelled) setLoadError(toSandboxError(error));
      },
    );
    return () => {
      cancelled = true;
      store.dispose();
      setXterm(null);
    };
  }, [viewport, loadAttempt, latest, rootRef]);

  const reload = React.useCallback(() => {
    setLoadError(null);
    setLoadAttempt((n) => n + 1);
  }, []);
  const write = React.useCallback((data: string | Uint8Array) => {
    const loaded = xtermRef.current;
    if (loaded) loaded.terminal.write(data);
    else pendingWrites.current.push(data);
  }, []);
  return { xterm, xtermRef, loadError, reload, write };
}

/**
 * Applies the option props to the live terminal, never recreating it, then
 * fits; the default theme follows the CSS (and so the system colour scheme).
 */
export function useXtermOptions(
  xterm: LoadedTerminal | null,
  rootRef: React.RefObject<HTMLElement | null>,
  props: WebTerminalProps,
  latest: React.MutableRefObject<WebTerminalProps>,
  fit: () => void,
): void {
  const { fontSize, fontFamily, lineHeight, letterSpacing, cursorBlink, cursorStyle, scrollback, screenReaderMode, theme, terminalOptions } = props;
  const themeKey = theme ? JSON.stringify(theme) : '';
  const optionsKey = terminalOptions ? JSON.stringify(terminalOptions) : '';
  React.useEffect(() => {
    if (!xterm) return;
    const apply = () => {
      const next = terminalOptionsFrom(latest.current, rootRef.current);
      const current = xterm.terminal.options as Record<string, unknown>;
      for (const [name, value] of Object.entries(next)) {
        if (value === undefined || name === 'cols' || name === 'rows') continue;
        const same = name === 'theme' ? JSON.stringify(current[name]) === JSON.stringify(value) : current[name] === value;
        if (!same) current[name] = value;
      }
      fit();
    };
    apply();
    // The default theme follows the CSS, which may follow the system colour scheme.
    if (themeKey || typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    query.addEventListener?.('change', apply);
    return () => query.removeEventListener?.('change', apply);
  }, [xterm, fontSize, fontFamily, lineHeight, letterSpacing, cursorBlink, cursorStyle, scrollback, screenReaderMode, themeKey, optionsKey, latest, rootRef, fit]);
}

export function terminalOptionsFrom(props: WebTerminalProps, root: Element | null): ITerminalOptions {
  const css = root ? root.ownerDocument.defaultView?.getComputedStyle(root) : undefined;
  const cssFont = css?.getPropertyValue('--se-font-mono').trim();
  return {
    fontSize: props.fontSize ?? 14,
    fontFamily: props.fontFamily ?? (cssFont || DEFAULT_FONT),
    lineHeight: props.lineHeight ?? 1,
    letterSpacing: props.letterSpacing ?? 0,
    cursorBlink: props.cursorBlink ?? true,
    cursorStyle: props.cursorStyle ?? 'block',
    scrollback: props.scrollback ?? 5000,
    screenReaderMode: props.screenReaderMode ?? false,
    theme: props.theme ?? (root ? themeFromCss(root) : {}),
    ...props.terminalOptions,
  };
}
