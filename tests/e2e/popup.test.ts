import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import {
  eventually,
  expectCount,
  expectText,
  joinTeam,
  launchProfile,
  serveSite,
  startServer,
  testId,
  type Profile,
  type ServerProcess,
} from './harness';
import { createInvite, createTeam, joinMembers, TEAM_DOMAIN, TeamDevice } from './team';

const HOUR = 3_600_000;
const QUOTE = 'Send revised quote for 2,000 pallets';
const CONTRACT = '发送修改后的合同';
const CONTRACT_PAGE = 'https://exmail.qq.com/cgi-bin/readmail?mailid=contract';
const QUOTE_PAGE = 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f601';

/** Noon, `days` calendar days ago (local time, as the browser's): that many days overdue at any hour of today. */
function noonDaysAgo(days: number): number {
  const at = new Date();
  at.setDate(at.getDate() - days);
  return at.setHours(12, 0, 0, 0);
}

/**
 * The manager's popup, end to end in both languages: the team's missed follow-ups on the first
 * screen, opened, nudged and reassigned in place; an undoable Done; joining with an invite link;
 * no serious accessibility violation in the popup or the options page.
 */
describe('popup and joining', () => {
  let server: ServerProcess;
  let teamId: string;
  let ana: Profile; // the team's admin: the manager's view, in English
  let liJing: Profile; // a manager, in Chinese
  let ben: TeamDevice; // a rep, on his own device
  let wang: TeamDevice; // a rep, on hers
  let huaxin: string; // 王芳's customer
  let anaId: string;

  beforeAll(async () => {
    server = await startServer();
    const team = await createTeam(server.databaseUrl, 'Export Sales');
    teamId = team.teamId;
    const managerInvite = await createInvite(server.databaseUrl, teamId, 'manager');
    [ana, liJing] = await Promise.all([launchProfile(), launchProfile({ locale: 'zh-CN' })]);
    for (const [profile, code, name, email] of [
      [ana, team.inviteCode, 'Ana Souza', `ana.souza@${TEAM_DOMAIN}`],
      [liJing, managerInvite, '李静', `li.jing@${TEAM_DOMAIN}`],
    ] as const) {
      const page = await joinTeam(profile, { server: server.url, code, name, email });
      await expectText(testId(page, 'joined-as'), name, 20_000);
      await page.close();
    }
    const [benMember, wangMember] = await joinMembers(
      server,
      server.databaseUrl,
      teamId,
      [
        { name: 'Ben Okoro', email: `ben.okoro@${TEAM_DOMAIN}` },
        { name: '王芳', email: `wang.fang@${TEAM_DOMAIN}` },
      ],
      'rep',
    );
    ben = new TeamDevice(server.url, benMember!);
    wang = new TeamDevice(server.url, wangMember!);
    anaId = (await ben.pullAll()).rows.members.find((m) => m.name === 'Ana Souza')!.id;

    // Ben's quote is 3 days late (past the team's 2-day limit: escalated); Wang's contract a day.
    const northwind = randomUUID();
    huaxin = randomUUID();
    await ben.push(
      {
        name: 'createCustomer',
        args: {
          id: northwind,
          name: 'Northwind Traders',
          identities: [{ id: randomUUID(), kind: 'domain', value: 'northwind-traders.com' }],
        },
      },
      { name: 'claimCustomer', args: { customerId: northwind, eventId: randomUUID() } },
      {
        name: 'createTask',
        args: {
          id: randomUUID(),
          customerId: northwind,
          title: QUOTE,
          dueAt: noonDaysAgo(3),
          source: { site: 'gmail', url: QUOTE_PAGE, title: 'Pallet pricing for Q3' },
        },
      },
      // One for the manager herself, an hour late, to mark done.
      {
        name: 'createTask',
        args: {
          id: randomUUID(),
          customerId: northwind,
          title: 'Approve the Northwind discount',
          dueAt: Date.now() - HOUR,
          assigneeId: anaId,
        },
      },
    );
    await wang.push(
      {
        name: 'createCustomer',
        args: { id: huaxin, name: '华信包装', identities: [{ id: randomUUID(), kind: 'domain', value: 'huaxin-pack.com' }] },
      },
      { name: 'claimCustomer', args: { customerId: huaxin, eventId: randomUUID() } },
      { name: 'createTask', args: { id: randomUUID(), customerId: huaxin, title: CONTRACT, dueAt: noonDaysAgo(1) } },
    );
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), liJing?.close()]);
    await server?.stop();
  });

  async function openPopup(profile: Profile): Promise<Page> {
    const page = await profile.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(profile.url('popup.html'));
    return page;
  }

  it("shows a rep's missed follow-up on a manager's first screen, with the Team tab's count", async () => {
    const popup = await openPopup(ana);
    const quote = testId(popup, 'missed-item').filter({ hasText: QUOTE });
    await quote.waitFor({ timeout: 30_000 });
    expect(await quote.isVisible()).toBe(true);
    await expectText(quote, /Northwind Traders.*3 d overdue.*escalated.*Assignee: Ben Okoro/);
    expect(await quote.getByTestId('missed-open').getAttribute('href')).toBe(QUOTE_PAGE);
    await expectText(testId(popup, 'missed-item').filter({ hasText: CONTRACT }), /华信包装.*1 d overdue.*Assignee: 王芳/);
    await expectText(testId(popup, 'tab-team'), 'Team2');
    expect(await testId(popup, 'tab-team').getAttribute('aria-selected')).toBe('false');
    // The manager's own follow-up is hers, not the team's.
    await expectText(testId(popup, 'overdue-item'), /Approve the Northwind discount/);
    await popup.close();
  });

  it("shows a rep's missed follow-up on a manager's first screen in Chinese", async () => {
    const popup = await openPopup(liJing);
    const quote = testId(popup, 'missed-item').filter({ hasText: QUOTE });
    await quote.waitFor({ timeout: 30_000 });
    await expectText(quote, /逾期 3 天.*已升级.*执行人：Ben Okoro/);
    await expectText(testId(popup, 'missed-item').filter({ hasText: CONTRACT }), /逾期 1 天.*执行人：王芳/);
    // Ana's own late follow-up is the team's to 李静.
    await expectText(testId(popup, 'tab-team'), '团队3');
    await expectText(testId(popup, 'tab-team').locator('.count'), '3');
    expect(await testId(popup, 'tab-team').locator('.count').getAttribute('aria-label')).toBe('逾期 3 条');
    await popup.close();
  });

  it('nudges the assignee with a note that mentions them, and reassigns in place', async () => {
    const popup = await openPopup(ana);
    const quote = testId(popup, 'missed-item').filter({ hasText: QUOTE });
    await quote.getByTestId('missed-nudge').click();
    await expectText(quote.getByRole('status'), 'Reminder sent to Ben Okoro.');
    expect(await quote.getByTestId('missed-nudge').isDisabled()).toBe(true);
    const nudges = await eventually(
      async () => (await ben.pullAll()).rows.notes.filter((n) => n.body.includes(QUOTE)),
      (notes) => notes.length > 0,
      "the nudge in Ben's data",
      20_000,
    );
    expect(nudges).toEqual([
      expect.objectContaining({
        kind: 'note',
        mentions: [ben.member.memberId],
        body: expect.stringMatching(/^Reminder from Ana Souza: “Send revised quote/),
      }),
    ]);

    const contract = testId(popup, 'missed-item').filter({ hasText: CONTRACT });
    await contract.getByTestId('missed-reassign').click();
    await contract.getByTestId('reassign-to').selectOption({ label: 'Ben Okoro' });
    await contract.getByTestId('reassign-submit').click();
    await expectText(contract.getByRole('status'), 'Reassigned to Ben Okoro.');
    await expectText(contract, /Assignee: Ben Okoro/, 10_000);
    await eventually(
      async () => (await wang.pullAll()).rows.tasks.find((t) => t.title === CONTRACT)?.assigneeId,
      (assignee) => assignee === ben.member.memberId,
      'the contract follow-up reassigned to Ben on the server',
      20_000,
    );
    await popup.close();
  });

  it('marks a follow-up done quietly, with an Undo that brings it back', async () => {
    const popup = await openPopup(ana);
    const mine = testId(popup, 'overdue-item').filter({ hasText: 'Approve the Northwind discount' });
    await mine.getByTestId('popup-done').click();
    const done = testId(popup, 'done-item');
    await expectText(done, /Done: Approve the Northwind discount/);
    // The Undo has the focus, so a keyboard user takes it back with Enter.
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('popup-undo');
    await popup.keyboard.press('Enter');
    await mine.waitFor({ timeout: 10_000 });
    await expectCount(done, 0);
    // Done for good: the Undo goes after a few seconds, and the server has it done.
    await mine.getByTestId('popup-done').click();
    await expectCount(done, 1);
    await expectCount(done, 0, 15_000);
    await expectCount(mine, 0);
    await eventually(
      async () => (await ben.pullAll()).rows.tasks.find((t) => t.title === 'Approve the Northwind discount')?.doneBy,
      (doneBy) => doneBy === anaId,
      'the follow-up done by Ana on the server',
      20_000,
    );
    await popup.close();
  });

  it('moves between the tabs with the arrow keys, and the Team tab acts on its items too', async () => {
    const popup = await openPopup(ana);
    await testId(popup, 'tab-mine').focus();
    await popup.keyboard.press('ArrowRight');
    expect(await testId(popup, 'tab-team').getAttribute('aria-selected')).toBe('true');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-team');
    const group = testId(popup, 'missed-group').filter({ hasText: 'Ben Okoro' });
    await expectText(group, /Ben Okoro · 2 missed.*1 escalated/, 20_000);
    await expectText(group.getByTestId('missed-item').first(), /Send revised quote/);
    expect(await group.getByTestId('missed-reassign').first().isVisible()).toBe(true);
    // This week's rows are the people with customers or follow-ups: not 李静, a manager with neither.
    await expectCount(testId(popup, 'week-row'), 3);
    expect(await testId(popup, 'week-row').locator('.week-name').allTextContents()).toEqual(['Ana Souza', 'Ben Okoro', '王芳']);
    // 王芳's contract was made on no page, and 华信包装 was never written about on one: Open says so.
    const contract = testId(popup, 'missed-item').filter({ hasText: CONTRACT });
    await contract.getByTestId('missed-open').click();
    await expectText(contract.getByRole('status'), 'No page recorded to open');
    // Once she writes about it on a page, Open looks that page up when clicked, and opens it.
    await serveSite(ana.context, 'https://exmail.qq.com', '<!doctype html><title>合同</title><p>合同</p>');
    await wang.push({
      name: 'createNote',
      args: {
        id: randomUUID(),
        customerId: huaxin,
        body: '合同已发出',
        kind: 'note',
        visibility: 'team',
        source: { site: 'exmail', url: CONTRACT_PAGE, title: '合同' },
      },
    });
    const opened = await eventually(
      async () => {
        const tab = ana.context.waitForEvent('page', { timeout: 2_000 });
        await contract.getByTestId('missed-open').click();
        const page = await tab;
        await page.waitForURL(CONTRACT_PAGE, { timeout: 2_000 }).catch(() => undefined);
        const url = page.url();
        await page.close();
        return url;
      },
      (url) => url === CONTRACT_PAGE,
      'the contract page opened from the Team tab',
      20_000,
    );
    expect(opened).toBe(CONTRACT_PAGE);
    await testId(popup, 'tab-team').focus();
    await popup.keyboard.press('ArrowLeft');
    expect(await testId(popup, 'tab-mine').getAttribute('aria-selected')).toBe('true');
    await popup.close();
  });

  it('has no serious accessibility violation in the popup and the options page, in English and Chinese', async () => {
    for (const profile of [ana, liJing]) {
      const popup = await openPopup(profile);
      await testId(popup, 'missed-item').first().waitFor({ timeout: 20_000 });
      expect(await seriousViolations(popup), 'popup, first screen').toEqual([]);
      await testId(popup, 'tab-team').click();
      await testId(popup, 'week-row').first().waitFor({ timeout: 20_000 });
      expect(await seriousViolations(popup), 'popup, Team tab').toEqual([]);
      await popup.close();
      const options = await profile.context.newPage();
      await options.goto(profile.url('options.html'));
      await testId(options, 'joined-as').waitFor();
      expect(await seriousViolations(options), 'options, signed in').toEqual([]);
      await options.close();
    }
  });

  describe('joining', () => {
    let profile: Profile;
    beforeAll(async () => {
      profile = await launchProfile({ locale: 'zh-CN' });
    });
    afterAll(async () => {
      await profile?.close();
    });

    it('takes the server from a pasted invite link, names wrong fields in words, and says what to do next', async () => {
      const options = await profile.context.newPage();
      await options.goto(profile.url('options.html'));
      expect(await seriousViolations(options), 'options, join form').toEqual([]);
      // A plain code leaves the server as typed.
      await testId(options, 'server-url').fill('https://crm.example.com/sidenote');
      await testId(options, 'invite-code').fill('SN-AAAA-BBBB-CCCC');
      expect(await testId(options, 'server-url').inputValue()).toBe('https://crm.example.com/sidenote');
      // A link fills it in.
      const inviteCode = await createInvite(server.databaseUrl, teamId, 'rep');
      await testId(options, 'invite-code').fill(`${server.url}/join#${inviteCode}`);
      expect(await testId(options, 'server-url').inputValue()).toBe(server.url);
      expect(await testId(options, 'invite-code').inputValue()).toBe(inviteCode);
      await testId(options, 'display-name').fill('陈明');
      await testId(options, 'member-email').fill('chen.ming');
      await testId(options, 'join').click();
      await expectText(testId(options, 'member-email-error'), '请填写工作邮箱，例如 name@company.com。');
      expect(await options.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('member-email');
      expect(await seriousViolations(options), 'options, a field to fix').toEqual([]);
      await testId(options, 'member-email').fill(`chen.ming@${TEAM_DOMAIN}`);
      await testId(options, 'join').click();
      await expectText(testId(options, 'joined-as'), '陈明', 20_000);
      await expectText(testId(options, 'join-next'), /^已加入团队。接下来：.*侧边栏/);
      await options.close();
    });
  });
});
