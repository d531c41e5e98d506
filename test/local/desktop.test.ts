// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { toKeysym, xdotoolArgs } from '../../src/local/desktop';

describe('xdotoolArgs', () => {
  it('given clicks, should move then press the right button, twice for a double click', () => {
    expect(xdotoolArgs({ type: 'click', x: 10, y: 20 })).toEqual(['mousemove', '10', '20', 'click', '1']);
    expect(xdotoolArgs({ type: 'click', x: 1, y: 2, button: 'right', double: true })).toEqual(['mousemove', '1', '2', 'click', '--repeat', '2', '--delay', '80', '3']);
    expect(xdotoolArgs({ type: 'click', x: 1, y: 2, button: 'middle' }).at(-1)).toBe('2');
  });

  it('given a drag, should press at the start, pass a midway point and release at the end', () => {
    const args = xdotoolArgs({ type: 'drag', from: { x: 0, y: 0 }, to: { x: 100, y: 50 } });
    expect(args.slice(0, 5)).toEqual(['mousemove', '0', '0', 'mousedown', '1']);
    expect(args).toContain('50');
    expect(args.slice(-6)).toEqual(['100', '50', 'sleep', '0.05', 'mouseup', '1']);
  });

  it('given scrolls, should click wheel buttons 4 (up) and 5 (down) amount times', () => {
    expect(xdotoolArgs({ type: 'scroll', x: 5, y: 6, direction: 'up', amount: 2 })).toEqual(['mousemove', '5', '6', 'click', '--repeat', '2', '--delay', '20', '4']);
    expect(xdotoolArgs({ type: 'scroll', x: 5, y: 6, direction: 'down' }).at(-1)).toBe('5');
  });

  it('given text, should type it after "--" so text starting with a dash is not an option', () => {
    expect(xdotoolArgs({ type: 'type', text: '--help me' })).toEqual(['type', '--delay', '8', '--', '--help me']);
    expect(xdotoolArgs({ type: 'type', text: 'x', delayMs: 30 })[2]).toBe('30');
  });

  it('given keys with modifiers and hotkeys with DOM names, should send X keysyms', () => {
    expect(xdotoolArgs({ type: 'press', key: 'Enter', modifiers: ['ctrl', 'meta'] })).toEqual(['key', '--', 'ctrl+super+Return']);
    expect(xdotoolArgs({ type: 'hotkey', keys: 'ctrl+shift+ArrowLeft' })).toEqual(['key', '--', 'ctrl+shift+Left']);
    expect(xdotoolArgs({ type: 'press', key: 'BackSpace' })).toEqual(['key', '--', 'BackSpace']);
  });

  it('toKeysym: should map DOM names and keep X keysyms', () => {
    expect(toKeysym('Backspace')).toBe('BackSpace');
    expect(toKeysym('PageDown')).toBe('Next');
    expect(toKeysym('F5')).toBe('F5');
    expect(toKeysym('a')).toBe('a');
  });
});
