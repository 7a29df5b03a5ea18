import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  expectCount,
  expectText,
  joinTeam,
  launchProfile,
  startServer,
  testId,
  type Profile,
  type ServerProcess,
} from './harness';
import { createInvite, createTeam, joinMembers, TEAM_DOMAIN, TeamDevice } from './team';

const HOUR = 3_600_000;
const FIRST = 'Call Northwind back about the pallets';
const SECOND = 'Send Northwind the Q3 price list';

/** What the screen kept from the last opening looked like, recorded by an init script the moment it appeared. */
interface KeptSeen {
  text: string;
  inert: boolean;
  testIds: number;
  appHidden: boolean;
}

/** Before the popup's scripts: records the kept screen (`.popup-snapshot`) if one ever appears. */
const RECORD_KEPT = `(() => {
  window.__kept = null;
  const observer = new MutationObserver(() => {
    const kept = document.querySelector('.popup-snapshot');
    if (!kept || window.__kept) return;
    window.__kept = {
      text: kept.textContent,
      inert: kept.inert,
      testIds: kept.querySelectorAll('[data-testid]').length,
      appHidden: document.getElementById('app').hidden,
    };
  });
  observer.observe(document, { childList: true, subtree: true });
})()`;

/**
 * The popup shows the screen kept from its last opening at once, while its code loads and the
 * background (perhaps stopped, as the browser stops it when idle) reads the view; the live popup
 * then replaces it. A kept screen is never shown to another session than the one it was taken in.
 */
describe('the popup’s kept screen', () => {
  let server: ServerProcess;
  let teamId: string;
  let ana: Profile;
  let ben: TeamDevice;
  let anaId: string;
  let northwind: string;

  beforeAll(async () => {
    server = await startServer();
    const team = await createTeam(server.databaseUrl, 'Kept Screens');
    teamId = team.teamId;
    ana = await launchProfile();
    const page = await joinTeam(ana, { server: server.url, code: team.inviteCode, name: 'Ana Souza', email: `ana.souza@${TEAM_DOMAIN}` });
    await expectText(testId(page, 'joined-as'), 'Ana Souza', 20_000);
    await page.close();
    const [benMember] = await joinMembers(
      server,
      server.databaseUrl,
      teamId,
      [{ name: 'Ben Okoro', email: `ben.okoro@${TEAM_DOMAIN}` }],
      'rep',
    );
    ben = new TeamDevice(server.url, benMember!);
    anaId = (await ben.pullAll()).rows.members.find((m) => m.name === 'Ana Souza')!.id;
    northwind = randomUUID();
    await ben.push(
      {
        name: 'createCustomer',
        args: {
          id: northwind,
          name: 'Northwind Traders',
          identities: [{ id: randomUUID(), kind: 'domain', value: 'northwind-traders.com' }],
        },
      },
      {
        name: 'createTask',
        args: { id: randomUUID(), customerId: northwind, title: FIRST, dueAt: Date.now() - 2 * HOUR, assigneeId: anaId },
      },
    );
  });

  afterAll(async () => {
    await ana?.close();
    await server?.stop();
  });

  /** Opens the popup with the kept screen recorded; resolves once the live popup shows `items` overdue follow-ups. */
  async function openPopup(profile: Profile, items: number): Promise<{ page: Page; kept: KeptSeen | null }> {
    const page = await profile.context.newPage();
    await page.addInitScript(RECORD_KEPT);
    await page.goto(profile.url('popup.html'));
    await expectCount(testId(page, 'overdue-item'), items, 20_000);
    return { page, kept: await page.evaluate(() => (window as unknown as { __kept: KeptSeen | null }).__kept) };
  }

  /** What the extension holds in storage.session, read from one of its pages. */
  const sessionStorage = (page: Page) => page.evaluate<Record<string, unknown>>('chrome.storage.session.get(null)');

  it('shows the last screen at once on the next opening, also after the worker stopped, then the live one', async () => {
    // The first opening has nothing kept: the live popup, which keeps its screen.
    const first = await openPopup(ana, 1);
    expect(first.kept).toBeNull();
    await eventually(
      async () => JSON.stringify((await sessionStorage(first.page)).popupSnapshot ?? null),
      (kept) => kept.includes(FIRST),
      'the first screen kept',
    );
    await first.page.close();

    // A follow-up arrives for Ana meanwhile; the browser stops the idle worker.
    await ben.push({
      name: 'createTask',
      args: { id: randomUUID(), customerId: northwind, title: SECOND, dueAt: Date.now() - HOUR, assigneeId: anaId },
    });
    const options = await ana.context.newPage();
    await options.goto(ana.url('options.html'));
    await eventually(
      () =>
        options.evaluate(
          () =>
            new Promise<number>((done) => {
              const open = indexedDB.open('sidenote');
              open.onsuccess = () => {
                const request = open.result.transaction('tasks', 'readonly').objectStore('tasks').count();
                request.onsuccess = () => {
                  done(request.result);
                  open.result.close();
                };
              };
            }),
        ),
      (n) => n === 2,
      'the second follow-up in Ana’s copy',
      20_000,
    );
    const cdp = await ana.context.newCDPSession(options);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');

    // The next opening shows the last screen (the first follow-up only), inert and without test
    // ids, with the live popup hidden; then the live popup, with both, in its place.
    const second = await openPopup(ana, 2);
    expect(second.kept).not.toBeNull();
    expect(second.kept!.text).toContain(FIRST);
    expect(second.kept!.text).not.toContain(SECOND);
    expect(second.kept!.inert).toBe(true);
    expect(second.kept!.testIds).toBe(0);
    expect(second.kept!.appHidden).toBe(true);
    await expectCount(second.page.locator('.popup-snapshot'), 0);
    expect(await second.page.locator('#app').isVisible()).toBe(true);
    await expectCount(testId(second.page, 'overdue-item').filter({ hasText: SECOND }), 1);
    // And it keeps the new screen in turn.
    await eventually(
      async () => JSON.stringify((await sessionStorage(second.page)).popupSnapshot ?? null),
      (kept) => kept.includes(SECOND),
      'the second screen kept',
    );
    await second.page.close();
    await options.close();
  });

  it('never shows a signed-out device, nor the next member on it, the last member’s screen', async () => {
    const before = await openPopup(ana, 2);
    await eventually(async () => Boolean((await sessionStorage(before.page)).popupSnapshot), Boolean, 'a kept screen');
    await before.page.close();

    const options = await ana.context.newPage();
    await options.goto(ana.url('options.html'));
    options.once('dialog', (dialog) => void dialog.accept());
    await testId(options, 'leave').click();
    await eventually(
      async () => Object.keys(await sessionStorage(options)),
      (keys) => !keys.includes('popupSnapshot') && !keys.includes('popupSnapshotOwner'),
      'the kept screen and its owner gone with the session',
    );

    // Signed out: the popup says so, and shows nothing kept first.
    const signedOut = await ana.context.newPage();
    await signedOut.addInitScript(RECORD_KEPT);
    await signedOut.goto(ana.url('popup.html'));
    await expectText(signedOut.locator('main.popup > p'), 'Join your team to see and write shared notes here.');
    expect(await signedOut.evaluate(() => (window as unknown as { __kept: unknown }).__kept)).toBeNull();
    await signedOut.close();

    // Another member joins on this browser: their first opening shows nothing of Ana's.
    const repCode = await createInvite(server.databaseUrl, teamId, 'rep');
    await testId(options, 'server-url').fill(server.url);
    await testId(options, 'invite-code').fill(repCode);
    await testId(options, 'display-name').fill('Carla Diaz');
    await testId(options, 'member-email').fill(`carla.diaz@${TEAM_DOMAIN}`);
    await testId(options, 'join').click();
    await expectText(testId(options, 'joined-as'), 'Carla Diaz', 20_000);
    const carla = await ana.context.newPage();
    await carla.addInitScript(RECORD_KEPT);
    await carla.goto(ana.url('popup.html'));
    await expectText(carla.locator('main.popup h1'), 'Sidenote', 20_000);
    await expectCount(testId(carla, 'overdue-item'), 0);
    expect(await carla.evaluate(() => (window as unknown as { __kept: unknown }).__kept)).toBeNull();
    await carla.close();
    await options.close();
  });
});
