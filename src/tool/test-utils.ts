// Test helpers for the tool family (not exported from the package).
import axe from 'axe-core';

/** Runs axe on `container`; `color-contrast` is off because jsdom cannot compute colours. */
export async function axeViolations(container: Element): Promise<string[]> {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}
