// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { charToKeysym, keyEventsFor, keyNameToKeysym } from './keysyms';

describe('keysyms', () => {
  it.each([
    ['a', 0x61], ['Z', 0x5a], [' ', 0x20], ['~', 0x7e], ['é', 0xe9], ['€', 0x010020ac], ['😀', 0x0101f600], ['\n', 0xff0d], ['\t', 0xff09],
  ])('charToKeysym(%j) = %s', (c, sym) => expect(charToKeysym(c)).toBe(sym));

  it.each([
    ['Return', 0xff0d], ['BackSpace', 0xff08], ['Page_Up', 0xff55], ['Page_Down', 0xff56], ['F1', 0xffbe], ['F12', 0xffc9], ['minus', 0x2d], ['t', 0x74], ['Escape', 0xff1b],
  ])('keyNameToKeysym(%s) = %s', (name, sym) => expect(keyNameToKeysym(name)).toBe(sym));

  it('refuses unknown names', () => {
    expect(() => keyNameToKeysym('NotAKey')).toThrow(/No keysym for key "NotAKey"/);
  });

  it('press with modifiers holds them around the key, releasing in reverse', () => {
    expect(keyEventsFor({ type: 'press', key: 'Tab', modifiers: ['shift'] })).toEqual([[[0xffe1, true], [0xff09, true], [0xff09, false], [0xffe1, false]]]);
  });

  it('hotkey splits modifiers from the key', () => {
    expect(keyEventsFor({ type: 'hotkey', keys: 'ctrl+shift+p' })).toEqual([
      [[0xffe3, true], [0xffe1, true], [0x70, true], [0x70, false], [0xffe1, false], [0xffe3, false]],
    ]);
  });

  it('type sends one tap per character', () => {
    expect(keyEventsFor({ type: 'type', text: 'ok\n' })).toEqual([
      [[0x6f, true], [0x6f, false]],
      [[0x6b, true], [0x6b, false]],
      [[0xff0d, true], [0xff0d, false]],
    ]);
  });
});
