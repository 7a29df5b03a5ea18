import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectOwner,
  expectText,
  openSidebar,
  sidebarOf,
  testId,
  THREADS,
  twoTeammates,
  type Profile,
  type ServerProcess,
} from './harness';

const { northwindJoan: NORTHWIND_JOAN, northwindRaj: NORTHWIND_RAJ } = THREADS;

/** Notes a team can rely on, end to end: a change note everyone on the customer must acknowledge. */
describe('change notes', () => {
  let server: ServerProcess;
  let ana: Profile;
  let ben: Profile;

  beforeAll(async () => {
    ({ server, ana, ben } = await twoTeammates('Changes'));
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it('A writes a change on the quote; the owner B sees the banner and acknowledges; A sees "seen by B"', async () => {
    const b = await openSidebar(ben, NORTHWIND_RAJ, 'Northwind Traders');
    await testId(b.sidebar, 'claim').click();
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    await expectOwner(a.sidebar, 'Ben Okoro', 20_000);
    await testId(a.sidebar, 'note-kind').selectOption('change');
    await testId(a.sidebar, 'change-topic').selectOption('quote');
    await testId(a.sidebar, 'change-summary').fill('Unit price down to 9.50 USD');
    await testId(a.sidebar, 'note-input').fill('Agreed on the phone with Raj.');
    await testId(a.sidebar, 'note-submit').click();
    // The author is not asked to acknowledge their own change; the owner is awaited.
    await expectText(testId(a.sidebar, 'seen-by'), /Seen by 0 of 1 — waiting for Ben Okoro/, 20_000);
    expect(await testId(a.sidebar, 'ack-banner').count()).toBe(0);

    await expectText(testId(b.sidebar, 'ack-banner'), /Ana Souza changed the Quote: Unit price down to 9\.50 USD/, 30_000);
    // To look at the screens changed (SHOTS_DIR=/some/dir): the banner and the composer, at both sizes.
    if (process.env.SHOTS_DIR) {
      for (const size of [
        { width: 1280, height: 720 },
        { width: 1440, height: 900 },
      ]) {
        await b.page.setViewportSize(size);
        await b.page.screenshot({ path: `${process.env.SHOTS_DIR}/ack-banner-${size.width}.png` });
        await a.page.setViewportSize(size);
        await a.page.screenshot({ path: `${process.env.SHOTS_DIR}/seen-by-${size.width}.png` });
      }
    }
    await testId(b.sidebar, 'ack').click();
    await testId(b.sidebar, 'ack-banner').waitFor({ state: 'detached', timeout: 10_000 });
    await expectText(testId(a.sidebar, 'seen-by'), /Seen by Ben Okoro/, 30_000);
    // Acknowledged stays acknowledged: no banner after a reload.
    await b.page.reload();
    const again = await sidebarOf(b.page);
    await expectOwner(again, 'Ben Okoro', 20_000);
    await testId(again, 'note-item').first().waitFor({ timeout: 20_000 });
    expect(await testId(again, 'ack-banner').count()).toBe(0);
    await a.page.close();
    await b.page.close();
  });
});
