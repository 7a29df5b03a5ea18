import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awaitingChanges } from '@/model/acks';
import type { Customer, CustomerEvent, Member, Note, Task, Team } from '@/model/schemas';
import { EVERY_CUSTOMER, MARKS_PER_WRITE } from './awaiting-marks';
import { AWAITING_DAYS, readAwaiting, readAwaitingHead, settleAwaiting } from './awaiting';
import { SidenoteDB } from './db';
import { serverRows } from './testing-db';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);
const team: Team = {
  id: 't1',
  name: 'Export Sales',
  domains: ['sidenote-demo.com'],
  settings: { stages: ['lead'], escalationDays: 2, staleDays: 14, stageRules: [], goals: [] },
};
const MEMBERS = ['ana', 'ben', 'wang', 'lee'];
const CUSTOMERS = ['northwind', 'huaxin', 'contoso'];
const member = (id: string): Member => ({ id, teamId: 't1', name: id, email: `${id}@sidenote-demo.com`, role: 'rep', active: true });
const customer = (id: string, ownerId: string | null, deletedAt: number | null = null): Customer => ({
  id,
  name: id,
  ownerId,
  stage: 'lead',
  createdAt: NOW - 90 * DAY,
  updatedAt: NOW - DAY,
  deletedAt,
  mergedIntoId: null,
});
const changeNote = (id: string, customerId: string, authorId: string, createdAt: number, extra: Partial<Note> = {}): Note => ({
  id,
  customerId,
  authorId,
  kind: 'change',
  change: { topic: 'quote', summary: `Price ${id}` },
  body: 'x',
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: null,
  createdAt,
  editedAt: null,
  deletedAt: null,
  ...extra,
});
const task = (id: string, customerId: string, assigneeId: string, done: boolean): Task => ({
  id,
  customerId,
  title: id,
  assigneeId,
  dueAt: NOW + DAY,
  doneAt: done ? NOW - DAY : null,
  doneBy: done ? assigneeId : null,
  createdBy: assigneeId,
  createdAt: NOW - 10 * DAY,
  updatedAt: NOW - 10 * DAY,
  noteId: null,
  source: null,
  deletedAt: null,
});
const line = (
  id: string,
  customerId: string,
  type: CustomerEvent['type'],
  actorId: string,
  at: number,
  to: string | null,
): CustomerEvent => ({
  id,
  customerId,
  type,
  actorId,
  at,
  from: null,
  to,
  note: '',
});

let db: SidenoteDB;

beforeEach(async () => {
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
  await serverRows(db, { teams: [team], members: MEMBERS.map(member), customers: CUSTOMERS.map((id) => customer(id, 'ben')) });
});
afterEach(() => db.close());

/** The answer read the slow way: every row of the tables, each live customer decided by the model. */
async function oracle(memberId?: string) {
  const [customers, notes, tasks, events] = await Promise.all([
    db.customers.toArray(),
    db.notes.toArray(),
    db.tasks.toArray(),
    db.customerEvents.toArray(),
  ]);
  const from = NOW - 30 * DAY;
  return customers
    .filter((c) => c.deletedAt === null)
    .flatMap((c) =>
      awaitingChanges(
        notes.filter((n) => n.customerId === c.id && n.createdAt >= from),
        c,
        tasks.filter((t) => t.customerId === c.id),
        events.filter((e) => e.customerId === c.id),
      ),
    )
    .filter(({ waiting }) => memberId === undefined || waiting.includes(memberId))
    .map(({ note, waiting }) => ({ noteId: note.id, waiting }))
    .sort((a, b) => a.noteId.localeCompare(b.noteId));
}

async function read(memberId?: string) {
  return (await readAwaiting(db, NOW - 30 * DAY, NOW, memberId))
    .map(({ noteId, waiting }) => ({ noteId, waiting }))
    .sort((a, b) => a.noteId.localeCompare(b.noteId));
}

/** The head read (a count and the oldest few, up to a day ago) must be the full read cut the same way. */
async function expectHeadAsFull() {
  const until = NOW - DAY;
  const full = (await readAwaiting(db, NOW - 30 * DAY, NOW)).filter((e) => e.createdAt <= until);
  for (const limit of [0, 1, 3])
    expect(await readAwaitingHead(db, NOW - 30 * DAY, until, NOW, limit)).toEqual({ count: full.length, first: full.slice(0, limit) });
}

const dirtyKeys = async () => (await db.$ackDirty.toCollection().primaryKeys()).sort();

describe('awaiting: marks', () => {
  it("marks a written change note's customer in the write's own transaction, and the customer of a deleted follow-up", async () => {
    await settleAwaiting(db, NOW);
    expect(await dirtyKeys()).toEqual([]);
    await db.notes.put(changeNote('c1', 'huaxin', 'ana', NOW - 2 * DAY));
    expect(await dirtyKeys()).toEqual(['huaxin']);
    // Plain notes change nobody's acknowledgements.
    await settleAwaiting(db, NOW);
    await db.notes.put({ ...changeNote('n1', 'contoso', 'ana', NOW), kind: 'note', change: null });
    expect(await dirtyKeys()).toEqual([]);
    await db.tasks.put(task('t1', 'contoso', 'wang', false));
    await settleAwaiting(db, NOW);
    await db.tasks.delete('t1');
    expect(await dirtyKeys()).toEqual(['contoso']);
    // A cleared table, or a write of many customers at once, marks every customer.
    await db.customerEvents.clear();
    expect(await dirtyKeys()).toEqual([EVERY_CUSTOMER, 'contoso']);
    await settleAwaiting(db, NOW);
    await serverRows(db, { customers: Array.from({ length: MARKS_PER_WRITE + 1 }, (_, i) => customer(`c${i}`, null)) });
    expect(await dirtyKeys()).toEqual([EVERY_CUSTOMER]);
  });

  it('stores what it decided and takes the marks off; a later write marks again', async () => {
    await settleAwaiting(db, NOW);
    await db.notes.put(changeNote('c1', 'huaxin', 'ana', NOW - 2 * DAY));
    expect(await settleAwaiting(db, NOW)).toBe(1);
    expect(await dirtyKeys()).toEqual([]);
    expect((await db.$awaiting.toArray()).map((e) => [e.noteId, e.waiting])).toEqual([['c1', ['ben']]]);
    await db.customerEvents.put(line('a1', 'huaxin', 'ack', 'ben', NOW, 'c1'));
    expect(await read()).toEqual([]);
    await settleAwaiting(db, NOW);
    expect(await db.$awaiting.count()).toBe(0);
  });

  it('counts the stored entries and reads the oldest few, leaving out a marked customer that no longer waits', async () => {
    await db.notes.bulkPut([
      changeNote('c1', 'huaxin', 'ana', NOW - 5 * DAY),
      changeNote('c2', 'contoso', 'ana', NOW - 4 * DAY),
      changeNote('c3', 'contoso', 'ana', NOW - 3 * DAY),
      changeNote('today', 'contoso', 'ana', NOW - 60_000),
    ]);
    await settleAwaiting(db, NOW);
    const head = (limit: number) => readAwaitingHead(db, NOW - 30 * DAY, NOW - DAY, NOW, limit);
    expect((await head(2)).count).toBe(3);
    expect((await head(2)).first.map((e) => e.noteId)).toEqual(['c1', 'c2']);
    // Ben acknowledges huaxin's change: huaxin is marked, its stored entry stays until settled.
    await db.customerEvents.put(line('a1', 'huaxin', 'ack', 'ben', NOW, 'c1'));
    expect(await db.$awaiting.get('c1')).toBeDefined();
    expect(await head(1)).toEqual({ count: 2, first: [expect.objectContaining({ noteId: 'c2' })] });
    await settleAwaiting(db, NOW);
    expect(await head(1)).toEqual({ count: 2, first: [expect.objectContaining({ noteId: 'c2' })] });
  });

  it(`keeps only the last ${AWAITING_DAYS} days`, async () => {
    await db.notes.bulkPut([changeNote('old', 'huaxin', 'ana', NOW - 40 * DAY), changeNote('new', 'huaxin', 'ana', NOW - 20 * DAY)]);
    await settleAwaiting(db, NOW);
    expect((await db.$awaiting.toArray()).map((e) => e.noteId)).toEqual(['new']);
    // Twenty days on, the entry has left the month; the next settling of any customer drops it.
    await db.notes.put(changeNote('later', 'contoso', 'ana', NOW + 19 * DAY));
    await settleAwaiting(db, NOW + 20 * DAY);
    expect((await db.$awaiting.toArray()).map((e) => e.noteId)).toEqual(['later']);
  });
});

describe('awaiting: the stored answer is the answer', () => {
  type Op =
    | { op: 'change'; id: number; customer: number; author: number; daysAgo: number; private: boolean; deleted: boolean }
    | { op: 'ack'; member: number; note: number; daysAgo: number }
    | { op: 'follow'; member: number; customer: number; follow: boolean; daysAgo: number }
    | { op: 'task'; id: number; customer: number; assignee: number; done: boolean }
    | { op: 'owner'; customer: number; owner: number | null; deleted: boolean }
    | { op: 'delete'; table: 'notes' | 'tasks' | 'customerEvents' | 'customers'; id: number }
    | { op: 'clear' }
    | { op: 'settle' };
  const who = fc.integer({ min: 0, max: MEMBERS.length - 1 });
  const which = fc.integer({ min: 0, max: CUSTOMERS.length - 1 });
  const id = fc.integer({ min: 0, max: 2 });
  const daysAgo = fc.integer({ min: 0, max: 35 });
  // Weighted so that changes are often acknowledged, followed or reassigned after being settled.
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        op: fc.constant('change' as const),
        id,
        customer: which,
        author: who,
        daysAgo,
        private: fc.boolean(),
        deleted: fc.boolean(),
      }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('ack' as const), member: who, note: id, daysAgo }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('follow' as const), member: who, customer: which, follow: fc.boolean(), daysAgo }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('task' as const), id, customer: which, assignee: who, done: fc.boolean() }) },
    {
      weight: 2,
      arbitrary: fc.record({ op: fc.constant('owner' as const), customer: which, owner: fc.option(who), deleted: fc.boolean() }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('delete' as const),
        table: fc.constantFrom('notes' as const, 'tasks' as const, 'customerEvents' as const, 'customers' as const),
        id,
      }),
    },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
    { weight: 4, arbitrary: fc.constant({ op: 'settle' as const }) },
  );

  async function apply(o: Op) {
    const at = (days: number) => NOW - days * DAY;
    switch (o.op) {
      case 'change':
        return db.notes.put(
          changeNote(`n${o.id}`, CUSTOMERS[o.customer]!, MEMBERS[o.author]!, at(o.daysAgo), {
            visibility: o.private ? 'private' : 'team',
            deletedAt: o.deleted ? NOW : null,
          }),
        );
      case 'ack': {
        const note = await db.notes.get(`n${o.note}`);
        // An acknowledgement is written after its note (views read them from a day before the
        // oldest change note on: views.ts CLOCK_SKEW_MS), so never dated before it here.
        if (note)
          await db.customerEvents.put(
            line(
              `e-ack-${o.member}-${o.note}`,
              note.customerId,
              'ack',
              MEMBERS[o.member]!,
              Math.max(at(o.daysAgo), note.createdAt),
              note.id,
            ),
          );
        return;
      }
      case 'follow':
        return db.customerEvents.put(
          line(
            `e-follow-${o.member}-${o.customer}`,
            CUSTOMERS[o.customer]!,
            o.follow ? 'follow' : 'unfollow',
            MEMBERS[o.member]!,
            at(o.daysAgo),
            null,
          ),
        );
      case 'task':
        return db.tasks.put(task(`t${o.id}`, CUSTOMERS[o.customer]!, MEMBERS[o.assignee]!, o.done));
      case 'owner':
        return db.customers.put(customer(CUSTOMERS[o.customer]!, o.owner === null ? null : MEMBERS[o.owner]!, o.deleted ? NOW : null));
      case 'delete': {
        if (o.table === 'customers') return db.customers.delete(CUSTOMERS[o.id]!);
        const prefix = { notes: 'n', tasks: 't', customerEvents: 'e-ack-0-' }[o.table];
        return db.table(o.table).delete(`${prefix}${o.id}`);
      }
      case 'clear':
        return db.customerEvents.clear();
      case 'settle':
        return settleAwaiting(db, NOW);
    }
  }

  it('after any writes, settled or not, reads what deciding every customer from all its rows gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        await Promise.all([db.notes.clear(), db.tasks.clear(), db.customerEvents.clear(), db.$awaiting.clear(), db.$ackDirty.clear()]);
        await db.customers.bulkPut(CUSTOMERS.map((c) => customer(c, 'ben')));
        await settleAwaiting(db, NOW);
        for (const o of ops) {
          await apply(o);
          expect(await read()).toEqual(await oracle());
          await expectHeadAsFull();
        }
        for (const m of MEMBERS) expect(await read(m)).toEqual(await oracle(m));
        await settleAwaiting(db, NOW);
        expect(await dirtyKeys()).toEqual([]);
        expect(await read()).toEqual(await oracle());
        await expectHeadAsFull();
        for (const m of MEMBERS) expect(await read(m)).toEqual(await oracle(m));
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
