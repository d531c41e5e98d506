// One Chromium, a few reused pages, for checks over a static Storybook build
// (test/storybook-smoke.mjs, scripts/visual-check.mjs). A page loads
// iframe.html once and then switches stories and docs pages through
// Storybook's own channel (setCurrentStory → storyRendered/docsRendered),
// which is ~10× faster than a page load per story. If Chromium crashes (it
// did under load), the browser is relaunched and the entry retried once.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, serveStatic } from './static-server.mjs';

const LOOPBACK = ['127.0.0.1', 'localhost'];

/** Problems a page reports while an entry is shown (console errors, exceptions, requests off loopback). */
function watch(page, sink) {
  page.on('console', (m) => {
    if (m.type() === 'error') sink.current.push(`console.error: ${m.text().split('\n')[0]}`);
  });
  page.on('pageerror', (e) => sink.current.push(`uncaught: ${e.message.split('\n')[0]}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['data:', 'blob:', 'about:'].includes(u.protocol) && !LOOPBACK.includes(u.hostname)) sink.current.push(`request off loopback: ${r.url()}`);
  });
}

/**
 * Open a Storybook build. `pages` are named page setups ({ globals, viewport });
 * returns { show(pageName, id, viewMode), page(pageName), close() }.
 */
export async function openStorybook(dir, pages, { timeoutMs = 20_000, onPage } = {}) {
  const server = await serveStatic(dir);
  let browser;
  const open = new Map();

  async function launch() {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    open.clear();
  }

  async function pageFor(name) {
    if (open.has(name)) return open.get(name);
    const setup = pages[name];
    const context = await browser.newContext({ viewport: setup.viewport ?? { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const sink = { current: [] };
    watch(page, sink);
    await page.goto(`${server.url}/iframe.html?viewMode=story`, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForFunction(() => window.__STORYBOOK_ADDONS_CHANNEL__ && window.__STORYBOOK_PREVIEW__?.storyStoreValue, null, { timeout: timeoutMs });
    if (setup.globals) {
      // The URL's globals are not applied before a story is chosen: set them through the channel.
      await page.evaluate((globals) => window.__STORYBOOK_ADDONS_CHANNEL__.emit('updateGlobals', { globals }), setup.globals);
      await page.waitForFunction(
        (globals) => {
          const now = window.__STORYBOOK_PREVIEW__.storyStoreValue.userGlobals.get();
          return Object.entries(globals).every(([k, v]) => now[k] === v);
        },
        setup.globals,
        { timeout: timeoutMs },
      );
    }
    if (onPage) await onPage(page);
    const entry = { page, sink, context, current: null };
    open.set(name, entry);
    return entry;
  }

  /** Load a docs page on its own (a docs page renders every story of its file; some leave the page unusable for the next entry). */
  async function gotoDocs(name, id) {
    const entry = await pageFor(name);
    entry.sink.current = [];
    await entry.page.goto(`${server.url}/iframe.html?id=${encodeURIComponent(id)}&viewMode=docs`, { waitUntil: 'load', timeout: timeoutMs });
    const problem = await entry.page
      .waitForFunction(
        (id) => {
          const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
          if (!channel) return false;
          if (channel.last('docsRendered')?.[0] === id) return 'ok';
          const errored = channel.last('storyErrored')?.[0] ?? channel.last('storyThrewException')?.[0];
          return errored ? `docs errored: ${errored.title ?? errored.message ?? errored}` : false;
        },
        id,
        { timeout: timeoutMs },
      )
      .then((h) => h.jsonValue())
      .catch((e) => `not rendered: ${String(e?.message ?? e).split('\n')[0]}`);
    entry.current = null;
    await entry.page.evaluate(() => document.fonts?.ready);
    return { page: entry.page, problems: [...(problem === 'ok' ? [] : [problem]), ...entry.sink.current] };
  }

  /** Render one story or docs entry; resolves to the problems seen (empty when fine). */
  async function showOnce(name, id, viewMode) {
    if (viewMode === 'docs') return gotoDocs(name, id);
    const entry = await pageFor(name);
    entry.sink.current = [];
    const result = await entry.page.evaluate(
      ({ id, viewMode, timeoutMs, again }) =>
        new Promise((resolve) => {
          const channel = window.__STORYBOOK_ADDONS_CHANNEL__;
          // storyFinished comes after the play function and the afterEach hooks
          // (addon-a11y's axe run, whose report it carries).
          const handlers = {
            storyFinished: (e) => {
              if (e?.storyId !== id) return;
              const problems = [];
              for (const report of e.reporters ?? []) {
                if (report.type === 'a11y' && report.status !== 'passed') {
                  const r = report.result ?? {};
                  if (r.error) problems.push(`axe could not run: ${r.error?.message ?? r.error}`);
                  for (const v of r.violations ?? []) {
                    problems.push(`axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => [].concat(n.target).join(' ')).join(', ')}`);
                  }
                } else if (report.status === 'failed') problems.push(`${report.type} report failed`);
              }
              if (e.status !== 'success' && problems.length === 0) problems.push('story finished with an error');
              done(problems.length ? problems.join('\n    ') : null);
            },
            docsRendered: (sid) => sid === id && done(null),
            storyErrored: (e) => done(`story errored: ${e?.title ?? ''} ${e?.description ?? ''}`.trim()),
            storyThrewException: (e) => done(`story threw: ${e?.message ?? e}`),
            playFunctionThrewException: (e) => done(`play threw: ${e?.message ?? e}`),
            storyMissing: () => done(`no such entry: ${id}`),
          };
          const timer = setTimeout(() => done(`not rendered within ${timeoutMs} ms`), timeoutMs);
          function done(problem) {
            clearTimeout(timer);
            for (const [event, fn] of Object.entries(handlers)) channel.off(event, fn);
            resolve(problem);
          }
          for (const [event, fn] of Object.entries(handlers)) channel.on(event, fn);
          // Showing the entry already shown renders nothing new: force a re-render.
          if (again) channel.emit('forceRemount', { storyId: id });
          else channel.emit('setCurrentStory', { storyId: id, viewMode });
        }),
      { id, viewMode, timeoutMs, again: entry.current === id },
    );
    entry.current = id;
    // Frames the story shows (a WebPreview's iframe) load before the page is
    // judged or pictured; a frame that never loads (an error story) is bounded.
    await Promise.all(
      entry.page.frames()
        .filter((frame) => frame !== entry.page.mainFrame())
        .map((frame) => frame.waitForLoadState('load', { timeout: 5000 }).catch(() => {})),
    );
    // Fonts and a frame's worth of effects before anyone judges or pictures the page.
    await entry.page.evaluate(() => document.fonts?.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
    return { page: entry.page, problems: [...(result ? [result] : []), ...entry.sink.current] };
  }

  async function show(name, id, viewMode = 'story') {
    try {
      return await showOnce(name, id, viewMode);
    } catch (error) {
      // A crashed page or browser: start over once.
      console.log(`  (relaunching Chromium after: ${String(error?.message ?? error).split('\n')[0]})`);
      await browser.close().catch(() => {});
      await launch();
      return showOnce(name, id, viewMode);
    }
  }

  await launch();
  return {
    url: server.url,
    show,
    problemsSince: (name) => [...(open.get(name)?.sink.current ?? [])],
    async close() {
      await browser?.close().catch(() => {});
      await server.close();
    },
  };
}
