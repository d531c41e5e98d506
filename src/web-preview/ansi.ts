/**
 * A small ANSI SGR parser for log lines. It returns text segments with a
 * style; the console renders them as React text in spans, so nothing in a log
 * line is ever parsed as HTML. Every escape sequence other than SGR colour
 * and weight (cursor moves, OSC titles and hyperlinks, …) is removed.
 */

export type AnsiColor =
  | 'black' | 'red' | 'green' | 'yellow' | 'blue' | 'magenta' | 'cyan' | 'white'
  | 'bright-black' | 'bright-red' | 'bright-green' | 'bright-yellow' | 'bright-blue' | 'bright-magenta' | 'bright-cyan' | 'bright-white';

export interface AnsiStyle {
  /** One of the 16 named colours (themed by CSS) or `#rrggbb` for 256/true colour. */
  fg?: AnsiColor | `#${string}`;
  bg?: AnsiColor | `#${string}`;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

const NAMES: AnsiColor[] = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

// CSI … final byte, OSC … BEL/ST, and two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[([0-9;:?]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b([0-9;]*)([@-~])/g;
// Control characters other than tab; they have no business in a rendered line.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Remove every escape sequence and control character (keeps tabs and newlines). */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPE, '').replace(CONTROL, '');
}

/** Split `text` into styled segments. Adjacent text with the same style is merged. */
export function parseAnsi(text: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let style: AnsiStyle = {};
  let last = 0;
  const push = (chunk: string) => {
    const clean = chunk.replace(CONTROL, '');
    if (!clean) return;
    const prev = segments[segments.length - 1];
    if (prev && sameStyle(prev.style, style)) prev.text += clean;
    else segments.push({ text: clean, style });
  };
  ESCAPE.lastIndex = 0;
  for (let m = ESCAPE.exec(text); m; m = ESCAPE.exec(text)) {
    push(text.slice(last, m.index));
    last = m.index + m[0].length;
    const params = m[1] ?? m[3];
    const final = m[2] ?? m[4];
    if (final === 'm' && params !== undefined && !params.startsWith('?')) style = applySgr(style, params);
  }
  push(text.slice(last));
  return segments;
}

function applySgr(current: AnsiStyle, params: string): AnsiStyle {
  // An empty parameter is 0 (`Number('')`), so `ESC[m` resets.
  const codes = params.split(/[;:]/).map(Number);
  let next: AnsiStyle = { ...current };
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (c === 0) next = {};
    else if (c === 1) next.bold = true;
    else if (c === 2) next.dim = true;
    else if (c === 3) next.italic = true;
    else if (c === 4) next.underline = true;
    else if (c === 22) (delete next.bold, delete next.dim);
    else if (c === 23) delete next.italic;
    else if (c === 24) delete next.underline;
    // 30–37 / 90–97 and 40–47 / 100–107: the 16 colours of the 256-colour table (0–7, bright 8–15).
    else if ((c >= 30 && c <= 37) || (c >= 90 && c <= 97)) next.fg = xterm256(c < 90 ? c - 30 : c - 82);
    else if (c === 39) delete next.fg;
    else if ((c >= 40 && c <= 47) || (c >= 100 && c <= 107)) next.bg = xterm256(c < 100 ? c - 40 : c - 92);
    else if (c === 49) delete next.bg;
    else if (c === 38 || c === 48) {
      const [color, used] = extendedColor(codes, i + 1);
      i += used;
      if (color) {
        if (c === 38) next.fg = color;
        else next.bg = color;
      }
    }
  }
  return next;
}

function extendedColor(codes: number[], at: number): [AnsiStyle['fg'] | undefined, number] {
  const byte = (v: number | undefined): v is number => v! >= 0 && v! <= 255;
  // `5;n`: the 256-colour table; `2;r;g;b`: true colour. Out-of-range values keep the colour as it was.
  if (codes[at] === 5) return [byte(codes[at + 1]) ? xterm256(codes[at + 1]!) : undefined, 2];
  if (codes[at] === 2) {
    const [r, g, b] = codes.slice(at + 1, at + 4);
    return [byte(r) && byte(g) && byte(b) ? hex(r, g, b) : undefined, 4];
  }
  return [undefined, 0];
}

function xterm256(n: number): AnsiStyle['fg'] {
  if (n < 8) return NAMES[n]!;
  if (n < 16) return `bright-${NAMES[n - 8]!}` as AnsiColor;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return hex(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const g = 8 + (n - 232) * 10;
  return hex(g, g, g);
}

function hex(r: number, g: number, b: number): `#${string}` {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  // A flag is `true` or absent (`applySgr` deletes, never sets `false`).
  return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.dim === b.dim && a.italic === b.italic && a.underline === b.underline;
}
