import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import {
  addFollowUp,
  eventually,
  expectOwner,
  expectText,
  openSidebar,
  ownerIn,
  pickFromMenu,
  sidebarOf,
  testId,
  THREADS,
  twoTeammates,
  type Profile,
  type ServerProcess,
} from './harness';

/** The part of Chrome's extension API these tests read inside extension pages. */
declare const chrome: {
  notifications: { getAll(): Promise<Record<string, boolean>> };
  action: { getBadgeText(details: object): Promise<string> };
};

const { liLei: LI_LEI, northwindJoan: NORTHWIND_JOAN, northwindRaj: NORTHWIND_RAJ } = THREADS;

/** `YYYY-MM-DDTHH:mm:ss` in the browser's local time, for a datetime-local input. */
const localInput = (at: number) => {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

/**
 * Responsibility, end to end: a claim race leaves one owner and tells the loser who won; a
 * hand-off reaches the new owner; a follow-up falling due raises a notification and the badge;
 * a manager's popup shows a rep's missed follow-up.
 */
/** A locator's text, or null while nothing matches it. */
const textOf = async (locator: Locator) => ((await locator.count()) ? locator.first().textContent() : null);

describe('owners and follow-ups', () => {
  let server: ServerProcess;
  let ana: Profile; // admin (manager view)
  let ben: Profile; // rep

  beforeAll(async () => {
    ({ server, ana, ben } = await twoTeammates('Owners'));
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it('leaves exactly one owner after a claim race and tells the loser who won', async () => {
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    const b = await openSidebar(ben, NORTHWIND_RAJ, 'Northwind Traders');
    await Promise.all([testId(a.sidebar, 'claim').click(), testId(b.sidebar, 'claim').click()]);
    // Both settle on the same owner once their claims have reached the server (each first
    // shows its own claim, optimistically).
    const owners = await eventually(
      async () => {
        const texts = [];
        for (const side of [a, b]) {
          texts.push(await ownerIn(side.sidebar), (await testId(side.sidebar, 'sync-status').textContent())?.trim());
        }
        return texts;
      },
      ([ownerA, syncA, ownerB, syncB]) =>
        ownerA === ownerB && syncA === 'Synced' && syncB === 'Synced' && /^(Ana Souza|Ben Okoro)$/.test(ownerA ?? ''),
      'both sidebars showing one owner, synced',
      30_000,
    );
    const winner = owners[0]!;
    const loser = winner === 'Ana Souza' ? b : a;
    // The loser hears who won: from the server, which refused the claim it had queued, or, when
    // the winner's claim reached the loser's copy before its own click did (live rows arrive
    // within tens of milliseconds, clicks on two browsers are not simultaneous), from its own
    // copy, which refuses the claim on the spot and queues nothing.
    const told = (text: string | null | undefined) => new RegExp(`${winner} already owns Northwind Traders`).test(text ?? '');
    await eventually(
      async () => ({
        refusal: await textOf(testId(loser.sidebar, 'refusal')),
        onTheSpot: await textOf(testId(loser.sidebar, 'owner-message')),
      }),
      ({ refusal, onTheSpot }) => (told(refusal) && /Your claim was refused/.test(refusal ?? '')) || told(onTheSpot),
      'the loser told who owns Northwind Traders',
      20_000,
    );
    await a.page.close();
    await b.page.close();
  });

  it("hands off to a teammate with a note; the new owner's sidebar pins it until read, and the inbox badge names them", async () => {
    const a = await openSidebar(ana, LI_LEI, '李雷');
    const b = await openSidebar(ben, LI_LEI, '李雷');
    await testId(a.sidebar, 'claim').click();
    await expectOwner(b.sidebar, 'Ana Souza', 20_000);
    await pickFromMenu(a.sidebar, 'customer-owner', 'handoff');
    await testId(a.sidebar, 'handoff-to').selectOption({ label: 'Ben Okoro' });
    await testId(a.sidebar, 'handoff-note').fill('Li Lei wants 2,000 pallets; quote sent on Nov 26.');
    await testId(a.sidebar, 'handoff-submit').click();
    await expectOwner(b.sidebar, 'Ben Okoro', 20_000);
    // The new owner is told, by a notification, even with no sidebar open on the customer.
    const extension = await ben.context.newPage();
    await extension.goto(ben.url('options.html'));
    await eventually(
      () => extension.evaluate(() => chrome.notifications.getAll()),
      (all) => Object.keys(all).some((id) => id.startsWith('customer:')),
      "Ben's notification of the hand-off",
      30_000,
    );
    await extension.close();
    // Pinned for the new owner, above the notes, until he has read it; his former owner sees no pin.
    await expectText(testId(b.sidebar, 'handoff-pinned'), /Ana Souza handed this customer to you.*2,000 pallets/s, 10_000);
    expect(await testId(a.sidebar, 'handoff-pinned').count()).toBe(0);
    await testId(b.sidebar, 'handoff-read').click();
    await testId(b.sidebar, 'handoff-pinned').waitFor({ state: 'detached' });
    await b.page.reload();
    const reloaded = await sidebarOf(b.page);
    await expectOwner(reloaded, 'Ben Okoro', 20_000);
    expect(await testId(reloaded, 'handoff-pinned').count()).toBe(0);
    await reloaded.locator('details.history summary').click();
    await expectText(testId(reloaded, 'history-item').first(), /Ana Souza handed off to Ben Okoro.*2,000 pallets/, 10_000);
    // The owner badge Ben sees in his inbox names him too.
    const inbox = await ben.context.newPage();
    await inbox.goto('https://mail.google.com/mail/u/0/#inbox');
    const badge = inbox.locator('[data-sidenote-owner][data-email="li.lei@163.com"]');
    await badge.waitFor({ state: 'attached', timeout: 15_000 });
    await eventually(
      () => badge.getAttribute('data-sidenote-owner'),
      (owner) => owner === 'Ben Okoro',
      'Ben on the badge',
      15_000,
    );
    await inbox.close();
    await a.page.close();
    await b.page.close();
  });

  it('notifies when a follow-up falls due and counts it on the badge', async () => {
    const b = await openSidebar(ben, LI_LEI, '李雷');
    const title = `Send revised quote ${Date.now()}`;
    await addFollowUp(b.sidebar, { title, due: localInput(Date.now() + 6_000) });

    const extension = await ben.context.newPage();
    await extension.goto(ben.url('options.html'));
    const notifications = await eventually(
      () => extension.evaluate(() => chrome.notifications.getAll()),
      (all) => Object.values(all).length > 0 && Object.keys(all).some((id) => id.startsWith('task:')),
      'a follow-up notification',
      40_000,
    );
    expect(Object.keys(notifications).length).toBeGreaterThan(0);
    await eventually(
      () => extension.evaluate(() => chrome.action.getBadgeText({})),
      (text) => text === '1',
      'badge count 1',
      20_000,
    );
    await extension.close();
    await b.page.close();
  });

  it("shows a rep's missed follow-up in the manager's popup, and the rep's own", async () => {
    const b = await openSidebar(ben, NORTHWIND_RAJ, 'Northwind Traders');
    const title = `Confirm delivery window ${Date.now()}`;
    // Northwind's owner is whoever won the claim race: the follow-up is Ben's by choice.
    await addFollowUp(b.sidebar, { title, due: localInput(Date.now() - 3 * 86_400_000), assignee: 'Ben Okoro' });
    await expectText(testId(b.sidebar, 'sync-status'), 'Synced', 20_000);

    const benPopup = await ben.context.newPage();
    await benPopup.goto(ben.url('popup.html'));
    await testId(benPopup, 'overdue-item').filter({ hasText: title }).waitFor({ timeout: 10_000 });
    await benPopup.close();

    const anaPopup = await ana.context.newPage();
    await anaPopup.goto(ana.url('popup.html'));
    await testId(anaPopup, 'tab-team').click();
    const group = testId(anaPopup, 'missed-group').filter({ hasText: 'Ben Okoro' });
    await group.waitFor({ timeout: 30_000 });
    await expectText(group.getByTestId('missed-item').filter({ hasText: title }), /3 d overdue/, 30_000);
    await anaPopup.close();
    await b.page.close();
  });

  it('tells the owner when a teammate asks for a hand-off', async () => {
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    // Whoever won the race, Ana (an admin) makes herself the owner.
    if ((await ownerIn(a.sidebar)) === 'Ben Okoro') {
      await pickFromMenu(a.sidebar, 'customer-owner', 'handoff');
      await testId(a.sidebar, 'handoff-to').selectOption({ label: 'Ana Souza' });
      await testId(a.sidebar, 'handoff-note').fill('Taking Northwind back for the Q3 quote.');
      await testId(a.sidebar, 'handoff-submit').click();
    }
    const b = await openSidebar(ben, NORTHWIND_RAJ, 'Northwind Traders');
    await expectOwner(b.sidebar, 'Ana Souza', 20_000);
    await pickFromMenu(b.sidebar, 'customer-owner', 'ask-handoff');
    await expectText(testId(b.sidebar, 'owner-message'), 'Request sent to Ana Souza as a note.');

    const extension = await ana.context.newPage();
    await extension.goto(ana.url('options.html'));
    await eventually(
      () => extension.evaluate(() => chrome.notifications.getAll()),
      (all) => Object.keys(all).some((id) => id.startsWith('note:')),
      "Ana's notification of Ben's request",
      30_000,
    );
    await extension.close();
    await a.page.close();
    await b.page.close();
  });
});
