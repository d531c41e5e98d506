import { SandboxError } from './errors';
import type { ComputerAction } from './types';

// The action check every transport and the ComputerUse provider share. Its own
// module so the provider does not pull the simulated desktop into app bundles.

const MAX_TEXT = 64 * 1024;
const KEY_NAME = /^[A-Za-z0-9_+\-.,;'/\\[\]=`]{1,32}$/;

/**
 * Check that `action` is a well-formed `ComputerAction` inside a display of
 * `size`. Shared by every transport and the ComputerUse provider.
 */
export function validateComputerAction(
  action: unknown,
  size?: { width: number; height: number },
  limits: { maxTextLength?: number } = {},
): asserts action is ComputerAction {
  const maxText = limits.maxTextLength ?? MAX_TEXT;
  if (typeof action !== 'object' || action === null) throw invalid('Action must be an object');
  const a = action as Record<string, unknown>;
  const point = (x: unknown, y: unknown, what: string) => {
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isInteger(x) || !Number.isInteger(y)) {
      throw invalid(`${what} needs integer x and y`);
    }
    if (x < 0 || y < 0 || (size && (x >= size.width || y >= size.height))) {
      throw invalid(`${what} at (${x}, ${y}) is outside the display${size ? ` (${size.width}×${size.height})` : ''}`);
    }
  };
  const button = (b: unknown) => {
    if (b !== undefined && b !== 'left' && b !== 'right' && b !== 'middle') throw invalid(`Unknown mouse button: ${String(b)}`);
  };
  switch (a.type) {
    case 'move':
      point(a.x, a.y, 'move');
      return;
    case 'click':
      point(a.x, a.y, 'click');
      button(a.button);
      if (a.double !== undefined && typeof a.double !== 'boolean') throw invalid('click.double must be a boolean');
      return;
    case 'drag': {
      const from = a.from as Record<string, unknown> | undefined;
      const to = a.to as Record<string, unknown> | undefined;
      if (!from || !to || typeof from !== 'object' || typeof to !== 'object') throw invalid('drag needs from and to points');
      point(from.x, from.y, 'drag start');
      point(to.x, to.y, 'drag end');
      button(a.button);
      return;
    }
    case 'scroll':
      point(a.x, a.y, 'scroll');
      if (a.direction !== 'up' && a.direction !== 'down') throw invalid('scroll.direction must be "up" or "down"');
      if (a.amount !== undefined && (typeof a.amount !== 'number' || !Number.isInteger(a.amount) || a.amount < 1 || a.amount > 100)) {
        throw invalid('scroll.amount must be an integer from 1 to 100');
      }
      return;
    case 'type':
      if (typeof a.text !== 'string') throw invalid('type.text must be a string');
      if (a.text.length === 0) throw invalid('type.text is empty');
      if (a.text.length > maxText) throw invalid(`type.text is ${a.text.length} characters; the limit is ${maxText}`);
      if (a.delayMs !== undefined && (typeof a.delayMs !== 'number' || a.delayMs < 0 || a.delayMs > 1000)) {
        throw invalid('type.delayMs must be a number from 0 to 1000');
      }
      return;
    case 'press':
      if (typeof a.key !== 'string' || !KEY_NAME.test(a.key)) throw invalid(`Unknown key: ${JSON.stringify(a.key)}`);
      if (a.modifiers !== undefined) {
        if (!Array.isArray(a.modifiers)) throw invalid('press.modifiers must be an array');
        for (const m of a.modifiers) {
          if (m !== 'ctrl' && m !== 'alt' && m !== 'shift' && m !== 'meta') throw invalid(`Unknown modifier: ${JSON.stringify(m)}`);
        }
      }
      return;
    case 'hotkey': {
      if (typeof a.keys !== 'string' || a.keys.length === 0 || a.keys.length > 64) throw invalid('hotkey.keys must be like "ctrl+shift+p"');
      const keys = a.keys.split('+');
      if (keys.some((k) => !k || !KEY_NAME.test(k))) throw invalid(`Malformed hotkey: ${JSON.stringify(a.keys)}`);
      return;
    }
    default:
      throw invalid(`Unknown action type: ${JSON.stringify(a.type)}`);
  }
}

function invalid(message: string): SandboxError {
  return new SandboxError('invalid_request', message);
}
