import { SandboxError } from '../../transport/errors';
import type { ComputerAction } from '../../transport/types';

/** X keysym names (as `press`/`hotkey` use them) → keysym numbers (X11 keysymdef.h). */
const NAMED: Record<string, number> = {
  Return: 0xff0d, Enter: 0xff0d, Tab: 0xff09, Escape: 0xff1b, BackSpace: 0xff08, Delete: 0xffff, Insert: 0xff63,
  Up: 0xff52, Down: 0xff54, Left: 0xff51, Right: 0xff53, Home: 0xff50, End: 0xff57,
  Page_Up: 0xff55, Prior: 0xff55, Page_Down: 0xff56, Next: 0xff56, Menu: 0xff67, Print: 0xff61, Pause: 0xff13,
  Scroll_Lock: 0xff14, Num_Lock: 0xff7f, space: 0x20,
  exclam: 0x21, quotedbl: 0x22, numbersign: 0x23, dollar: 0x24, percent: 0x25, ampersand: 0x26, apostrophe: 0x27,
  parenleft: 0x28, parenright: 0x29, asterisk: 0x2a, plus: 0x2b, comma: 0x2c, minus: 0x2d, period: 0x2e, slash: 0x2f,
  colon: 0x3a, semicolon: 0x3b, less: 0x3c, equal: 0x3d, greater: 0x3e, question: 0x3f, at: 0x40,
  bracketleft: 0x5b, backslash: 0x5c, bracketright: 0x5d, asciicircum: 0x5e, underscore: 0x5f, grave: 0x60,
  braceleft: 0x7b, bar: 0x7c, braceright: 0x7d, asciitilde: 0x7e,
};
const MODIFIERS: Record<string, number> = {
  ctrl: 0xffe3, control: 0xffe3, alt: 0xffe9, shift: 0xffe1, meta: 0xffeb, super: 0xffeb, cmd: 0xffeb, win: 0xffeb,
};

/** The keysym of one character: Latin-1 is its code point, the rest of Unicode is 0x01000000 + code point. */
export function charToKeysym(char: string): number {
  if (char === '\n' || char === '\r') return NAMED.Return!;
  if (char === '\t') return NAMED.Tab!;
  const code = char.codePointAt(0)!;
  if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
  return 0x01000000 + code;
}

/** The keysym of a key name (`Return`, `F5`, `a`, `minus`, …). Throws `invalid_request` for unknown names. */
export function keyNameToKeysym(name: string): number {
  const named = NAMED[name];
  if (named !== undefined) return named;
  const f = /^F([1-9]|1[0-9]|2[0-4])$/.exec(name);
  if (f) return 0xffbe + Number(f[1]) - 1;
  if ([...name].length === 1) return charToKeysym(name);
  throw new SandboxError('invalid_request', `No keysym for key ${JSON.stringify(name)}`);
}

function modifierKeysym(name: string): number {
  const sym = MODIFIERS[name.toLowerCase()];
  if (sym === undefined) throw new SandboxError('invalid_request', `Unknown modifier: ${JSON.stringify(name)}`);
  return sym;
}

/** One key event for RFB: keysym and whether it goes down (true) or up (false). */
export type KeyEvent = [keysym: number, down: boolean];

/** The key events that carry out a keyboard action (`type`, `press`, `hotkey`). */
export function keyEventsFor(action: Extract<ComputerAction, { type: 'type' | 'press' | 'hotkey' }>): KeyEvent[][] {
  if (action.type === 'type') return [...action.text].map((c) => tap(charToKeysym(c)));
  const [mods, key] =
    action.type === 'press' ? [action.modifiers ?? [], action.key] : ((parts) => [parts.slice(0, -1), parts[parts.length - 1] ?? ''])(action.keys.split('+'));
  const held = mods.map(modifierKeysym);
  const sym = keyNameToKeysym(key as string);
  return [[...held.map((m): KeyEvent => [m, true]), [sym, true], [sym, false], ...held.reverse().map((m): KeyEvent => [m, false])]];
}

function tap(sym: number): KeyEvent[] {
  return [
    [sym, true],
    [sym, false],
  ];
}
