import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { SandboxError, isSandboxError } from '../transport/errors';
import { validateComputerAction } from '../transport/validate';
import type { ComputerAction, ComputerUseStatus, KeyModifier, MouseButton, Screenshot, ScreenshotRequest } from '../transport/types';
import { signalSession } from './process-tree';
import { requireTool, TOOLS } from './tools';

/** Where computer use happens: an X display to use, or the size of an Xvfb display to start. */
export type LocalDisplayOption = string | { width?: number; height?: number; depth?: number } | false;

export interface DisplayHandle {
  /** The X display name, e.g. `:99`. */
  display: string;
  width: number;
  height: number;
  /** True when this transport started the Xvfb server (and stops it on dispose). */
  owned: boolean;
}

const BUTTONS: Record<MouseButton, string> = { left: '1', middle: '2', right: '3' };
const MODIFIERS: Record<KeyModifier, string> = { ctrl: 'ctrl', alt: 'alt', shift: 'shift', meta: 'super' };
/** DOM `KeyboardEvent.key` names that differ from X keysym names. */
const KEYSYMS: Record<string, string> = {
  enter: 'Return',
  return: 'Return',
  arrowup: 'Up',
  arrowdown: 'Down',
  arrowleft: 'Left',
  arrowright: 'Right',
  backspace: 'BackSpace',
  escape: 'Escape',
  esc: 'Escape',
  tab: 'Tab',
  delete: 'Delete',
  del: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'Prior',
  pagedown: 'Next',
  space: 'space',
  ' ': 'space',
  control: 'ctrl',
  ctrl: 'ctrl',
  alt: 'alt',
  shift: 'shift',
  meta: 'super',
  cmd: 'super',
  super: 'super',
};

/** Translate a contract key name (DOM-style or X keysym) to what xdotool expects. */
export function toKeysym(key: string): string {
  return KEYSYMS[key.toLowerCase()] ?? key;
}

/**
 * The xdotool arguments that perform `action` (validated first), as one
 * chained invocation. No `--sync` on `mousemove`: xdotool then waits for a
 * motion event, which never comes when the pointer is already there.
 */
export function xdotoolArgs(action: ComputerAction): string[] {
  switch (action.type) {
    case 'move':
      return ['mousemove', String(action.x), String(action.y)];
    case 'click':
      return ['mousemove', String(action.x), String(action.y), 'click', ...(action.double ? ['--repeat', '2', '--delay', '80'] : []), BUTTONS[action.button ?? 'left']];
    case 'drag': {
      const button = BUTTONS[action.button ?? 'left'];
      // Pauses and a midway point let applications see a drag, not a jump.
      const midX = String(Math.round((action.from.x + action.to.x) / 2));
      const midY = String(Math.round((action.from.y + action.to.y) / 2));
      return [
        'mousemove', String(action.from.x), String(action.from.y), 'mousedown', button, 'sleep', '0.05',
        'mousemove', midX, midY, 'sleep', '0.05',
        'mousemove', String(action.to.x), String(action.to.y), 'sleep', '0.05', 'mouseup', button,
      ];
    }
    case 'scroll':
      return ['mousemove', String(action.x), String(action.y), 'click', '--repeat', String(action.amount ?? 3), '--delay', '20', action.direction === 'up' ? '4' : '5'];
    case 'type':
      return ['type', '--delay', String(Math.round(action.delayMs ?? 8)), '--', action.text];
    case 'press':
      return ['key', '--', [...(action.modifiers ?? []).map((m) => MODIFIERS[m]), toKeysym(action.key)].join('+')];
    case 'hotkey':
      return ['key', '--', action.keys.split('+').map(toKeysym).join('+')];
  }
}

function run(file: string, args: string[], env: Record<string, string>, options: { timeoutMs?: number; binary?: boolean; signal?: AbortSignal } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env, timeout: options.timeoutMs ?? 10_000, maxBuffer: 64 * 1024 * 1024, encoding: 'buffer', ...(options.signal ? { signal: options.signal } : {}) },
      (error, stdout, stderr) => {
        if (error) {
          if ((error as { name?: string }).name === 'AbortError') return reject(new SandboxError('aborted', 'Aborted', { cause: error }));
          const detail = stderr?.toString('utf8').trim().split('\n').slice(-3).join(' ') || error.message;
          return reject(new SandboxError('internal', `${file.split('/').pop()} failed: ${detail}`, { cause: error }));
        }
        resolve(stdout);
      },
    );
  });
}

/**
 * Computer use on an X display: an Xvfb server this transport starts on a
 * free display number (unless told to use an existing one), `xdotool` for
 * input and ImageMagick's `import` for screenshots.
 */
export class LocalDesktop {
  private handle: Promise<DisplayHandle> | undefined;
  private xvfb: ChildProcess | undefined;
  private current: DisplayHandle | undefined;
  private failed: SandboxError | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly option: Exclude<LocalDisplayOption, false> | undefined,
    private readonly baseEnv: () => Record<string, string>,
  ) {}

  /** The running display, if started. */
  get running(): DisplayHandle | undefined {
    return this.current;
  }

  status(): ComputerUseStatus {
    if (this.failed) return 'error';
    return this.current ? 'active' : 'inactive';
  }

  /** Start (or find) the display; idempotent. */
  ensure(): Promise<DisplayHandle> {
    if (this.disposed) return Promise.reject(new SandboxError('unavailable', 'The local transport has been disposed'));
    if (!this.handle) {
      this.handle = this.open().then(
        (handle) => {
          this.current = handle;
          this.failed = undefined;
          return handle;
        },
        (error: unknown) => {
          // Let a later call try again (a missing tool may get installed).
          this.handle = undefined;
          this.failed = isSandboxError(error) ? error : new SandboxError('internal', String(error), { cause: error });
          throw this.failed;
        },
      );
    }
    return this.handle;
  }

  async displayInfo(): Promise<{ width: number; height: number }> {
    const { width, height } = await this.ensure();
    return { width, height };
  }

  async screenshot(req: ScreenshotRequest, signal?: AbortSignal): Promise<Screenshot> {
    const format = req.format ?? 'png';
    if (format !== 'png' && format !== 'jpeg') throw new SandboxError('invalid_request', `Unknown screenshot format: ${String(format)}`);
    if (req.quality !== undefined && (typeof req.quality !== 'number' || req.quality < 1 || req.quality > 100)) {
      throw new SandboxError('invalid_request', 'quality must be a number from 1 to 100');
    }
    if (req.scale !== undefined && (typeof req.scale !== 'number' || !(req.scale > 0) || req.scale > 1)) {
      throw new SandboxError('invalid_request', 'scale must be a number above 0 and at most 1');
    }
    const importPath = requireTool(TOOLS.import, this.baseEnv().PATH);
    const handle = await this.ensure();
    const env = this.envFor(handle);
    const args = ['-silent', '-window', 'root'];
    if (req.scale !== undefined && req.scale < 1) args.push('-resize', `${Math.round(req.scale * 10000) / 100}%`);
    if (format === 'jpeg') args.push('-quality', String(Math.round(req.quality ?? 75)));
    args.push(`${format}:-`);
    const [image, cursor] = await Promise.all([
      run(importPath, args, env, { timeoutMs: 15_000, ...(signal ? { signal } : {}) }),
      this.cursor(env).catch(() => undefined),
    ]);
    if (image.length === 0) throw new SandboxError('internal', 'The screenshot tool produced no image');
    const shot: Screenshot = {
      image: new Blob([new Uint8Array(image)], { type: format === 'png' ? 'image/png' : 'image/jpeg' }),
      // Sandbox coordinates: the display's size even when the image is scaled down.
      width: handle.width,
      height: handle.height,
    };
    if (cursor) shot.cursor = cursor;
    return shot;
  }

  async perform(action: ComputerAction): Promise<void> {
    const xdotool = requireTool(TOOLS.xdotool, this.baseEnv().PATH);
    const handle = await this.ensure();
    validateComputerAction(action, { width: handle.width, height: handle.height });
    const env = this.envFor(handle);
    // Input is applied in order, one action at a time, as a user would.
    const next = this.queue.then(async () => {
      await run(xdotool, xdotoolArgs(action), env, { timeoutMs: 30_000 });
    });
    this.queue = next.catch(() => {});
    await next;
  }

  /** Stop the Xvfb server this transport started. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.xvfb?.pid !== undefined) signalSession(this.xvfb.pid, 'SIGTERM');
    this.current = undefined;
  }

  /** The environment a child needs to draw on this display. */
  envFor(handle: DisplayHandle): Record<string, string> {
    return { ...this.baseEnv(), DISPLAY: handle.display };
  }

  private async cursor(env: Record<string, string>): Promise<{ x: number; y: number } | undefined> {
    const xdotool = requireTool(TOOLS.xdotool, env.PATH);
    const out = (await run(xdotool, ['getmouselocation', '--shell'], env, { timeoutMs: 5000 })).toString('utf8');
    const x = /X=(\d+)/.exec(out)?.[1];
    const y = /Y=(\d+)/.exec(out)?.[1];
    return x !== undefined && y !== undefined ? { x: Number(x), y: Number(y) } : undefined;
  }

  private async open(): Promise<DisplayHandle> {
    const pathVar = this.baseEnv().PATH;
    requireTool(TOOLS.xdotool, pathVar);
    const inherited = this.option === undefined ? process.env.DISPLAY : undefined;
    const existing = typeof this.option === 'string' ? this.option : inherited;
    if (existing) {
      const xdotool = requireTool(TOOLS.xdotool, pathVar);
      const env = { ...this.baseEnv(), DISPLAY: existing };
      let geometry: string;
      try {
        geometry = (await run(xdotool, ['getdisplaygeometry'], env, { timeoutMs: 5000 })).toString('utf8');
      } catch (error) {
        throw new SandboxError('unavailable', `Cannot open the X display ${existing}`, { cause: error });
      }
      const [w, h] = geometry.trim().split(/\s+/).map(Number);
      if (!w || !h) throw new SandboxError('unavailable', `The X display ${existing} reported no size`);
      return { display: existing, width: w, height: h, owned: false };
    }
    const size = typeof this.option === 'object' ? this.option : {};
    const width = size.width ?? 1280;
    const height = size.height ?? 800;
    const depth = size.depth ?? 24;
    for (const [name, n, lo, hi] of [['width', width, 64, 8192], ['height', height, 64, 8192]] as const) {
      if (!Number.isInteger(n) || n < lo || n > hi) throw new SandboxError('invalid_request', `display.${name} must be a whole number from ${lo} to ${hi}`);
    }
    const xvfbPath = requireTool(TOOLS.xvfb, pathVar);
    return this.startXvfb(xvfbPath, width, height, depth);
  }

  private startXvfb(file: string, width: number, height: number, depth: number): Promise<DisplayHandle> {
    return new Promise((resolve, reject) => {
      // `-displayfd` makes Xvfb pick a free display number and tell us which.
      const child = spawn(file, ['-displayfd', '3', '-screen', '0', `${width}x${height}x${depth}`, '-nolisten', 'tcp', '-noreset'], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
        detached: true,
        env: this.baseEnv(),
      });
      this.xvfb = child;
      let stderr = '';
      let fd = '';
      const fail = (message: string) => {
        clearTimeout(timer);
        if (child.pid !== undefined) signalSession(child.pid, 'SIGKILL');
        reject(new SandboxError('unavailable', `${message}${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`));
      };
      const timer = setTimeout(() => fail('Xvfb did not start within 10 s'), 10_000);
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-4000);
      });
      const out = child.stdio[3] as NodeJS.ReadableStream | null;
      out?.setEncoding('utf8');
      out?.on('data', (chunk: string) => {
        fd += chunk;
        const match = /^(\d+)\n/.exec(fd);
        if (!match) return;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.on('exit', () => {
          // The display went away under us; the next call starts a new one.
          if (this.disposed) return;
          this.current = undefined;
          this.handle = undefined;
          this.failed = new SandboxError('unavailable', 'The Xvfb display exited');
        });
        resolve({ display: `:${match[1]}`, width, height, owned: true });
      });
      child.on('error', (error) => fail(`Could not start Xvfb (${error.message})`));
      child.on('exit', (code) => fail(`Xvfb exited with code ${String(code)} before it was ready`));
    });
  }
}
