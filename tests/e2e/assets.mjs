// Browser test of the page cache, in Debian's Chromium driven by playwright-core: a public page
// loaded, then reloaded and visited again, is revalidated (a 304 on the wire, seen through the
// DevTools protocol), and the page from the cache still runs its scripts under the policy it was
// stored with: no policy violation, and hydrated (`data-hydrated` on <html>).
//
// Env: BASE_URL (the running server).
import { finish, launch, steps } from './harness.mjs';
import assert from 'node:assert/strict';

const base = process.env.BASE_URL;
const browser = await launch();
const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/Guatemala' });
await context.addInitScript(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
  });
});
const { errors, step } = steps();
const page = await context.newPage();
page.on('pageerror', (e) => errors.push(`page error: ${e}`));
page.on('console', (msg) => {
  if (msg.type() === 'error' && /Content[- ]Security[- ]Policy/i.test(msg.text())) {
    errors.push(`console: ${msg.text()}`);
  }
});
// The documents' statuses on the wire: `Network.responseReceivedExtraInfo` has the status the
// server sent (`responseReceived`, like playwright's response.status(), has the stored 200 that a
// 304 revalidated).
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
const documentIds = new Set();
const documents = [];
cdp.on('Network.requestWillBeSent', (e) => {
  if (e.type === 'Document') documentIds.add(e.requestId);
});
cdp.on('Network.responseReceivedExtraInfo', (e) => {
  if (documentIds.has(e.requestId)) documents.push(e.statusCode);
});

async function runs(what) {
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 30000 });
  await page.waitForTimeout(300);
  const found = await page.evaluate(() => window.__cspViolations || []);
  assert.deepEqual(found, [], `policy violations ${what}`);
}

const url = `${base}/calendar?month=2010-12`;
await step('the first load is a 200 with a tag', async () => {
  const response = await page.goto(url);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['etag'] || '', /^W\/"[0-9a-f]{16}"$/);
  assert.match(response.headers()['cache-control'] || '', /no-cache/);
  await runs('on the first load');
});

await step('a reload is revalidated (304) and the page still runs', async () => {
  documents.length = 0;
  await page.reload();
  await runs('after the reload');
  assert.deepEqual(documents, [304], 'the document statuses on the wire');
});

await step('a second visit is revalidated (304) and the page still runs', async () => {
  await page.goto(`${base}/signin`);
  documents.length = 0;
  await page.goto(url);
  await runs('after the second visit');
  assert.deepEqual(documents, [304], 'the document statuses on the wire');
});

await finish(browser, errors);
