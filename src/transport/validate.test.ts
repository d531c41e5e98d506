// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { validateComputerAction, validateEnv, validateLabels, validatePath, validatePort, validatePtySize, validateSandboxId, validateSessionId } from './validate';

/** The refusal `fn` throws: always `invalid_request` with status 400. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toMatchObject({ name: 'SandboxValidationError', code: 'invalid_request', status: 400 });
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('validate (one module for every transport, the handler and the components)', () => {
  it('given sandbox ids, should accept 1–128 letters, digits, ".", "_", "-" and refuse the rest with one message', () => {
    expect(validateSandboxId('abc123')).toBe('abc123');
    expect(validateSandboxId('a.b_c-d')).toBe('a.b_c-d');
    expect(validateSandboxId('x'.repeat(128))).toBe('x'.repeat(128));
    expect(refusal(() => validateSandboxId('../etc/passwd'))).toBe('Invalid sandbox id "../etc/passwd": use 1–128 letters, digits, ".", "_" or "-"');
    expect(refusal(() => validateSandboxId('a..b'))).toBe('Invalid sandbox id "a..b": use 1–128 letters, digits, ".", "_" or "-"');
    expect(refusal(() => validateSandboxId('-a'))).toMatch(/^Invalid sandbox id "-a"/);
    expect(refusal(() => validateSandboxId('x'.repeat(129)))).toBe(`Invalid sandbox id "${'x'.repeat(40)}…": use 1–128 letters, digits, ".", "_" or "-"`);
    expect(refusal(() => validateSandboxId('a\u0000b'))).toMatch(/^Invalid sandbox id "a\?b"/);
    expect(refusal(() => validateSandboxId(42))).toMatch(/^Invalid sandbox id "42"/);
    expect(refusal(() => validateSandboxId(undefined))).toMatch(/^Invalid sandbox id "\(missing\)"/);
  });

  it('given session ids, should also accept ":" and name the field in the refusal', () => {
    expect(validateSessionId('se-1:2')).toBe('se-1:2');
    expect(refusal(() => validateSessionId('a b'))).toBe('sessionId must be 1–128 letters, digits, ".", "_", ":" or "-", got "a b"');
    expect(refusal(() => validateSessionId('', 'commandId'))).toBe('commandId must be 1–128 letters, digits, ".", "_", ":" or "-", got ""');
    expect(refusal(() => validateSessionId(7))).toBe('sessionId must be 1–128 letters, digits, ".", "_", ":" or "-", got "7"');
  });

  it('given ports, should accept whole numbers 1–65535 and refuse the rest', () => {
    expect(validatePort(1)).toBe(1);
    expect(validatePort(65535)).toBe(65535);
    for (const [value, shown] of [[0, '0'], [65536, '65536'], [80.5, '80.5'], [-1, '-1'], ['3000', '"3000"'], [null, '(missing)'], [Number.NaN, 'NaN']] as const) {
      expect(refusal(() => validatePort(value))).toBe(`port must be a whole number from 1 to 65535, got ${shown}`);
    }
  });

  it('given PTY sizes, should accept 1–1000 cells a side and refuse the rest', () => {
    expect(validatePtySize(80, 24)).toEqual({ cols: 80, rows: 24 });
    expect(validatePtySize(1000, 1)).toEqual({ cols: 1000, rows: 1 });
    expect(refusal(() => validatePtySize(0, 24))).toBe('Terminal size must be whole numbers from 1 to 1000, got 0×24');
    expect(refusal(() => validatePtySize(80, 1001))).toBe('Terminal size must be whole numbers from 1 to 1000, got 80×1001');
    expect(refusal(() => validatePtySize(80.5, 24))).toBe('Terminal size must be whole numbers from 1 to 1000, got 80.5×24');
    expect(refusal(() => validatePtySize('80', undefined))).toBe('Terminal size must be whole numbers from 1 to 1000, got "80"×(missing)');
  });

  it('given paths, should refuse missing, empty, NUL and over-long ones naming the field', () => {
    expect(validatePath('/home/user')).toBe('/home/user');
    expect(refusal(() => validatePath(undefined))).toBe('path is required');
    expect(refusal(() => validatePath('', 'cwd'))).toBe('cwd must be a non-empty string of at most 4096 characters without NUL');
    expect(refusal(() => validatePath('a\0b'))).toBe('path must be a non-empty string of at most 4096 characters without NUL');
    expect(refusal(() => validatePath('x'.repeat(4097)))).toBe('path must be a non-empty string of at most 4096 characters without NUL');
  });

  it('given computer actions, should refuse each malformed shape with its own message', () => {
    const size = { width: 100, height: 50 };
    expect(() => validateComputerAction({ type: 'click', x: 99, y: 49, button: 'left', double: true }, size)).not.toThrow();
    const cases: Array<[unknown, string]> = [
      [null, 'Action must be an object'],
      [{ type: 'move', x: 1.5, y: 1 }, 'move needs integer x and y'],
      [{ type: 'move', x: 100, y: 0 }, 'move at (100, 0) is outside the display (100×50)'],
      [{ type: 'click', x: 1, y: 1, button: 'thumb' }, 'Unknown mouse button: thumb'],
      [{ type: 'click', x: 1, y: 1, double: 'yes' }, 'click.double must be a boolean'],
      [{ type: 'drag', from: { x: 1, y: 1 } }, 'drag needs from and to points'],
      [{ type: 'drag', from: { x: 1, y: 1 }, to: { x: -1, y: 1 } }, 'drag end at (-1, 1) is outside the display (100×50)'],
      [{ type: 'scroll', x: 1, y: 1, direction: 'left' }, 'scroll.direction must be "up" or "down"'],
      [{ type: 'scroll', x: 1, y: 1, direction: 'up', amount: 101 }, 'scroll.amount must be an integer from 1 to 100'],
      [{ type: 'type', text: 5 }, 'type.text must be a string'],
      [{ type: 'type', text: '' }, 'type.text is empty'],
      [{ type: 'type', text: 'abc', delayMs: 1001 }, 'type.delayMs must be a number from 0 to 1000'],
      [{ type: 'press', key: 'Enter!' }, 'Unknown key: "Enter!"'],
      [{ type: 'press', key: 'a', modifiers: 'ctrl' }, 'press.modifiers must be an array'],
      [{ type: 'press', key: 'a', modifiers: ['hyper'] }, 'Unknown modifier: "hyper"'],
      [{ type: 'hotkey', keys: '' }, 'hotkey.keys must be like "ctrl+shift+p"'],
      [{ type: 'hotkey', keys: 'ctrl++' }, 'Malformed hotkey: "ctrl++"'],
      [{ type: 'teleport' }, 'Unknown action type: "teleport"'],
    ];
    for (const [action, message] of cases) expect(refusal(() => validateComputerAction(action, size))).toBe(message);
    expect(refusal(() => validateComputerAction({ type: 'type', text: 'abcdef' }, size, { maxTextLength: 5 }))).toBe('type.text is 6 characters; the limit is 5');
  });
  it('given env and labels maps, should pass undefined, copy a good map and refuse the rest with one message shape', () => {
    expect(validateEnv(undefined)).toBeUndefined();
    expect(validateEnv({ FOO: 'bar', _X1: '' })).toEqual({ FOO: 'bar', _X1: '' });
    expect(validateLabels({ 'team/app-1.x': 'web' })).toEqual({ 'team/app-1.x': 'web' });
    expect(refusal(() => validateEnv(['A=b']))).toBe('env must be an object of strings');
    expect(refusal(() => validateEnv(null))).toBe('env must be an object of strings');
    expect(refusal(() => validateLabels('x'))).toBe('labels must be an object of strings');
    expect(refusal(() => validateEnv({ 'A=B': 'x' }))).toBe('env has an invalid key "A=B"');
    expect(refusal(() => validateEnv({ '1A': 'x' }))).toBe('env has an invalid key "1A"');
    expect(refusal(() => validateLabels({ '-k': 'x' }))).toBe('labels has an invalid key "-k"');
    expect(refusal(() => validateEnv({ A: 1 }))).toBe('env.A must be a string of at most 4096 characters without NUL');
    expect(refusal(() => validateEnv({ A: 'a\0b' }))).toBe('env.A must be a string of at most 4096 characters without NUL');
    expect(refusal(() => validateLabels({ k: 'x'.repeat(4097) }))).toBe('labels.k must be a string of at most 4096 characters without NUL');
    expect(refusal(() => validateLabels(Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']))))).toBe('labels has 33 entries; the limit is 32');
    expect(refusal(() => validateEnv(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`K${i}`, 'v']))))).toBe('env has 65 entries; the limit is 64');
  });
});
