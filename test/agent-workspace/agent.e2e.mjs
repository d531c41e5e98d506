#!/usr/bin/env node
// End-to-end: the agent workspace example in headless Chromium, on the
// simulated sandbox and on the local transport (real bash, python3 http.server,
// Xvfb). The scripted agent writes index.html (approved), starts a static
// server with exec (approved), opens previewUrl (the inline preview shows the
// page), takes a screenshot (the image appears), and asks to run
// `rm -rf scratch`; the user denies it in the UI with a reason, and the model's
// reply proves the denial (and its reason) reached it. Run by scripts/e2e.mjs;
// alone: node test/agent-workspace/agent.e2e.mjs [memory|local]
import { createServer } from 'node:net';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAgentWorkspace, buildAgentWorkspace } from '../../examples/agent-workspace/server.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(repoRoot, '.artifacts', 'e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const STEP_MS = 30_000;

for (const [name, cmd] of [['python3', 'python3'], ['xvfb', 'Xvfb']]) {
  if (!(process.env.PATH ?? '').split(':').some((d) => d && existsSync(join(d, cmd)))) {
    console.error(`agent e2e: ${name} is needed for the local sandbox (apt-get install -y ${name})`);
    process.exit(1);
  }
}

const freePort = () =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const t0 = Date.now();
await buildAgentWorkspace();
console.log(`agent e2e: workspace built from source in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
const only = process.argv.slice(2);
let failures = 0;

for (const sandbox of ['memory', 'local']) {
  if (only.length && !only.includes(sandbox)) continue;
  const started = Date.now();
  const app = await startAgentWorkspace({ sandbox, previewPort: await freePort(), display: sandbox === 'local' ? { width: 1024, height: 768 } : undefined });
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.setDefaultTimeout(STEP_MS);
  const tool = (name, state) => page.locator(`[data-se-part="tool-list"] [data-sandbox-tool="${name}"][data-status="${state}"]`);
  try {
    await page.goto(app.url);
    await page.getByRole('textbox', { name: 'Message' }).fill('Build a small web page, serve it and show it to me.');
    await page.getByRole('button', { name: 'Send' }).click();

    // 1. writeFile asks first, showing what it will write; approve.
    const write = tool('writeFile', 'approval-requested');
    await write.getByText('Hello from the agent').first().waitFor();
    await write.getByRole('button', { name: 'Approve' }).click();
    await tool('writeFile', 'completed').locator('[data-se-part="sandbox-diff"]').waitFor();

    // 2. exec starts the static server (asks first); approve; its output and exit code show.
    const serve = tool('exec', 'approval-requested');
    await serve.locator('[data-se-part="sandbox-exec-command"]').waitFor();
    await serve.getByRole('button', { name: 'Approve' }).click();
    const served = tool('exec', 'completed').first();
    await served.getByText('Exit code 0').waitFor();

    // 3. previewUrl: the inline preview shows the page the agent wrote.
    const preview = tool('previewUrl', 'completed');
    await preview.frameLocator('iframe').locator('h1', { hasText: 'Hello from the agent' }).waitFor();
    // …and so does the workspace's preview pane, on the same transport.
    await page.getByRole('region', { name: 'Preview' }).frameLocator('iframe').locator('h1', { hasText: 'Hello from the agent' }).waitFor();

    // 4. screenshot: the image appears, decoded at the desktop's size.
    const shot = tool('screenshot', 'completed').getByRole('img', { name: /Screenshot of the sandbox desktop/ });
    await shot.waitFor();
    const size = await shot.evaluate(async (img) => {
      await img.decode();
      return { w: img.naturalWidth, h: img.naturalHeight };
    });
    assert(size.w > 0 && size.h > 0, `the screenshot did not decode: ${JSON.stringify(size)}`);

    // 5. rm -rf scratch asks; deny with a reason.
    const rm = tool('exec', 'approval-requested');
    await rm.getByText('rm -rf scratch').waitFor();
    await rm.getByLabel('Reason (optional)').fill('keep my scratch notes');
    await rm.getByRole('button', { name: 'Deny' }).click();
    await tool('exec', 'denied').getByText('Denied: keep my scratch notes').waitFor();

    // The model's next turn quotes the denial and its reason: it reached the model.
    await page.locator('.message-text', { hasText: 'you denied `rm -rf scratch` (your reason: “keep my scratch notes”)' }).waitFor();
    const scratch = await app.workspace.transport.files.list({ sandboxId: app.workspace.sandboxId, path: sandbox === 'local' ? 'scratch' : '/home/user/scratch' });
    assert(scratch.some((e) => e.name === 'notes.txt'), 'scratch was removed although the user denied it');
    assert(!pageErrors.length, `uncaught errors in the page: ${pageErrors.join(' | ')}`);
    console.log(`✔ agent workspace on the ${sandbox} sandbox: write → serve → preview → screenshot ${size.w}×${size.h} → denial reached the model (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  } catch (error) {
    failures++;
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `agent-workspace-${sandbox}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.log(`✘ agent workspace on the ${sandbox} sandbox (${((Date.now() - started) / 1000).toFixed(1)}s): ${error.message.split('\n')[0]}\n    screenshot: ${file}${pageErrors.length ? `\n    page errors: ${pageErrors.join(' | ')}` : ''}`);
  } finally {
    await context.close();
    await app.close();
  }
}

await browser.close();
process.exit(failures ? 1 : 0);
