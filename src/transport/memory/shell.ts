import { isSandboxError } from '../errors';
import type { MemoryFileSystem } from './fs';

const BLUE = '\x1b[1;34m';
const GREEN = '\x1b[1;32m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

export interface ShellHost {
  fs: MemoryFileSystem;
  size(): { cols: number; rows: number };
  sandboxId: string;
}

/**
 * Ports a `serve` command started, per file system (so per sandbox), with the
 * directory each serves. The preview link of such a port shows that
 * directory's index.html instead of the generated demo page.
 */
const served = new WeakMap<MemoryFileSystem, Map<number, string>>();
export function servedPorts(fs: MemoryFileSystem): ReadonlyMap<number, string> {
  return served.get(fs) ?? new Map();
}

export interface CommandResult {
  output: string;
  exitCode: number;
  /** `exit` ends the shell with this code. */
  exit?: number;
  clear?: boolean;
}

/**
 * The simulated sandbox's shell: a handful of commands over the in-memory
 * file system. `run()` executes one line (used by `exec` and the PTY);
 * output uses `\n`, the PTY turns it into `\r\n`.
 */
export class MemoryShell {
  cwd = '/home/user';
  env: Record<string, string> = { HOME: '/home/user', USER: 'user', SHELL: '/bin/sh', TERM: 'xterm-256color' };

  constructor(private host: ShellHost) {}

  prompt(): string {
    const where = this.cwd === '/home/user' ? '~' : this.cwd.startsWith('/home/user/') ? `~${this.cwd.slice(10)}` : this.cwd;
    return `${GREEN}user@${this.host.sandboxId}${RESET}:${BLUE}${where}${RESET}$ `;
  }

  run(line: string): CommandResult {
    const segments = line.split('&&');
    let out = '';
    let last: CommandResult = { output: '', exitCode: 0 };
    for (const segment of segments) {
      last = this.runOne(segment.trim());
      out += last.output;
      if (last.exit !== undefined || last.clear || last.exitCode !== 0) break;
    }
    return { ...last, output: out };
  }

  private runOne(line: string): CommandResult {
    const argv = tokenize(line);
    const [cmd, ...args] = argv;
    if (!cmd) return { output: '', exitCode: 0 };
    const fs = this.host.fs;
    try {
      switch (cmd) {
        case 'help':
          return ok(
            'Commands: help, ls [-a] [path], cd [path], pwd, cat FILE, echo TEXT, mkdir [-p] DIR,\n' +
              'touch FILE, rm [-r] PATH, clear, env, whoami, hostname, date, stty size, exit [code],\n' +
              'serve [-p PORT] [DIR] (a static server: the preview of PORT shows DIR/index.html)\n',
          );
        case 'pwd':
          return ok(`${this.cwd}\n`);
        case 'whoami':
          return ok('user\n');
        case 'hostname':
          return ok(`${this.host.sandboxId}\n`);
        case 'date':
          return ok(`${new Date().toUTCString()}\n`);
        case 'env':
          return ok(Object.entries(this.env).map(([k, v]) => `${k}=${v}\n`).join(''));
        case 'echo': {
          const redirect = args.indexOf('>');
          if (redirect >= 0) {
            const target = args[redirect + 1];
            if (!target) return fail('sh: syntax error near unexpected token `newline`\n', 2);
            fs.write(target, `${args.slice(0, redirect).join(' ')}\n`, this.cwd);
            return ok('');
          }
          return ok(`${args.map((a) => this.expand(a)).join(' ')}\n`);
        }
        case 'cd': {
          const target = fs.resolve(args[0] ?? '~', this.cwd);
          if (!fs.exists(target)) return fail(`cd: ${args[0]}: No such file or directory\n`);
          if (!fs.isDir(target)) return fail(`cd: ${args[0]}: Not a directory\n`);
          this.cwd = target;
          return ok('');
        }
        case 'ls': {
          const all = args.includes('-a') || args.includes('-la') || args.includes('-al');
          const paths = args.filter((a) => !a.startsWith('-'));
          let out = '';
          for (const path of paths.length ? paths : ['.']) {
            const entries = fs.list(path, this.cwd).filter((e) => all || !e.name.startsWith('.'));
            if (paths.length > 1) out += `${path}:\n`;
            out += entries.map((e) => (e.isDir ? `${BLUE}${e.name}${RESET}` : e.name)).join('  ');
            if (entries.length) out += '\n';
          }
          return ok(out);
        }
        case 'cat': {
          if (!args.length) return fail('cat: missing file operand\n');
          let out = '';
          for (const path of args) out += new TextDecoder().decode(fs.read(path, this.cwd));
          return ok(out);
        }
        case 'mkdir': {
          const parents = args.includes('-p');
          const dirs = args.filter((a) => a !== '-p');
          if (!dirs.length) return fail('mkdir: missing operand\n');
          for (const dir of dirs) fs.mkdir(dir, this.cwd, parents);
          return ok('');
        }
        case 'touch': {
          if (!args.length) return fail('touch: missing file operand\n');
          for (const path of args) fs.touch(path, this.cwd);
          return ok('');
        }
        case 'rm': {
          const recursive = args.some((a) => a === '-r' || a === '-rf' || a === '-fr');
          const paths = args.filter((a) => !a.startsWith('-'));
          if (!paths.length) return fail('rm: missing operand\n');
          for (const path of paths) fs.remove(path, this.cwd, recursive);
          return ok('');
        }
        case 'stty':
          if (args[0] === 'size') {
            const { cols, rows } = this.host.size();
            return ok(`${rows} ${cols}\n`);
          }
          return fail('stty: only `stty size` is simulated\n');
        case 'clear':
          return { output: '', exitCode: 0, clear: true };
        case 'exit': {
          const code = args[0] === undefined ? 0 : Number.parseInt(args[0], 10);
          return { output: '', exitCode: Number.isFinite(code) ? code : 0, exit: Number.isFinite(code) ? code : 0 };
        }
        case 'serve': {
          // Like `npx serve -l PORT DIR`, but it returns at once: the "server" is the preview link.
          const flag = args.findIndex((a) => a === '-p' || a === '-l' || a === '--port');
          const port = flag >= 0 ? Number(args[flag + 1]) : 3000;
          if (!Number.isInteger(port) || port < 1 || port > 65535) return fail(`serve: invalid port ${String(args[flag + 1])}\n`, 2);
          const dir = fs.resolve(args.filter((_, i) => flag < 0 || (i !== flag && i !== flag + 1))[0] ?? '.', this.cwd);
          if (!fs.isDir(dir)) return fail(`serve: ${dir}: No such directory\n`);
          let ports = served.get(fs);
          if (!ports) served.set(fs, (ports = new Map()));
          ports.set(port, dir);
          return ok(`Serving ${dir} on http://localhost:${port}\n`);
        }
        case 'true':
          return ok('');
        case 'false':
          return fail('');
        default:
          return fail(`${cmd}: command not found\n`, 127);
      }
    } catch (error) {
      const message = isSandboxError(error) || error instanceof Error ? error.message : String(error);
      return fail(`${cmd}: ${message}\n`);
    }
  }

  private expand(arg: string): string {
    return arg.replace(/\$(\w+)/g, (_, name: string) => this.env[name] ?? '');
  }
}

function ok(output: string): CommandResult {
  return { output, exitCode: 0 };
}
function fail(output: string, exitCode = 1): CommandResult {
  return { output: output ? `${RED}${output.replace(/\n$/, '')}${RESET}\n` : '', exitCode };
}

/** Split a command line on spaces, honouring single and double quotes. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let has = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === ' ' || ch === '\t') {
      if (has || current) out.push(current);
      current = '';
      has = false;
    } else if (ch === '>' ) {
      if (has || current) out.push(current);
      out.push('>');
      current = '';
      has = false;
    } else {
      current += ch;
    }
  }
  if (has || current) out.push(current);
  return out;
}
