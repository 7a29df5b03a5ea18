import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SidenoteDB } from './db';
import { EVERY_KEY, MARKS_PER_WRITE } from './marks';
import { dueBefore, readOpenDue, settleOpenDue } from './open-due';
import { followUp } from './testing-db';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);
const MEMBERS = ['ana', 'ben', 'wang'];
const task = followUp;

let db: SidenoteDB;
beforeEach(async () => {
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(() => db.close());

const dirtyKeys = async () => ((await db.$openDirty.toCollection().primaryKeys()) as string[]).sort();
const asObject = (m: Map<string, number[]>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)));

/** The answer read the slow way: every follow-up, the open ones' due times per assignee. */
async function oracle() {
  const open = (await db.tasks.toArray()).filter((t) => t.doneAt === null && t.deletedAt === null);
  const by = new Map<string, number[]>();
  for (const t of open) by.set(t.assigneeId, [...(by.get(t.assigneeId) ?? []), t.dueAt]);
  for (const list of by.values()) list.sort((a, b) => a - b);
  return asObject(by);
}

describe('open follow-ups by assignee: marks', () => {
  it('marks the assignee a follow-up is written for, and the one it was taken from', async () => {
    expect(await dirtyKeys()).toEqual([]);
    await db.tasks.put(task('t1', 'ana', NOW - DAY));
    expect(await dirtyKeys()).toEqual(['ana']);
    await settleOpenDue(db);
    expect(await db.$openDue.toArray()).toEqual([{ assigneeId: 'ana', dueAts: [NOW - DAY] }]);
    // Handed to Ben: both are marked, and once settled Ana's row is gone.
    await db.tasks.put(task('t1', 'ben', NOW - DAY));
    expect(await dirtyKeys()).toEqual(['ana', 'ben']);
    expect(await settleOpenDue(db)).toBe(2);
    expect(await db.$openDue.toArray()).toEqual([{ assigneeId: 'ben', dueAts: [NOW - DAY] }]);
    // Done: Ben has none open.
    await db.tasks.update('t1', { doneAt: NOW, doneBy: 'ben' });
    expect(await asObject(await readOpenDue(db))).toEqual({});
    await settleOpenDue(db);
    expect(await db.$openDue.count()).toBe(0);
  });

  it('marks everyone for a cleared table or a write of many follow-ups, without reading what they replace', async () => {
    await settleOpenDue(db);
    await db.tasks.bulkPut(Array.from({ length: MARKS_PER_WRITE + 1 }, (_, i) => task(`t${i}`, MEMBERS[i % 3]!, NOW - i * 3_600_000)));
    expect(await dirtyKeys()).toEqual([EVERY_KEY]);
    expect(await settleOpenDue(db)).toBe(-1);
    expect(asObject(await readOpenDue(db))).toEqual(await oracle());
    await db.tasks.clear();
    expect(await dirtyKeys()).toEqual([EVERY_KEY]);
  });

  it('counts the due times before an instant', () => {
    expect(dueBefore(undefined, NOW)).toBe(0);
    expect(dueBefore([1, 2, 2, 5], 2)).toBe(1);
    expect(dueBefore([1, 2, 2, 5], 3)).toBe(3);
    expect(dueBefore([1, 2, 2, 5], 9)).toBe(4);
    expect(dueBefore([], 9)).toBe(0);
  });
});

describe('open follow-ups by assignee: the stored answer is the answer', () => {
  type Op =
    | { op: 'put'; id: number; assignee: number; days: number; done: boolean; deleted: boolean }
    | { op: 'delete'; id: number }
    | { op: 'many'; assignee: number }
    | { op: 'clear' }
    | { op: 'settle' };
  const id = fc.integer({ min: 0, max: 5 });
  const assignee = fc.integer({ min: 0, max: MEMBERS.length - 1 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        op: fc.constant('put' as const),
        id,
        assignee,
        days: fc.integer({ min: -5, max: 5 }),
        done: fc.boolean(),
        deleted: fc.boolean(),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), id }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('many' as const), assignee }) },
    { weight: 1, arbitrary: fc.constant({ op: 'clear' as const }) },
    { weight: 4, arbitrary: fc.constant({ op: 'settle' as const }) },
  );

  async function apply(o: Op) {
    switch (o.op) {
      case 'put':
        return db.tasks.put(
          task(`t${o.id}`, MEMBERS[o.assignee]!, NOW + o.days * DAY, {
            doneAt: o.done ? NOW : null,
            doneBy: o.done ? MEMBERS[o.assignee]! : null,
            deletedAt: o.deleted ? NOW : null,
          }),
        );
      case 'delete':
        return db.tasks.delete(`t${o.id}`);
      case 'many':
        // A pull's page: more than MARKS_PER_WRITE rows, some of them replacing the small ids.
        return db.tasks.bulkPut(
          Array.from({ length: MARKS_PER_WRITE + 1 }, (_, i) =>
            task(`t${i}`, MEMBERS[(o.assignee + i) % 3]!, NOW - i * DAY, { doneAt: i % 4 ? null : NOW }),
          ),
        );
      case 'clear':
        return db.tasks.clear();
      case 'settle':
        return settleOpenDue(db);
    }
  }

  it('after any writes, settled or not, reads what the open follow-ups themselves say', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        await Promise.all([db.tasks.clear(), db.$openDue.clear(), db.$openDirty.clear()]);
        await settleOpenDue(db);
        for (const o of ops) {
          await apply(o);
          expect(asObject(await readOpenDue(db))).toEqual(await oracle());
        }
        await settleOpenDue(db);
        expect(await dirtyKeys()).toEqual([]);
        expect(asObject(await readOpenDue(db))).toEqual(await oracle());
        expect(asObject(new Map((await db.$openDue.toArray()).map((r) => [r.assigneeId, r.dueAts])))).toEqual(await oracle());
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
