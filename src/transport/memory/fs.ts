import { SandboxError } from '../errors';
import type { FileEntry } from '../types';

interface FileNode {
  kind: 'file';
  content: Uint8Array;
  modifiedAt: number;
}
interface DirNode {
  kind: 'dir';
  children: Map<string, Node>;
  modifiedAt: number;
}
type Node = FileNode | DirNode;

const encoder = /* @__PURE__ */ new TextEncoder();

/** A small in-memory POSIX-like file system; paths are absolute or relative to a cwd. */
export class MemoryFileSystem {
  private root: DirNode;

  constructor(private now: () => number, seed: Record<string, string> = DEFAULT_FILES) {
    this.root = { kind: 'dir', children: new Map(), modifiedAt: now() };
    for (const [path, content] of Object.entries(seed)) {
      if (path.endsWith('/')) this.mkdir(path, '/', true);
      else this.write(path, content, '/', true);
    }
  }

  /** Normalise `path` against `cwd` into an absolute path with no `.`/`..`. */
  resolve(path: string, cwd = '/'): string {
    if (typeof path !== 'string') throw new SandboxError('invalid_request', 'Path must be a string');
    if (path.includes('\0')) throw new SandboxError('invalid_request', 'Path must not contain NUL');
    const expanded = path === '~' || path.startsWith('~/') ? `/home/user${path.slice(1)}` : path;
    const parts = (expanded.startsWith('/') ? expanded : `${cwd}/${expanded}`).split('/');
    const out: string[] = [];
    for (const part of parts) {
      if (part === '' || part === '.') continue;
      if (part === '..') out.pop();
      else out.push(part);
    }
    return `/${out.join('/')}`;
  }

  private lookup(abs: string): Node | undefined {
    let node: Node = this.root;
    for (const part of abs.split('/').filter(Boolean)) {
      if (node.kind !== 'dir') return undefined;
      const next: Node | undefined = node.children.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  private parentOf(abs: string, createParents: boolean): { dir: DirNode; name: string } {
    const parts = abs.split('/').filter(Boolean);
    const name = parts.pop();
    if (!name) throw new SandboxError('invalid_request', 'Cannot modify the root directory');
    let dir = this.root;
    for (const part of parts) {
      let next = dir.children.get(part);
      if (!next && createParents) {
        next = { kind: 'dir', children: new Map(), modifiedAt: this.now() };
        dir.children.set(part, next);
      }
      if (!next) throw new SandboxError('not_found', `No such file or directory: /${parts.join('/')}`);
      if (next.kind !== 'dir') throw new SandboxError('conflict', `Not a directory: ${part}`);
      dir = next;
    }
    return { dir, name };
  }

  exists(path: string, cwd?: string): boolean {
    return this.lookup(this.resolve(path, cwd)) !== undefined;
  }

  isDir(path: string, cwd?: string): boolean {
    return this.lookup(this.resolve(path, cwd))?.kind === 'dir';
  }

  list(path: string, cwd?: string): FileEntry[] {
    const abs = this.resolve(path, cwd);
    const node = this.lookup(abs);
    if (!node) throw new SandboxError('not_found', `No such file or directory: ${abs}`);
    if (node.kind === 'file') return [this.entry(abs, node)];
    return [...node.children.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, child]) => this.entry(abs === '/' ? `/${name}` : `${abs}/${name}`, child));
  }

  private entry(abs: string, node: Node): FileEntry {
    return {
      name: abs.split('/').pop() || '/',
      path: abs,
      isDir: node.kind === 'dir',
      size: node.kind === 'file' ? node.content.byteLength : 0,
      modifiedAt: node.modifiedAt,
    };
  }

  read(path: string, cwd?: string): Uint8Array {
    const abs = this.resolve(path, cwd);
    const node = this.lookup(abs);
    if (!node) throw new SandboxError('not_found', `No such file or directory: ${abs}`);
    if (node.kind === 'dir') throw new SandboxError('invalid_request', `Is a directory: ${abs}`);
    return node.content.slice();
  }

  write(path: string, content: string | Uint8Array, cwd?: string, createParents = false): void {
    const abs = this.resolve(path, cwd);
    const { dir, name } = this.parentOf(abs, createParents);
    const existing = dir.children.get(name);
    if (existing?.kind === 'dir') throw new SandboxError('conflict', `Is a directory: ${abs}`);
    const bytes = typeof content === 'string' ? encoder.encode(content) : content.slice();
    dir.children.set(name, { kind: 'file', content: bytes, modifiedAt: this.now() });
    dir.modifiedAt = this.now();
  }

  mkdir(path: string, cwd?: string, parents = false): void {
    const abs = this.resolve(path, cwd);
    if (abs === '/') return;
    const existing = this.lookup(abs);
    if (existing) {
      if (parents && existing.kind === 'dir') return;
      throw new SandboxError('conflict', `File exists: ${abs}`);
    }
    const { dir, name } = this.parentOf(abs, parents);
    dir.children.set(name, { kind: 'dir', children: new Map(), modifiedAt: this.now() });
  }

  touch(path: string, cwd?: string): void {
    const abs = this.resolve(path, cwd);
    const node = this.lookup(abs);
    if (node) node.modifiedAt = this.now();
    else this.write(abs, '');
  }

  remove(path: string, cwd?: string, recursive = false): void {
    const abs = this.resolve(path, cwd);
    const node = this.lookup(abs);
    if (!node) throw new SandboxError('not_found', `No such file or directory: ${abs}`);
    if (node.kind === 'dir' && node.children.size > 0 && !recursive) {
      throw new SandboxError('conflict', `Directory not empty: ${abs}`);
    }
    const { dir, name } = this.parentOf(abs, false);
    dir.children.delete(name);
  }
}

export const DEFAULT_FILES: Record<string, string> = {
  '/home/user/': '',
  '/home/user/README.md': '# Welcome to the simulated sandbox\n\nTry `ls`, `cat`, `mkdir`, `touch` and `help`.\n',
  '/home/user/app/package.json': '{\n  "name": "demo-app",\n  "scripts": { "dev": "vite --port 3000" }\n}\n',
  '/home/user/app/src/main.tsx': "import { createRoot } from 'react-dom/client';\ncreateRoot(document.getElementById('root')!).render(<h1>Hello</h1>);\n",
  '/home/user/app/index.html': '<!doctype html><div id="root"></div>\n',
  '/tmp/': '',
  '/etc/hostname': 'sandbox\n',
};
