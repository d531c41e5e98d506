// The optional theme ships as one plain CSS file: base first, then each family's
// section. Nothing imports it from JS; no bundler touches it.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
const dir = 'src/styles';
const files = readdirSync(dir).filter((f) => f.endsWith('.css')).sort((a, b) => (a === 'base.css' ? -1 : b === 'base.css' ? 1 : a.localeCompare(b)));
const css = files.map((f) => `/* ${f} */\n${readFileSync(`${dir}/${f}`, 'utf8').trim()}\n`).join('\n');
mkdirSync('dist', { recursive: true });
writeFileSync('dist/styles.css', css);
console.log(`dist/styles.css: ${files.length} sections, ${css.length} bytes`);
