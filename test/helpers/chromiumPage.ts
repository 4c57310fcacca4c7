/** A report file opened in headless Chromium (Debian's, driven by playwright-core), with the console errors it logs. */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env['LLMCAP_CHROMIUM'] ?? '/usr/bin/chromium';
const IN_CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
/** Run browser tests where Chromium is, and always in CI (where a missing browser must fail). */
export const CHROMIUM_TESTS = existsSync(CHROMIUM) || IN_CI;

export async function openInChromium(file: string): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(pathToFileURL(file).href);
  return { browser, page, errors };
}
