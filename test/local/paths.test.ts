// @vitest-environment node
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalTransport, type LocalTransport } from '../../src/local/index';
import { isInside, RootJail } from '../../src/local/paths';

/**
 * Path confinement: a corpus of ways out of the root, each tried against
 * every files operation. Outside the root sits a sentinel file that must
 * never be read, replaced or removed.
 */
let base: string;
let root: string;
let outside: string;
let transport: LocalTransport;
const SECRET = 'outside-secret';
const sandboxId = 'local';

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'se-jail-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(join(root, 'inner', 'deep'), { recursive: true });
  mkdirSync(outside);
  // A sibling whose name starts with the root's: a prefix check alone would let it through.
  mkdirSync(join(base, 'root-evil'));
  writeFileSync(join(base, 'root-evil', 'x.txt'), SECRET);
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'inner', 'ok.txt'), 'inside');
  symlinkSync(outside, join(root, 'link-out'));                          // a directory link escaping the root
  symlinkSync(join(outside, 'secret.txt'), join(root, 'file-out'));      // a file link escaping the root
  symlinkSync('../../outside/secret.txt', join(root, 'inner', 'rel-out')); // a relative link escaping the root
  symlinkSync(join(root, 'link-out'), join(root, 'chain-out'));          // a link to a link that escapes
  symlinkSync(join(outside, 'not-yet.txt'), join(root, 'dangling-out')); // a dangling link pointing outside
  symlinkSync('/', join(root, 'slash'));                                 // the file-system root
  symlinkSync(join(root, 'inner', 'ok.txt'), join(root, 'file-in'));     // a link that stays inside: allowed
  symlinkSync(join(root, 'inner'), join(root, 'dir-in'));                // a directory link that stays inside: allowed
  transport = createLocalTransport({ root, display: false, killOnExit: false });
});

afterAll(async () => {
  await transport.close();
  rmSync(base, { recursive: true, force: true });
});

const ESCAPES: Array<[string, () => string]> = [
  ['parent', () => '..'],
  ['parent file', () => '../outside/secret.txt'],
  ['deep traversal', () => '../../../../../../etc/passwd'],
  ['traversal after a real dir', () => 'inner/../../outside/secret.txt'],
  ['traversal with dot segments', () => './inner/./deep/../../../outside/secret.txt'],
  ['absolute outside', () => '/etc/passwd'],
  ['absolute sibling outside', () => join(outside, 'secret.txt')],
  ['absolute through the root then up', () => `${root}/../outside/secret.txt`],
  ['prefix sibling (root-evil)', () => `${root}-evil/x.txt`],
  ['relative prefix sibling', () => '../root-evil/x.txt'],
  ['directory link escaping', () => 'link-out/secret.txt'],
  ['file link escaping', () => 'file-out'],
  ['relative link escaping', () => 'inner/rel-out'],
  ['link chain escaping', () => 'chain-out/secret.txt'],
  ['link to /', () => 'slash/etc/passwd'],
  ['absolute path through an escaping link', () => join(root, 'link-out', 'secret.txt')],
];

const LINKS_THEMSELVES = ['file-out', 'inner/rel-out'];

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe('RootJail (text checks)', () => {
  it('given paths that are the root or below it, should accept them; siblings sharing a prefix are outside', () => {
    expect(isInside('/a/root', '/a/root')).toBe(true);
    expect(isInside('/a/root', '/a/root/x')).toBe(true);
    expect(isInside('/a/root', '/a/root-evil/x')).toBe(false);
    expect(isInside('/a/root', '/a')).toBe(false);
  });

  it('given malformed paths, should refuse them with invalid_request', () => {
    const jail = new RootJail(root);
    for (const bad of ['a\0b', 42, null, undefined, {}, 'x'.repeat(5000)]) {
      expect(() => jail.lexical(bad), String(bad).slice(0, 20)).toThrowError(expect.objectContaining({ code: 'invalid_request' }));
    }
  });

  it('given a missing root, should refuse to build the transport', () => {
    expect(() => createLocalTransport({ root: join(base, 'missing'), display: false })).toThrowError(expect.objectContaining({ code: 'invalid_request' }));
  });
});

describe('files confinement', () => {
  for (const [name, path] of ESCAPES) {
    it(`given an escape (${name}), should refuse read, list, write and remove with forbidden`, async () => {
      const p = path();
      expect(await codeOf(transport.files!.read({ sandboxId, path: p }))).toBe('forbidden');
      expect(await codeOf(transport.files!.list({ sandboxId, path: p }))).toBe('forbidden');
      expect(await codeOf(transport.files!.write({ sandboxId, path: p, content: 'pwned' }))).toBe('forbidden');
      // `file-out` and `inner/rel-out` are links inside the root: removing one removes the link, never its target (checked below).
      if (!LINKS_THEMSELVES.includes(p)) {
        expect(await codeOf(transport.files!.remove({ sandboxId, path: p, recursive: true }))).toBe('forbidden');
      }
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
      expect(readFileSync(join(base, 'root-evil', 'x.txt'), 'utf8')).toBe(SECRET);
    });
  }

  it('given a dangling link pointing outside, should refuse to write through it', async () => {
    expect(await codeOf(transport.files!.write({ sandboxId, path: 'dangling-out', content: 'pwned' }))).toBe('forbidden');
    expect(existsSync(join(outside, 'not-yet.txt'))).toBe(false);
  });

  it('given a write whose missing parents would sit under an escaping link, should refuse it and create nothing outside', async () => {
    expect(await codeOf(transport.files!.write({ sandboxId, path: 'link-out/new/dir/f.txt', content: 'x' }))).toBe('forbidden');
    expect(existsSync(join(outside, 'new'))).toBe(false);
  });

  it('given the root itself, should refuse to remove it', async () => {
    expect(await codeOf(transport.files!.remove({ sandboxId, path: '.', recursive: true }))).toBe('forbidden');
    expect(await codeOf(transport.files!.remove({ sandboxId, path: root, recursive: true }))).toBe('forbidden');
    expect(existsSync(join(root, 'inner', 'ok.txt'))).toBe(true);
  });

  it('given links that stay inside the root, should follow them', async () => {
    expect(new TextDecoder().decode(await transport.files!.read({ sandboxId, path: 'file-in' }))).toBe('inside');
    const names = (await transport.files!.list({ sandboxId, path: 'dir-in' })).map((e) => e.name);
    expect(names).toContain('ok.txt');
  });

  it('given relative, absolute and dotted paths inside the root, should accept them all', async () => {
    await transport.files!.write({ sandboxId, path: 'inner/deep/a.txt', content: 'A' });
    expect(new TextDecoder().decode(await transport.files!.read({ sandboxId, path: join(root, 'inner/deep/a.txt') }))).toBe('A');
    expect(new TextDecoder().decode(await transport.files!.read({ sandboxId, path: 'inner/./deep/../deep/a.txt' }))).toBe('A');
    // '%2e%2e' is a name, not a traversal.
    await transport.files!.write({ sandboxId, path: '%2e%2e/x.txt', content: 'literal' });
    expect(readFileSync(join(root, '%2e%2e', 'x.txt'), 'utf8')).toBe('literal');
    const top = await transport.files!.list({ sandboxId, path: '' });
    expect(top.map((e) => e.name)).toEqual(expect.arrayContaining(['inner', '%2e%2e']));
    expect(top.find((e) => e.name === 'inner')!.isDir).toBe(true);
  });

  it('given a non-empty directory without recursive, should refuse with conflict and keep it', async () => {
    expect(await codeOf(transport.files!.remove({ sandboxId, path: 'inner' }))).toBe('conflict');
    expect(existsSync(join(root, 'inner', 'ok.txt'))).toBe(true);
  });

  it('given a missing file or a directory to read, should say not_found or invalid_request', async () => {
    expect(await codeOf(transport.files!.read({ sandboxId, path: 'nope.txt' }))).toBe('not_found');
    expect(await codeOf(transport.files!.read({ sandboxId, path: 'inner' }))).toBe('invalid_request');
    expect(await codeOf(transport.files!.list({ sandboxId, path: 'inner/ok.txt' }))).toBe('invalid_request');
  });

  it('given a link that points outside, should remove the link itself and leave its target alone', async () => {
    await transport.files!.remove({ sandboxId, path: 'file-out' });
    await transport.files!.remove({ sandboxId, path: 'link-out', recursive: true });
    expect(existsSync(join(root, 'file-out'))).toBe(false);
    expect(existsSync(join(root, 'link-out'))).toBe(false);
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe(SECRET);
  });
});
