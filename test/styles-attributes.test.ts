// The default theme follows the data-attribute rule (docs/ARCHITECTURE.md, #13):
// `data-state` only ever matches open|closed (collapsibles) or on|off (toggles);
// a part's status is styled through `data-status`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FAMILIES = ['web-preview', 'web-terminal', 'computer-use'];

describe('default theme data attributes', () => {
  it.each(FAMILIES)('given src/styles/%s.css, should use data-state only for open|closed|on|off', (family) => {
    const css = readFileSync(join(__dirname, '..', 'src', 'styles', `${family}.css`), 'utf8');
    const values = [...css.matchAll(/\[data-state=['"]?([\w-]+)['"]?\]/g)].map((m) => m[1]);
    expect(values.filter((v) => !['open', 'closed', 'on', 'off'].includes(v!))).toEqual([]);
    expect(css).not.toMatch(/data-console-state/);
  });
});
