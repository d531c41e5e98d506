#!/usr/bin/env node
// The reviewed public API: one API Extractor report per entry point of
// package.json `exports`, checked in as `api/<entry>.api.md`.
//
//   node scripts/api-report.mjs          (npm run api:check)  fails when the built
//                                         declarations differ from the reports
//   node scripts/api-report.mjs --update (npm run api:update) rewrites the reports
//
// Both read `dist/` (run `npm run build` first). The entries are read from
// package.json, so a new subpath export needs a report before `api:check` passes.
// One TypeScript program is shared by every entry (CompilerState), which keeps
// the check to a few seconds.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from '@microsoft/api-extractor';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const update = process.argv.includes('--update');
const reportFolder = join(root, 'api');
const tempFolder = join(root, '.artifacts', 'api');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** `.` → `index`, `./terminal` → `terminal`; entries without types (CSS, package.json) have no API. */
function entries() {
  const out = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    const types = typeof target === 'object' ? (target.import?.types ?? target.types) : undefined;
    if (typeof types !== 'string') continue;
    const name = subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replace(/\//g, '-');
    out.push({ subpath, name, dts: join(root, types) });
  }
  return out;
}

const list = entries();
const missing = list.filter((e) => !existsSync(e.dts));
if (missing.length) {
  console.error(`api: ${missing.map((e) => relative(root, e.dts)).join(', ')} missing; run \`npm run build\` first`);
  process.exit(1);
}

// Messages: the report records the surface; TSDoc style and release tags are
// not policed here. A type used by the API but not exported is written into
// the report (ae-forgotten-export), where a reviewer sees it.
const messages = {
  compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
  extractorMessageReporting: {
    default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
    'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
    'ae-incompatible-release-tags': { logLevel: ExtractorLogLevel.None, addToApiReportFile: false },
  },
  tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None, addToApiReportFile: false } },
};

function configFor(entry) {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entry.dts,
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: 'ES2022',
            module: 'ESNext',
            moduleResolution: 'Bundler',
            lib: ['ES2022', 'DOM', 'DOM.Iterable'],
            jsx: 'react-jsx',
            strict: true,
            skipLibCheck: true,
            types: [],
          },
          files: list.map((e) => e.dts),
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.name,
        reportFolder,
        reportTempFolder: tempFolder,
        includeForgottenExports: false,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      newlineKind: 'lf',
      messages,
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(root, 'package.json'),
  });
}

const started = Date.now();
mkdirSync(tempFolder, { recursive: true });
if (update) mkdirSync(reportFolder, { recursive: true });
const configs = list.map((entry) => ({ entry, config: configFor(entry) }));
const compilerState = CompilerState.create(configs[0].config, { additionalEntryPoints: list.map((e) => e.dts) });

const changed = [];
const failed = [];
for (const { entry, config } of configs) {
  const reportPath = join(reportFolder, `${entry.name}.api.md`);
  const hadReport = existsSync(reportPath);
  const result = Extractor.invoke(config, {
    localBuild: update,
    compilerState,
    showVerboseMessages: false,
    messageCallback: (message) => {
      // "You have changed the API signature…" is the check's own verdict, reported below.
      // The preamble (bundled TypeScript version) is noise on every run.
      if (/^console-(api-report-|preamble|compiler-version-notice)/.test(message.messageId)) message.handled = true;
    },
  });
  if (result.errorCount > 0) failed.push(entry);
  if (!hadReport || result.apiReportChanged) changed.push(entry);
}

// A report whose entry left package.json is stale.
const known = new Set(list.map((e) => `${e.name}.api.md`));
const stale = existsSync(reportFolder) ? readdirSync(reportFolder).filter((f) => f.endsWith('.api.md') && !known.has(f)) : [];
if (update) for (const f of stale) rmSync(join(reportFolder, f));

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failed.length) {
  console.error(`api: API Extractor failed on ${failed.map((e) => e.subpath).join(', ')} (see the messages above)`);
  process.exit(1);
}
if (update) {
  console.log(
    changed.length || stale.length
      ? `api: updated ${[...changed.map((e) => `api/${e.name}.api.md`), ...stale.map((f) => `removed api/${f}`)].join(', ')}; review the diff and commit it (${seconds}s)`
      : `api: ${list.length} reports already up to date (${seconds}s)`,
  );
  process.exit(0);
}
if (changed.length || stale.length) {
  const lines = changed.map((e) => `  ${e.subpath}: api/${e.name}.api.md ${existsSync(join(reportFolder, `${e.name}.api.md`)) ? `differs from the build (new version in .artifacts/api/${e.name}.api.md)` : 'is missing'}`);
  for (const f of stale) lines.push(`  api/${f}: no such entry in package.json exports any more`);
  console.error(`api: the public API changed without its report being updated:\n${lines.join('\n')}\nIf the change is intended, run \`npm run api:update\` and commit the reviewed api/*.api.md files.`);
  process.exit(1);
}
console.log(`api: ${list.length} entry points match api/*.api.md (${seconds}s)`);
