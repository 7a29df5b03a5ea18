import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Member, Task, Team } from '@/model/schemas';
import { followUp, serverRows, transactionsOf } from './testing-db';
import type { BoardFilters, BoardView } from './api';
import { boardCards, boardCounts, boardView, goalRows, ruleBreaches, weeklyReportView, withCounts } from './board-views';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { mutate } from './mutate';
import { ensureClientID } from './requests';
import type { Session } from './session';
import { subscriptionHandlers } from './subscriptions';
import { SyncEngine } from './sync/engine';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Wednesday 2026-11-25 12:00 UTC. */
const NOW = Date.UTC(2026, 10, 25, 12);
const ZONE = 'UTC';
const NONE: BoardFilters = { ownerId: null, stages: [], overdue: false, quiet: false, mine: false };

const team: Team = {
  id: 't1',
  name: 'Export Sales',
  domains: ['sidenote-demo.com'],
  settings: {
    stages: ['lead', 'quoted', 'won'],
    escalationDays: 2,
    staleDays: 14,
    stageRules: [{ stage: 'quoted', nextFollowUpDays: 2, title: 'Chase', idleDays: 3, escalateDays: 6 }],
    goals: [{ id: 'g1', memberId: 'ben', metric: 'stageAdvances', period: 'week', target: 2, startsAt: NOW - 7 * DAY, setBy: 'ana' }],
  },
};
const member = (id: string, name: string, role: Member['role'] = 'rep'): Member => ({
  id,
  teamId: 't1',
  name,
  email: `${id}@sidenote-demo.com`,
  role,
  active: true,
});
const ana = member('ana', 'Ana Souza', 'manager');
const ben = member('ben', 'Ben Okoro');
const session = (m: Member): Session => ({ serverUrl: 'http://127.0.0.1:8787', token: 'x', member: m, team });
const customer = (id: string, extra: Partial<Customer> = {}): Customer => ({
  id,
  name: `Customer ${id}`,
  ownerId: 'ben',
  stage: 'lead',
  createdAt: NOW - 60 * DAY,
  updatedAt: NOW - DAY,
  deletedAt: null,
  mergedIntoId: null,
  ...extra,
});
const task = (id: string, customerId: string, dueAt: number, extra: Partial<Task> = {}): Task =>
  followUp(id, 'ben', dueAt, { customerId, ...extra });

let db: SidenoteDB;
beforeEach(async () => {
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
  const customers = [
    customer('a', { updatedAt: NOW - 20 * DAY }),
    customer('b', { stage: 'quoted', updatedAt: NOW - 4 * DAY }),
    customer('c', { stage: 'quoted', ownerId: 'ana', updatedAt: NOW - 7 * DAY }),
    customer('d', { ownerId: null, updatedAt: NOW - HOUR }),
    customer('gone', { deletedAt: NOW - DAY }),
    ...Array.from({ length: 60 }, (_, i) => customer(`many-${i}`, { stage: 'won', updatedAt: NOW - 2 * DAY - i * HOUR })),
  ];
  await serverRows(db, {
    teams: [team],
    members: [ana, ben],
    customers,
    tasks: [task('late', 'a', NOW - DAY), task('today', 'b', NOW + HOUR), task('done', 'd', NOW - DAY, { doneAt: NOW - 2 * DAY })],
  });
});

/** The board as the page ends up with it: the first cards, then the counts merged in. */
async function countedView(who: Member, filters: BoardFilters, layout: 'stage' | 'owner') {
  const view = (await boardView(db, session(who), filters, layout, NOW, ZONE))!;
  return withCounts(view, (await boardCounts(db, session(who), filters, layout, NOW))!);
}

describe('the board view', () => {
  it('sends the first cards before any count, then counts every live customer per column', async () => {
    expect(await transactionsOf(db, () => boardView(db, session(ana), NONE, 'stage', NOW, ZONE))).toBe(1);
    const first = (await boardView(db, session(ana), NONE, 'stage', NOW, ZONE))!;
    expect(first.columns.map((c) => c.count)).toEqual([null, null, null]);
    const view = await countedView(ana, NONE, 'stage');
    expect(view.columns.map((c) => [c.stage, c.count])).toEqual([
      ['lead', 2],
      ['quoted', 2],
      ['won', 60],
    ]);
    expect(view.columns[2]!.cards).toHaveLength(12);
    expect(view.columns[0]!.cards.map((c) => [c.id, c.state, c.quietDays])).toEqual([
      ['a', 'overdue', 20],
      ['d', 'none', 0],
    ]);
    const [b, c] = view.columns[1]!.cards.map((card) => [card.id, card.state, card.breach, card.needsFollowUp]);
    expect([c, b]).toEqual([
      ['b', 'today', 'cold', false],
      ['c', 'none', 'escalated', true],
    ]);
    expect(view.mayMoveAll).toBe(true);
    const more = await boardCards(db, session(ana), { filters: NONE, stage: 'won', offset: 55, limit: 50 }, NOW, ZONE);
    expect(more.cards.map((card) => card.id)).toEqual(['many-4', 'many-3', 'many-2', 'many-1', 'many-0']);
  });

  it('narrows every column by owner, mine, quiet and overdue', async () => {
    const count = async (filters: Partial<BoardFilters>, who = ana) =>
      (await countedView(who, { ...NONE, ...filters }, 'stage')).columns.map((c) => c.count);
    expect(await count({ ownerId: '' })).toEqual([1, 0, 0]);
    expect(await count({ mine: true }, ben)).toEqual([1, 1, 60]);
    expect(await count({ quiet: true })).toEqual([1, 0, 0]);
    expect(await count({ overdue: true })).toEqual([1, 0, 0]);
    expect(await count({ stages: ['won'] })).toEqual([60]);
  });

  it('lays out rows by owner with a cell per stage, every card of a cell reachable', async () => {
    const view = await countedView(ana, NONE, 'owner');
    expect(view.rows.map((r) => [r.ownerName, r.cells.map((c) => c.count)])).toEqual([
      ['Ana Souza', [0, 1, 0]],
      ['Ben Okoro', [1, 1, 60]],
      [null, [1, 0, 0]],
    ]);
    const cell = view.rows[1]!.cells[2]!;
    expect(cell.cards).toHaveLength(7);
    // The rest of Ben's 60 "won" customers, page by page, as the cell scrolls: each one once.
    const seen = new Set(cell.cards.map((c) => c.id));
    for (let offset = 0; offset < 60; offset += 25) {
      const { cards } = await boardCards(db, session(ana), { filters: NONE, stage: 'won', ownerId: 'ben', offset, limit: 25 }, NOW, ZONE);
      for (const c of cards) {
        expect(c.ownerId).toBe('ben');
        seen.add(c.id);
      }
    }
    expect(seen.size).toBe(60);
    // The unowned cell reads unowned customers only.
    const unowned = await boardCards(db, session(ana), { filters: NONE, stage: 'lead', ownerId: null, offset: 0, limit: 50 }, NOW, ZONE);
    expect(unowned.cards.map((c) => c.id)).toEqual(['d']);
  });

  it("moves a card through setStage, the rule's follow-up made locally, and counts it as a stage advance", async () => {
    await mutate(db, { memberId: 'ben', teamId: 't1', role: 'rep' }, [
      { name: 'setStage', args: { customerId: 'a', stage: 'quoted', eventId: crypto.randomUUID() } },
    ]);
    const view = (await boardView(db, session(ben), NONE, 'stage', Date.now(), ZONE))!;
    expect(view.columns[1]!.cards.find((c) => c.id === 'a')).toMatchObject({ stage: 'quoted', needsFollowUp: false });
    expect((await db.tasks.where('customerId').equals('a').toArray()).map((t) => t.title)).toContain('Chase');
    const [row] = await goalRows(db, (await db.teams.get('t1'))!.settings, new Map([['ben', ben]]), Date.now(), ZONE);
    expect(row!.goals).toEqual([{ metric: 'stageAdvances', period: 'week', target: 2, done: 1 }]);
  });

  it("refuses a rep's move of a teammate's customer in words, before anything is queued", async () => {
    await expect(
      mutate(db, { memberId: 'ben', teamId: 't1', role: 'rep' }, [
        { name: 'setStage', args: { customerId: 'c', stage: 'won', eventId: crypto.randomUUID() } },
      ]),
    ).rejects.toThrow('Only Ana Souza or a manager can move Customer c to another stage.');
    expect(await db.$outbox.count()).toBe(0);
  });
});

describe('the board subscription', () => {
  it('sends the first cards at once, then the counts, and counts again after a move', async () => {
    await ensureClientID(db);
    const state = new BackgroundState(db);
    state.session.set(session(ana));
    state.engine = new SyncEngine(
      db,
      async () => session(ana),
      () => Promise.reject(new TypeError('offline')),
    );
    const views: (BoardView | null)[] = [];
    const errors: unknown[] = [];
    const counts = () => views.at(-1)?.columns.map((c) => c.count);
    const stop = subscriptionHandlers(state).board(
      { filters: NONE, layout: 'stage' },
      (view) => views.push(view),
      (error) => errors.push(error),
    );
    await expect.poll(() => counts()).toEqual([2, 2, 60]);
    // The first emission: every column's first cards, no count yet.
    expect(views[0]!.columns.map((c) => [c.count, c.cards.length])).toEqual([
      [null, 2],
      [null, 2],
      [null, 12],
    ]);
    await mutate(db, { memberId: 'ana', teamId: 't1', role: 'manager' }, [
      { name: 'setStage', args: { customerId: 'a', stage: 'won', eventId: crypto.randomUUID() } },
    ]);
    await expect.poll(() => counts()).toEqual([1, 2, 61]);
    stop();
    const seen = views.length;
    await mutate(db, { memberId: 'ana', teamId: 't1', role: 'manager' }, [
      { name: 'setStage', args: { customerId: 'b', stage: 'won', eventId: crypto.randomUUID() } },
    ]);
    // Stopped: nothing more is sent (no event says "nothing happened", hence the wait).
    await new Promise((r) => setTimeout(r, 100));
    expect(views).toHaveLength(seen);
    expect(errors).toEqual([]);
  });
});

describe('rule breaches and the report', () => {
  it("lists the owner's cold customers and, for a manager, everyone's escalated ones", async () => {
    expect((await ruleBreaches(db, session(ben), NOW)).map((b) => [b.customerId, b.kind])).toEqual([['b', 'cold']]);
    expect((await ruleBreaches(db, session(ana), NOW)).map((b) => [b.customerId, b.kind])).toEqual([
      ['c', 'escalated'],
      ['c', 'noFollowUp'],
    ]);
  });

  it('shows the weekly report to managers only, with the week’s acknowledgements and answers', async () => {
    // Ben owns customer a: Ana's change of this week he acknowledged in an hour; her question he answered in 2 h.
    const base = {
      customerId: 'a',
      authorId: 'ana',
      visibility: 'team' as const,
      mentions: [],
      pinned: false,
      source: null,
      editedAt: null,
      deletedAt: null,
    };
    await db.notes.bulkPut([
      { ...base, id: 'chg', kind: 'change', change: { topic: 'quote', summary: '9.50' }, body: 'x', createdAt: NOW - 2 * DAY },
      {
        ...base,
        id: 'q',
        kind: 'question',
        change: null,
        question: { askedOf: 'ben', resolvedAt: null },
        body: 'ok?',
        createdAt: NOW - DAY,
      },
      // Last week's: not this week's report.
      { ...base, id: 'old', kind: 'change', change: { topic: 'quote', summary: '9' }, body: 'x', createdAt: NOW - 8 * DAY },
    ]);
    const line = { customerId: 'a', from: null, actorId: 'ben', note: '' };
    await db.customerEvents.bulkPut([
      { ...line, id: 'ack', type: 'ack', to: 'chg', at: NOW - 2 * DAY + HOUR },
      { ...line, id: 'ans', type: 'answer', to: 'q', at: NOW - DAY + 2 * HOUR, note: 'yes' },
    ]);
    expect(await weeklyReportView(db, session(ben), 0, NOW, ZONE)).toBeNull();
    const report = (await weeklyReportView(db, session(ana), 0, NOW, ZONE))!;
    expect(report.weekStart).toBe(Date.UTC(2026, 10, 23));
    expect(report.acknowledgements?.find((a) => a.memberId === 'ben')).toEqual({
      memberId: 'ben',
      toAck: 1,
      ackedWithinDay: 1,
      asked: 1,
      answered: 1,
      medianAnswerMs: 2 * HOUR,
    });
    expect((await weeklyReportView(db, session(ana), 1, NOW, ZONE))!.acknowledgements?.find((a) => a.memberId === 'ben')).toMatchObject({
      toAck: 1,
      ackedWithinDay: 0,
      asked: 0,
    });
    expect(report.rows.find((r) => r.memberId === 'ben')).toMatchObject({ missed: 1, doneOnTime: 1, doneLate: 0 });
  });
});
