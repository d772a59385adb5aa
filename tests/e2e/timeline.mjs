// Browser test of the coordination timeline at a six-month range, in Debian's Chromium driven by
// playwright-core: every bar's title is shown whole (never cut or ellipsised), no two titles
// overlap, bars too narrow for their title are drawn as a swatch with the title beside it, and the
// month labels are links that zoom to that month, keeping the other filters.
//
// Env: BASE_URL (the running server, with the demo data and short 2010 events), SECRETARIAT_EMAIL
// and PASSWORD (a secretariat account), ARTIFACTS (folder for screenshots).
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const artifacts = process.env.ARTIFACTS || 'target/test-artifacts';
mkdirSync(artifacts, { recursive: true });

const browser = await launch();
const { errors, step } = steps();

// Every bar, measured in the page: its title element, whether it is cut, and where it is.
async function measure(p) {
  return p.evaluate(() => {
    const boxes = [];
    for (const track of document.querySelectorAll('.timeline .tl-row:not(.tl-months) .tl-track')) {
      const row = track.parentElement.querySelector('.tl-label').textContent.trim();
      for (const bar of track.querySelectorAll('a.tl-bar')) {
        const text = bar.querySelector('.tl-text');
        const r = text ? text.getBoundingClientRect() : null;
        const b = bar.getBoundingClientRect();
        // Words are never broken: the title's box is at least as wide as its longest word.
        let longest = 0;
        if (text) {
          const style = getComputedStyle(text);
          const pen = document.createElement('canvas').getContext('2d');
          pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          longest = Math.max(...text.textContent.trim().split(/\s+/).map((w) => pen.measureText(w).width));
        }
        boxes.push({
          row,
          title: text ? text.textContent.trim() : bar.textContent.trim(),
          full: (bar.getAttribute('title') || '').split(' · ')[0],
          narrow: bar.classList.contains('narrow'),
          hasText: !!text,
          // The title element itself, and the bar holding it, show all they hold.
          wordsFit: !!text && text.clientWidth + 1 >= longest,
          textCut: !text || text.scrollWidth > text.clientWidth || text.scrollHeight > text.clientHeight,
          barCut: bar.scrollWidth > bar.clientWidth + 1 || bar.scrollHeight > bar.clientHeight + 1,
          ellipsis: text ? getComputedStyle(text).textOverflow === 'ellipsis' && getComputedStyle(text).whiteSpace === 'nowrap' : true,
          text: r && { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
          bar: { left: b.left, right: b.right, top: b.top, bottom: b.bottom },
        });
      }
    }
    return boxes;
  });
}

function overlaps(a, b) {
  return a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
}

function checkReadable(bars, where) {
  assert.ok(bars.length >= 6, `bars on ${where}: ${bars.length}`);
  for (const bar of bars) {
    assert.ok(bar.hasText, `${where}: "${bar.full}" has a title element`);
    assert.equal(bar.title, bar.full, `${where}: the whole title of "${bar.full}" is in the bar`);
    assert.ok(!bar.textCut, `${where}: the title of "${bar.full}" (${bar.row}) is cut`);
    assert.ok(bar.wordsFit, `${where}: the title of "${bar.full}" (${bar.row}) is too narrow for its words`);
    assert.ok(!bar.barCut, `${where}: the bar of "${bar.full}" (${bar.row}) cuts its content`);
    // The title lies inside its bar, on the track.
    assert.ok(bar.text.left >= bar.bar.left - 0.5 && bar.text.right <= bar.bar.right + 0.5, `${where}: "${bar.full}" stays in its bar`);
  }
  for (let i = 0; i < bars.length; i += 1) {
    for (let j = i + 1; j < bars.length; j += 1) {
      if (bars[i].row !== bars[j].row) continue;
      assert.ok(!overlaps(bars[i].text, bars[j].text), `${where}: "${bars[i].full}" and "${bars[j].full}" overlap`);
    }
  }
}

for (const [name, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  const ctx = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Guatemala', viewport });
  const p = await ctx.newPage();
  p.on('pageerror', (e) => errors.push(`page error: ${e}`));
  await step(`${name}: sign in`, async () => {
    await p.goto(`${base}/signin`);
    await p.fill('#email', process.env.SECRETARIAT_EMAIL);
    await p.fill('#password', process.env.PASSWORD);
    await p.click('form.signin-form button[type=submit]');
    await p.waitForURL(/\/dashboard$/);
  });

  await step(`${name}: at six months every title is read whole, narrow bars as a swatch and the title beside it`, async () => {
    await p.goto(`${base}/coordination?from=2010-07&to=2010-12`);
    await p.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30000 });
    const bars = await measure(p);
    checkReadable(bars, `${name} 2010-07..2010-12`);
    const narrow = bars.filter((b) => b.narrow).map((b) => b.full);
    assert.ok(narrow.some((t) => /Workshop on Modernising Legislation/.test(t)), `the 3-day workshop is narrow: ${narrow}`);
    assert.ok(narrow.some((t) => /End-of-year review/.test(t)), `the last days' event is narrow: ${narrow}`);
    assert.equal(await p.locator('a.tl-bar.narrow.title-first', { hasText: 'End-of-year review' }).count(), 1, 'near the end the title goes first');
    assert.equal(await p.locator('a.tl-bar.narrow.title-first', { hasText: 'Conference on forced child labour' }).count(), 1, 'and a few days before it too');
    // Each narrow bar's swatch shows the event's colour.
    const swatches = await p.locator('a.tl-bar.narrow .tl-swatch').count();
    assert.equal(swatches, narrow.length);
    if (name === 'desktop') {
      await p.locator('.timeline').screenshot({ path: join(artifacts, 'coordination-6-months.png') });
    } else {
      await p.screenshot({ path: join(artifacts, 'coordination-6-months-phone.png'), fullPage: true });
    }
  });

  await step(`${name}: a month label zooms to that month, keeping the filters`, async () => {
    await p.goto(`${base}/coordination?from=2010-07&to=2010-12&kind=workshop&status=`);
    await p.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30000 });
    const months = await p.locator('.timeline a.tl-month').allTextContents();
    assert.deepEqual(months.map((m) => m.trim()), ['July 2010', 'August 2010', 'September 2010', 'October 2010', 'November 2010', 'December 2010']);
    const link = p.locator('.timeline a.tl-month', { hasText: 'December 2010' });
    assert.equal(await link.getAttribute('href'), '/coordination?from=2010-12&to=2010-12&kind=workshop');
    await link.click();
    await p.waitForURL(/\/coordination\?from=2010-12&to=2010-12&kind=workshop$/);
    await p.waitForFunction(() => document.querySelectorAll('.timeline a.tl-month').length === 1);
    assert.equal((await p.textContent('.timeline a.tl-month')).trim(), 'December 2010');
    assert.equal(await p.inputValue('input[name=from]'), '2010-12');
    assert.equal(await p.inputValue('input[name=to]'), '2010-12');
    const bars = await measure(p);
    assert.ok(bars.some((b) => /Workshop on Modernising Legislation/.test(b.full)), 'the December workshop is there');
    assert.ok(bars.every((b) => !/Technical meeting on the protection/.test(b.full)), 'September is not');
    for (const bar of bars) assert.ok(!bar.textCut && !bar.barCut, `"${bar.full}" is read whole at one month`);
  });
  await ctx.close();
}

await finish(browser, errors);
