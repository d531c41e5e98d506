// ─── Safe description of any JavaScript value ───────────────────────────────
// The value viewer never trusts what it is given: every property read, tag
// check and conversion happens inside try/catch, so a throwing getter, a
// revoked Proxy or a lying `Symbol.toStringTag` shows as "unreadable" instead
// of crashing the host app. Tags come from `Object.prototype.toString`, which
// also works for values from another realm (an iframe).

export type ValueKind =
  | 'string'
  | 'number'
  | 'bigint'
  | 'boolean'
  | 'null'
  | 'undefined'
  | 'symbol'
  | 'function'
  | 'date'
  | 'regexp'
  | 'error'
  | 'array'
  | 'object'
  | 'map'
  | 'set'
  | 'unreadable';

export interface Described {
  kind: ValueKind;
  /** One-line text: the value itself for leaves, a summary for containers. */
  text: string;
  /** Number of children; 0 for leaves. */
  size: number;
  /** Children in [start, end) as [label, value] pairs. */
  slice?: (start: number, end: number) => Array<[string, unknown]>;
}

/** Marks a property whose read threw. */
export class Unreadable {
  constructor(readonly reason: string) {}
}

function read(obj: Record<PropertyKey, unknown>, key: PropertyKey): unknown {
  try {
    return obj[key];
  } catch (error) {
    return new Unreadable(reasonOf(error));
  }
}

function reasonOf(error: unknown): string {
  try {
    return String((error as Error)?.message ?? error);
  } catch {
    return 'unknown';
  }
}

const leaf = (kind: ValueKind, text: string): Described => ({ kind, text, size: 0 });

export function describe(value: unknown): Described {
  switch (typeof value) {
    case 'string':
      return leaf('string', value);
    case 'bigint':
      return leaf('bigint', `${value}n`);
    case 'function': {
      let text = 'ƒ anonymous()';
      try {
        const src = Function.prototype.toString.call(value);
        text = src.startsWith('class') ? `class ${value.name || 'anonymous'}` : `ƒ ${value.name || 'anonymous'}()`;
      } catch {
        /* a Proxy around a function: keep the generic label */
      }
      return leaf('function', text);
    }
    case 'object':
      if (value === null) return leaf('null', 'null');
      try {
        // Inside the try: even `instanceof` throws on a revoked Proxy.
        if (value instanceof Unreadable) return leaf('unreadable', `unreadable (${value.reason})`);
        return describeObject(value);
      } catch (error) {
        return leaf('unreadable', `unreadable (${reasonOf(error)})`);
      }
    default:
      // number, boolean, undefined, symbol: the kind is the type; String() names a symbol too (`Symbol(secret)`).
      return leaf(typeof value, Object.is(value, -0) ? '-0' : String(value));
  }
}

function describeObject(v: object): Described {
  const tag = Object.prototype.toString.call(v).slice(8, -1);
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const size = (v as ArrayLike<unknown>).length;
    return {
      kind: 'array',
      text: `${Array.isArray(v) ? 'Array' : tag}(${size})`,
      size,
      slice: (s, e) => Array.from({ length: e - s }, (_, j) => [String(s + j), read(v as never, s + j)]),
    };
  }
  if (tag === 'Date') {
    const t = Date.prototype.getTime.call(v);
    return leaf('date', Number.isNaN(t) ? 'Invalid Date' : Date.prototype.toISOString.call(v));
  }
  if (tag === 'RegExp') return leaf('regexp', RegExp.prototype.toString.call(v));
  if (tag === 'Error' || v instanceof Error) {
    return leaf('error', `${String(read(v as never, 'name'))}: ${String(read(v as never, 'message'))}`);
  }
  if (tag === 'Map' || tag === 'Set') {
    // Snapshot once so a 100k-entry Map is walked a single time.
    let entries: Array<[unknown, unknown]> | undefined;
    const all = () => (entries ??= tag === 'Map' ? Array.from(v as Map<unknown, unknown>) : Array.from(v as Set<unknown>, (x, i) => [i, x]));
    const size = (v as Map<unknown, unknown>).size;
    return {
      kind: tag === 'Map' ? 'map' : 'set',
      text: `${tag}(${size})`,
      size,
      // A Set's keys are its indices, which label() writes as String() does.
      slice: (s, e) => all().slice(s, e).map(([k, x]) => [label(k), x]),
    };
  }
  // Everything else is keyed: a Promise, WeakMap or WeakRef has no own keys and shows as `Promise {}`.
  const keys = Object.keys(v);
  const size = keys.length;
  // The class name before the braces; a plain object's ('Object') is left out.
  const proto = Object.getPrototypeOf(v);
  const name: string = proto === null ? 'Object: null prototype' : typeof proto.constructor === 'function' ? proto.constructor.name : '';
  return {
    kind: 'object',
    text: `${name && name !== 'Object' ? `${name} ` : ''}{${size ? '…' : ''}}`,
    size,
    slice: (s, e) => keys.slice(s, e).map((k) => [k, read(v as never, k)]),
  };
}

function label(key: unknown): string {
  if (typeof key !== 'string') return describe(key).text;
  return JSON.stringify(key.length > 80 ? `${key.slice(0, 80)}…` : key);
}

// ─── Copy text ───────────────────────────────────────────────────────────────

const INDENT = '  ';

/**
 * Text for the clipboard: strings as they are, everything else as JSON that
 * survives what `JSON.stringify` throws on (cycles, BigInt) and marks what it
 * would drop (`undefined`, functions, symbols) instead of losing it silently.
 */
export function toCopyText(value: unknown, maxDepth = 200): string {
  if (typeof value === 'string') return value;
  const out: string[] = [];
  const stack: unknown[] = [];
  const write = (v: unknown, pad: string): void => {
    const d = describe(v);
    switch (d.kind) {
      case 'string':
        return void out.push(JSON.stringify(d.text));
      case 'number':
        return void out.push(Number.isFinite(v as number) ? d.text : JSON.stringify(d.text));
      case 'bigint':
        return void out.push(d.text.slice(0, -1));
      case 'boolean':
      case 'null':
        return void out.push(d.text);
      case 'array':
      case 'object':
      case 'map':
      case 'set': {
        if (stack.includes(v)) return void out.push('"[Circular]"');
        if (stack.length >= maxDepth) return void out.push('"[Max depth]"');
        if (!d.slice) return void out.push(JSON.stringify(`[${d.text}]`));
        const asArray = d.kind === 'array' || d.kind === 'set';
        const entries = d.slice(0, d.size);
        if (!entries.length) return void out.push(asArray ? '[]' : '{}');
        stack.push(v);
        const inner = pad + INDENT;
        out.push(asArray ? '[' : '{');
        entries.forEach(([k, x], i) => {
          out.push(`${i ? ',' : ''}\n${inner}`);
          if (!asArray) out.push(`${JSON.stringify(k)}: `);
          write(x, inner);
        });
        out.push(`\n${pad}${asArray ? ']' : '}'}`);
        stack.pop();
        return;
      }
      default:
        out.push(JSON.stringify(d.kind === 'undefined' ? '[undefined]' : d.text));
    }
  };
  write(value, '');
  return out.join('');
}
