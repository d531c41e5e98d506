import type { ITheme } from '@xterm/xterm';

/**
 * The xterm theme keys and the custom properties that feed them. `base.css`
 * defines the first five; `web-terminal.css` adds the ANSI palette, and any
 * app can override them on a container.
 */
const PROPERTIES: Array<[keyof ITheme, string]> = [
  ['background', '--se-terminal-bg'],
  ['foreground', '--se-terminal-fg'],
  ['cursor', '--se-terminal-cursor'],
  ['cursorAccent', '--se-terminal-bg'],
  ['selectionBackground', '--se-terminal-selection'],
  ['black', '--se-terminal-black'],
  ['red', '--se-terminal-red'],
  ['green', '--se-terminal-green'],
  ['yellow', '--se-terminal-yellow'],
  ['blue', '--se-terminal-blue'],
  ['magenta', '--se-terminal-magenta'],
  ['cyan', '--se-terminal-cyan'],
  ['white', '--se-terminal-white'],
  ['brightBlack', '--se-terminal-bright-black'],
  ['brightRed', '--se-terminal-bright-red'],
  ['brightGreen', '--se-terminal-bright-green'],
  ['brightYellow', '--se-terminal-bright-yellow'],
  ['brightBlue', '--se-terminal-bright-blue'],
  ['brightMagenta', '--se-terminal-bright-magenta'],
  ['brightCyan', '--se-terminal-bright-cyan'],
  ['brightWhite', '--se-terminal-bright-white'],
];

/**
 * Read the theme from the CSS custom properties in effect on `element`. Keys
 * whose property is unset are left out, so xterm's own defaults apply.
 */
export function themeFromCss(element: Element): ITheme {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element);
  const theme: Record<string, string> = {};
  if (!style) return theme;
  for (const [key, property] of PROPERTIES) {
    const value = style.getPropertyValue(property).trim();
    if (value) theme[key] = value;
  }
  return theme as ITheme;
}

export const THEME_PROPERTIES = /* @__PURE__ */ PROPERTIES.map(([, property]) => property);
