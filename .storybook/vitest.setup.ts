// Setup of the `storybook` vitest project (every story in Chromium, with its
// play function and axe): a story that logs console.error fails, as it does
// in the visual check.
import { afterEach, beforeEach } from 'vitest';

const original = console.error;
let logged: string[] = [];

beforeEach(() => {
  logged = [];
  console.error = (...args: unknown[]) => {
    logged.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ').split('\n')[0]!);
    original(...args);
  };
});

afterEach(() => {
  console.error = original;
  if (logged.length) throw new Error(`console.error while the story ran:\n  ${logged.join('\n  ')}`);
});
