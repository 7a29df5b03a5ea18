import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { JSDOM } from 'jsdom';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, FIXTURES } from './harness';

/** Every fixture page, `gmail/mailbox.html` and so on. */
const PAGES = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(FIXTURES, d.name)).map((file) => `${d.name}/${file}`))
  .filter((file) => file.endsWith('.html'))
  .sort();

/**
 * The unit tests read fixtures as jsdom parses them (tests/fixtures/open.ts). This checks that
 * jsdom builds the very tree Chromium builds from each fixture, `<!--</span-->` comments, nested
 * row tables and implied <tbody>s included: the same markup, serialized the same way. Scripts
 * off on both sides, so only the parser speaks.
 */
describe('jsdom parses every fixture as Chromium does', () => {
  let browser: Browser;
  let tab: Page;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    tab = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    // Each fixture at its own path; anything it loads (a frame, an image) is not found.
    await tab.route('https://fixtures.sidenote.test/**', (route) => {
      const page = new URL(route.request().url()).pathname.slice(1);
      return PAGES.includes(page)
        ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: fixture(page) })
        : route.fulfill({ status: 404, body: '' });
    });
  });
  afterAll(() => browser?.close());

  it('covers the fixtures that real pages were taken from', () => {
    expect(PAGES).toEqual(
      expect.arrayContaining(['qqmail/readmail-alone-2018.html', 'qqmail/classic-list-2018.html', 'outlook/reading-pane-de.html']),
    );
  });

  for (const page of PAGES) {
    it(page, async () => {
      await tab.goto(`https://fixtures.sidenote.test/${page}`);
      const inChromium = await tab.evaluate(() => document.documentElement.outerHTML);
      const inJsdom = new JSDOM(fixture(page)).window.document.documentElement.outerHTML;
      expect(inJsdom).toBe(inChromium);
    });
  }
});
