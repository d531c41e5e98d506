// The benchmark page: the real WebTerminal (from src/, fed by an in-page
// transport) against a bare xterm.js `Terminal.write` with the same chunks,
// in the same page and run. Driven by run.mjs through `window.bench`.
import '@xterm/xterm/css/xterm.css';
import '../../../src/styles/base.css';
import '../../../src/styles/web-terminal.css';
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { Terminal, type ITheme } from '@xterm/xterm';
import { SandboxProvider } from '../../../src/transport';
import type { PtyConnection, SandboxTransport } from '../../../src/transport/types';
import { WebTerminal, type WebTerminalHandle } from '../../../src/web-terminal';

const THEME: ITheme = { background: '#0b0f19', foreground: '#e5e7eb', cursor: '#38bdf8' };
const FONT = "'DejaVu Sans Mono', monospace";

// ── realistic output, deterministic ──────────────────────────────────────────

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['index', 'utils', 'button', 'render', 'parser', 'server', 'client', 'config', 'theme', 'hooks', 'store', 'types', 'worker', 'router', 'schema', 'ファイル', 'données'];
const EXT = ['.ts', '.tsx', '.js', '.json', '.md', '.css', '.map', '.sh', ''];

function lsR(random: () => number, out: string[]) {
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const dir = `./${Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(WORDS)).join('/')}`;
  out.push(`\r\n${dir}:\r\n`);
  const entries = Array.from({ length: 6 + Math.floor(random() * 30) }, () => {
    const name = `${pick(WORDS)}${random() < 0.3 ? `-${Math.floor(random() * 100)}` : ''}`;
    const r = random();
    if (r < 0.2) return { text: `\x1b[01;34m${name}\x1b[0m`, width: name.length };
    if (r < 0.3) return { text: `\x1b[01;32m${name}.sh\x1b[0m`, width: name.length + 3 };
    if (r < 0.35) return { text: `\x1b[01;36m${name}\x1b[0m`, width: name.length };
    const file = name + pick(EXT);
    return { text: file, width: file.length };
  });
  const col = 24;
  let line = '';
  let used = 0;
  for (const e of entries) {
    if (used + col > 120) {
      out.push(`${line}\r\n`);
      line = '';
      used = 0;
    }
    line += e.text + ' '.repeat(Math.max(1, col - e.width));
    used += col;
  }
  out.push(`${line}\r\n`);
}

let step = 0;
function buildLog(random: () => number, out: string[]) {
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const n = 20 + Math.floor(random() * 60);
  for (let i = 0; i < n; i++) {
    step++;
    const ms = String(step % 1000).padStart(3, '0');
    const file = `src/${pick(WORDS)}/${pick(WORDS)}${pick(EXT) || '.ts'}`;
    const r = random();
    if (r < 0.05) {
      out.push(
        `\x1b[2m12:${String(step % 60).padStart(2, '0')}:07.${ms}\x1b[0m \x1b[1;33mwarning\x1b[0m: unused variable '\x1b[1m${pick(WORDS)}\x1b[0m' [-Wunused-variable]\r\n` +
          `  --> ${file}:${step % 400}:${step % 80}\r\n   |\r\n${String(step % 400).padStart(3)} |     let ${pick(WORDS)} = compute(${pick(WORDS)});\r\n   |         \x1b[1;33m^^^^^^\x1b[0m\r\n`,
      );
    } else if (r < 0.07) {
      out.push(`\x1b[1;31merror\x1b[0m TS2322: Type 'string' is not assignable to type 'number'. \x1b[36m${file}\x1b[0m:${step % 300}\r\n`);
    } else {
      out.push(`\x1b[2m[${String(step).padStart(5)}/99999]\x1b[0m \x1b[32m✓\x1b[0m Compiling \x1b[36m${file}\x1b[0m → dist/${pick(WORDS)}.js \x1b[2m(${(random() * 90).toFixed(1)} ms)\x1b[0m\r\n`);
    }
  }
}

function progress(random: () => number, out: string[]) {
  const width = 40;
  for (let p = 0; p <= 100; p += 1 + Math.floor(random() * 3)) {
    const done = Math.round((p / 100) * width);
    out.push(`\r\x1b[1mDownloading\x1b[0m [\x1b[32m${'#'.repeat(done)}\x1b[0m${'-'.repeat(width - done)}] ${String(p).padStart(3)}% ${(random() * 80).toFixed(1)} MB/s \x1b[K`);
  }
  out.push('\r\n');
}

function makeChunks(totalBytes: number, seed: number): Uint8Array[] {
  const random = mulberry32(seed);
  const parts: string[] = [];
  let bytes = 0;
  const encoder = new TextEncoder();
  while (bytes < totalBytes) {
    const before = parts.length;
    const r = random();
    if (r < 0.4) lsR(random, parts);
    else if (r < 0.85) buildLog(random, parts);
    else progress(random, parts);
    for (let i = before; i < parts.length; i++) bytes += encoder.encode(parts[i]!).length;
  }
  const all = encoder.encode(parts.join('')).subarray(0, totalBytes);
  // Sizes a socket delivers: 1–32 KiB, cut anywhere (so UTF-8 characters split).
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < all.length; ) {
    const size = 1024 + Math.floor(random() * 31 * 1024);
    chunks.push(all.slice(i, i + size));
    i += size;
  }
  return chunks;
}

// ── the two contenders ───────────────────────────────────────────────────────

function box(): HTMLDivElement {
  const div = document.createElement('div');
  div.className = 'box';
  document.getElementById('root')!.append(div);
  return div;
}

let size = { cols: 80, rows: 24 };

interface Contender {
  /** Feed every chunk; resolves with the wall time until xterm's write callback after the last. */
  feed(chunks: Uint8Array[]): Promise<number>;
  teardown(): void;
}

async function setupRaw(strings = false): Promise<Contender> {
  const host = box();
  // The options WebTerminal uses by default, so both draw the same thing.
  const terminal = new Terminal({ cols: size.cols, rows: size.rows, fontSize: 14, fontFamily: FONT, theme: THEME, scrollback: 5000, cursorBlink: true, lineHeight: 1 });
  terminal.open(host);
  await new Promise((r) => setTimeout(r, 50));
  return {
    feed: (chunks) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        if (strings) {
          const decoder = new TextDecoder();
          for (const chunk of chunks) terminal.write(decoder.decode(chunk, { stream: true }));
          terminal.write('', () => resolve(performance.now() - start));
          return;
        }
        for (let i = 0; i < chunks.length - 1; i++) terminal.write(chunks[i]!);
        terminal.write(chunks[chunks.length - 1]!, () => resolve(performance.now() - start));
      }),
    teardown() {
      terminal.dispose();
      host.remove();
    },
  };
}

interface Fed {
  emit(chunk: Uint8Array): void;
  writes: Array<{ at: number; data: string }>;
}

/** A transport whose one PTY is fed from the page. */
function pageTransport(fed: { current: Fed | null }): SandboxTransport {
  return {
    async getPreviewLink() {
      throw new Error('not used');
    },
    async openPty(): Promise<PtyConnection> {
      let listener: ((data: Uint8Array | string) => void) | null = null;
      const writes: Fed['writes'] = [];
      fed.current = { emit: (chunk) => listener?.(chunk), writes };
      return {
        sessionId: 'bench',
        write: (data) => writes.push({ at: performance.now(), data: typeof data === 'string' ? data : new TextDecoder().decode(data) }),
        resize() {},
        onData(l) {
          listener = l;
          return { dispose: () => (listener = null) };
        },
        onClose: () => ({ dispose() {} }),
        dispose() {},
      };
    },
  };
}

async function mountWebTerminal() {
  const host = box();
  const fed: { current: Fed | null } = { current: null };
  const handle: { current: WebTerminalHandle | null } = { current: null };
  const root = createRoot(host);
  const connected = new Promise<void>((resolve) => {
    root.render(
      <SandboxProvider transport={pageTransport(fed)} sandboxId="bench">
        <WebTerminal handleRef={handle} fontSize={14} fontFamily={FONT} theme={THEME} style={{ height: '100%' }} onConnect={() => resolve()} />
      </SandboxProvider>,
    );
  });
  await connected;
  await new Promise((r) => setTimeout(r, 50));
  const terminal = handle.current!.getTerminal()!;
  return {
    fed: fed.current!,
    terminal,
    handle: handle.current!,
    unmount() {
      root.unmount();
      host.remove();
    },
  };
}

async function setupWebTerminal(): Promise<Contender> {
  const mounted = await mountWebTerminal();
  size = { cols: mounted.terminal.cols, rows: mounted.terminal.rows };
  return {
    feed: (chunks) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        for (const chunk of chunks) mounted.fed.emit(chunk);
        // xterm runs write callbacks in order: this fires once every chunk above is parsed.
        mounted.terminal.write('', () => resolve(performance.now() - start));
      }),
    teardown: () => mounted.unmount(),
  };
}

// ── keystroke → PTY write latency ────────────────────────────────────────────

let latencyProbe: { keys: number[]; fed: Fed; unmount(): void } | null = null;

async function startLatency(): Promise<void> {
  const mounted = await mountWebTerminal();
  const keys: number[] = [];
  window.addEventListener('keydown', (e) => keys.push(e.timeStamp), { capture: true });
  mounted.handle.focus();
  latencyProbe = { keys, fed: mounted.fed, unmount: mounted.unmount };
}

function endLatency(): { samples: number[]; typed: string } {
  const probe = latencyProbe!;
  const samples = probe.fed.writes.map((w, i) => w.at - probe.keys[i]!);
  const typed = probe.fed.writes.map((w) => w.data).join('');
  probe.unmount();
  return { samples, typed };
}

let chunks: Uint8Array[] = [];
let current: Contender | null = null;

/** Driven by run.mjs; a name of its own so it never meets another bench page's global. */
interface TerminalBench {
  prepare(totalBytes: number, seed: number): { chunks: number; bytes: number };
  setup(mode: 'raw' | 'rawString' | 'WebTerminal'): Promise<void>;
  feed(): Promise<number>;
  teardown(): void;
  startLatency(): Promise<void>;
  endLatency(): { samples: number[]; typed: string };
}

const bench: TerminalBench = {
  prepare(totalBytes, seed) {
    chunks = makeChunks(totalBytes, seed);
    return { chunks: chunks.length, bytes: chunks.reduce((n, c) => n + c.length, 0) };
  },
  async setup(mode) {
    current = mode === 'WebTerminal' ? await setupWebTerminal() : await setupRaw(mode === 'rawString');
  },
  feed: () => current!.feed(chunks),
  teardown() {
    current?.teardown();
    current = null;
  },
  startLatency,
  endLatency,
};
(window as unknown as { terminalBench: TerminalBench }).terminalBench = bench;
document.title = 'ready';
