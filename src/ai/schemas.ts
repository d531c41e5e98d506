// ─── Input schemas ──────────────────────────────────────────────────────────
// Plain JSON Schema (no zod dependency), each with a validator so that a
// malformed call from a model becomes the AI SDK's invalid-input tool error
// (which names the field) instead of reaching the transport.
import { validateComputerAction } from '../transport/validate';
import type { ComputerAction } from '../transport/types';
import type { JSONSchema7 } from 'ai';

/** What a validator returns: the typed value, or an error the model can read. */
export type Validation<T> = { success: true; value: T } | { success: false; error: Error };

type Field = { type: 'string' | 'integer' | 'object'; optional?: boolean; min?: number; max?: number };

/** Checks an object against a flat field list (all our tools but `computer` are flat). */
export function validateFields<T>(tool: string, fields: Record<string, Field>, value: unknown): Validation<T> {
  const fail = (message: string): Validation<T> => ({ success: false, error: new TypeError(`${tool}: ${message}`) });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('input must be an object');
  const input = value as Record<string, unknown>;
  for (const [name, field] of Object.entries(fields)) {
    const v = input[name];
    if (v === undefined) {
      if (!field.optional) return fail(`\`${name}\` is required`);
      continue;
    }
    if (field.type === 'string' && typeof v !== 'string') return fail(`\`${name}\` must be a string`);
    if (field.type === 'object' && (v === null || typeof v !== 'object')) return fail(`\`${name}\` must be an object`);
    if (field.type === 'integer') {
      if (typeof v !== 'number' || !Number.isInteger(v)) return fail(`\`${name}\` must be a whole number`);
      if (field.min !== undefined && v < field.min) return fail(`\`${name}\` must be at least ${field.min}`);
      if (field.max !== undefined && v > field.max) return fail(`\`${name}\` must be at most ${field.max}`);
    }
  }
  return { success: true, value: input as T };
}

const point = (what: string): JSONSchema7 => ({
  type: 'object',
  description: what,
  properties: {
    x: { type: 'integer', minimum: 0, description: 'Pixels from the left edge of the screenshot.' },
    y: { type: 'integer', minimum: 0, description: 'Pixels from the top edge of the screenshot.' },
  },
  required: ['x', 'y'],
  additionalProperties: false,
});
const button: JSONSchema7 = { type: 'string', enum: ['left', 'right', 'middle'], description: 'Mouse button. Default left.' };
const x: JSONSchema7 = { type: 'integer', minimum: 0, description: 'Pixels from the left edge of the screenshot.' };
const y: JSONSchema7 = { type: 'integer', minimum: 0, description: 'Pixels from the top edge of the screenshot.' };

const action = (type: string, description: string, properties: Record<string, JSONSchema7>, required: string[]): JSONSchema7 => ({
  type: 'object',
  description,
  properties: { type: { type: 'string', const: type }, ...properties },
  required: ['type', ...required],
  additionalProperties: false,
});

/** The contract's `ComputerAction` union as JSON Schema. */
export const computerActionSchema: JSONSchema7 = {
  description: 'One desktop action. Coordinates are pixels of the latest screenshot.',
  anyOf: [
    action('click', 'Click at a point.', { x, y, button, double: { type: 'boolean', description: 'Double-click. Default false.' } }, ['x', 'y']),
    action('move', 'Move the pointer to a point.', { x, y }, ['x', 'y']),
    action('drag', 'Press at `from`, move to `to`, release.', { from: point('Where the drag starts.'), to: point('Where the drag ends.'), button }, ['from', 'to']),
    action(
      'scroll',
      'Scroll the wheel over a point.',
      {
        x,
        y,
        direction: { type: 'string', enum: ['up', 'down'], description: 'Which way to scroll.' },
        amount: { type: 'integer', minimum: 1, description: 'Wheel steps. Default 3.' },
      },
      ['x', 'y', 'direction'],
    ),
    action('type', 'Type text into the focused element.', { text: { type: 'string', description: 'The text to type.' } }, ['text']),
    action(
      'press',
      'Press one key, optionally with modifiers.',
      {
        key: { type: 'string', description: 'Key name: Enter, Tab, Escape, Backspace, ArrowUp, a, F5, …' },
        modifiers: { type: 'array', items: { type: 'string', enum: ['ctrl', 'alt', 'shift', 'meta'] }, description: 'Modifiers held while pressing.' },
      },
      ['key'],
    ),
    action('hotkey', 'Press a key combination.', { keys: { type: 'string', description: "Keys joined by '+', e.g. 'ctrl+shift+p'." } }, ['keys']),
  ],
};

/** Validates `{ action }` with the same rules the transports apply (size is checked by the sandbox). */
export function validateComputerInput(value: unknown): Validation<{ action: ComputerAction }> {
  if (value === null || typeof value !== 'object' || !('action' in value)) {
    return { success: false, error: new TypeError('computer: `action` is required') };
  }
  try {
    validateComputerAction((value as { action: unknown }).action);
    return { success: true, value: value as { action: ComputerAction } };
  } catch (error) {
    return { success: false, error: new TypeError(`computer: ${(error as Error).message}`) };
  }
}
