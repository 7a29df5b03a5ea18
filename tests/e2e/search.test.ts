import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import {
  admin,
  eventually,
  expectCount,
  expectText,
  fixture,
  joinTeam,
  launchProfile,
  openSidebar,
  serveSite,
  testId,
  THREADS,
  twoTeammates,
} from './harness';
import type { Profile, ServerProcess } from './harness';

/** Waits until the marked (highlighted) texts in `result` are `expected`. */
const expectMarks = (result: Locator, expected: string[]) =>
  eventually(
    () => result.first().locator('mark').allTextContents(),
    (marks) => JSON.stringify(marks) === JSON.stringify(expected),
    `marks ${expected.join(', ')}`,
  );

const { northwindJoan: NORTHWIND_JOAN, liLei: LI_LEI } = THREADS;
const NOTE = '客户要求下周五前报价：两千件蓝色托盘，Q3 交货。Pallets in blue.';

/** Search across every customer and note, end to end: the sidebar and the popup. */
describe('search', () => {
  let server: ServerProcess;
  let ana: Profile;
  let ben: Profile;
  let teamId: string;

  beforeAll(async () => {
    ({ server, ana, ben, teamId } = await twoTeammates('Search'));
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it('finds a Chinese phrase written by a teammate on another customer, from the sidebar, and opens where it was written', async () => {
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    await testId(a.sidebar, 'note-input').fill(NOTE);
    await testId(a.sidebar, 'note-submit').click();
    await expectText(testId(a.sidebar, 'note-item'), /蓝色托盘/);

    // Ben is on another customer's thread (李雷) when he looks for it.
    const b = await openSidebar(ben, LI_LEI, '李雷');
    const input = testId(b.sidebar, 'search-input');
    await input.fill('蓝色托盘');
    const result = testId(b.sidebar, 'search-result');
    await expectText(result.locator('.search-customer'), 'Northwind Traders', 30_000);
    expect(await result.getAttribute('data-kind')).toBe('note');
    await expectMarks(result, ['蓝色托盘']);
    expect(await result.locator('.search-text').textContent()).toContain('两千件蓝色托盘');
    // Two characters find it too, and a mixed query ANDs its terms.
    await input.fill('报价');
    await expectMarks(result, ['报价']);
    await input.fill('托盘 pallet');
    await expectMarks(result, ['托盘', 'Pallet']);
    await input.fill('托盘 contract');
    await expectText(testId(b.sidebar, 'search-input').locator('xpath=..').locator('[role="status"]'), 'Nothing found.');

    // By keyboard: ↓ to the result, Enter opens the thread the note was written on, in a new tab.
    await input.fill('蓝色托盘');
    await expectMarks(result, ['蓝色托盘']);
    await input.press('ArrowDown');
    const opened = ben.context.waitForEvent('page');
    await b.sidebar.locator(':focus').press('Enter');
    const page = await opened;
    await page.waitForLoadState('domcontentloaded');
    expect(page.url()).toBe(NORTHWIND_JOAN);
    // Esc clears the search, and the sidebar's own notes are back in view.
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');
    await expectCount(result, 0);
    await testId(b.sidebar, 'customer-name').waitFor();
  });

  it('works in the popup: customers by name first, then notes, by keyboard', async () => {
    const popup = await ben.context.newPage();
    await popup.goto(ben.url('popup.html'));
    const input = testId(popup, 'search-input');
    await input.fill('northw');
    const results = testId(popup, 'search-result');
    await expectText(results.first().locator('.search-customer'), /Northwind Traders/, 20_000);
    expect(await results.first().getAttribute('data-kind')).toBe('customer');
    // The lists step aside while searching.
    expect(await testId(popup, 'tab-mine').count()).toBe(0);
    await input.fill('托盘');
    await expectText(results.first().locator('mark'), '托盘');
    await input.press('ArrowDown');
    const opened = ben.context.waitForEvent('page');
    await popup.keyboard.press('Enter');
    expect((await opened).url()).toBe(NORTHWIND_JOAN);
    await popup.close();
  });

  it('reads in Chinese, in the sidebar and the popup (screenshots with SHOTS_DIR)', async () => {
    const invite = await admin<{ inviteCode: string }>(server.databaseUrl, 'invite:create', '--team', teamId, '--role', 'rep');
    const wei = await launchProfile({ locale: 'zh-CN' });
    try {
      await serveSite(wei.context, 'https://mail.google.com', fixture('gmail/mailbox.html'));
      const joined = await joinTeam(wei, {
        server: server.url,
        code: invite.inviteCode,
        name: '王伟',
        email: 'wang.wei@sidenote-demo.com',
      });
      await expectText(testId(joined, 'joined-as'), '王伟', 20_000);
      await joined.close();
      const w = await openSidebar(wei, LI_LEI, '李雷');
      await testId(w.sidebar, 'search-input').fill('报价');
      await expectText(testId(w.sidebar, 'search-result').locator('.search-customer'), 'Northwind Traders', 30_000);
      expect(await testId(w.sidebar, 'search-input').getAttribute('placeholder')).toBe('搜索客户和备注');
      await expectText(w.sidebar.locator('.search-summary'), /找到 1 条/);
      const fontSize = await testId(w.sidebar, 'search-result')
        .locator('.search-text')
        .evaluate((el) => getComputedStyle(el).fontSize);
      expect(parseFloat(fontSize)).toBeGreaterThanOrEqual(13);
      const popup = await wei.context.newPage();
      await popup.setViewportSize({ width: 420, height: 600 });
      await popup.goto(wei.url('popup.html'));
      await testId(popup, 'search-input').fill('托盘');
      await expectText(testId(popup, 'search-result').first().locator('mark'), '托盘', 20_000);
      if (process.env.SHOTS_DIR) {
        for (const size of [
          { width: 1280, height: 720 },
          { width: 1440, height: 900 },
        ]) {
          await w.page.setViewportSize(size);
          await w.page.screenshot({ path: `${process.env.SHOTS_DIR}/search-sidebar-zh-${size.width}.png` });
        }
        await popup.screenshot({ path: `${process.env.SHOTS_DIR}/search-popup-zh.png` });
        const b = await openSidebar(ben, LI_LEI, '李雷');
        await testId(b.sidebar, 'search-input').fill('pallet 报价');
        await testId(b.sidebar, 'search-result').first().waitFor();
        for (const size of [
          { width: 1280, height: 720 },
          { width: 1440, height: 900 },
        ]) {
          await b.page.setViewportSize(size);
          await b.page.screenshot({ path: `${process.env.SHOTS_DIR}/search-sidebar-en-${size.width}.png` });
        }
        const p = await ben.context.newPage();
        await p.setViewportSize({ width: 420, height: 600 });
        await p.goto(ben.url('popup.html'));
        await testId(p, 'search-input').fill('north');
        await testId(p, 'search-result').first().waitFor();
        await p.screenshot({ path: `${process.env.SHOTS_DIR}/search-popup-en.png` });
      }
    } finally {
      await wei.close();
    }
  });
});
