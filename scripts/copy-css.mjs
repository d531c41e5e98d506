// styles.css is shipped as written: no bundler touches it, nothing imports it from JS.
import { copyFileSync, mkdirSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
copyFileSync('src/styles.css', 'dist/styles.css');
