#!/usr/bin/env node
// Lint-level rules this project holds itself to, checked as text:
// - no module touches window/document/self at import time (checked by SSR tests too);
// - nothing imports CSS from JS;
// - no focused or skipped tests;
// - server entries never import React;
// - heavy peers are imported only from their own entry;
// - a call or `new` that initialises a module-level binding is marked
//   `/* @__PURE__ */`, and no module-level statement calls a function or writes
//   a property (`X.displayName = …`): bundlers then drop an unused component,
//   context or encoder with its module (per-module output, #17).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const problems = [];
function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...walk(path));
    else if (/\.(ts|tsx|mjs)$/.test(name)) out.push(path);
  }
  return out;
}
const files = ['src', 'test', 'stories', 'bench'].flatMap((d) => { try { return walk(d); } catch { return []; } });
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  if (/\b(it|test|describe)\.(only|skip|todo)\(|\bx(it|describe)\(/.test(text)) problems.push(`${file}: focused, skipped or todo test`);
  if (!file.startsWith('src/')) continue;
  const isTest = /\.test(-d)?\.tsx?$/.test(file);
  if (!isTest && /^\s*import\s+['"][^'"]+\.css['"]/m.test(text)) problems.push(`${file}: imports CSS from JS`);
  if (isTest) continue;
  const server = /^src\/(server|daytona|local|ai)\//.test(file) || /^src\/(server|daytona|local|ai|preview-bridge)\.ts$/.test(file);
  if (server && /from\s+['"](react|react-dom)(\/[^'"]*)?['"]/.test(text)) problems.push(`${file}: server entry imports React`);
  if (server && /from\s+['"]\.\.\/transport['"]|from\s+['"]\.\.\/transport\/index['"]/.test(text)) problems.push(`${file}: server code imports the transport barrel (it pulls React); import ../transport/types or ../transport/errors`);
  const peers = [
    [/from\s+['"]@xterm\//, /^src\/web-terminal\//, '@xterm/*'],
    [/from\s+['"]@novnc\//, /^src\/computer-use\/vnc\//, '@novnc/novnc'],
    [/from\s+['"]@daytonaio\/sdk['"]/, /^src\/daytona\//, '@daytonaio/sdk'],
    [/from\s+['"]node-pty['"]/, /^src\/local\//, 'node-pty'],
    [/from\s+['"]ai(\/[^'"]*)?['"]/, /^src\/ai\//, 'ai'],
  ];
  for (const [pattern, home, name] of peers) {
    // Type-only imports are erased; a value import must stay in the peer's own entry.
    const valueImport = new RegExp(`^import\\s+(?!type\\b)[^;]*${pattern.source}`, 'm');
    if (valueImport.test(text) && !home.test(file)) problems.push(`${file}: imports ${name} outside its own entry`);
  }
  problems.push(...impureTopLevel(file, text));
  // Top-level statements that touch browser globals break SSR and Node imports.
  for (const [i, line] of text.split('\n').entries()) {
    if (/^(const|let|var|export const)\s+\w+\s*=\s*(window|document|self)\./.test(line) || /^(window|document|self)\./.test(line)) {
      problems.push(`${file}:${i + 1}: touches a browser global at import time`);
    }
  }
}

/**
 * Module-level code a bundler must keep: a binding initialised by a call or
 * `new` without `/* @__PURE__ *\/`, a bare call statement, or a property write.
 * `new Set/Map/WeakMap/WeakSet` and `Symbol(…)` are known side-effect free.
 */
function impureTopLevel(file, text) {
  const found = [];
  const lines = text.split('\n');
  const call = /^(?:new\s+)?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*(?:<.*>)?\s*\(/;
  const known = /^(?:new\s+(?:Set|Map|WeakMap|WeakSet)\b|Symbol(?:\.for)?\s*\()/;
  for (const [i, line] of lines.entries()) {
    const where = `${file}:${i + 1}`;
    const binding = /^(?:export\s+)?(?:const|let|var)\s+(?:[\w$]+|\[[^\]]*\]|\{[^}]*\})(?:\s*:[^=]+)?\s*=\s*(.*)$/.exec(line);
    if (binding) {
      let init = binding[1].trim();
      if (init === '' && i + 1 < lines.length) init = lines[i + 1].trim();
      if (call.test(init) && !known.test(init)) found.push(`${where}: module-level call without /* @__PURE__ */ (bundlers must keep it)`);
      continue;
    }
    if (/^(?:await\s+)?[A-Za-z_$][\w$]*(?:\.[\w$]+)*\s*\(/.test(line) && !/^(?:if|for|while|switch|function|return)\b/.test(line)) {
      found.push(`${where}: module-level call statement (bundlers must keep it)`);
    } else if (/^[A-Za-z_$][\w$]*(?:\.[\w$]+)+\s*=[^=]/.test(line)) {
      found.push(`${where}: module-level property write (bundlers must keep it)`);
    }
  }
  return found;
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`lint: ${files.length} files clean`);
