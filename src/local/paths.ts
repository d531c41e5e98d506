import { realpathSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { SandboxError, isSandboxError } from '../transport/errors';

const MAX_PATH = 4096;

/** True when `child` is `parent` or below it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  if (child === parent) return true;
  const prefix = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(prefix);
}

/** Map a Node file-system error to the contract's codes. */
export function fsError(error: unknown, shown: string): SandboxError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new SandboxError('not_found', `No such file or directory: ${shown}`, { status: 404, cause: error });
    case 'ENOTDIR':
      return new SandboxError('not_found', `Not a directory on the way to: ${shown}`, { status: 404, cause: error });
    case 'EACCES':
    case 'EPERM':
      return new SandboxError('forbidden', `Permission denied: ${shown}`, { status: 403, cause: error });
    case 'ELOOP':
      return new SandboxError('forbidden', `Refusing to follow a symbolic link: ${shown}`, { status: 403, cause: error });
    case 'EISDIR':
      return new SandboxError('invalid_request', `Is a directory: ${shown}`, { status: 400, cause: error });
    case 'ENOTEMPTY':
      return new SandboxError('conflict', `Directory not empty: ${shown}`, { status: 409, cause: error });
    case 'EEXIST':
      return new SandboxError('conflict', `Already exists: ${shown}`, { status: 409, cause: error });
    case 'ENAMETOOLONG':
      return new SandboxError('invalid_request', `Path too long: ${shown}`, { status: 400, cause: error });
    default:
      return new SandboxError('internal', `File operation failed on ${shown}: ${(error as Error)?.message ?? String(error)}`, { cause: error });
  }
}

/**
 * Keeps every file operation inside one directory. A path is checked twice:
 * first as text (`..`, absolute paths elsewhere), then on disk, by resolving
 * symbolic links (`realpath`) and checking the result again, so a link inside
 * the root that points outside it is refused too.
 *
 * This confines the files API. It is not a security boundary against a local
 * process that swaps links between the check and the use, and it does not
 * confine the shell or `exec`, which run as the current user.
 */
export class RootJail {
  /** The root as given, resolved (may contain links). */
  readonly given: string;
  /** The root with every link resolved. */
  readonly root: string;

  constructor(root: string) {
    if (typeof root !== 'string' || root.length === 0) {
      throw new SandboxError('invalid_request', 'createLocalTransport needs `root`, the directory the sandbox may touch');
    }
    this.given = path.resolve(root);
    try {
      this.root = realpathSync(this.given);
    } catch (error) {
      throw new SandboxError('invalid_request', `The sandbox root ${this.given} does not exist`, { cause: error });
    }
  }

  /**
   * Resolve `input` as text: relative paths are relative to the root;
   * absolute paths must lie inside it. Returns an absolute path under
   * `this.root` (not yet checked on disk).
   */
  lexical(input: unknown): string {
    if (typeof input !== 'string') throw new SandboxError('invalid_request', `A path must be a string, got ${typeof input}`);
    if (input.includes('\0')) throw new SandboxError('invalid_request', 'A path must not contain NUL characters');
    if (input.length > MAX_PATH) throw new SandboxError('invalid_request', `A path must be at most ${MAX_PATH} characters`);
    if (path.isAbsolute(input)) {
      const abs = path.resolve(input);
      if (isInside(this.root, abs)) return abs;
      // The root may have been given through a link (/tmp → /private/tmp).
      if (isInside(this.given, abs)) return path.join(this.root, path.relative(this.given, abs));
      throw this.outside(input);
    }
    const abs = path.resolve(this.root, input);
    if (!isInside(this.root, abs)) throw this.outside(input);
    return abs;
  }

  /** An existing path, with links resolved, inside the root. */
  async existing(input: unknown): Promise<string> {
    const abs = this.lexical(input);
    let real: string;
    try {
      real = await fsp.realpath(abs);
    } catch (error) {
      throw fsError(error, String(input));
    }
    if (!isInside(this.root, real)) throw this.outside(String(input), true);
    return real;
  }

  /**
   * Where to create or replace `input`: its parent must resolve inside the
   * root (missing parents are created when `makeParents`); if the target
   * exists and is a link, it must resolve inside the root and the resolved
   * path is returned. A dangling link is refused: where it points cannot be
   * checked.
   */
  async writable(input: unknown, makeParents: boolean): Promise<string> {
    const abs = this.lexical(input);
    if (abs === this.root) throw new SandboxError('invalid_request', 'The sandbox root is a directory, not a file');
    const parent = await this.parentOf(abs, String(input), makeParents);
    const target = path.join(parent, path.basename(abs));
    let stat: import('node:fs').Stats | undefined;
    try {
      stat = await fsp.lstat(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(error, String(input));
    }
    if (stat?.isSymbolicLink()) {
      let real: string;
      try {
        real = await fsp.realpath(target);
      } catch (error) {
        throw new SandboxError('forbidden', `Refusing to write through a dangling symbolic link: ${String(input)}`, { status: 403, cause: error });
      }
      if (!isInside(this.root, real)) throw this.outside(String(input), true);
      return real;
    }
    return target;
  }

  /** The entry itself (a link is not followed), with its parent resolved inside the root. */
  async entry(input: unknown): Promise<string> {
    const abs = this.lexical(input);
    if (abs === this.root) throw new SandboxError('forbidden', 'Refusing to remove the sandbox root', { status: 403 });
    const parent = await this.parentOf(abs, String(input), false);
    return path.join(parent, path.basename(abs));
  }

  private async parentOf(abs: string, shown: string, makeParents: boolean): Promise<string> {
    const dir = path.dirname(abs);
    // Walk up to the nearest existing ancestor and check where it really is.
    let existing = dir;
    const missing: string[] = [];
    for (;;) {
      try {
        const real = await fsp.realpath(existing);
        if (!isInside(this.root, real)) throw this.outside(shown, true);
        if (missing.length === 0) return real;
        if (!makeParents) throw new SandboxError('not_found', `No such directory: ${path.dirname(shown)}`, { status: 404 });
        const created = path.join(real, ...missing.reverse());
        try {
          await fsp.mkdir(created, { recursive: true });
        } catch (error) {
          throw fsError(error, shown);
        }
        const check = await fsp.realpath(created);
        if (!isInside(this.root, check)) throw this.outside(shown, true);
        return check;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          if (isSandboxError(error)) throw error;
          throw fsError(error, shown);
        }
        if (existing === this.root || existing === path.dirname(existing)) throw fsError(error, shown);
        missing.push(path.basename(existing));
        existing = path.dirname(existing);
      }
    }
  }

  private outside(shown: string, viaLink = false): SandboxError {
    return new SandboxError(
      'forbidden',
      viaLink ? `Path ${shown} resolves outside the sandbox root` : `Path ${shown} is outside the sandbox root`,
      { status: 403 },
    );
  }
}
