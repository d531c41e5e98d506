// A scratch consumer as a user has it: the packed tarball unpacked into
// node_modules/sandbox-elements, plus exactly the packages the user installs
// (and what they depend on), hard-linked from this repository's node_modules.
// It lives outside the repository, so nothing resolves from our own
// node_modules by walking up the tree: a missing peer fails as it would for
// the user. No network: every package comes from the local install.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoModules = join(repoRoot, 'node_modules');

/** `npm pack` into `dir` (the build must exist); returns the tarball path. */
export function packTarball(dir) {
  mkdirSync(dir, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').pop();
  return join(dir, name);
}

/** Newest modification time (ms) of `dir`'s files, recursively. */
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

/**
 * The tarball of the current build, packed once and shared by every consumer
 * step of `npm test` (.artifacts/pack/): packed again only when dist/,
 * package.json, README.md or CHANGELOG.md changed since.
 */
export function sharedTarball() {
  const dir = join(repoRoot, '.artifacts', 'pack');
  const sources = Math.max(newest(join(repoRoot, 'dist')), ...['package.json', 'README.md', 'CHANGELOG.md'].map((f) => statSync(join(repoRoot, f)).mtimeMs));
  const existing = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tgz')) : [];
  if (existing.length === 1 && statSync(join(dir, existing[0])).mtimeMs > sources) return join(dir, existing[0]);
  rmSync(dir, { recursive: true, force: true });
  return packTarball(dir);
}

/** Package directory of `name` as seen from `fromDir` inside our node_modules. */
function locate(name, fromDir) {
  for (let dir = fromDir; dir.startsWith(repoModules) || dir === repoRoot; dir = dirname(dir)) {
    const candidate = join(dir, dir.endsWith('node_modules') ? '' : 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot) break;
  }
  const top = join(repoModules, name);
  return existsSync(join(top, 'package.json')) ? top : undefined;
}

/**
 * Every package `names` needs (dependencies, present optional dependencies and
 * present peers), as paths relative to our node_modules.
 */
function closure(names) {
  const out = new Set();
  const queue = names.map((n) => [n, repoRoot]);
  while (queue.length) {
    const [name, from] = queue.shift();
    const dir = locate(name, from);
    if (!dir) continue;
    const rel = dir.slice(repoModules.length + 1);
    if (out.has(rel)) continue;
    out.add(rel);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) queue.push([dep, dir]);
  }
  return [...out];
}

/**
 * Creates `dir` (default: a fresh temp dir) with the tarball installed and
 * `deps` (names the README tells users to install) with their dependencies.
 * `files` are written relative to `dir`. Returns `{ dir, tarball, dispose }`.
 */
export function createConsumer({ name, deps, files = {}, tarball, dir = mkdtempSync(join(tmpdir(), `se-${name}-`)) }) {
  const modules = join(dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  const tgz = tarball ?? packTarball(dir);
  execFileSync('tar', ['-xzf', tgz, '-C', dir]);
  mkdirSync(join(modules, 'sandbox-elements'), { recursive: true });
  cpSync(join(dir, 'package'), join(modules, 'sandbox-elements'), { recursive: true });
  rmSync(join(dir, 'package'), { recursive: true, force: true });
  const own = JSON.parse(readFileSync(join(modules, 'sandbox-elements', 'package.json'), 'utf8'));
  const wanted = [...deps, ...Object.keys(own.dependencies ?? {})];
  const packages = closure(wanted).sort((a, b) => a.length - b.length);
  for (const rel of packages) {
    const target = join(modules, rel);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    // Hard links: fast, and the packages are real directories inside the
    // consumer. A temp dir on another file system gets copies instead.
    try {
      execFileSync('cp', ['-al', join(repoModules, rel), target], { stdio: 'pipe' });
    } catch {
      rmSync(target, { recursive: true, force: true });
      execFileSync('cp', ['-a', join(repoModules, rel), target]);
    }
  }
  // npm's .bin links for the tools the scripts run.
  mkdirSync(join(modules, '.bin'), { recursive: true });
  for (const rel of packages) {
    const pkg = JSON.parse(readFileSync(join(modules, rel, 'package.json'), 'utf8'));
    const bins = typeof pkg.bin === 'string' ? { [pkg.name.split('/').pop()]: pkg.bin } : (pkg.bin ?? {});
    for (const [bin, file] of Object.entries(bins)) {
      const link = join(modules, '.bin', bin);
      if (!existsSync(link)) execFileSync('ln', ['-s', join('..', rel, file), link]);
    }
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return { dir, tarball: tgz, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
