import type { DBCore, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { Customer, Note } from '@/model/schemas';
import { documentOf, type QueuedDoc } from './index';
import { inScope, widenedTransaction, writeListeners } from '../side-table';

/*
 * What the search index has still to read. Every write of a note or a customer — a pull's page,
 * an optimistic mutator, a rebase putting the server's row back, a deletion — also writes the
 * row's key into `$searchQueue`, in the same transaction: nothing is written that the index
 * does not hear of, even if the worker stops right after. The index then reads the queue in
 * batches, apart from the writes (client/search/index.ts), so a first sync's pages are not held
 * up by tokenising every note as it lands.
 */

export const QUEUE_TABLE = '$searchQueue';

/** The tables whose rows are searched, and the prefix of their keys in the index. */
export const SEARCHED: Record<string, 'n' | 'c'> = { notes: 'n', customers: 'c' };

/**
 * The rows one write touched, to (re)index: `n:<noteId>` or `c:<customerId>`. One entry per
 * write (a pull's page of 2,000 notes is one), numbered in order: a row written again after the
 * index read it has a later entry, so it is read again, and the index takes entries off by number.
 */
export interface QueueEntry {
  id?: number;
  keys: string[];
  /**
   * What each key's row is now as the index reads it (its text, date and kind), written with the
   * row so that indexing never reads the rows again; null: no live row (deleted). Absent (an
   * installed copy's rows queued by the upgrade): the index reads the rows.
   */
  docs?: (QueuedDoc | null)[];
}

const queued = writeListeners();

/** Calls `listener` (in this context) after rows were queued; returns the unsubscribe function. */
export const onQueued = (listener: () => void): (() => void) => queued.listen(listener);

function keysOf(req: DBCoreMutateRequest, primaryKey: (row: unknown) => unknown): unknown[] | null {
  switch (req.type) {
    case 'put':
    case 'add':
      return req.keys ?? req.values.map(primaryKey);
    case 'delete':
      return req.keys;
    default:
      // deleteRange: only a table being cleared (a reset), which clears the index with it.
      return null;
  }
}

/** Writes the queue entries of a mutation of a searched table, in the mutation's own transaction. */
function enqueue(queue: DBCoreTable, table: DBCoreTable, prefix: 'n' | 'c', req: DBCoreMutateRequest) {
  const keyPath = table.schema.primaryKey.keyPath;
  const keys = keysOf(req, (row) => (typeof keyPath === 'string' ? (row as Record<string, unknown>)[keyPath] : undefined));
  if (!keys || keys.length === 0) return Promise.resolve();
  const docs =
    req.type === 'put' || req.type === 'add' ? req.values.map((row) => documentOf(prefix, row as Note & Customer)) : keys.map(() => null);
  const values: QueueEntry[] = [{ keys: keys.map((key) => `${prefix}:${String(key)}`), docs }];
  return queue.mutate({ type: 'add', trans: req.trans, values }).then(() => queued.tell());
}

/**
 * The middleware that keeps the queue: it widens every read-write transaction over a searched
 * table to the queue too, and queues each key put or deleted there.
 */
export const searchQueue: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'searchQueue',
  create: (down) => ({
    ...down,
    transaction: widenedTransaction(down, SEARCHED, QUEUE_TABLE),
    table(name) {
      const table = down.table(name);
      const prefix = SEARCHED[name];
      if (!prefix) return table;
      return {
        ...table,
        async mutate(req: DBCoreMutateRequest) {
          const result = await table.mutate(req);
          if (inScope(req.trans, QUEUE_TABLE)) await enqueue(down.table(QUEUE_TABLE), table, prefix, req);
          return result;
        },
      };
    },
  }),
};
