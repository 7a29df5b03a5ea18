import { afterEach, describe, expect, it } from 'vitest';
import { seedStore } from '../../bench/lib/store-seed';
import {
  admin,
  expectText,
  fixture,
  joinTeam,
  launchProfile,
  serveSite,
  sidebarOf,
  startServer,
  testId,
  THREADS,
  type Profile,
  type ServerProcess,
} from './harness';
import { TeamDevice } from './team';

/**
 * A new device of a big team: the customer on screen is in the sidebar long before the team's
 * whole history has arrived (POST /v1/lookup), while the progress bar counts the rest.
 */
describe('first sync of a big team', () => {
  let server: ServerProcess | undefined;
  const profiles: Profile[] = [];
  afterEach(async () => {
    await Promise.all(profiles.splice(0).map((p) => p.close()));
    await server?.stop();
  });

  it('shows the customer on screen while the rest of the history is still arriving', { timeout: 300_000 }, async () => {
    server = await startServer();
    const { databaseUrl } = server;
    const team = await admin<{ teamId: string; inviteCode: string }>(
      databaseUrl,
      'team:create',
      '--name',
      'Big Team',
      '--domain',
      'sidenote-demo.com',
    );
    const res = await fetch(`${server.url}/v1/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: team.inviteCode, name: 'Big Admin', email: 'admin@sidenote-demo.com' }),
    });
    expect(res.status).toBe(200);
    const seeder = (await res.json()) as { token: string; member: { id: string } };
    await server.stop();
    await seedStore(databaseUrl, {
      teamId: team.teamId,
      memberIds: [seeder.member.id],
      scale: { customers: 3_000, notes: 60_000, tasks: 3_000 },
      now: Date.now(),
    });
    server = await startServer(databaseUrl, server.port);
    // Written last, so its rows are in the pull's last page.
    const northwind = crypto.randomUUID();
    await new TeamDevice(server.url, { token: seeder.token, memberId: seeder.member.id, name: 'Big Admin' }).push(
      {
        name: 'createCustomer',
        args: {
          id: northwind,
          name: 'Northwind Traders',
          identities: [{ id: crypto.randomUUID(), kind: 'domain', value: 'northwind-traders.com' }],
        },
      },
      {
        name: 'createNote',
        args: {
          id: crypto.randomUUID(),
          customerId: northwind,
          body: 'Raj wants the Q3 pallet quote by Friday',
          kind: 'note',
          visibility: 'team',
        },
      },
    );
    const rep = await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', team.teamId, '--role', 'rep');

    const ben = await launchProfile();
    profiles.push(ben);
    await serveSite(ben.context, 'https://mail.google.com', fixture('gmail/mailbox.html'));
    const gmail = await ben.context.newPage();
    await gmail.goto(THREADS.northwindRaj);
    const sidebar = await sidebarOf(gmail);
    await joinTeam(ben, { server: server.url, code: rep.inviteCode, name: 'Ben Okoro', email: 'ben.okoro@sidenote-demo.com' });

    // The note is there, and the sync is still counting the rest.
    await testId(sidebar, 'note-item').filter({ hasText: 'Raj wants the Q3 pallet quote' }).waitFor({ timeout: 60_000 });
    const progress = testId(sidebar, 'sync-progress');
    expect(await progress.count(), 'the first sync is still arriving when the customer shows').toBe(1);
    const [done, total] = await progress.evaluate((el: HTMLProgressElement) => [el.value, el.max]);
    expect(done).toBeLessThan(total);
    await expectText(testId(sidebar, 'customer-name'), 'Northwind Traders');
    // In the end the whole history is here, the early rows among it.
    await expectText(testId(sidebar, 'sync-status'), 'Synced', 240_000);
    expect(await testId(sidebar, 'note-item').filter({ hasText: 'Raj wants the Q3 pallet quote' }).count()).toBe(1);
  });
});
