// Browser test in Debian's Chromium (driven by playwright-core): hydration, client-side
// navigation, the viewer's time zone, the language switch, and the same pages with JavaScript off.
//
// Env: BASE_URL (the running server), TIMED_SLUG (a timed event in America/Mexico_City on
// 2024-07-01 09:00-17:00), OFFICIAL_EMAIL and SECRETARIAT_EMAIL (accounts with OFFICIAL_PASSWORD),
// ARTIFACTS (folder for screenshots).
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const timedSlug = process.env.TIMED_SLUG;
const artifacts = process.env.ARTIFACTS || 'target/test-artifacts';
mkdirSync(artifacts, { recursive: true });

const browser = await launch();
const context = await browser.newContext({
  locale: 'en-US',
  timezoneId: 'America/New_York',
  viewport: { width: 1200, height: 900 },
});
const { errors, step } = steps();

const page = await context.newPage();
page.on('pageerror', (e) => errors.push(`page error: ${e}`));
const hydrated = () => page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 30000 });

await step('home page hydrates and lists the December 2010 events', async () => {
  await page.goto(`${base}/`);
  await hydrated();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const text = await page.textContent('main');
  assert.match(text, /Most recent events/);
  assert.match(text, /1–3 December 2010/);
  assert.match(text, /6–7 December 2010/);
  await page.screenshot({ path: join(artifacts, 'home-en.png'), fullPage: true });
});

await step('month navigation happens in the page, without a full reload', async () => {
  await page.goto(`${base}/calendar?month=2010-12`);
  await hydrated();
  await page.evaluate(() => { window.__enlaceMarker = 'still-here'; });
  await page.click('nav.month-nav a.next');
  await page.waitForURL(/month=2011-01/);
  await page.waitForFunction(() => document.querySelector('h1#month-title')?.textContent.includes('January 2011'));
  assert.equal(await page.evaluate(() => window.__enlaceMarker), 'still-here', 'the page was reloaded');
  await page.click('nav.month-nav a.next');
  await page.waitForFunction(() => document.querySelector('h1#month-title')?.textContent.includes('February 2011'));
  assert.match(await page.textContent('section.month-only'), /Second Meeting of the Committees/);
  assert.equal(await page.evaluate(() => window.__enlaceMarker), 'still-here');
  await page.goto(`${base}/calendar?month=2010-12`);
  await page.screenshot({ path: join(artifacts, 'calendar-2010-12.png'), fullPage: true });
});

await step('a timed event shows the viewer zone detected by the browser', async () => {
  await page.goto(`${base}/events/${timedSlug}`);
  await hydrated();
  const value = page.locator('.viewer-time-value[data-zone="America/New_York"]');
  await value.waitFor({ timeout: 15000 });
  assert.match(await value.textContent(), /1 July 2024, 11:00–19:00/);
});

await step('keyboard: the skip link is the first stop and leads to the content', async () => {
  await page.goto(`${base}/`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
});

await step('the language switch changes the language and remembers it', async () => {
  await page.goto(`${base}/calendar?month=2010-12`);
  await hydrated();
  await page.click('a.lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'es');
  assert.match(await page.textContent('h1#month-title'), /diciembre de 2010/);
  assert.match(page.url(), /\/calendar\?month=2010-12$/);
  await page.goto(`${base}/`);
  assert.match(await page.textContent('main'), /Eventos más recientes/);
});

await step('"Add to my calendar" leads to a subscribe page whose copy button copies the feed address', async () => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.goto(`${base}/events/taller-modernizacion-legislacion-trata-trafico-2010`);
  await hydrated();
  await page.click('a[href$="/subscribe"]');
  await page.waitForURL(/\/subscribe$/);
  await page.waitForFunction(() => {
    const button = document.querySelector('.copy-row button');
    return button && !button.hidden && document.querySelector('#feed-url')?.value;
  });
  const https = await page.inputValue('#feed-url');
  assert.match(https, /\/events\/taller-modernizacion-legislacion-trata-trafico-2010\.ics\?lang=(es|en)$/);
  const webcal = await page.getAttribute('a[href^="webcal://"]', 'href');
  assert.equal(webcal, https.replace(/^https?:\/\//, 'webcal://'));
  await page.click('.copy-row button');
  await page.waitForFunction(() => document.querySelector('.copy-status')?.textContent.match(/copied|copiada/i));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), https);
  await page.screenshot({ path: join(artifacts, 'subscribe-event.png'), fullPage: true });
});

const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'es-GT' });
{
  const p = await ctx.newPage();
  await step('without JavaScript: the home page lists the events', async () => {
    await p.goto(`${base}/`);
    const text = await p.textContent('main');
    assert.match(text, /Eventos más recientes/);
    assert.match(text, /Taller de Modernización de la Legislación/);
    assert.match(text, /1–3 de diciembre de 2010/);
  });
  await step('without JavaScript: links, the event page and the language switch work', async () => {
    await p.click('a[href="/events/taller-modernizacion-legislacion-trata-trafico-2010"]');
    await p.waitForURL(/taller-modernizacion/);
    assert.match(await p.textContent('h1'), /Taller de Modernización/);
    assert.match(await p.textContent('dl.facts'), /America\/El_Salvador/);
    await p.click('a.lang-switch');
    await p.waitForURL(/taller-modernizacion/);
    assert.match(await p.textContent('h1'), /Workshop on Modernising Legislation/);
    await p.screenshot({ path: join(artifacts, 'event-nojs-en.png'), fullPage: true });
  });
  await step('without JavaScript: the zone form shows times in the chosen zone', async () => {
    await p.goto(`${base}/events/${timedSlug}`);
    await p.selectOption('#tz-select', 'America/New_York');
    await p.click('form.tz-form button');
    await p.waitForURL(/tz=America%2FNew_York/);
    assert.match(await p.textContent('.viewer-time-value'), /1 July 2024, 11:00–19:00/);
  });
  await step('without JavaScript: the subscribe page shows the address to copy by hand, and no dead button', async () => {
    await p.goto(`${base}/subscribe`);
    assert.match(await p.inputValue('#feed-url'), /\/calendar\.ics\?lang=(es|en)$/);
    assert.equal(await p.isVisible('.copy-row button'), false);
    assert.match(await p.textContent('main'), /Thunderbird/);
    await p.screenshot({ path: join(artifacts, 'subscribe-nojs.png'), fullPage: true });
  });
  await ctx.close();
}

// After the home-page steps: it adds a December 2010 event.
await step('the secretariat is warned before saving, then sees the regional timeline with the December 2010 pair explained', async () => {
  const sec = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Guatemala', viewport: { width: 1400, height: 900 } });
  const p = await sec.newPage();
  p.on('pageerror', (e) => errors.push(`page error: ${e}`));
  await p.goto(`${base}/signin`);
  await p.fill('#email', process.env.SECRETARIAT_EMAIL);
  await p.fill('#password', process.env.OFFICIAL_PASSWORD);
  await p.click('form.signin-form button[type=submit]');
  await p.waitForURL(/\/dashboard$/);
  // A Guatemala meeting the day after the El Salvador workshop ends: warned, not saved.
  await p.goto(`${base}/events/new`);
  await p.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  await p.selectOption('#host', 'GT');
  await p.selectOption('#kind', 'meeting');
  await p.fill('#title_es', 'Reunión técnica en Guatemala');
  await p.fill('#title_en', 'Technical meeting in Guatemala');
  await p.fill('#city', 'Ciudad de Guatemala');
  await p.fill('#start_date', '2010-12-04');
  await p.fill('#end_date', '2010-12-04');
  await p.click('form.event-form button[type=submit]');
  await p.waitForSelector('.date-warnings');
  assert.match(p.url(), /\/events\/new$/);
  assert.match(await p.textContent('.date-warnings'), /no free day to travel from El Salvador to Guatemala/);
  assert.equal(await p.inputValue('#title_en'), 'Technical meeting in Guatemala', 'input kept');
  await p.screenshot({ path: join(artifacts, 'propose-warning.png'), fullPage: true });
  await p.check('#save-anyway');
  await p.click('form.event-form button[type=submit]');
  await p.waitForURL(/\/events\/reunion-tecnica-en-guatemala-2010\/manage$/);

  await p.goto(`${base}/coordination?from=2010-10&to=2011-02`);
  const labels = (await p.locator('.timeline .tl-row:not(.tl-months) .tl-label').allTextContents()).map((t) => t.trim());
  for (const country of ['Belize', 'Canada', 'Costa Rica', 'Dominican Republic', 'Guatemala', 'Honduras', 'Mexico', 'Nicaragua', 'Panama', 'El Salvador', 'United States of America']) {
    assert.ok(labels.includes(country), `a timeline row for ${country}: ${labels}`);
  }
  const row = (name) => p.locator('.timeline .tl-row', { has: p.locator('.tl-label', { hasText: name }) });
  assert.equal(await row('El Salvador').locator('a.tl-bar', { hasText: 'Workshop on Modernising Legislation' }).count(), 1);
  assert.equal(await row('Guatemala').locator('a.tl-bar', { hasText: 'Conference on forced child labour' }).count(), 1);
  assert.equal(await row('El Salvador').locator('a.tl-bar.tentative').count(), 1, 'the February 2011 meeting is hatched');
  const conflicts = await p.textContent('ul.conflicts');
  assert.match(conflicts, /Workshop on Modernising Legislation[^]*ends on 3 December 2010[^]*starts on 4 December 2010, leaving no free day to travel from El Salvador to Guatemala/);
  // The workshop and the conference themselves leave two free days: not a conflict.
  assert.doesNotMatch(conflicts, /Conference on forced child labour[^.]*(overlap|leaving)/);
  await p.locator('.timeline').scrollIntoViewIfNeeded();
  await p.locator('.timeline').screenshot({ path: join(artifacts, 'coordination-timeline.png') });
  await p.screenshot({ path: join(artifacts, 'coordination-page.png'), fullPage: true });
  await sec.close();
});

// Last: it adds an upcoming event, which changes the home page the steps above read.
await step('an official signs in, proposes a workshop (validated as they type) and finds it on the calendar', async () => {
  const official = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Guatemala' });
  const p = await official.newPage();
  p.on('pageerror', (e) => errors.push(`page error: ${e}`));
  await p.goto(`${base}/signin`);
  await p.fill('#email', process.env.OFFICIAL_EMAIL);
  await p.fill('#password', process.env.OFFICIAL_PASSWORD);
  await p.click('form.signin-form button[type=submit]');
  await p.waitForURL(/\/dashboard$/);
  await p.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  await p.click('a[href="/events/new"]');
  await p.waitForSelector('form.event-form');
  await p.waitForFunction(() => document.documentElement.dataset.hydrated === 'true');
  assert.equal(await p.inputValue('#host'), 'GT', 'the host defaults to the official\'s country');
  await p.fill('#title_es', 'Taller de prueba en el navegador');
  await p.fill('#title_en', 'Browser test workshop');
  await p.fill('#city', 'Quetzaltenango');
  await p.fill('#start_date', '2031-05-12');
  await p.fill('#end_date', '2031-05-10');
  // The domain's own rule, run in the browser before anything is sent.
  await p.locator('#end_date-error').waitFor({ timeout: 10000 });
  assert.match(await p.textContent('#end_date-error'), /end is before the start/);
  await p.fill('#end_date', '2031-05-13');
  await p.locator('#end_date-error').waitFor({ state: 'detached', timeout: 10000 });
  await p.click('form.event-form button[type=submit]');
  await p.waitForURL(/\/events\/taller-de-prueba-en-el-navegador-2031\/manage$/);
  await p.goto(`${base}/calendar?month=2031-05`);
  assert.match(await p.textContent('main'), /Browser test workshop/);
  await p.screenshot({ path: join(artifacts, 'official-calendar.png'), fullPage: true });
  await official.close();
});

await finish(browser, errors);
