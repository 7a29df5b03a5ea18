import { afterAll, beforeAll, describe, it } from 'vitest';
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
  type Profile,
  type ServerProcess,
} from './harness';

const NORTHWIND_JOAN = 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f601';
const NORTHWIND_RAJ = 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f6ff';

/**
 * Live and offline sync between two real browser profiles: a teammate's open sidebar updates
 * without a reload, notes written offline arrive after reconnecting, and a service worker
 * stopped with a non-empty outbox loses nothing.
 */
describe('sync between teammates', () => {
  let server: ServerProcess;
  let ana: Profile;
  let ben: Profile;

  beforeAll(async () => {
    server = await startServer();
    const team = await admin<{ teamId: string; inviteCode: string }>(
      server.databaseUrl,
      'team:create',
      '--name',
      'Live Sales',
      '--domain',
      'sidenote-demo.com',
    );
    const rep = await admin<{ inviteCode: string }>(server.databaseUrl, 'invite:create', '--team', team.teamId, '--role', 'rep');
    [ana, ben] = await Promise.all([launchProfile(), launchProfile()]);
    for (const [profile, code, name, email] of [
      [ana, team.inviteCode, 'Ana Souza', 'ana.souza@sidenote-demo.com'],
      [ben, rep.inviteCode, 'Ben Okoro', 'ben.okoro@sidenote-demo.com'],
    ] as const) {
      await serveSite(profile.context, 'https://mail.google.com', fixture('gmail/mailbox.html'));
      const page = await joinTeam(profile, { server: server.url, code, name, email });
      await expectText(testId(page, 'joined-as'), name);
      await page.close();
    }
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  async function openSidebar(profile: Profile, url: string) {
    const page = await profile.context.newPage();
    await page.goto(url);
    const sidebar = await sidebarOf(page);
    await expectText(testId(sidebar, 'customer-name'), 'Northwind Traders');
    return { page, sidebar };
  }

  async function write(sidebar: Awaited<ReturnType<typeof openSidebar>>['sidebar'], body: string) {
    await testId(sidebar, 'note-input').fill(body);
    await testId(sidebar, 'note-submit').click();
    await testId(sidebar, 'note-item').filter({ hasText: body }).waitFor();
  }

  it("shows a note in the teammate's open sidebar without a reload", async () => {
    const b = await openSidebar(ben, NORTHWIND_RAJ);
    const a = await openSidebar(ana, NORTHWIND_JOAN);
    const body = `Live: MOQ is 500 pallets (${Date.now()})`;
    await write(a.sidebar, body);
    // Well under the one-minute alarm: only the live poke can bring it this fast.
    await testId(b.sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: 10_000 });
    await a.page.close();
    await b.page.close();
  });

  it('keeps notes written offline and delivers all of them after reconnecting', async () => {
    const b = await openSidebar(ben, NORTHWIND_RAJ);
    const a = await openSidebar(ana, NORTHWIND_JOAN);
    await ana.context.setOffline(true);
    const bodies = [1, 2, 3].map((n) => `Offline note ${n} (${Date.now()})`);
    for (const body of bodies) await write(a.sidebar, body);
    await expectText(testId(a.sidebar, 'sync-status'), /3 pending/, 15_000);
    await ana.context.setOffline(false);
    for (const body of bodies) await testId(b.sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: 45_000 });
    await expectText(testId(a.sidebar, 'sync-status'), 'Synced', 45_000);
    await a.page.close();
    await b.page.close();
  });

  it('loses nothing when the service worker is stopped with a non-empty outbox', async () => {
    const a = await openSidebar(ana, NORTHWIND_JOAN);
    // The server goes away, so the note can only wait in the outbox.
    await server.stop();
    const body = `Written before the worker died (${Date.now()})`;
    await write(a.sidebar, body);
    await expectText(testId(a.sidebar, 'sync-status'), /Offline: \d+ pending/, 15_000);
    await a.page.close();

    const extensionPage = await ana.context.newPage();
    await extensionPage.goto(ana.url('options.html'));
    const cdp = await ana.context.newCDPSession(extensionPage);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await extensionPage.close();
    server = await startServer(server.databaseUrl, server.port);

    // A fresh worker starts with the next page that needs it, finds the outbox and sends it.
    const again = await openSidebar(ana, NORTHWIND_JOAN);
    await testId(again.sidebar, 'note-item').filter({ hasText: body }).waitFor();
    await expectText(testId(again.sidebar, 'sync-status'), 'Synced', 45_000);
    const b = await openSidebar(ben, NORTHWIND_RAJ);
    await testId(b.sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: 45_000 });
    await again.page.close();
    await b.page.close();
  });
});
