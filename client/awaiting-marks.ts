import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { inScope, widenedTransaction, writeListeners } from './side-table';

/*
 * The marks of client/awaiting.ts: every write that can change who has still to acknowledge a
 * change note (a change note, an acknowledgement or follow line, a follow-up, a customer) also
 * writes its customer's id into `$ackDirty`, in the same transaction, as the search queue does
 * (client/search/queue.ts): nothing is written that the stored answers do not hear of.
 */

export const DIRTY_TABLE = '$ackDirty';
/** The mark for "decide every customer again" (a table cleared, many customers written at once). */
export const EVERY_CUSTOMER = '*';
/** More customers than this marked at once are marked as EVERY_CUSTOMER (a pull's page, an upgrade). */
export const MARKS_PER_WRITE = 100;
const WATCHED: Record<string, (row: Record<string, unknown>) => string | null> = {
  customers: (row) => row.id as string,
  tasks: (row) => row.customerId as string,
  notes: (row) => (row.kind === 'change' ? (row.customerId as string) : null),
  customerEvents: (row) => (row.type === 'ack' || row.type === 'follow' || row.type === 'unfollow' ? (row.customerId as string) : null),
};

const marked = writeListeners();

/** Calls `listener` (in this context) after customers were marked; returns the unsubscribe function. */
export const onMarked = (listener: () => void): (() => void) => marked.listen(listener);

/** The customers of these rows (deleted ones read as undefined). */
function customersOf(rows: readonly unknown[], of: (row: Record<string, unknown>) => string | null): Set<string> {
  const ids = new Set<string>();
  for (const row of rows) {
    const id = row === undefined ? null : of(row as Record<string, unknown>);
    if (id) ids.add(id);
  }
  return ids;
}

/**
 * The middleware that marks customers: it widens every read-write transaction over a watched
 * table to `$ackDirty`, and marks the customers of the rows each write puts or deletes (all of
 * them, as EVERY_CUSTOMER, for a cleared table or a write of many customers).
 *
 * Its level puts it below Dexie's own middlewares, next to IndexedDB: it reads a deletion's rows
 * before passing the deletion on, and Dexie's hooks (above it) see the deletion as they would
 * without it.
 */
export const ackMarks: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'ackMarks',
  level: -2,
  create: (down) => ({
    ...down,
    transaction: widenedTransaction(down, WATCHED, DIRTY_TABLE),
    table(name) {
      const table = down.table(name);
      const of = WATCHED[name];
      if (!of) return table;
      return {
        ...table,
        // Promise chains, not awaits: the promises Dexie's core gives keep its zone for the
        // middlewares above, which write more in the same transaction once this resolves.
        mutate(req: DBCoreMutateRequest) {
          if (!inScope(req.trans, DIRTY_TABLE)) return table.mutate(req);
          const mark = (ids: Set<string> | null) => {
            if (ids && ids.size === 0) return Promise.resolve();
            const keys = !ids || ids.size > MARKS_PER_WRITE ? [EVERY_CUSTOMER] : [...ids];
            return down
              .table(DIRTY_TABLE)
              .mutate({ type: 'put', trans: req.trans, values: keys.map((customerId) => ({ customerId })) })
              .then(() => marked.tell());
          };
          /** The write, then its marks. */
          const write = (ids: Set<string> | null) => table.mutate(req).then((result) => mark(ids).then(() => result));
          if (req.type === 'deleteRange') return write(null);
          const keys = req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((row) => (row as { id: unknown }).id));
          // A customer's key is its customer; a write of many customers marks them all: neither reads anything.
          if (name === 'customers') return write(new Set(keys as string[]));
          const ids = req.type === 'delete' ? new Set<string>() : customersOf(req.values, of);
          if (ids.size > MARKS_PER_WRITE) return write(ids);
          // The rows as they were say which customer lost one (deleted, or moved to another customer).
          return table.getMany({ trans: req.trans, keys }).then((rows) => {
            for (const id of customersOf(rows, of)) ids.add(id);
            return write(ids);
          });
        },
      };
    },
  }),
};
