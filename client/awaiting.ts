import Dexie from 'dexie';
import { awaitingChanges } from '@/model/acks';
import { DAY_MS } from '@/model/calendar';
import type { Customer, CustomerEvent, Note, NoteChange, Task } from '@/model/schemas';
import type { SidenoteDB } from './db';
import { changesByCustomer } from './views';
import { readMarks } from './marks';

/*
 * Who still has to acknowledge which change note, stored. Deciding it takes a customer's owner,
 * open follow-ups, follow lines and acknowledgements; at a team's size that was thousands of
 * rows read for every popup and Team tab (the team's open follow-ups, a month of change notes,
 * their customers). Here it is decided once per customer when one of those rows changes:
 *
 * - every write that can change the answer (a change note, an acknowledgement or follow line, a
 *   follow-up, a customer) also writes its customer's id into `$ackDirty`, in the same
 *   transaction, like the search queue: nothing is written that the store does not hear of;
 * - the background decides the marked customers again apart from the writes (`settleAwaiting`)
 *   and stores each note still awaited, with who, in `$awaiting`;
 * - a view reads `$awaiting` and decides the customers still marked itself, from their rows, so
 *   it is right whether or not the background has caught up.
 *
 * Only notes of the last month are kept: the views list the last 30 days.
 */

/** How far back change notes are kept and read: the views' 30 days, and a day to spare. */
export const AWAITING_DAYS = 31;

/** A change note someone still has to acknowledge. */
export interface AwaitingEntry {
  noteId: string;
  customerId: string;
  authorId: string;
  createdAt: number;
  change: NoteChange;
  /** The members who have still to acknowledge it (never its author). */
  waiting: string[];
}

const entriesOf = (customer: Customer, notes: Note[], tasks: Task[], events: CustomerEvent[]): AwaitingEntry[] =>
  awaitingChanges(notes, customer, tasks, events).map(({ note, waiting }) => ({
    noteId: note.id,
    customerId: customer.id,
    authorId: note.authorId,
    createdAt: note.createdAt,
    change: note.change!,
    waiting,
  }));

/** Every customer's entries, decided from the team's change notes since `since` (views.ts changesByCustomer). */
async function everyCustomer(db: SidenoteDB, since: number): Promise<AwaitingEntry[]> {
  const changes = await db.notes.where('[kind+createdAt]').between(['change', since], ['change', Dexie.maxKey]).toArray();
  return (await changesByCustomer(db, changes)).flatMap(({ customer, notes, tasks, events }) => entriesOf(customer, notes, tasks, events));
}

/** These customers' entries, decided from each one's own rows. */
async function someCustomers(db: SidenoteDB, ids: string[], since: number): Promise<AwaitingEntry[]> {
  const decided = await Promise.all(
    ids.map(async (id) => {
      const [customer, notes, tasks, events] = await Promise.all([
        db.customers.get(id),
        db.notes
          .where('[customerId+createdAt]')
          .between([id, since], [id, Dexie.maxKey])
          .filter((n) => n.kind === 'change')
          .toArray(),
        db.tasks.where('customerId').equals(id).toArray(),
        db.customerEvents.where('customerId').equals(id).toArray(),
      ]);
      return customer && customer.deletedAt === null && notes.length ? entriesOf(customer, notes, tasks, events) : [];
    }),
  );
  return decided.flat();
}

/** What is stored and what is marked: the customers still to decide, or null for all of them. */
const marks = async (db: SidenoteDB) => (await readMarks(db.$ackDirty)).dirty;

/** readAwaiting's order: the oldest first. */
const inOrder = (a: AwaitingEntry, b: AwaitingEntry) => a.createdAt - b.createdAt || a.noteId.localeCompare(b.noteId);

/**
 * The change notes written since `since` that someone still has to acknowledge (with `member`,
 * that this member has to), oldest first: the stored entries, with the customers still marked
 * decided here from their rows. Read-only: views call it inside their own transaction.
 */
export async function readAwaiting(db: SidenoteDB, since: number, now: number, member?: string): Promise<AwaitingEntry[]> {
  const dirty = await marks(db);
  const from = Math.max(since, now - AWAITING_DAYS * DAY_MS);
  const mine = (e: AwaitingEntry) => e.createdAt >= from && (member === undefined || e.waiting.includes(member));
  let entries: AwaitingEntry[];
  if (dirty === null) entries = (await everyCustomer(db, from)).filter(mine);
  else {
    const stale = new Set(dirty);
    const stored = member
      ? db.$awaiting.where('waiting').equals(member).toArray()
      : db.$awaiting.where('createdAt').between(from, Dexie.maxKey).toArray();
    const [kept, fresh] = await Promise.all([stored, someCustomers(db, dirty, from)]);
    entries = [...kept.filter((e) => !stale.has(e.customerId) && mine(e)), ...fresh.filter(mine)];
  }
  return entries.sort(inOrder);
}

/**
 * The change notes written between `since` and `until` that someone still has to acknowledge:
 * how many, and the first `limit` of them (oldest first), as readAwaiting would give them. The
 * stored ones are counted by IndexedDB and only the first few read; the customers still marked
 * are decided here, their stored entries taken off the count and out of the list.
 */
export async function readAwaitingHead(
  db: SidenoteDB,
  since: number,
  until: number,
  now: number,
  limit: number,
): Promise<{ count: number; first: AwaitingEntry[] }> {
  const dirty = await marks(db);
  const from = Math.max(since, now - AWAITING_DAYS * DAY_MS);
  const within = (e: AwaitingEntry) => e.createdAt >= from && e.createdAt <= until;
  if (dirty === null) {
    const all = (await readAwaiting(db, since, now)).filter(within);
    return { count: all.length, first: all.slice(0, limit) };
  }
  const stale = new Set(dirty);
  const range = () => db.$awaiting.where('createdAt').between(from, until, true, true);
  const [stored, staleStored, fresh] = await Promise.all([
    range().count(),
    dirty.length ? db.$awaiting.where('customerId').anyOf(dirty).toArray() : [],
    someCustomers(db, dirty, from),
  ]);
  const staleWithin = staleStored.filter(within).length;
  const freshWithin = fresh.filter(within);
  // Index order is (createdAt, noteId): the first `limit` kept ones are among the first `limit + staleWithin`.
  const head = (
    await range()
      .limit(limit + staleWithin)
      .toArray()
  ).filter((e) => !stale.has(e.customerId));
  return { count: stored - staleWithin + freshWithin.length, first: [...head, ...freshWithin].sort(inOrder).slice(0, limit) };
}

/**
 * Decides the marked customers again and stores their entries, in one transaction with the
 * marks it takes off (a write meanwhile waits for it, or marks again after it). Returns how many
 * customers were decided (-1: all of them).
 */
export async function settleAwaiting(db: SidenoteDB, now = Date.now()): Promise<number> {
  const tables = [db.$ackDirty, db.$awaiting, db.members, db.customers, db.notes, db.tasks, db.customerEvents];
  return db.transaction('rw', tables, async () => {
    const { taken, dirty } = await readMarks(db.$ackDirty);
    if (taken.length === 0) return 0;
    const since = now - AWAITING_DAYS * DAY_MS;
    if (dirty === null) {
      const entries = await everyCustomer(db, since);
      await db.$awaiting.clear();
      await db.$awaiting.bulkPut(entries);
    } else {
      const entries = await someCustomers(db, dirty, since);
      await db.$awaiting.where('customerId').anyOf(dirty).delete();
      await db.$awaiting.bulkPut(entries);
      // Notes that have left the month since their customer was last decided.
      await db.$awaiting.where('createdAt').below(since).delete();
    }
    await db.$ackDirty.bulkDelete(taken);
    return dirty === null ? -1 : dirty.length;
  });
}
