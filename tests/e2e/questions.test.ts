import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  expectOwner,
  expectText,
  openSidebar,
  testId,
  THREADS,
  twoTeammates,
  type Profile,
  type ServerProcess,
} from './harness';

/** The part of Chrome's extension API these tests read inside extension pages. */
declare const chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } };

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const { liLei: LI_LEI, northwindJoan: NORTHWIND_JOAN, northwindRaj: NORTHWIND_RAJ } = THREADS;

/** axe-core's serious and critical findings in the sidebar frame. */
async function axeFindings(sidebar: Frame): Promise<string[]> {
  await sidebar.evaluate(AXE);
  return sidebar.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe;
    const { violations } = await axe.run();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Waits for a notification whose id starts with `prefix` in the profile's extension. */
async function notified(profile: Profile, prefix: string, what: string): Promise<void> {
  const page = await profile.context.newPage();
  await page.goto(profile.url('options.html'));
  await eventually(
    () => page.evaluate(() => chrome.notifications.getAll()),
    (all) => Object.keys(all).some((id) => id.startsWith(prefix)),
    what,
    40_000,
  );
  await page.close();
}

/** Saves screenshots of a changed screen at both sizes when SHOTS_DIR is set (to look at them). */
async function shots(page: Page, name: string): Promise<void> {
  if (!process.env.SHOTS_DIR) return;
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}-${size.width}.png` });
  }
}

/** Questions, @mentions and following, end to end in real Chromium against a real server. */
describe('questions, mentions and follows', () => {
  let server: ServerProcess;
  let ana: Profile;
  let ben: Profile;

  beforeAll(async () => {
    ({ server, ana, ben } = await twoTeammates('Questions'));
  });

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it('C asks the owner a question; the owner, notified, answers from the popup; C sees the answer and resolves it', async () => {
    const b = await openSidebar(ben, NORTHWIND_RAJ, 'Northwind Traders');
    await testId(b.sidebar, 'claim').click();
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    await expectOwner(a.sidebar, 'Ben Okoro', 20_000);
    await b.page.close();

    await testId(a.sidebar, 'note-kind').selectOption('question');
    // The owner is whom a question is for by default.
    await expectText(testId(a.sidebar, 'question-to').locator('option:checked'), 'Ben Okoro (owner)');
    await testId(a.sidebar, 'note-input').fill('Is the 9.50 USD price still valid for the March order?');
    await testId(a.sidebar, 'note-submit').click();
    await expectText(testId(a.sidebar, 'question-state'), /Question for Ben Okoro · Waiting for an answer/, 20_000);
    await shots(a.page, 'question-asked');

    await notified(ben, 'question:', "Ben's notification of the question");
    const popup = await ben.context.newPage();
    await popup.goto(ben.url('popup.html'));
    const item = testId(popup, 'question-item');
    await expectText(item, /Ana Souza asks about Northwind Traders.*9\.50 USD price still valid/s, 30_000);
    await shots(popup, 'popup-question');
    await item.locator('[data-testid="answer-input"]').fill('Yes — valid until 31 March, then 9.80.');
    await item.locator('[data-testid="answer-submit"]').click();
    // Answered: off the list of questions waiting for him.
    await item.waitFor({ state: 'detached', timeout: 10_000 });
    await popup.close();

    await expectText(testId(a.sidebar, 'reply-item'), /Ben Okoro.*valid until 31 March, then 9\.80/s, 30_000);
    await expectText(testId(a.sidebar, 'question-state'), /Answered/);
    await notified(ana, 'answer:', "Ana's notification of the answer");
    await shots(a.page, 'question-answered');
    await testId(a.sidebar, 'question-resolve').click();
    await expectText(testId(a.sidebar, 'question-state'), /Resolved/, 10_000);
    expect(await axeFindings(a.sidebar)).toEqual([]);
    await a.page.close();
  });

  it('a mention picked from the teammates’ list by keyboard notifies the mentioned member, who finds it in the popup', async () => {
    const a = await openSidebar(ana, NORTHWIND_JOAN, 'Northwind Traders');
    const input = testId(a.sidebar, 'note-input');
    await input.click();
    await input.pressSequentially('Please call them back @be');
    const list = testId(a.sidebar, 'mention-list');
    await expectText(list, /Ben Okoro/, 5_000);
    expect(await input.getAttribute('aria-activedescendant')).toBe(await testId(a.sidebar, 'mention-option').first().getAttribute('id'));
    expect(await axeFindings(a.sidebar)).toEqual([]);
    await shots(a.page, 'mention-list');
    // Esc closes the list only (the sidebar stays open), and a new @ opens it again.
    await input.press('Escape');
    await list.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await a.page.locator('iframe[data-sidenote="sidebar"]').first().isVisible()).toBe(true);
    await input.press('Backspace');
    await input.press('Backspace');
    await input.press('Backspace');
    await input.pressSequentially('@Be');
    await expectText(list, /Ben Okoro/, 5_000);
    await input.press('Enter');
    await list.waitFor({ state: 'detached', timeout: 5_000 });
    expect(await input.inputValue()).toBe('Please call them back @Ben Okoro ');
    // ↓ and ↑ walk the list (one teammate here: it stays on him) and Enter picked him; the list stays shut after.
    await input.pressSequentially('today.');
    await testId(a.sidebar, 'note-submit').click();
    await expectText(testId(a.sidebar, 'note-item').first(), /@Ben Okoro today\./, 20_000);
    await a.page.close();

    await notified(ben, 'note:', "Ben's notification of the mention");
    const popup = await ben.context.newPage();
    await popup.goto(ben.url('popup.html'));
    await expectText(testId(popup, 'mention-item'), /Ana Souza on Northwind Traders.*@Ben Okoro today\./s, 30_000);
    await testId(popup, 'mention-seen').click();
    await testId(popup, 'mention-item').waitFor({ state: 'detached', timeout: 10_000 });
    await popup.close();
  });

  it('a follower of a customer gets the ack banner of its change notes', async () => {
    // Ana writes first (the customer is made), Ben — neither owner nor assignee — follows it.
    const a = await openSidebar(ana, LI_LEI, '李雷');
    await testId(a.sidebar, 'note-input').fill('First contact at the trade fair.');
    await testId(a.sidebar, 'note-submit').click();
    await testId(a.sidebar, 'note-item').first().waitFor({ timeout: 20_000 });
    const b = await openSidebar(ben, LI_LEI, '李雷');
    const follow = testId(b.sidebar, 'customer-follow');
    await follow.waitFor({ timeout: 20_000 });
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    await follow.click();
    await eventually(
      () => follow.getAttribute('aria-pressed'),
      (v) => v === 'true',
      'Following',
    );
    await shots(b.page, 'following');

    // Ana's change reaches Ben, the follower, as a change to acknowledge; her plain notes as notifications.
    await expectText(testId(a.sidebar, 'note-item').first(), /First contact/, 10_000);
    await eventually(
      () => testId(a.sidebar, 'seen-by').count(),
      (n) => n === 0,
      'no change yet',
    );
    await testId(a.sidebar, 'note-kind').selectOption('change');
    await testId(a.sidebar, 'change-topic').selectOption('requirement');
    await testId(a.sidebar, 'change-summary').fill('Needs 2,000 pallets, not 1,500');
    await testId(a.sidebar, 'note-input').fill('Li Lei called this morning.');
    await testId(a.sidebar, 'note-submit').click();
    await expectText(testId(a.sidebar, 'seen-by'), /waiting for Ben Okoro/, 30_000);
    await expectText(testId(b.sidebar, 'ack-banner'), /Ana Souza changed the Requirement: Needs 2,000 pallets/, 30_000);
    await testId(b.sidebar, 'ack').click();
    await expectText(testId(a.sidebar, 'seen-by'), /Seen by Ben Okoro/, 30_000);
    await a.page.close();
    await b.page.close();
  });
});
