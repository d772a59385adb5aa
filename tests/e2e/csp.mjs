// Browser test of the Content-Security-Policy, in Debian's Chromium driven by playwright-core:
// every public page and the registration form, with JavaScript on, must report no policy
// violation (`securitypolicyviolation` events and the console's CSP errors), hydrate, and respond.
//
// Env: BASE_URL (the running server), SLUG (an upcoming event open for registration), DEMO_SLUG
// (a past demo event), ARTIFACTS (folder for screenshots).
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const slug = process.env.SLUG;
const demoSlug = process.env.DEMO_SLUG;
const artifacts = process.env.ARTIFACTS || 'target/test-artifacts';
mkdirSync(artifacts, { recursive: true });

const browser = await launch();
const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Guatemala' });
// Before any of the page's own scripts: record every violation the document reports.
await context.addInitScript(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
});
const { errors, step } = steps();
const violations = [];
const page = await context.newPage();
page.on('pageerror', (e) => errors.push(`page error: ${e}`));
page.on('console', (msg) => {
  if (msg.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(msg.text())) {
    violations.push(`console on ${page.url()}: ${msg.text()}`);
  }
});

const hydrated = () => page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 30000 });

async function collect() {
  // Reports are queued: give them a moment to arrive.
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => window.__cspViolations || []);
  for (const v of found) violations.push(`${page.url()}: ${v}`);
  return found;
}

const pages = [
  '/',
  '/calendar?month=2010-12',
  '/calendar',
  `/events/${demoSlug}`,
  `/events/${demoSlug}/subscribe`,
  `/events/${slug}`,
  `/events/${slug}/register`,
  '/subscribe',
  '/countries/gt/subscribe',
  '/kinds/workshop/subscribe',
  '/signin',
  '/coordination',
  '/no-such-page',
];

for (const path of pages) {
  await step(`${path} hydrates with no policy violation`, async () => {
    const response = await page.goto(`${base}${path}`);
    const csp = response.headers()['content-security-policy'] || '';
    assert.match(csp, /script-src [^;]*'nonce-[A-Za-z0-9_-]+'/, 'a nonce in the policy');
    assert.doesNotMatch(csp.match(/script-src [^;]*/)[0], /unsafe-inline/);
    // Violations first (a blocked script never hydrates the page), then hydration.
    await page.waitForLoadState('load');
    const found = await collect();
    assert.deepEqual(found, [], `violations on ${path}`);
    await hydrated();
    assert.deepEqual(await collect(), [], `violations on ${path} while hydrating`);
  });
}

await step('the month calendar navigates in the page, without a reload', async () => {
  await page.goto(`${base}/calendar?month=2010-12`);
  await hydrated();
  await page.evaluate(() => { window.__marker = 'still-here'; });
  await page.click('nav.month-nav a.next');
  await page.waitForURL(/month=2011-01/);
  await page.locator('h1#month-title', { hasText: 'January 2011' }).waitFor({ timeout: 15000 });
  assert.equal(await page.evaluate(() => window.__marker), 'still-here', 'the page was reloaded');
  assert.deepEqual(await collect(), []);
  await page.screenshot({ path: join(artifacts, 'csp-calendar.png'), fullPage: true });
});

await step('the registration form goes through with JavaScript on', async () => {
  await page.goto(`${base}/events/${slug}/register`);
  await hydrated();
  await page.fill('#name', 'Lucía Hernández');
  await page.fill('#email', 'lucia@migracion.gob.hn');
  await page.selectOption('#delegation', 'HN');
  await page.fill('#institution', 'Dirección General de Migración');
  await page.fill('#position', 'Oficial de enlace');
  await page.fill('#arrival_date', '2031-03-02');
  await page.fill('#departure_date', '2031-03-05');
  await page.check('#consent');
  await collect();
  await page.click('form.registration-form button[type=submit]');
  await page.waitForURL(/\/registrations\/[A-Za-z0-9_-]{43}\?new=1$/);
  const response = await page.reload();
  assert.equal(response.headers()['referrer-policy'], 'no-referrer');
  await hydrated();
  assert.match(await page.textContent('main'), /Your registration is confirmed\./);
  assert.deepEqual(await collect(), []);
});

if (violations.length) errors.push(`policy violations:\n${violations.join('\n')}`);
await finish(browser, errors);
