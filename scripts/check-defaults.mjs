#!/usr/bin/env node
// Every exported option type documents its defaults (#13): each optional field
// of an exported interface or object type named `…Options`, `…Props` or
// `…Labels`, declared in this package, carries `@default` in its doc comment.
// Reads the public entry points (src/<entry>.ts) with the TypeScript checker,
// so it sees exactly what the entries export. Prints every field that lacks it.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve('.');
const entries = readdirSync(join(root, 'src')).filter((f) => /^[a-z-]+\.ts$/.test(f)).map((f) => join(root, 'src', f));
const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
const program = ts.createProgram(entries, config.options);
const checker = program.getTypeChecker();
const OPTION_TYPE = /(Options|Props)$/;

const missing = new Set();
let fields = 0;
const seen = new Set();
for (const entry of entries) {
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry));
  if (!module) continue;
  for (let symbol of checker.getExportsOfModule(module)) {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (!OPTION_TYPE.test(symbol.name) || seen.has(symbol)) continue;
    seen.add(symbol);
    const declared = symbol.declarations?.[0];
    if (!declared || !declared.getSourceFile().fileName.startsWith(join(root, 'src'))) continue;
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    for (const property of checker.getPropertiesOfType(type)) {
      const decl = property.valueDeclaration ?? property.declarations?.[0];
      // Only fields this package declares (not React's HTML attributes).
      if (!decl || !decl.getSourceFile().fileName.startsWith(join(root, 'src'))) continue;
      if (!(property.flags & ts.SymbolFlags.Optional)) continue;
      fields++;
      const tags = property.getJsDocTags(checker);
      if (!tags.some((t) => t.name === 'default' || t.name === 'defaultValue')) {
        const where = `${relative(root, decl.getSourceFile().fileName)}:${decl.getSourceFile().getLineAndCharacterOfPosition(decl.getStart()).line + 1}`;
        missing.add(`${symbol.name}.${property.name} (${where})`);
      }
    }
  }
}
for (const m of [...missing].sort()) console.log(`✘ no @default: ${m}`);
console.log(`${fields - missing.size} of ${fields} optional fields of exported option types document their default`);
process.exit(missing.size ? 1 : 0);
