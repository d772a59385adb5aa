// What every browser script shares: Debian's Chromium, launched the same way, and named steps whose
// failures are collected, printed together at the end and turned into the exit status.
import { chromium } from 'playwright-core';

/** Headless Chromium (CHROMIUM, default Debian's /usr/bin/chromium), quiet and sandbox-free. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** The failures so far, and `step(name, fn)`, which runs fn and records its failure. */
export function steps() {
  const errors = [];
  async function step(name, fn) {
    try {
      await fn();
      console.log(`ok - ${name}`);
    } catch (e) {
      errors.push(`${name}: ${e.stack || e}`);
      console.log(`not ok - ${name}`);
    }
  }
  return { errors, step };
}

/** Closes the browser; with any failure recorded, prints them all and exits with status 1. */
export async function finish(browser, errors) {
  await browser.close();
  if (errors.length) {
    console.error(errors.join('\n\n'));
    process.exit(1);
  }
}
