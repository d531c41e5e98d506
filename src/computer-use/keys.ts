import type { ComputerAction, KeyModifier } from '../transport/types';

/** The parts of a `KeyboardEvent` the mapping reads. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  metaKey?: boolean;
}

/** Browser `KeyboardEvent.key` → X keysym name (what xdotool and Daytona accept), where they differ. */
const NAMED: Record<string, string> = {
  Enter: 'Return',
  Backspace: 'BackSpace',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  PageUp: 'Page_Up',
  PageDown: 'Page_Down',
  ContextMenu: 'Menu',
  PrintScreen: 'Print',
  ScrollLock: 'Scroll_Lock',
  NumLock: 'Num_Lock',
  ' ': 'space',
};
/** Named keys whose keysym has the browser's name: Tab, Escape, F1–F24, …. */
const SAME_NAME = /^(?:Tab|Escape|Delete|Insert|Home|End|Pause|F(?:[1-9]|1\d|2[0-4]))$/;

/** Punctuation → keysym names, for combinations (`ctrl+minus`). */
const PUNCTUATION: Record<string, string> = {
  '!': 'exclam', '"': 'quotedbl', '#': 'numbersign', $: 'dollar', '%': 'percent', '&': 'ampersand',
  "'": 'apostrophe', '(': 'parenleft', ')': 'parenright', '*': 'asterisk', '+': 'plus', ',': 'comma',
  '-': 'minus', '.': 'period', '/': 'slash', ':': 'colon', ';': 'semicolon', '<': 'less', '=': 'equal',
  '>': 'greater', '?': 'question', '@': 'at', '[': 'bracketleft', '\\': 'backslash', ']': 'bracketright',
  '^': 'asciicircum', _: 'underscore', '`': 'grave', '{': 'braceleft', '|': 'bar', '}': 'braceright', '~': 'asciitilde',
};

/** The result of mapping one key: an action, or text to type (coalesced by the display). */
export type KeyMapping = { kind: 'text'; text: string } | { kind: 'action'; action: Extract<ComputerAction, { type: 'press' | 'hotkey' }> } | null;

/**
 * Map a `KeyboardEvent` to what the sandbox should receive:
 * - printable characters without ctrl/alt/meta → text (`type`);
 * - named keys (Enter, arrows, F-keys…) → `press` with X keysym names, shift as a modifier;
 * - anything held with ctrl/alt/meta → `hotkey` like `ctrl+shift+t`;
 * - lone modifiers (`Shift`), dead keys, IME composition and every other key
 *   with no keysym here → `null` (nothing is sent).
 */
export function mapKeyEvent(event: KeyInput): KeyMapping {
  const { key } = event;
  if (!key) return null;
  const chord = Boolean(event.ctrlKey || event.altKey || event.metaKey);
  const single = [...key].length === 1;
  if (single && !chord) return { kind: 'text', text: key };
  const name = NAMED[key] ?? (SAME_NAME.test(key) ? key : single ? (/^[A-Za-z0-9]$/.test(key) ? key.toLowerCase() : PUNCTUATION[key]) : undefined);
  if (!name) return null;
  const modifiers: KeyModifier[] = [];
  if (event.ctrlKey) modifiers.push('ctrl');
  if (event.altKey) modifiers.push('alt');
  // Shift already shaped a punctuation character ('?' is shift+/): sending it again would change the key.
  if (event.shiftKey && !(single && PUNCTUATION[key])) modifiers.push('shift');
  if (event.metaKey) modifiers.push('meta');
  if (chord) return { kind: 'action', action: { type: 'hotkey', keys: [...modifiers, name].join('+') } };
  return { kind: 'action', action: modifiers.length ? { type: 'press', key: name, modifiers } : { type: 'press', key: name } };
}
