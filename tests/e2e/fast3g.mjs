// Browser test on a slow link, in Debian's Chromium driven by playwright-core: the home page, an
// event page and the registration form, each loaded cold (cache disabled) on a phone viewport under
// Chromium's network emulation of "Fast 3G" (150 ms round trip, 1.6 Mbps down, 750 kbps up), must
// become interactive: the html element gets `data-hydrated`, then a real interaction works. The
// times (first contentful paint, DOMContentLoaded, hydrated) and the bytes on the wire per page go
// to ARTIFACTS/fast-3g.json and to stdout. Nothing about the times is asserted (a shared, noisy
// machine, and the test build's debug wasm): only that each page became interactive within 60 s.
//
// Env: BASE_URL (the running server), SLUG (an upcoming event open for registration), TIMED_SLUG
// (a timed event in America/Mexico_City on 2024-07-01 09:00-17:00), ARTIFACTS. For the benchmark
// (scripts/bench.sh): TIMED_TEXT (the times expected in America/New_York; empty: any), and
// FAST3G_EXTRA_PAGES (space-separated paths, each measured until interactive).
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const slug = process.env.SLUG;
const timedSlug = process.env.TIMED_SLUG;
const artifacts = process.env.ARTIFACTS || 'target/test-artifacts';
mkdirSync(artifacts, { recursive: true });

// Chrome DevTools' "Fast 3G" preset, as the issue measures it.
const FAST_3G = {
  offline: false,
  latency: 150, // ms, round trip
  downloadThroughput: 200000, // bytes/s = 1.6 Mbps
  uploadThroughput: 93750, // bytes/s = 750 kbps
};
const INTERACTIVE_WITHIN = 60000;

const browser = await launch();
const { errors, step } = steps();
const figures = { conditions: FAST_3G, viewport: { width: 390, height: 844 }, pages: {} };

// A fresh phone context and page under Fast 3G with the cache off, counting what comes over the
// wire (encoded bytes, headers included) by resource type.
async function slowPage() {
  const ctx = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
    timezoneId: 'America/New_York',
  });
  // Before the page's own scripts: note when hydration marks the document (the islands contract).
  await ctx.addInitScript(() => {
    const mark = () => {
      if (document.documentElement?.hasAttribute('data-hydrated') && window.__hydratedAt === undefined) {
        window.__hydratedAt = performance.now();
      }
    };
    // Init scripts run before the html element exists: watch the whole document.
    new MutationObserver(mark).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => errors.push(`page error on ${page.url()}: ${e}`));
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  const types = new Map();
  const wire = { total: 0, requests: 0, byType: {} };
  cdp.on('Network.requestWillBeSent', (e) => types.set(e.requestId, e.type || 'Other'));
  cdp.on('Network.loadingFinished', (e) => {
    const type = types.get(e.requestId) || 'Other';
    wire.total += e.encodedDataLength;
    wire.requests += 1;
    wire.byType[type] = (wire.byType[type] || 0) + e.encodedDataLength;
  });
  return { ctx, page, wire };
}

// Loads `path` cold, waits for hydration, runs `interact`, and records the figures as `name`
// (times in ms from the start of the navigation).
async function measure(name, path, interact) {
  const { ctx, page, wire } = await slowPage();
  try {
    const started = Date.now();
    await page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: INTERACTIVE_WITHIN });
    await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: INTERACTIVE_WITHIN });
    // The first load's bytes: what came before the page could be used.
    const loaded = { bytes: wire.total, requests: wire.requests, byType: { ...wire.byType } };
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const paint = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint');
      return {
        html_received_ms: nav ? Math.round(nav.responseEnd) : null,
        first_contentful_paint_ms: paint ? Math.round(paint.startTime) : null,
        dom_content_loaded_ms: nav ? Math.round(nav.domContentLoadedEventEnd) : null,
        load_ms: nav && nav.loadEventEnd ? Math.round(nav.loadEventEnd) : null,
        hydrated_ms: window.__hydratedAt === undefined ? null : Math.round(window.__hydratedAt),
      };
    });
    await interact(page);
    figures.pages[name] = {
      path,
      ...timing,
      // From the start of the navigation to the interaction's visible result (a wall clock: the
      // interaction may load another document).
      interaction_done_ms: Date.now() - started,
      bytes: loaded.bytes,
      requests: loaded.requests,
      bytes_by_type: loaded.byType,
      bytes_with_interaction: wire.total,
    };
    const f = figures.pages[name];
    console.log(`# fast-3g ${name} (${path}): FCP ${f.first_contentful_paint_ms} ms, DOMContentLoaded ${f.dom_content_loaded_ms} ms, hydrated ${f.hydrated_ms} ms, ${f.bytes} B in ${f.requests} requests ${JSON.stringify(f.bytes_by_type)}`);
  } finally {
    await ctx.close();
  }
}

await step('home page: hydrates on Fast 3G and its language switch works', async () => {
  await measure('home', '/', async (page) => {
    assert.match(await page.textContent('main'), /Most recent events|Upcoming events/);
    await page.click('a.lang-switch');
    await page.waitForFunction(() => document.documentElement.lang === 'es', null, { timeout: INTERACTIVE_WITHIN });
  });
});

await step('event page: hydrates on Fast 3G and shows the times in the viewer\'s own zone', async () => {
  await measure('event', `/events/${timedSlug}`, async (page) => {
    // The browser's zone (America/New_York), detected by the page's code, not the server.
    const value = page.locator('.viewer-time-value[data-zone="America/New_York"]');
    await value.waitFor({ timeout: INTERACTIVE_WITHIN });
    const expected = process.env.TIMED_TEXT ?? '1 July 2024, 11:00–19:00';
    if (expected) assert.ok((await value.textContent()).includes(expected), await value.textContent());
  });
});

await step('registration form: hydrates on Fast 3G and the form goes through', async () => {
  await measure('register', `/events/${slug}/register`, async (page) => {
    await page.fill('#name', 'Rosa Díaz');
    await page.fill('#email', `rosa.${Date.now()}@rree.gob.pa`);
    await page.selectOption('#delegation', 'PA');
    await page.fill('#institution', 'Ministerio de Relaciones Exteriores');
    await page.fill('#position', 'Enlace');
    await page.check('#consent');
    await page.click('form.registration-form button[type=submit]');
    await page.waitForURL(/\/registrations\/[A-Za-z0-9_-]{43}\?new=1$/, { timeout: INTERACTIVE_WITHIN, waitUntil: 'commit' });
    await page.locator('main', { hasText: 'Registration received!' }).waitFor({ timeout: INTERACTIVE_WITHIN });
  });
});

for (const path of (process.env.FAST3G_EXTRA_PAGES || '').split(' ').filter(Boolean)) {
  await step(`${path}: hydrates on Fast 3G`, async () => {
    await measure(path, path, async () => {});
  });
}

writeFileSync(join(artifacts, 'fast-3g.json'), `${JSON.stringify(figures, null, 2)}\n`);
console.log(`# fast-3g figures written to ${join(artifacts, 'fast-3g.json')}`);
await finish(browser, errors);
