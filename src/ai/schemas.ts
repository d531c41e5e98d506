// ─── Input schemas ──────────────────────────────────────────────────────────
// Plain JSON Schema (no zod dependency), each with a validator so that a
// malformed call from a model becomes the AI SDK's invalid-input tool error
// (which names the field) instead of reaching the transport.
import { validateComputerAction } from '../transport/validate';
import type { ComputerAction } from '../transport/types';
import { jsonSchema, type JSONSchema7, type Schema } from 'ai';

/** What a validator returns: the typed value, or an error the model can read. */
export type Validation<T> = { success: true; value: T } | { success: false; error: Error };

/** A field of a flat tool input: its JSON Schema, which is also what the validator checks. */
export type Field = JSONSchema7 & { type: 'string' | 'integer' | 'object'; description: string };

/**
 * A flat object input (every tool but `computer`) from one description of its
 * fields: the JSON Schema the model sees and a validator that checks the same
 * types, `required`, `minimum` and `maximum`, so the two cannot disagree. A
 * tool with no required field may be called with no input at all (`undefined` or `null`).
 */
export function objectInput<T>(tool: string, properties: Record<string, Field>, required: readonly string[] = []): Schema<T> {
  return jsonSchema<T>(
    { type: 'object', properties, ...(required.length ? { required: [...required] } : {}), additionalProperties: false },
    { validate: (value) => validateFields<T>(tool, properties, required, value == null && !required.length ? {} : value) },
  );
}

function validateFields<T>(tool: string, fields: Record<string, Field>, required: readonly string[], value: unknown): Validation<T> {
  const fail = (message: string): Validation<T> => ({ success: false, error: new TypeError(`${tool}: ${message}`) });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fail('input must be an object');
  const input = value as Record<string, unknown>;
  for (const [name, field] of Object.entries(fields)) {
    const v = input[name];
    if (v === undefined) {
      if (required.includes(name)) return fail(`\`${name}\` is required`);
      continue;
    }
    if (field.type === 'string' && typeof v !== 'string') return fail(`\`${name}\` must be a string`);
    if (field.type === 'object' && (v === null || typeof v !== 'object')) return fail(`\`${name}\` must be an object`);
    if (field.type === 'integer') {
      if (typeof v !== 'number' || !Number.isInteger(v)) return fail(`\`${name}\` must be a whole number`);
      if (field.minimum !== undefined && v < field.minimum) return fail(`\`${name}\` must be at least ${field.minimum}`);
      if (field.maximum !== undefined && v > field.maximum) return fail(`\`${name}\` must be at most ${field.maximum}`);
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
