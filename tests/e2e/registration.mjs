// Browser test of registering, in Debian's Chromium driven by playwright-core: with JavaScript
// (hydrated pages) and without it (plain forms), each ending on the delegate's private page.
//
// Env: BASE_URL (the running server), SLUG (an upcoming event open for registration),
// ARTIFACTS (folder for screenshots).
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const slug = process.env.SLUG;
const artifacts = process.env.ARTIFACTS || 'target/test-artifacts';
mkdirSync(artifacts, { recursive: true });

const browser = await launch();
const { errors, step } = steps();

async function fillForm(p, who) {
  await p.fill('#name', who.name);
  await p.fill('#email', who.email);
  await p.selectOption('#delegation', who.delegation);
  await p.fill('#institution', 'Dirección General de Migración');
  await p.fill('#position', 'Oficial de enlace');
  await p.fill('#arrival_date', '2031-03-02');
  await p.fill('#arrival_time', '14:30');
  await p.fill('#arrival_flight', 'CM 201');
  await p.fill('#departure_date', '2031-03-05');
  await p.check('#hotel');
  await p.check('#transfer');
  await p.fill('#dietary', 'Sin gluten');
  await p.check('#consent');
}

{
  const ctx = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Guatemala' });
  const p = await ctx.newPage();
  p.on('pageerror', (e) => errors.push(`page error: ${e}`));
  const hydrated = () => p.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 30000 });
  await step('with JavaScript: from the event page to the form, registered, then a flight changed', async () => {
    await p.goto(`${base}/events/${slug}`);
    await hydrated();
    assert.match(await p.textContent('.registration-box'), /0 of 40 seats taken/);
    await p.click(`a[href="/events/${slug}/register"]`);
    await p.waitForSelector('form.registration-form');
    await hydrated();
    // The browser's own check: consent is required before anything is sent.
    await fillForm(p, { name: 'Lucía Hernández', email: 'lucia@migracion.gob.hn', delegation: 'HN' });
    await p.uncheck('#consent');
    await p.click('form.registration-form button[type=submit]');
    assert.match(p.url(), /\/register$/, 'an unchecked consent box stops the form in the browser');
    await p.check('#consent');
    await p.click('form.registration-form button[type=submit]');
    await p.waitForURL(/\/registrations\/[A-Za-z0-9_-]{43}\?new=1$/);
    const text = await p.textContent('main');
    assert.match(text, /Registration received!/);
    assert.match(text, /Your registration is confirmed\./);
    await p.screenshot({ path: join(artifacts, 'registration-confirmed.png'), fullPage: true });
    await hydrated();
    await p.fill('#arrival_flight', 'TA 390');
    await p.click('section[aria-labelledby="change-heading"] button[type=submit]');
    await p.waitForURL(/\?saved=1$/);
    assert.match(await p.textContent('main'), /Changes saved\./);
    assert.equal(await p.inputValue('#arrival_flight'), 'TA 390');
    assert.match(await p.inputValue('#feed-url'), /\/feeds\/[0-9a-f]{64}\.ics$/);
  });
  await ctx.close();
}

{
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'es-GT' });
  const p = await ctx.newPage();
  await step('without JavaScript: a mistake is explained in Spanish, then the registration goes through', async () => {
    await p.goto(`${base}/events/${slug}/register`);
    await fillForm(p, { name: 'Mario Rossi', email: 'mario@cancilleria.gob.sv', delegation: 'SV' });
    // A departure before the arrival is the server's to refuse.
    await p.fill('#departure_date', '2031-03-01');
    await p.click('form.registration-form button[type=submit]');
    await p.waitForURL(/\/register$/);
    assert.match(await p.textContent('#departure_date-error'), /La salida es anterior a la llegada/);
    assert.equal(await p.inputValue('#name'), 'Mario Rossi', 'what was typed is kept');
    await p.fill('#departure_date', '2031-03-05');
    await p.check('#consent');
    await p.click('form.registration-form button[type=submit]');
    await p.waitForURL(/\/registrations\/[A-Za-z0-9_-]{43}\?new=1$/);
    const text = await p.textContent('main');
    assert.match(text, /¡Inscripción recibida!/);
    assert.match(text, /Su inscripción está confirmada\./);
    await p.screenshot({ path: join(artifacts, 'registration-nojs-es.png'), fullPage: true });
  });
  await ctx.close();
}

await finish(browser, errors);
