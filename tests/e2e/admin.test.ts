import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, expectCount, expectText, joinTeam, launchProfile, startServer, testId, type Profile, type ServerProcess } from './harness';

/**
 * Team administration, end to end in real Chromium against `npm run server`: an admin invites a
 * rep from the options page, the rep joins with the invite link, the admin deactivates them, and
 * the rep's extension is signed out at once (its live socket is closed; its next sync gets 401).
 */
const within = (scope: Locator, id: string) => scope.locator(`[data-testid="${id}"]`);

describe('team administration', () => {
  let server: ServerProcess;
  let ana: Profile; // admin
  let ben: Profile; // rep

  beforeAll(async () => {
    server = await startServer();
    [ana, ben] = await Promise.all([launchProfile(), launchProfile()]);
  });
  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it('invites through the options page, and a deactivated rep is signed out', async () => {
    const team = await admin<{ teamId: string; inviteCode: string; inviteLink: string }>(
      server.databaseUrl,
      'team:create',
      '--name',
      'Admin E2E',
    );
    const anaPage = await joinTeam(ana, { server: server.url, code: team.inviteCode, name: 'Ana Souza', email: 'ana@admin-e2e.com' });
    await expectText(testId(anaPage, 'joined-as'), 'Ana Souza');
    anaPage.on('dialog', (dialog) => void dialog.accept());

    // 1. Ana makes a rep's invite link.
    const members = testId(anaPage, 'admin-members');
    await within(members, 'admin-invite-role').selectOption('rep');
    await within(members, 'admin-invite-create').click();
    const link = within(members, 'admin-invite-link');
    await link.waitFor();
    const inviteLink = new URL(await link.inputValue());
    expect(inviteLink.pathname).toBe('/join');
    expect(inviteLink.origin).toBe(server.url);

    // 2. Ben joins with it: the link carries the server's address and, after #, the code.
    const benPage = await joinTeam(ben, {
      server: inviteLink.origin,
      code: inviteLink.hash.slice(1),
      name: 'Ben Okoro',
      email: 'ben@admin-e2e.com',
    });
    await expectText(testId(benPage, 'joined-as'), 'Ben Okoro');
    await expectCount(within(testId(benPage, 'my-devices'), 'device-row'), 1);
    // A rep has no admin section.
    expect(await testId(benPage, 'admin-members').count()).toBe(0);

    // 3. Ana sees Ben arrive and deactivates him.
    const benRow = members.locator('[data-testid="member-row"]', { hasText: 'Ben Okoro' });
    await benRow.waitFor({ timeout: 20_000 });
    await expectCount(within(benRow, 'device-row'), 1, 20_000);
    await within(benRow, 'member-deactivate').click();
    await expectText(within(members, 'admin-status'), 'Ben Okoro was deactivated and signed out on 1 device(s).');
    await expectText(benRow.locator('.pill'), 'deactivated');

    // 4. Ben's extension is signed out: the options page offers to join again.
    await testId(benPage, 'join').waitFor({ timeout: 20_000 });
    expect(await testId(benPage, 'joined-as').count()).toBe(0);

    // 5. The activity log has it, for Ana.
    await anaPage.reload();
    const log = testId(anaPage, 'admin-activity');
    await expectText(log.locator('[data-type="member.deactivated"]'), /Ana Souza Ben Okoro deactivated/);
  });
});
