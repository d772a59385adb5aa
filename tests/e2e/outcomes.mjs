// Meeting outcomes in Debian's Chromium (playwright-core): the follow-up board with JavaScript on
// and off (its GET filters work either way), axe-core clean on the board, the report, a
// commitment's follow-up form and the Querétaro record; the record and the report printed
// without navigation or buttons; and a screenshot of the board's chart, `commitments-chart.png`.
//
// Env: BASE_URL, DEMO_SLUG (the Querétaro meeting), OFFICIAL_EMAIL (Mexico's official), PASSWORD,
// ARTIFACTS.
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.BASE_URL;
const demoSlug = process.env.DEMO_SLUG;
const artifacts = process.env.ARTIFACTS || 'target/test-artifacts';
mkdirSync(artifacts, { recursive: true });

const browser = await launch();
const { errors, step } = steps();
const hydrated = (p) => p.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30000 });

async function axe(p, label) {
  await p.evaluate(axeSource);
  const found = await p.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  console.log(`# axe ${label}: ${found.length} violation(s)`);
  assert.deepEqual(found, [], `axe on ${label}:\n${found.join('\n')}`);
}

// JavaScript on.
{
  const ctx = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Mexico_City', viewport: { width: 1280, height: 900 } });
  const p = await ctx.newPage();
  p.on('pageerror', (e) => errors.push(`page error on ${p.url()}: ${e}`));
  await step('the board with JavaScript: every party, the chart and its table', async () => {
    await p.goto(`${base}/commitments?party=`);
    await hydrated(p);
    await p.locator('svg.summary-chart rect').first().waitFor();
    assert.ok(await p.locator('table.summary-table tbody tr').count() > 0);
    assert.ok(await p.locator('#party-mx').count() === 1);
    await p.locator('figure.chart').screenshot({ path: join(artifacts, 'commitments-chart.png') });
    await p.screenshot({ path: join(artifacts, 'commitments-board.png'), fullPage: true });
    await axe(p, '/commitments js');
  });
  await step('the board filters with JavaScript', async () => {
    await p.selectOption('#filter-party', 'IOM');
    await p.click('form.board-filters button[type=submit]');
    await p.waitForURL(/party=IOM/);
    await p.locator('#party-iom').waitFor();
    assert.equal(await p.locator('#party-mx').count(), 0);
  });
  await step('the Querétaro record prints without navigation, forms or buttons', async () => {
    await p.goto(`${base}/events/${demoSlug}`);
    await hydrated(p);
    await axe(p, `/events/${demoSlug}`);
    await p.emulateMedia({ media: 'print' });
    assert.equal(await p.locator('.site-header').isVisible(), false);
    assert.equal(await p.locator('section.record').isVisible(), true);
    assert.equal(await p.locator('button:visible').count(), 0);
    const after = await p.evaluate(() => {
      const link = document.querySelector('.agreement-events a[data-url]');
      return link ? getComputedStyle(link, '::after').content : '';
    });
    assert.match(after, /\/events\//);
    await p.pdf({ path: join(artifacts, 'queretaro-record-a4.pdf'), format: 'A4' });
    await p.pdf({ path: join(artifacts, 'queretaro-record-letter.pdf'), format: 'Letter' });
    await p.emulateMedia({ media: 'screen' });
  });
  await step('the printable report', async () => {
    await p.goto(`${base}/commitments/report?meeting=${demoSlug}`);
    await hydrated(p);
    await axe(p, '/commitments/report');
    assert.ok(await p.locator('.report-agreement').count() >= 8);
    await p.emulateMedia({ media: 'print' });
    assert.equal(await p.locator('form').first().isVisible(), false);
    await p.pdf({ path: join(artifacts, 'follow-up-report-a4.pdf'), format: 'A4' });
    await p.emulateMedia({ media: 'screen' });
  });
  await step("Mexico's official lands on Mexico's commitments and reads a follow-up form", async () => {
    await p.goto(`${base}/signin`);
    await p.fill('#email', process.env.OFFICIAL_EMAIL);
    await p.fill('#password', process.env.PASSWORD);
    await p.click('form.signin-form button[type=submit]');
    await p.waitForURL(/\/dashboard$/);
    await p.click('a[href="/commitments?party=MX"]');
    await p.locator('#party-mx').waitFor();
    assert.equal(await p.locator('#party-iom').count(), 0);
    await p.locator('#party-mx table.board-table tbody a').first().click();
    await p.locator('form.follow-up-form').waitFor();
    await hydrated(p);
    await axe(p, '/commitments/{id} with the follow-up form');
  });
  await ctx.close();
}

// JavaScript off: the same board and filters, plain HTML and a GET form.
{
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'es-MX' });
  const p = await ctx.newPage();
  await step('the board without JavaScript: chart, table and filters', async () => {
    await p.goto(`${base}/commitments`);
    assert.ok(await p.locator('svg.summary-chart rect').count() > 0);
    assert.ok(await p.locator('table.summary-table').count() === 1);
    await p.selectOption('#filter-meeting', demoSlug);
    await p.selectOption('#filter-party', 'MX');
    await p.click('form.board-filters button[type=submit]');
    await p.waitForURL(/party=MX/);
    assert.equal(await p.locator('#party-mx').count(), 1);
    assert.equal(await p.locator('#party-iom').count(), 0);
    assert.equal(await p.locator('html[data-hydrated]').count(), 0);
    await p.screenshot({ path: join(artifacts, 'commitments-board-nojs.png'), fullPage: true });
  });
  await ctx.close();
}

await finish(browser, errors);
