/**
 * The one validation module: every transport (memory, local, Daytona, HTTP),
 * the server handler and the components check sandbox ids, session ids,
 * ports, PTY sizes, paths and computer actions here, with one message each.
 * Environment variables and labels (string maps) are checked here too.
 * Each check throws a `SandboxValidationError` (`invalid_request`, 400) that
 * says what was wrong, never echoing more than a short excerpt of the input.
 * Numbers must be numbers: the server turns query strings into numbers
 * first (src/server/validate.ts `num`). No imports but the error family: server- and browser-safe.
 */
import { SandboxValidationError } from './errors';
import type { ComputerAction } from './types';

/** Sandbox ids: 1–128 letters, digits, ".", "_" or "-", starting with a letter or digit (and never ".."). */
export const SANDBOX_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** Session, command and PTY ids: as sandbox ids, and ":" too. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** The largest terminal side, in cells. */
export const MAX_PTY_SIDE = 1000;
/** The longest path, in characters. */
export const MAX_PATH_LENGTH = 4096;

const invalid = (message: string) => new SandboxValidationError(message);

/** A short, printable excerpt of untrusted input for an error message. */
export function excerpt(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 40 ? `${clean.slice(0, 40)}…` : clean);
}

/** Numbers as they are, anything else as an excerpt ("(missing)" for null and undefined). */
const shown = (value: unknown): string =>
  typeof value === 'number' ? String(value) : value === null || value === undefined ? '(missing)' : excerpt(value);

const whole = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

export function validateSandboxId(value: unknown): string {
  if (typeof value !== 'string' || !SANDBOX_ID_PATTERN.test(value) || value.includes('..')) {
    throw invalid(`Invalid sandbox id ${excerpt(value ?? '(missing)')}: use 1–128 letters, digits, ".", "_" or "-"`);
  }
  return value;
}

/** A session, command or PTY id; `name` is how the message calls it. */
export function validateSessionId(value: unknown, name = 'sessionId'): string {
  if (typeof value !== 'string' || !SESSION_ID_PATTERN.test(value)) {
    throw invalid(`${name} must be 1–128 letters, digits, ".", "_", ":" or "-", got ${excerpt(value ?? '(missing)')}`);
  }
  return value;
}

export function validatePort(value: unknown): number {
  if (!whole(value, 1, 65535)) throw invalid(`port must be a whole number from 1 to 65535, got ${shown(value)}`);
  return value;
}

/** A terminal size in cells, each side 1–1000. */
export function validatePtySize(cols: unknown, rows: unknown): { cols: number; rows: number } {
  if (!whole(cols, 1, MAX_PTY_SIDE) || !whole(rows, 1, MAX_PTY_SIDE)) {
    throw invalid(`Terminal size must be whole numbers from 1 to ${MAX_PTY_SIDE}, got ${shown(cols)}×${shown(rows)}`);
  }
  return { cols, rows };
}

/** A path in the sandbox: non-empty, at most 4096 characters, no NUL. */
export function validatePath(value: unknown, name = 'path'): string {
  if (value === null || value === undefined) throw invalid(`${name} is required`);
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_LENGTH || value.includes('\0')) {
    throw invalid(`${name} must be a non-empty string of at most ${MAX_PATH_LENGTH} characters without NUL`);
  }
  return value;
}

/** Environment variable names: a letter or "_", then letters, digits or "_" (at most 128). */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Label keys: 1–128 letters, digits, ".", "_", "/" or "-", starting with a letter or digit. */
export const LABEL_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;
/** The longest value in an env or labels map, in characters. */
export const MAX_MAP_VALUE = 4096;

/**
 * A map of strings (`env`, `labels`): an object of at most `maxEntries`
 * entries, keys matching `keyPattern`, values strings of at most 4096
 * characters without NUL. `undefined` passes as `undefined`.
 */
export function validateStringMap(
  value: unknown,
  name: string,
  keyPattern: RegExp,
  maxEntries: number,
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${name} must be an object of strings`);
  const entries = Object.entries(value);
  if (entries.length > maxEntries) throw invalid(`${name} has ${entries.length} entries; the limit is ${maxEntries}`);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (!keyPattern.test(k)) throw invalid(`${name} has an invalid key ${excerpt(k)}`);
    if (typeof v !== 'string' || v.length > MAX_MAP_VALUE || v.includes('\0')) {
      throw invalid(`${name}.${k} must be a string of at most ${MAX_MAP_VALUE} characters without NUL`);
    }
    out[k] = v;
  }
  return out;
}

/** Environment variables for a PTY or a process: at most 64, names as `ENV_NAME_PATTERN`. */
export const validateEnv = (value: unknown): Record<string, string> | undefined => validateStringMap(value, 'env', ENV_NAME_PATTERN, 64);
/** Sandbox labels: at most 32, keys as `LABEL_KEY_PATTERN`. */
export const validateLabels = (value: unknown): Record<string, string> | undefined => validateStringMap(value, 'labels', LABEL_KEY_PATTERN, 32);

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
      if (a.amount !== undefined && !whole(a.amount, 1, 100)) {
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
