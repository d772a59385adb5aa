// Accessibility scan with axe-core in Debian's Chromium (driven by playwright-core): every public
// page and form, and the signed-in pages, at a desktop and a phone viewport, in both languages,
// with zero violations of any impact as the bar. Prints the violation count of every page, and
// for a failure each rule, its impact and the nodes it found.
//
// Env: BASE_URL (the running server), SLUG (an upcoming event open for registration), DEMO_SLUG
// (a past demo event), SECRETARIAT_EMAIL and PASSWORD (a secretariat account), ARTIFACTS.
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// Injected with evaluate: a <script> tag without the page's nonce is refused by its policy.
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.BASE_URL;
const slug = process.env.SLUG;
const demoSlug = process.env.DEMO_SLUG;
const artifacts = process.env.ARTIFACTS || 'target/test-artifacts';
mkdirSync(artifacts, { recursive: true });

const browser = await launch();
const { errors, step } = steps();
const counts = {};

const hydrated = (p) => p.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30000 });

// Runs axe on the page as it is now; records and returns a readable list of its violations.
async function scan(p, label) {
  await p.evaluate(axeSource);
  const result = await p.evaluate(async () => {
    // All rules axe runs by default (WCAG 2.x A and AA and best practices), every impact.
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.failureSummary.replace(/\s+/g, ' ')}`),
    }));
  });
  const n = result.reduce((sum, v) => sum + v.nodes.length, 0);
  counts[label] = n;
  console.log(`# axe ${label}: ${n} violation node(s)${result.length ? ` (${result.map((v) => v.id).join(', ')})` : ''}`);
  return result.map((v) => `${v.id} [${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`);
}

async function check(p, label) {
  const found = await scan(p, label);
  assert.deepEqual(found, [], `axe violations on ${label}:\n${found.join('\n')}`);
}

const viewports = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
};

// Each page once per viewport and language. `prepare` leaves the page in the state to scan.
const publicPages = [
  ['/'],
  ['/calendar?month=2010-12'],
  ['/calendar?month=2010-08'],
  [`/events/${demoSlug}`],
  [`/events/${slug}`],
  [`/events/${slug}/register`],
  [`/events/${slug}/register (refused)`, async (p) => {
    await p.goto(`${base}/events/${slug}/register`);
    await hydrated(p);
    await p.fill('#name', 'Ana Pérez');
    await p.fill('#email', 'ana@example.org');
    await p.selectOption('#delegation', 'HN');
    await p.fill('#institution', 'Cancillería');
    await p.fill('#position', 'Enlace');
    await p.fill('#arrival_date', '2031-03-02');
    // A departure before the arrival is the server's to refuse.
    await p.fill('#departure_date', '2031-03-01');
    await p.check('#consent');
    await p.click('form.registration-form button[type=submit]');
    await p.locator('#departure_date-error').waitFor({ timeout: 15000 });
  }],
  ['/registrations/resend'],
  ['/subscribe'],
  [`/events/${demoSlug}/subscribe`],
  ['/coordination'],
  ['/coordination?from=2010-07&to=2010-12'],
  ['/signin'],
  ['/no-such-page'],
];

for (const [vpName, viewport] of Object.entries(viewports)) {
  for (const lang of ['en', 'es']) {
    const ctx = await browser.newContext({ viewport, locale: lang === 'en' ? 'en-US' : 'es-GT', timezoneId: 'America/Guatemala' });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(`page error on ${p.url()}: ${e}`));
    for (const [path, prepare] of publicPages) {
      const label = `${path} ${vpName} ${lang}`;
      await step(`axe: ${label}`, async () => {
        if (prepare) {
          await prepare(p);
        } else {
          await p.goto(`${base}${path}`);
          await hydrated(p);
        }
        await check(p, label);
      });
    }
    await ctx.close();
  }
}

// A registration's own page: register once, then scan the manage page at both viewports.
for (const [vpName, viewport] of Object.entries(viewports)) {
  const ctx = await browser.newContext({ viewport, locale: 'en-US', timezoneId: 'America/Guatemala' });
  const p = await ctx.newPage();
  await step(`axe: /registrations/{token} ${vpName}`, async () => {
    await p.goto(`${base}/events/${slug}/register`);
    await hydrated(p);
    await p.fill('#name', `Delegada ${vpName}`);
    await p.fill('#email', `delegada-${vpName}@example.org`);
    await p.selectOption('#delegation', 'SV');
    await p.fill('#institution', 'Cancillería');
    await p.fill('#position', 'Enlace');
    await p.check('#consent');
    await p.click('form.registration-form button[type=submit]');
    await p.waitForURL(/\/registrations\/[A-Za-z0-9_-]{43}\?new=1$/);
    await hydrated(p);
    await check(p, `/registrations/{token}?new=1 ${vpName}`);
    await p.goto(p.url().replace(/\?new=1$/, ''));
    await hydrated(p);
    await check(p, `/registrations/{token} ${vpName}`);
  });
  await ctx.close();
}

// Signed in as the secretariat, who reaches every page.
const signedInPages = [
  ['/dashboard'],
  ['/events/new'],
  ['/events/new (refused)', async (p) => {
    await p.goto(`${base}/events/new`);
    await hydrated(p);
    // The end before the start: the server refuses with the fields marked.
    await p.fill('#title_es', 'Prueba');
    await p.fill('#title_en', 'Test');
    await p.fill('#city', 'Antigua');
    await p.fill('#start_date', '2031-05-12');
    await p.fill('#end_date', '2031-05-10');
    await p.evaluate(() => { document.querySelector('form.event-form').noValidate = true; });
    await p.click('form.event-form button[type=submit]');
    await p.locator('#end_date-error').waitFor({ timeout: 15000 });
  }],
  [`/events/${slug}/manage`],
  [`/events/${slug}/participants`],
  [`/events/${slug}/logistics`],
  [`/events/${slug}/audit`],
  ['/import'],
  ['/admin/accounts'],
  ['/admin/erase'],
  ['/coordination?from=2010-07&to=2010-12'],
];

for (const [vpName, viewport] of Object.entries(viewports)) {
  for (const lang of ['en', 'es']) {
    const ctx = await browser.newContext({ viewport, locale: lang === 'en' ? 'en-US' : 'es-GT', timezoneId: 'America/Guatemala' });
    const p = await ctx.newPage();
    p.on('pageerror', (e) => errors.push(`page error on ${p.url()}: ${e}`));
    await step(`sign in (${vpName} ${lang})`, async () => {
      await p.goto(`${base}/signin`);
      await p.fill('#email', process.env.SECRETARIAT_EMAIL);
      await p.fill('#password', process.env.PASSWORD);
      await p.click('form.signin-form button[type=submit]');
      await p.waitForURL(/\/dashboard$/);
    });
    for (const [path, prepare] of signedInPages) {
      const label = `${path} ${vpName} ${lang} signed-in`;
      await step(`axe: ${label}`, async () => {
        if (prepare) {
          await prepare(p);
        } else {
          await p.goto(`${base}${path}`);
          await hydrated(p);
        }
        await check(p, label);
      });
    }
    await ctx.close();
  }
}

writeFileSync(join(artifacts, 'axe-violations.json'), JSON.stringify(counts, null, 2));
await finish(browser, errors);
