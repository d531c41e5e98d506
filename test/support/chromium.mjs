// One way to start the browser for every script that needs one (e2e, consumer
// apps, benchmarks): Debian's Chromium through playwright-core, never a
// downloaded browser. CHROMIUM_PATH overrides the executable.
import { chromium } from 'playwright-core';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './static-server.mjs';

export { CHROMIUM_ARGS, CHROMIUM_PATH };

/** Headless Chromium with this project's flags, plus `extraArgs`. */
export function launchChromium({ extraArgs = [], ...options } = {}) {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true, ...options });
}

/** Collects page errors and console errors/warnings a test must not see. */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || (message.type() === 'warning' && /hydrat/i.test(message.text()))) {
      const { url } = message.location();
      problems.push(`console.${message.type()}: ${message.text()}${url ? ` (${url})` : ''}`);
    }
  });
  return problems;
}
