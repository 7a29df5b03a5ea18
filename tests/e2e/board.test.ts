import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { expectText, openSidebar, testId, THREADS, twoTeammates, type Profile, type ServerProcess } from './harness';
import { joinMembers, TEAM_DOMAIN, TeamDevice } from './team';

const DAY = 86_400_000;
const RULE_TITLE = 'Chase the quote';

/**
 * The team's board end to end: the admin writes the stage rules in the options page; a manager
 * drags a rep's card to another stage and the rep's sidebar shows the new stage and the rule's
 * follow-up; a goal counts the follow-up the rep completes; a customer left idle past its
 * stage's limit shows in its owner's popup.
 */
describe('the team board', () => {
  let server: ServerProcess;
  let ana: Profile; // the admin: the manager's view
  let ben: Profile; // a rep
  let teamId: string;
  let northwind: string;

  beforeAll(async () => {
    ({ server, ana, ben, teamId } = await twoTeammates('Board Sales'));
    // 1. The SOP, as an admin writes it: entering "quoted" makes a follow-up in 2 days; a lead idle 3 days goes cold.
    const options = await ana.context.newPage();
    await options.goto(ana.url('options.html'));
    const quoted = options.locator('[data-testid="rule-row"][data-stage="quoted"]');
    await quoted.getByTestId('rule-followup-days').fill('2');
    await quoted.getByTestId('rule-title').fill(RULE_TITLE);
    await options.locator('[data-testid="rule-row"][data-stage="lead"]').getByTestId('rule-idle-days').fill('3');
    await testId(options, 'rules-save').click();
    await options.getByText('Saved').first().waitFor();
    await options.close();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([ana?.close(), ben?.close()]);
    await server?.stop();
  });

  it("a manager drags a rep's card to another stage: the rep's sidebar shows the stage and the rule's follow-up", async () => {
    const b = await openSidebar(ben, THREADS.northwindJoan, 'Northwind Traders');
    await testId(b.sidebar, 'claim').click();
    await b.sidebar.locator('[data-owner="Ben Okoro"]').first().waitFor({ timeout: 15_000 });

    const board = await ana.context.newPage();
    await board.goto(ana.url('board.html'));
    const card = board.locator('[data-testid="board-card"]').filter({ hasText: 'Northwind Traders' });
    await card.waitFor({ timeout: 20_000 });
    northwind = (await card.getAttribute('data-customer-id'))!;
    expect(await board.locator('[data-testid="board-column"][data-stage="lead"]').getByText('Northwind Traders').count()).toBe(1);
    await card.dragTo(board.locator('[data-testid="board-column"][data-stage="quoted"] .column-cards'));
    await board.locator(`[data-testid="board-column"][data-stage="quoted"] [data-customer-id="${northwind}"]`).waitFor({ timeout: 10_000 });
    await expectText(testId(board, 'board-status'), /Northwind Traders moved to Quoted/);

    // The rep's sidebar: the new stage, and the follow-up the stage's rule made, for him.
    await expect.poll(() => testId(b.sidebar, 'stage').inputValue(), { timeout: 15_000 }).toBe('quoted');
    await testId(b.sidebar, 'task-item').filter({ hasText: RULE_TITLE }).waitFor({ timeout: 15_000 });

    // Keyboard too: Shift+→ moves the focused card one stage on.
    const moved = board.locator(`[data-customer-id="${northwind}"]`);
    await moved.focus();
    await moved.press('Shift+ArrowRight');
    await board
      .locator(`[data-testid="board-column"][data-stage="negotiating"] [data-customer-id="${northwind}"]`)
      .waitFor({ timeout: 10_000 });
    await expect.poll(() => testId(b.sidebar, 'stage').inputValue(), { timeout: 15_000 }).toBe('negotiating');
    await testId(board, 'weekly-report').waitFor();
    expect(await seriousViolations(board), 'board page').toEqual([]);
    await board.close();
    await b.page.close();
  });

  it('a goal counts the follow-up the rep completes, on the board and in his popup', async () => {
    const board = await ana.context.newPage();
    await board.goto(ana.url('board.html'));
    await testId(board, 'goal-member').selectOption({ label: 'Ben Okoro' });
    await testId(board, 'goal-metric').selectOption('followUpsOnTime');
    await testId(board, 'goal-target').fill('3');
    await testId(board, 'goal-save').click();
    const row = testId(board, 'goal-row').filter({ hasText: 'Ben Okoro' });
    await expectText(row.getByTestId('goal-progress'), '0 / 3', 15_000);

    const b = await openSidebar(ben, THREADS.northwindJoan, 'Northwind Traders');
    await testId(b.sidebar, 'task-item').filter({ hasText: RULE_TITLE }).getByTestId('task-done').check();
    // Live: the manager's open board counts it as the rep's sync reaches her.
    await expectText(row.getByTestId('goal-progress'), '1 / 3', 20_000);
    const popup = await ben.context.newPage();
    await popup.goto(ben.url('popup.html'));
    await expectText(testId(popup, 'my-goals').getByTestId('goal-progress'), '1 / 3', 15_000);
    await popup.close();
    await b.page.close();
    await board.close();
  });

  it("shows a customer idle past its stage's limit in its owner's popup", async () => {
    // A manager's device made and handed Ben a lead ten days ago; nobody touched it since.
    const [mia] = await joinMembers(
      server,
      server.databaseUrl,
      teamId,
      [{ name: 'Mia Chen', email: `mia.chen@${TEAM_DOMAIN}` }],
      'manager',
    );
    const device = new TeamDevice(server.url, mia!);
    const benId = (await device.pullAll()).rows.members.find((m) => m.name === 'Ben Okoro')!.id;
    const id = randomUUID();
    const at = Date.now() - 10 * DAY;
    await device.push(
      {
        name: 'createCustomer',
        args: { id, name: 'Contoso Pallets', identities: [{ id: randomUUID(), kind: 'domain', value: 'contoso-pallets.com' }] },
        at,
      },
      { name: 'claimCustomer', args: { customerId: id, eventId: randomUUID() }, at },
      { name: 'handOffCustomer', args: { customerId: id, toId: benId, note: 'Yours now', eventId: randomUUID() }, at },
    );
    const popup = await ben.context.newPage();
    await popup.goto(ben.url('popup.html'));
    const item = popup.locator(`[data-testid="rule-breach-item"][data-customer-id="${id}"]`);
    await expectText(item, /Contoso Pallets[\s\S]*quiet 10 days/, 20_000);
    expect(await item.getAttribute('data-kind')).toBe('cold');
    // The popup opens the board.
    const [opened] = await Promise.all([ben.context.waitForEvent('page'), testId(popup, 'open-board').click()]);
    await opened.waitForURL(/board\.html$/);
    await opened.locator(`[data-testid="board-card"][data-customer-id="${id}"]`).waitFor({ timeout: 15_000 });
    await expectText(opened.locator(`[data-customer-id="${id}"] [data-testid="card-breach"]`), 'Going cold');
    await opened.close();
    await popup.close();
  });

  it('in rows by owner, every card of a cell is reached by scrolling it, and Shift+→ moves the focused card a stage on', async () => {
    // 70 leads of one owner: far more than a cell shows, and past the first page it reads.
    const [lin] = await joinMembers(server, server.databaseUrl, teamId, [{ name: 'Lin Wei', email: `lin.wei@${TEAM_DOMAIN}` }], 'manager');
    const device = new TeamDevice(server.url, lin!);
    const LEADS = 70;
    const start = Date.now() - 30 * DAY;
    const ids: string[] = [];
    const mutations: Parameters<TeamDevice['push']> = [];
    for (let i = 0; i < LEADS; i++) {
      const id = randomUUID();
      ids.push(id);
      // Each an hour apart, so the cell's order (quietest first) is the order made.
      const at = start + i * 3_600_000;
      const name = `Lin Lead ${String(i).padStart(2, '0')}`;
      mutations.push(
        { name: 'createCustomer', args: { id, name, identities: [{ id: randomUUID(), kind: 'domain', value: `lin-lead-${i}.com` }] }, at },
        { name: 'claimCustomer', args: { customerId: id, eventId: randomUUID() }, at },
      );
    }
    // A push carries at most 100 mutations.
    for (let i = 0; i < mutations.length; i += 100) await device.push(...mutations.slice(i, i + 100));

    const board = await ana.context.newPage();
    await board.goto(ana.url('board.html'));
    await testId(board, 'layout-owner').click();
    const row = board.locator('[data-testid="owner-row"]').filter({ hasText: 'Lin Wei' });
    const cell = row.locator('[data-testid="board-column"][data-stage="lead"]');
    await expectText(cell.getByTestId('column-count'), String(LEADS), 20_000);
    expect(await cell.locator('[data-testid="board-card"]').count()).toBeLessThan(LEADS);
    // Scrolled to its end, the cell shows its last cards, read as it scrolled.
    await cell.locator('.cell-cards').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await cell.locator(`[data-customer-id="${ids[LEADS - 1]}"]`).waitFor({ timeout: 10_000 });
    // And one from the middle, past the first cards the view sent.
    await cell.locator('.cell-cards').evaluate((el) => (el.scrollTop = 30 * 84));
    await expectText(cell.locator(`[data-customer-id="${ids[30]}"] .card-name`), 'Lin Lead 30', 10_000);

    // The keyboard in this layout: ↓ walks the cell, Shift+→ moves the card to the next stage, same owner.
    await cell.locator('.cell-cards').evaluate((el) => (el.scrollTop = 0));
    const first = cell.locator(`[data-customer-id="${ids[0]}"]`);
    await first.focus();
    await first.press('ArrowDown');
    await expect.poll(() => board.evaluate(() => document.activeElement?.getAttribute('data-customer-id'))).toBe(ids[1]);
    await board.keyboard.press('Shift+ArrowRight');
    await row.locator(`[data-testid="board-column"][data-stage="qualified"] [data-customer-id="${ids[1]}"]`).waitFor({ timeout: 10_000 });
    await expectText(testId(board, 'board-status'), /Lin Lead 01 moved to Qualified/);
    await expectText(cell.getByTestId('column-count'), String(LEADS - 1), 10_000);
    // The focus stays in the cell, on the card now where the moved one was.
    await expect.poll(() => board.evaluate(() => document.activeElement?.getAttribute('data-customer-id'))).toBe(ids[2]);
    expect(await seriousViolations(board), 'board page, rows by owner').toEqual([]);

    // By stage, one owner's column: a card between the first ones sent and the next page is reached too.
    await testId(board, 'layout-stage').click();
    await testId(board, 'filter-owner').selectOption({ label: 'Lin Wei' });
    const column = board.locator('[data-testid="board-column"][data-stage="lead"]');
    await expectText(column.getByTestId('column-count'), String(LEADS - 1), 10_000);
    await column.locator('.column-cards').evaluate((el) => (el.scrollTop = 30 * 84));
    await expectText(column.locator(`[data-index="30"] .card-name`), 'Lin Lead 31', 10_000);
    await board.close();
  });
});
