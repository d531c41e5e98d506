import type { ComputerAction } from '../types';
import { validateComputerAction } from '../validate';

interface Win {
  id: string;
  title: string;
  x: number;
  y: number;
  w: number;
  h: number;
  lines: string[];
}

export interface DesktopMark {
  kind: 'click' | 'drag' | 'scroll' | 'key';
  x: number;
  y: number;
  toX?: number;
  toY?: number;
  label?: string;
}

/**
 * The simulated desktop: a notepad and a file list drawn as SVG. It reacts to
 * clicks (focus, cursor), drags (move a window by its title bar), scrolls,
 * typing and keys, so a screenshot visibly changes after every action.
 */
export class MemoryDesktop {
  readonly width: number;
  readonly height: number;
  cursor = { x: 640, y: 400 };
  private windows: Win[];
  private focused = 'notepad';
  private scroll = 0;
  private marks: DesktopMark[] = [];
  private frame = 0;

  constructor(size: { width: number; height: number } = { width: 1280, height: 800 }) {
    this.width = size.width;
    this.height = size.height;
    this.windows = [
      { id: 'files', title: 'Files — /home/user', x: 60, y: 70, w: 420, h: 520, lines: FILES },
      { id: 'notepad', title: 'Notepad — notes.txt', x: 540, y: 120, w: 640, h: 420, lines: [''] },
    ];
  }

  /** Validate `action` against the contract and this display; throws `invalid_request`. */
  validate(action: unknown): asserts action is ComputerAction {
    validateComputerAction(action, { width: this.width, height: this.height });
  }

  apply(action: ComputerAction): void {
    this.validate(action);
    this.frame++;
    switch (action.type) {
      case 'move':
        this.cursor = { x: action.x, y: action.y };
        break;
      case 'click': {
        this.cursor = { x: action.x, y: action.y };
        const hit = this.hitTest(action.x, action.y);
        if (hit) this.raise(hit.id);
        this.mark({ kind: 'click', x: action.x, y: action.y, label: action.double ? 'double' : action.button ?? 'left' });
        break;
      }
      case 'drag': {
        const hit = this.hitTest(action.from.x, action.from.y);
        if (hit && action.from.y - hit.y < 32) {
          hit.x = clamp(hit.x + action.to.x - action.from.x, -hit.w + 40, this.width - 40);
          hit.y = clamp(hit.y + action.to.y - action.from.y, 0, this.height - 40);
          this.raise(hit.id);
        }
        this.cursor = { ...action.to };
        this.mark({ kind: 'drag', x: action.from.x, y: action.from.y, toX: action.to.x, toY: action.to.y });
        break;
      }
      case 'scroll':
        this.cursor = { x: action.x, y: action.y };
        this.scroll = Math.max(0, this.scroll + (action.direction === 'down' ? 1 : -1) * (action.amount ?? 3));
        this.mark({ kind: 'scroll', x: action.x, y: action.y, label: action.direction });
        break;
      case 'type':
        this.typeText(action.text);
        break;
      case 'press':
        this.pressKey(action.key, action.modifiers ?? []);
        break;
      case 'hotkey': {
        const keys = action.keys.split('+');
        const key = keys.pop() ?? '';
        this.pressKey(key, keys);
        break;
      }
    }
  }

  private typeText(text: string): void {
    const win = this.focusedWindow();
    if (win.id !== 'notepad') return;
    const parts = text.split('\n');
    win.lines[win.lines.length - 1] = (win.lines[win.lines.length - 1] ?? '') + (parts[0] ?? '');
    for (const part of parts.slice(1)) win.lines.push(part);
  }

  private pressKey(key: string, modifiers: string[]): void {
    const win = this.focusedWindow();
    this.mark({ kind: 'key', x: this.cursor.x, y: this.cursor.y, label: [...modifiers, key].join('+') });
    if (win.id !== 'notepad') return;
    const lower = key.toLowerCase();
    if (modifiers.includes('ctrl') && lower === 'a') return;
    if (modifiers.includes('ctrl') && (lower === 'l' || lower === 'u')) {
      win.lines = [''];
      return;
    }
    if (lower === 'return' || lower === 'enter') win.lines.push('');
    else if (lower === 'backspace') {
      const last = win.lines[win.lines.length - 1]!;
      if (last.length) win.lines[win.lines.length - 1] = last.slice(0, -1);
      else if (win.lines.length > 1) win.lines.pop();
    } else if (lower === 'tab') win.lines[win.lines.length - 1] += '    ';
    else if (lower === 'space') win.lines[win.lines.length - 1] += ' ';
    else if (key.length === 1 && !modifiers.some((m) => m === 'ctrl' || m === 'alt' || m === 'meta')) {
      win.lines[win.lines.length - 1] += modifiers.includes('shift') ? key.toUpperCase() : key;
    }
  }

  private focusedWindow(): Win {
    return this.windows.find((w) => w.id === this.focused) ?? this.windows[this.windows.length - 1]!;
  }

  private hitTest(x: number, y: number): Win | undefined {
    for (let i = this.windows.length - 1; i >= 0; i--) {
      const w = this.windows[i]!;
      if (x >= w.x && x < w.x + w.w && y >= w.y && y < w.y + w.h) return w;
    }
    return undefined;
  }

  private raise(id: string): void {
    const index = this.windows.findIndex((w) => w.id === id);
    if (index < 0) return;
    const [win] = this.windows.splice(index, 1);
    this.windows.push(win!);
    this.focused = id;
  }

  private mark(mark: DesktopMark): void {
    this.marks.push(mark);
    if (this.marks.length > 8) this.marks.shift();
  }

  /** The notepad's text, for tests. */
  get text(): string {
    return this.windows.find((w) => w.id === 'notepad')!.lines.join('\n');
  }

  /** Render the desktop as an SVG document. */
  render(showCursor = true): string {
    const parts: string[] = [];
    parts.push(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="DejaVu Sans Mono, monospace">`,
      `<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#1e3a5f"/><stop offset="1" stop-color="#3b1e5f"/></linearGradient></defs>`,
      `<rect width="100%" height="100%" fill="url(#bg)"/>`,
      `<rect y="${this.height - 36}" width="100%" height="36" fill="#0f172a" opacity="0.9"/>`,
      `<text x="16" y="${this.height - 13}" fill="#e2e8f0" font-size="14">Activities · frame ${this.frame}</text>`,
    );
    for (const win of this.windows) {
      const active = win.id === this.focused;
      parts.push(
        `<g data-window="${win.id}">`,
        `<rect x="${win.x}" y="${win.y}" width="${win.w}" height="${win.h}" rx="8" fill="#f8fafc" stroke="${active ? '#38bdf8' : '#475569'}" stroke-width="${active ? 3 : 1}"/>`,
        `<rect x="${win.x}" y="${win.y}" width="${win.w}" height="32" rx="8" fill="${active ? '#0ea5e9' : '#64748b'}"/>`,
        `<text x="${win.x + 12}" y="${win.y + 21}" fill="#fff" font-size="14">${esc(win.title)}</text>`,
      );
      const visible = win.id === 'files' ? win.lines.slice(this.scroll % win.lines.length) : win.lines.slice(-18);
      visible.slice(0, 20).forEach((line, i) => {
        const y = win.y + 56 + i * 22;
        // Icons are drawn, not typed: emoji glyphs are missing from many fonts (they showed as empty boxes).
        const icon = ICONS.find(([prefix]) => line.startsWith(prefix));
        if (icon) parts.push(icon[1](win.x + 14, y - 14));
        const text = icon ? line.slice(icon[0].length) : line;
        parts.push(`<text x="${win.x + 14 + (icon ? 24 : 0)}" y="${y}" fill="#0f172a" font-size="16">${esc(text.slice(0, 64))}</text>`);
      });
      if (win.id === 'notepad' && active) {
        const lastIndex = Math.min(visible.length, 20) - 1;
        const caretX = win.x + 14 + Math.min((visible[lastIndex] ?? '').length, 64) * 9.6;
        parts.push(`<rect x="${caretX}" y="${win.y + 42 + lastIndex * 22}" width="2" height="18" fill="#0f172a"/>`);
      }
      parts.push('</g>');
    }
    for (const mark of this.marks) {
      if (mark.kind === 'click') parts.push(`<circle cx="${mark.x}" cy="${mark.y}" r="10" fill="none" stroke="#f97316" stroke-width="2" opacity="0.7"/>`);
      if (mark.kind === 'drag') parts.push(`<line x1="${mark.x}" y1="${mark.y}" x2="${mark.toX}" y2="${mark.toY}" stroke="#f97316" stroke-width="2" stroke-dasharray="6 4" opacity="0.7"/>`);
    }
    if (showCursor) {
      const { x, y } = this.cursor;
      parts.push(`<path d="M${x} ${y} l0 18 l5 -5 l4 9 l3 -1 l-4 -9 l7 0 z" fill="#fff" stroke="#000" stroke-width="1"/>`);
    }
    parts.push('</svg>');
    return parts.join('');
  }
}

const FILES = ['📁 app', '📁 docs', '📄 README.md', '📄 notes.txt', '📄 package.json', '📁 node_modules', '📄 .gitignore', '📄 tsconfig.json', '📁 public', '📁 src', '📄 vite.config.ts', '📄 index.html'];

/** File-list icons as SVG shapes in an 18×16 box whose top left is (x, y). */
const ICONS: Array<[prefix: string, draw: (x: number, y: number) => string]> = [
  [
    '📁 ',
    (x, y) =>
      `<path data-icon="folder" d="M${x} ${y + 2}a2 2 0 0 1 2-2h5l2 2.5h7a2 2 0 0 1 2 2V14a2 2 0 0 1-2 2H${x + 2}a2 2 0 0 1-2-2z" fill="#f59e0b" stroke="#b45309" stroke-width="1"/>`,
  ],
  [
    '📄 ',
    (x, y) =>
      `<g data-icon="file"><path d="M${x + 2} ${y}h9l5 5v11H${x + 2}z" fill="#ffffff" stroke="#64748b" stroke-width="1.2" stroke-linejoin="round"/>` +
      `<path d="M${x + 11} ${y}v5h5" fill="none" stroke="#64748b" stroke-width="1.2" stroke-linejoin="round"/>` +
      `<path d="M${x + 5} ${y + 9}h8M${x + 5} ${y + 12}h8" stroke="#94a3b8" stroke-width="1.2"/></g>`,
  ],
];

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
