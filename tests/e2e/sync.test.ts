import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectText, openSidebar, startServer, testId, THREADS, twoTeammates, type Profile, type ServerProcess } from './harness';

const { northwindJoan: NORTHWIND_JOAN, northwindRaj: NORTHWIND_RAJ } = THREADS;

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
    ({ server, ana, ben } = await twoTeammates('Live Sales'));
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  const open = (profile: Profile, url: string) => openSidebar(profile, url, 'Northwind Traders');

  async function write(sidebar: Frame, body: string) {
    await testId(sidebar, 'note-input').fill(body);
    await testId(sidebar, 'note-submit').click();
    await testId(sidebar, 'note-item').filter({ hasText: body }).waitFor();
  }

  it("shows a note in the teammate's open sidebar without a reload", async () => {
    const b = await open(ben, NORTHWIND_RAJ);
    const a = await open(ana, NORTHWIND_JOAN);
    const body = `Live: MOQ is 500 pallets (${Date.now()})`;
    await write(a.sidebar, body);
    // Well under the one-minute alarm: only the live poke can bring it this fast.
    await testId(b.sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: 10_000 });
    await a.page.close();
    await b.page.close();
  });

  it('keeps notes written offline and delivers all of them after reconnecting', async () => {
    const b = await open(ben, NORTHWIND_RAJ);
    const a = await open(ana, NORTHWIND_JOAN);
    await ana.context.setOffline(true);
    const bodies = [1, 2, 3].map((n) => `Offline note ${n} (${Date.now()})`);
    for (const body of bodies) await write(a.sidebar, body);
    // Offline is one word; the count waits in its tooltip.
    await expectText(testId(a.sidebar, 'sync-status'), 'Offline', 15_000);
    await expect.poll(() => testId(a.sidebar, 'sync-status').getAttribute('title')).toMatch(/^3 changes are waiting/);
    await ana.context.setOffline(false);
    for (const body of bodies) await testId(b.sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: 45_000 });
    await expectText(testId(a.sidebar, 'sync-status'), 'Synced', 45_000);
    await a.page.close();
    await b.page.close();
  });

  it('loses nothing when the service worker is stopped with a non-empty outbox', async () => {
    const a = await open(ana, NORTHWIND_JOAN);
    // The server goes away, so the note can only wait in the outbox.
    await server.stop();
    const body = `Written before the worker died (${Date.now()})`;
    await write(a.sidebar, body);
    await expectText(testId(a.sidebar, 'sync-status'), 'Offline', 15_000);
    await a.page.close();

    const extensionPage = await ana.context.newPage();
    await extensionPage.goto(ana.url('options.html'));
    const cdp = await ana.context.newCDPSession(extensionPage);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await extensionPage.close();
    server = await startServer(server.databaseUrl, server.port);

    // A fresh worker starts with the next page that needs it, finds the outbox and sends it.
    const again = await open(ana, NORTHWIND_JOAN);
    await testId(again.sidebar, 'note-item').filter({ hasText: body }).waitFor();
    await expectText(testId(again.sidebar, 'sync-status'), 'Synced', 45_000);
    const b = await open(ben, NORTHWIND_RAJ);
    await testId(b.sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: 45_000 });
    await again.page.close();
    await b.page.close();
  });
});
