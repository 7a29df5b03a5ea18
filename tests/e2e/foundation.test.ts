import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admin,
  expectCount,
  expectText,
  fixture,
  joinTeam,
  launchProfile,
  serveSite,
  sidebarOf,
  startServer,
  testId,
  type Profile,
  type ServerProcess,
} from './harness';

/** The part of Chrome's extension API these tests read inside the extension. */
declare const chrome: { i18n: { getMessage(name: string): string } };

/**
 * The walking skeleton, as two teammates live it: both join through the options page, Ana writes
 * a note on a Northwind thread in Gmail, Ben sees it on a thread from another Northwind person.
 */
describe('a note on a Gmail thread reaches a teammate', () => {
  let server: ServerProcess;
  let ana: Profile;
  let ben: Profile;
  let codes: { admin: string; rep: string };

  beforeAll(async () => {
    server = await startServer();
    const team = await admin<{ teamId: string; inviteCode: string }>(
      server.databaseUrl,
      'team:create',
      '--name',
      'Demo Sales',
      '--domain',
      'sidenote-demo.com',
    );
    const invite = await admin<{ inviteCode: string }>(server.databaseUrl, 'invite:create', '--team', team.teamId, '--role', 'rep');
    codes = { admin: team.inviteCode, rep: invite.inviteCode };
    [ana, ben] = await Promise.all([launchProfile(), launchProfile()]);
    await Promise.all([ana, ben].map((p) => serveSite(p.context, 'https://mail.google.com', fixture('gmail/mailbox.html'))));
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it('refuses a wrong invite code in words, then joins with the right one', async () => {
    const wrong = await joinTeam(ben, {
      server: server.url,
      code: 'SN-WRONG-CODE-0000',
      name: 'Ben Okoro',
      email: 'ben.okoro@sidenote-demo.com',
    });
    await expectText(testId(wrong, 'join-error'), /not valid|expired|already used/);
    await wrong.close();

    const page = await joinTeam(ana, { server: server.url, code: codes.admin, name: 'Ana Souza', email: 'ana.souza@sidenote-demo.com' });
    await expectText(testId(page, 'joined-as'), 'Ana Souza');
    await page.close();
  });

  it('refuses an invite code that was already used', async () => {
    const reused = await joinTeam(ben, { server: server.url, code: codes.admin, name: 'Ben Okoro', email: 'ben.okoro@sidenote-demo.com' });
    await expectText(testId(reused, 'join-error'), /already used/);
    await reused.close();
    const page = await joinTeam(ben, { server: server.url, code: codes.rep, name: 'Ben Okoro', email: 'ben.okoro@sidenote-demo.com' });
    await expectText(testId(page, 'joined-as'), 'Ben Okoro');
    await page.close();
  });

  it("shows Ana's note to Ben on another Northwind person's thread, with author", async () => {
    const anaPage = await ana.context.newPage();
    await anaPage.goto('https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f601');
    const anaSidebar = await sidebarOf(anaPage);
    await expectText(testId(anaSidebar, 'customer-name'), 'Northwind Traders');
    await expectText(testId(anaSidebar, 'customer-owner'), 'No owner yet');

    const body = `Pallet price list sent, valid to Dec 31 (${Date.now()})`;
    await testId(anaSidebar, 'note-input').fill(body);
    await testId(anaSidebar, 'note-submit').click();
    await testId(anaSidebar, 'note-item').filter({ hasText: body }).first().waitFor({ state: 'visible' });
    await expectText(testId(anaSidebar, 'sync-status'), 'Synced', 15_000);

    const benPage = await ben.context.newPage();
    await benPage.goto('https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f6ff');
    const benSidebar = await sidebarOf(benPage);
    await expectText(testId(benSidebar, 'customer-name'), 'Northwind Traders');
    const note = testId(benSidebar, 'note-item').filter({ hasText: body });
    await note.first().waitFor({ state: 'visible', timeout: 15_000 });
    await expectText(note, /Ana Souza/);
    await anaPage.close();
    await benPage.close();
  });

  it('follows Gmail navigation: free-mail person, team-only thread, inbox, and back', async () => {
    const page = await ben.context.newPage();
    await page.goto('https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f6ff');
    const sidebar = await sidebarOf(page);
    await expectText(testId(sidebar, 'customer-name'), 'Northwind Traders');

    await page.evaluate(() => (location.hash = '#inbox/18f2a9c3d4e5f777'));
    await expectText(testId(sidebar, 'customer-name'), '李雷');
    await expectCount(testId(sidebar, 'note-item'), 0);

    await page.evaluate(() => (location.hash = '#inbox/18f2a9c3d4e5f888'));
    await sidebar.getByText('everyone here is on your team').first().waitFor({ state: 'visible' });

    // A list has nothing to say: the sidebar folds to its handle there, and opens again on a thread.
    await page.evaluate(() => (location.hash = '#inbox'));
    await sidebar.getByText('Open a conversation').first().waitFor({ state: 'attached' });
    await page.locator('iframe[data-sidenote="sidebar"]').waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Show Sidenote' }).waitFor();

    await page.evaluate(() => (location.hash = '#inbox/18f2a9c3d4e5f601'));
    await page.locator('iframe[data-sidenote="sidebar"]').waitFor({ state: 'visible' });
    await expectText(testId(sidebar, 'customer-name'), 'Northwind Traders');
    await expectCount(testId(sidebar, 'note-item'), 1);
    await page.close();
  });

  it('collapses the sidebar to a slim handle and opens it again, remembered for this kind of view on this site', async () => {
    const page = await ana.context.newPage();
    await page.goto('https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f601');
    const frame = page.locator('iframe[data-sidenote="sidebar"]');
    await frame.first().waitFor({ state: 'visible' });
    const sidebar = await sidebarOf(page);
    await testId(sidebar, 'sidebar-hide').click();
    await frame.first().waitFor({ state: 'hidden' });
    // Collapsed on Gmail threads stays collapsed on the next thread, after a reload too.
    await page.reload();
    await page.getByRole('button', { name: 'Show Sidenote' }).waitFor();
    await frame.first().waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Show Sidenote' }).click();
    await frame.first().waitFor({ state: 'visible' });
    // Esc in the sidebar hides it too, and gives the keyboard back to the handle.
    await testId(await sidebarOf(page), 'note-input').press('Escape');
    await frame.first().waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName.toLowerCase())).toBe('sidenote-sidebar');
    await page.keyboard.press('Enter');
    await frame.first().waitFor({ state: 'visible' });
    await page.close();
  });

  it('answers a malformed push from the real server with a 400 JSON error and writes nothing', async () => {
    const res = await fetch(`${server.url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-token' },
      body: '{"clientID": 42',
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toMatch(/\w+/);
    expect(json.error.message).toMatch(/\w+/);
  });
});

describe('the Chinese UI', () => {
  it('speaks Chinese to a browser set to Chinese, errors included', async () => {
    const profile = await launchProfile({ locale: 'zh-CN' });
    try {
      const page = await profile.context.newPage();
      await page.goto(profile.url('options.html'));
      await expectText(testId(page, 'join'), '加入团队');
      await testId(page, 'server-url').fill('http://127.0.0.1:9');
      await testId(page, 'invite-code').fill('SN-0000-0000-0000');
      await testId(page, 'display-name').fill('李雷');
      await testId(page, 'member-email').fill('li.lei@sidenote-demo.com');
      await testId(page, 'join').click();
      await expectText(testId(page, 'join-error'), /^无法加入：无法连接服务器/);
      // Dates and numbers follow the language the browser picked the words in.
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    } finally {
      await profile.close();
    }
  });

  it("gives the background's service worker (its notifications' words) the browser's language from _locales too", async () => {
    for (const [locale, words] of [
      ['zh-CN', { uiLocale: 'zh-CN', notes_title: '备注' }],
      ['en-US', { uiLocale: 'en', notes_title: 'Notes' }],
    ] as const) {
      const profile = await launchProfile({ locale });
      try {
        const read = await profile.worker.evaluate(
          (names) => Object.fromEntries(names.map((name) => [name, chrome.i18n.getMessage(name)])),
          Object.keys(words),
        );
        expect(read).toEqual(words);
      } finally {
        await profile.close();
      }
    }
  });
});
