import type { ComputerAction, KeyModifier } from '../transport/types';

/** The parts of a `KeyboardEvent` the mapping reads. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  shiftKey?: boolean;
  metaKey?: boolean;
}

/** Browser `KeyboardEvent.key` → X keysym name (what xdotool and Daytona accept). */
const NAMED: Record<string, string> = {
  Enter: 'Return',
  Tab: 'Tab',
  Escape: 'Escape',
  Backspace: 'BackSpace',
  Delete: 'Delete',
  Insert: 'Insert',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Home: 'Home',
  End: 'End',
  PageUp: 'Page_Up',
  PageDown: 'Page_Down',
  ContextMenu: 'Menu',
  PrintScreen: 'Print',
  Pause: 'Pause',
  ScrollLock: 'Scroll_Lock',
  NumLock: 'Num_Lock',
  ' ': 'space',
};
for (let i = 1; i <= 24; i++) NAMED[`F${i}`] = `F${i}`;

/** Punctuation → keysym names, for combinations (`ctrl+minus`). */
const PUNCTUATION: Record<string, string> = {
  '!': 'exclam', '"': 'quotedbl', '#': 'numbersign', $: 'dollar', '%': 'percent', '&': 'ampersand',
  "'": 'apostrophe', '(': 'parenleft', ')': 'parenright', '*': 'asterisk', '+': 'plus', ',': 'comma',
  '-': 'minus', '.': 'period', '/': 'slash', ':': 'colon', ';': 'semicolon', '<': 'less', '=': 'equal',
  '>': 'greater', '?': 'question', '@': 'at', '[': 'bracketleft', '\\': 'backslash', ']': 'bracketright',
  '^': 'asciicircum', _: 'underscore', '`': 'grave', '{': 'braceleft', '|': 'bar', '}': 'braceright', '~': 'asciitilde',
};

/** Keys that never reach the sandbox on their own. */
const IGNORED = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'Fn', 'FnLock', 'Hyper', 'Super', 'Symbol', 'SymbolLock', 'OS', 'Dead', 'Process', 'Unidentified', 'Compose']);

/** The result of mapping one key: an action, or text to type (coalesced by the display). */
export type KeyMapping = { kind: 'text'; text: string } | { kind: 'action'; action: Extract<ComputerAction, { type: 'press' | 'hotkey' }> } | null;

function isSingleCharacter(key: string): boolean {
  return [...key].length === 1;
}

/**
 * Map a `KeyboardEvent` to what the sandbox should receive:
 * - printable characters without ctrl/alt/meta → text (`type`);
 * - named keys (Enter, arrows, F-keys…) → `press` with X keysym names, shift as a modifier;
 * - anything held with ctrl/alt/meta → `hotkey` like `ctrl+shift+t`;
 * - lone modifiers, dead keys and IME composition → `null` (nothing is sent).
 */
export function mapKeyEvent(event: KeyInput): KeyMapping {
  const { key } = event;
  if (!key || IGNORED.has(key)) return null;
  const chord = Boolean(event.ctrlKey || event.altKey || event.metaKey);
  const single = isSingleCharacter(key);
  if (single && !chord && key !== ' ') return { kind: 'text', text: key };
  if (single && !chord && key === ' ') return { kind: 'text', text: ' ' };
  let name: string | undefined = NAMED[key];
  if (!name && single) {
    if (/^[A-Za-z0-9]$/.test(key)) name = key.toLowerCase();
    else name = PUNCTUATION[key];
  }
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
