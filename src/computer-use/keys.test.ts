// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { validateComputerAction } from '../transport/validate';
import { mapKeyEvent, type KeyInput, type KeyMapping } from './keys';

const cases: Array<[KeyInput, KeyMapping]> = [
  [{ key: 'a' }, { kind: 'text', text: 'a' }],
  [{ key: 'A', shiftKey: true }, { kind: 'text', text: 'A' }],
  [{ key: '?', shiftKey: true }, { kind: 'text', text: '?' }],
  [{ key: ' ' }, { kind: 'text', text: ' ' }],
  [{ key: 'é' }, { kind: 'text', text: 'é' }],
  [{ key: '😀' }, { kind: 'text', text: '😀' }],
  [{ key: 'Enter' }, { kind: 'action', action: { type: 'press', key: 'Return' } }],
  [{ key: 'Enter', shiftKey: true }, { kind: 'action', action: { type: 'press', key: 'Return', modifiers: ['shift'] } }],
  [{ key: 'Backspace' }, { kind: 'action', action: { type: 'press', key: 'BackSpace' } }],
  [{ key: 'Tab', shiftKey: true }, { kind: 'action', action: { type: 'press', key: 'Tab', modifiers: ['shift'] } }],
  [{ key: 'ArrowUp' }, { kind: 'action', action: { type: 'press', key: 'Up' } }],
  [{ key: 'ArrowLeft' }, { kind: 'action', action: { type: 'press', key: 'Left' } }],
  [{ key: 'PageDown' }, { kind: 'action', action: { type: 'press', key: 'Page_Down' } }],
  [{ key: 'Home' }, { kind: 'action', action: { type: 'press', key: 'Home' } }],
  [{ key: 'F5' }, { kind: 'action', action: { type: 'press', key: 'F5' } }],
  [{ key: 'Delete' }, { kind: 'action', action: { type: 'press', key: 'Delete' } }],
  [{ key: 'Escape', shiftKey: true }, { kind: 'action', action: { type: 'press', key: 'Escape', modifiers: ['shift'] } }],
  [{ key: 'c', ctrlKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'ctrl+c' } }],
  [{ key: 'C', ctrlKey: true, shiftKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'ctrl+shift+c' } }],
  [{ key: 't', ctrlKey: true, altKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'ctrl+alt+t' } }],
  [{ key: 'Tab', altKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'alt+Tab' } }],
  [{ key: '-', ctrlKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'ctrl+minus' } }],
  [{ key: '?', ctrlKey: true, shiftKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'ctrl+question' } }],
  [{ key: 'l', metaKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'meta+l' } }],
  [{ key: 'ArrowRight', ctrlKey: true, shiftKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'ctrl+shift+Right' } }],
  [{ key: ' ', ctrlKey: true }, { kind: 'action', action: { type: 'hotkey', keys: 'ctrl+space' } }],
  [{ key: 'Shift', shiftKey: true }, null],
  [{ key: 'Control', ctrlKey: true }, null],
  [{ key: 'Dead' }, null],
  [{ key: 'Process' }, null],
  [{ key: 'Unidentified' }, null],
  [{ key: 'CapsLock' }, null],
  [{ key: 'é', ctrlKey: true }, null],
];

describe('mapKeyEvent', () => {
  it.each(cases)('given %o, should map to %o', (input, expected) => {
    expect(mapKeyEvent(input)).toEqual(expected);
  });

  it('given every mapped action, should pass the shared action validator', () => {
    for (const [input] of cases) {
      const mapped = mapKeyEvent(input);
      if (mapped?.kind === 'action') expect(() => validateComputerAction(mapped.action)).not.toThrow();
    }
  });
});
