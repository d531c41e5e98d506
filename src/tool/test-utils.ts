// Test helpers for the tool family (not exported from the package).
import axe from 'axe-core';
import { act } from '@testing-library/react';

/**
 * Runs axe on `container` inside `act` (running panels keep ticking while it
 * works); `color-contrast` is off because jsdom cannot compute colours.
 */
export async function axeViolations(container: Element): Promise<string[]> {
  let violations: string[] = [];
  await act(async () => {
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
  });
  return violations;
}
