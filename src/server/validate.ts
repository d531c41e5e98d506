/**
 * Input checks for the wire's bodies and query strings. The checks every
 * transport shares (sandbox id, session id, port, PTY size, path, computer
 * action) are src/transport/validate.ts; this adds what only the wire needs.
 * Each throws a `SandboxValidationError` (400, `invalid_request`) with a
 * message that says what was wrong, never echoing more than a short excerpt.
 */
import { SandboxValidationError, isSandboxError } from '../transport/errors';
import {
  excerpt,
  validateComputerAction,
  validateEnv,
  validateLabels,
  validatePath,
  validatePort,
  validatePtySize,
  validateSessionId,
} from '../transport/validate';
import type { ComputerAction, CreateSandboxRequest, ScreenshotRequest } from '../transport/types';

export { excerpt, validateEnv as env, validateLabels as labels, validateSandboxId as sandboxId } from '../transport/validate';

const invalid = (message: string) => new SandboxValidationError(message);

/** A query string's decimal digits as a number; anything else stays as it is, for the message. */
const num = (value: string | null): unknown => (value !== null && /^\d{1,7}$/.test(value) ? Number(value) : value);

export const port = (value: string | null): number => validatePort(num(value));
export const ptySize = (cols: string | null, rows: string | null) => validatePtySize(num(cols), num(rows));

export function optionalId(name: string, value: string | null): string | undefined {
  return value === null ? undefined : validateSessionId(value, name);
}

export function integer(name: string, value: string | null, min: number, max: number): number {
  if (value === null || !/^-?\d{1,7}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw invalid(`${name} must be a whole number from ${min} to ${max}, got ${excerpt(value ?? '(missing)')}`);
  }
  return Number(value);
}

export function path(name: string, value: unknown, required = true): string | undefined {
  if ((value === null || value === undefined) && !required) return undefined;
  return validatePath(value, name);
}

export function bool(name: string, value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw invalid(`${name} must be true or false, got ${excerpt(value)}`);
}

export function jsonParam(name: string, value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw invalid(`${name} is not valid JSON`);
  }
}


export function screenshot(params: URLSearchParams): Omit<ScreenshotRequest, 'sandboxId'> {
  const out: Omit<ScreenshotRequest, 'sandboxId'> = {};
  const format = params.get('format');
  if (format !== null) {
    if (format !== 'png' && format !== 'jpeg') throw invalid(`format must be "png" or "jpeg", got ${excerpt(format)}`);
    out.format = format;
  }
  if (params.has('quality')) out.quality = integer('quality', params.get('quality'), 1, 100);
  const scale = params.get('scale');
  if (scale !== null) {
    const n = Number(scale);
    if (!/^\d*\.?\d+$/.test(scale) || !(n >= 0.1 && n <= 1)) throw invalid(`scale must be a number from 0.1 to 1, got ${excerpt(scale)}`);
    out.scale = n;
  }
  const cursor = bool('showCursor', params.get('showCursor'));
  if (cursor !== undefined) out.showCursor = cursor;
  return out;
}

/** The action, checked against the contract, with only the fields the contract names. */
export function action(value: unknown, maxTextLength: number): ComputerAction {
  try {
    validateComputerAction(value, undefined, { maxTextLength });
  } catch (error) {
    if (isSandboxError(error)) throw invalid(error.message.length > 200 ? `${error.message.slice(0, 200)}…` : error.message);
    throw error;
  }
  const a = value as ComputerAction;
  const pick = <T extends object>(o: T, keys: string[]) =>
    Object.fromEntries(keys.filter((k) => (o as Record<string, unknown>)[k] !== undefined).map((k) => [k, (o as Record<string, unknown>)[k]]));
  const point = (p: { x: number; y: number }) => ({ x: p.x, y: p.y });
  switch (a.type) {
    case 'move':
      return { type: 'move', x: a.x, y: a.y };
    case 'click':
      return { type: 'click', ...pick(a, ['x', 'y', 'button', 'double']) } as ComputerAction;
    case 'drag':
      return { type: 'drag', from: point(a.from), to: point(a.to), ...pick(a, ['button']) } as ComputerAction;
    case 'scroll':
      return { type: 'scroll', ...pick(a, ['x', 'y', 'direction', 'amount']) } as ComputerAction;
    case 'type':
      return { type: 'type', ...pick(a, ['text', 'delayMs']) } as ComputerAction;
    case 'press':
      return { type: 'press', key: a.key, ...(a.modifiers ? { modifiers: [...a.modifiers] } : {}) };
    case 'hotkey':
      return { type: 'hotkey', keys: a.keys };
  }
}

export function object(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${name} must be a JSON object`);
  return value as Record<string, unknown>;
}

export function exec(body: unknown, maxTextLength: number): { command: string; cwd?: string; timeoutMs?: number } {
  const b = object('The body', body);
  if (typeof b.command !== 'string' || b.command.length === 0) throw invalid('command must be a non-empty string');
  if (b.command.length > maxTextLength) throw invalid(`command is ${b.command.length} characters; the limit is ${maxTextLength}`);
  const cwd = path('cwd', b.cwd, false);
  if (b.timeoutMs !== undefined && (typeof b.timeoutMs !== 'number' || !Number.isInteger(b.timeoutMs) || b.timeoutMs < 1 || b.timeoutMs > 3_600_000)) {
    throw invalid('timeoutMs must be a whole number of ms from 1 to 3600000');
  }
  return { command: b.command, ...(cwd !== undefined ? { cwd } : {}), ...(b.timeoutMs !== undefined ? { timeoutMs: b.timeoutMs as number } : {}) };
}

export function createSandbox(body: unknown): CreateSandboxRequest {
  const b = object('The body', body ?? {});
  const out: CreateSandboxRequest = {};
  for (const [k, v] of Object.entries(b)) {
    // JSON has no undefined: a present field is checked as a map.
    if (k === 'labels') out.labels = validateLabels(v) ?? {};
    else if (k === 'env') out.env = validateEnv(v) ?? {};
    else if (k === 'image' || k === 'snapshot') {
      if (typeof v !== 'string' || v.length === 0 || v.length > 512) throw invalid(`${k} must be a string of 1–512 characters`);
      out[k] = v;
    } else if (/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(k) && (typeof v === 'string' ? v.length <= 4096 : typeof v === 'number' || typeof v === 'boolean')) {
      out[k] = v;
    } else {
      throw invalid(`Unsupported field ${excerpt(k)}: extra fields must be short strings, numbers or booleans`);
    }
  }
  return out;
}
