import Dexie from 'dexie';
import type { SidenoteDB } from './db';
import { MARKS_PER_WRITE, readMarks, type MarkKind } from './marks';
import { writeListeners } from './side-table';

/*
 * Each member's open follow-ups by due date, stored. The Team tab counts every member's missed
 * and escalated follow-ups and the popup the team's; counted through the open follow-ups' index
 * that read every open follow-up's key, 7,000 at a large team's size, at about 13 µs a key here
 * (IndexedDB's own count costs the same: bench/README.md, local-store). Stored instead as one row
 * per assignee holding the due times of their open follow-ups, sorted, so a count "due before t"
 * is a binary search over one row. Kept as client/awaiting.ts keeps its answers
 * (client/marks.ts): a write of follow-ups marks their assignees (before and after) in
 * `$openDirty`, the background reads the marked assignees' keys again, and a view reads the
 * assignees still marked from the index itself.
 */

export const OPEN_DIRTY_TABLE = '$openDirty';

/** One assignee's open follow-ups: their due times, ascending. */
export interface OpenDue {
  assigneeId: string;
  dueAts: number[];
}

const marked = writeListeners();

/** Calls `listener` (in this context) after assignees were marked; returns the unsubscribe function. */
export const onOpenDueMarked = (listener: () => void): (() => void) => marked.listen(listener);

export const OPEN_DUE_MARKS: MarkKind = {
  table: OPEN_DIRTY_TABLE,
  field: 'assigneeId',
  watched: { tasks: (row) => (typeof row.assigneeId === 'string' ? row.assigneeId : null) },
  // Deciding everyone again is one read of the open follow-ups' keys: cheaper than reading a
  // page's replaced rows to find whom they were assigned to.
  everyAbove: MARKS_PER_WRITE,
  listeners: marked,
};

/** The open follow-ups' due times of one assignee (or everyone's), from the index: each list ascending. */
async function fromIndex(db: SidenoteDB, assigneeId?: string): Promise<Map<string, number[]>> {
  const keys = (await (
    assigneeId === undefined
      ? db.tasks.orderBy('[assigneeId+openDueAt]')
      : db.tasks.where('[assigneeId+openDueAt]').between([assigneeId, Dexie.minKey], [assigneeId, Dexie.maxKey])
  ).keys()) as unknown as [string, number][];
  const byAssignee = new Map<string, number[]>();
  for (const [assignee, dueAt] of keys) {
    const list = byAssignee.get(assignee);
    if (list) list.push(dueAt);
    else byAssignee.set(assignee, [dueAt]);
  }
  return byAssignee;
}

/**
 * Every assignee's open follow-ups' due times, ascending: the stored ones, with the assignees
 * still marked read from the index. Read-only: views call it inside their own transaction.
 */
export async function readOpenDue(db: SidenoteDB): Promise<Map<string, number[]>> {
  const { dirty } = await readMarks(db.$openDirty);
  if (dirty === null) return fromIndex(db);
  const stale = new Set(dirty);
  const [stored, fresh] = await Promise.all([db.$openDue.toArray(), Promise.all(dirty.map((a) => fromIndex(db, a)))]);
  const byAssignee = new Map(stored.filter((row) => !stale.has(row.assigneeId)).map((row) => [row.assigneeId, row.dueAts] as const));
  for (const one of fresh) for (const [assignee, dueAts] of one) byAssignee.set(assignee, dueAts);
  return byAssignee;
}

/** How many of these due times (ascending) are before `before`. */
export function dueBefore(dueAts: readonly number[] | undefined, before: number): number {
  if (!dueAts) return 0;
  let lo = 0;
  let hi = dueAts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dueAts[mid]! < before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads the marked assignees' open follow-ups again and stores them, in one transaction with the
 * marks it takes off (a write meanwhile waits for it, or marks again after it). Returns how many
 * assignees were read (-1: all of them).
 */
export async function settleOpenDue(db: SidenoteDB): Promise<number> {
  return db.transaction('rw', [db.$openDirty, db.$openDue, db.tasks], async () => {
    const { taken, dirty } = await readMarks(db.$openDirty);
    if (taken.length === 0) return 0;
    if (dirty === null) {
      const all = await fromIndex(db);
      await db.$openDue.clear();
      await db.$openDue.bulkPut([...all].map(([assigneeId, dueAts]) => ({ assigneeId, dueAts })));
    } else {
      for (const assigneeId of dirty) {
        const dueAts = (await fromIndex(db, assigneeId)).get(assigneeId);
        if (dueAts) await db.$openDue.put({ assigneeId, dueAts });
        else await db.$openDue.delete(assigneeId);
      }
    }
    await db.$openDirty.bulkDelete(taken);
    return dirty === null ? -1 : dirty.length;
  });
}
