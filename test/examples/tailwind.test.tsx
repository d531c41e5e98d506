// examples/tailwind: compile styles.css with the Tailwind CLI, then check that
// every generated rule for a part selects an element the components really
// render (light or dark), so a renamed part or data attribute fails here
// instead of leaving the example silently unstyled.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, render } from '@testing-library/react';
import { afterAll, describe, expect, it } from 'vitest';

const { App } = await import('../../examples/tailwind/App');
const { createMemoryTransport } = await import('../../src');

/** Every selector of a nested stylesheet, with `&` resolved; at-rules are transparent. */
function selectorsOf(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const stack: string[] = [];
  const found: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') {
      const prelude = text.slice(start, i).trim();
      const parent = [...stack].reverse().find((s) => s !== '@') ?? '';
      let resolved = '@';
      if (!prelude.startsWith('@')) {
        resolved = prelude.includes('&') ? prelude.replace(/&/g, parent) : parent ? `${parent} ${prelude}` : prelude;
        found.push(resolved);
      }
      stack.push(resolved);
      start = i + 1;
    } else if (c === '}') {
      stack.pop();
      start = i + 1;
    } else if (c === ';') start = i + 1;
  }
  return found;
}

/** Split a selector list at top-level commas. */
function splitList(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let last = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '(') depth++;
    else if (list[i] === ')') depth--;
    else if (list[i] === ',' && depth === 0) {
      out.push(list.slice(last, i).trim());
      last = i + 1;
    }
  }
  out.push(list.slice(last).trim());
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'se-tailwind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/tailwind', () => {
  it('given styles.css compiled by the Tailwind CLI, every rule for a part should select an element the components render', async () => {
    const out = join(dir, 'example.css');
    execFileSync(process.execPath, ['node_modules/@tailwindcss/cli/dist/index.mjs', '-i', 'examples/tailwind/styles.css', '-o', out], { stdio: 'pipe' });
    const css = readFileSync(out, 'utf8');
    // Styled through data attributes only: the example's rules never name a class.
    const partRules = selectorsOf(css).filter((s) => s.includes('[data-se-part'));
    expect(partRules.length).toBeGreaterThanOrEqual(15);
    expect(partRules.filter((s) => /(^|[\s>+~(])\.[a-z]/i.test(s))).toEqual([]);
    // The @apply utilities were generated (a rule body, not just the selector).
    expect(css).toMatch(/\[data-se-part='tool-panel-approve'\]\s*\{[^}]*background-color:\s*var\(--color-zinc-900\)/);

    const transports = [createMemoryTransport(), createMemoryTransport()];
    const light = render(<App transport={transports[0]} theme="light" />);
    const dark = render(<App transport={transports[1]} theme="dark" />);
    // Flush the first effects (the parts render their state synchronously).
    await act(async () => {});
    const unmatched: string[] = [];
    for (const selector of partRules.flatMap(splitList)) {
      // States a user reaches by pointer or keyboard are not in a static render.
      const structural = selector.replace(/:(hover|focus-visible|focus|active|disabled)\b/g, '');
      const hit = light.container.querySelector(structural) ?? dark.container.querySelector(structural);
      if (!hit) unmatched.push(selector);
    }
    expect(unmatched).toEqual([]);
    light.unmount();
    dark.unmount();
    transports.forEach((t) => t.dispose());
  }, 30_000);
});
