import type { DBCore, DBCoreMutateRequest, Middleware, Table } from 'dexie';
import { inScope, widenedTransaction, writeListeners } from './side-table';

/*
 * Marks for answers the background keeps stored (who has still to acknowledge a change,
 * client/awaiting.ts; each member's open follow-ups, client/open-due.ts): every write that can
 * change such an answer also writes the key it changes (a customer, an assignee) into that
 * answer's table of marks, in the same transaction, as the search queue does
 * (client/search/queue.ts). Nothing is written that the stored answers do not hear of; the
 * background decides the marked keys again apart from the writes, and views decide the keys
 * still marked themselves.
 */

/** The mark for "decide every key again" (a table cleared, many keys written at once). */
export const EVERY_KEY = '*';
/** More keys than this marked at once are marked as EVERY_KEY (a pull's page, an upgrade). */
export const MARKS_PER_WRITE = 100;

type Row = Record<string, unknown>;

/**
 * A table of marks, read once: every key in it (`taken`, what a settling takes off) and the keys
 * to decide again, or null to decide all of them (EVERY_KEY, or more than can be listed).
 */
export async function readMarks(table: Table<unknown, string>): Promise<{ taken: string[]; dirty: string[] | null }> {
  const taken = (await table.toCollection().primaryKeys()) as string[];
  return { taken, dirty: taken.includes(EVERY_KEY) || taken.length > MARKS_PER_WRITE ? null : taken };
}

/** One stored answer's marks: which writes mark which keys, in which table. */
export interface MarkKind {
  /** The table of marks, keyed by `field`. */
  table: string;
  field: string;
  /** Per watched table, the key a row marks (null: none), or 'own key' when a row's key is its mark. */
  watched: Record<string, ((row: Row) => string | null) | 'own key'>;
  /**
   * A write of more rows than this marks every key without reading the rows it replaces (for
   * answers that are cheap to decide in full); without it, the rows replaced are read whenever
   * the rows written mark few enough keys to list.
   */
  everyAbove?: number;
  /** Told in this context after marks were written. */
  listeners: ReturnType<typeof writeListeners>;
}

/** The keys these rows mark (deleted ones read as undefined). */
function keysOf(rows: readonly unknown[], of: (row: Row) => string | null, into = new Set<string>()): Set<string> {
  for (const row of rows) {
    const key = row === undefined ? null : of(row as Row);
    if (key) into.add(key);
  }
  return into;
}

/**
 * The middleware that writes marks: it widens every read-write transaction over a watched table
 * to the tables of marks, and marks the keys of the rows each write puts or deletes (all of them,
 * as EVERY_KEY, for a cleared table or a write of many).
 *
 * Its level puts it below Dexie's own middlewares, next to IndexedDB: it reads a deletion's rows
 * before passing the deletion on, and Dexie's hooks (above it) see the deletion as they would
 * without it.
 */
export function marksMiddleware(name: string, kinds: MarkKind[]): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name,
    level: -2,
    create: (down) => {
      let widened: DBCore = down;
      for (const kind of kinds) widened = { ...widened, transaction: widenedTransaction(widened, kind.watched, kind.table) };
      return {
        ...down,
        transaction: widened.transaction,
        table(tableName) {
          const table = down.table(tableName);
          const watching = kinds.filter((k) => k.watched[tableName]);
          if (watching.length === 0) return table;
          return {
            ...table,
            // Promise chains, not awaits: the promises Dexie's core gives keep its zone for the
            // middlewares above, which write more in the same transaction once this resolves.
            mutate(req: DBCoreMutateRequest) {
              const active = watching.filter((k) => inScope(req.trans, k.table));
              if (active.length === 0) return table.mutate(req);
              /** One kind's marks (null: every key). */
              const put = (kind: MarkKind, keys: Set<string> | null) => {
                if (keys && keys.size === 0) return Promise.resolve();
                const marks = !keys || keys.size > MARKS_PER_WRITE ? [EVERY_KEY] : [...keys];
                return down
                  .table(kind.table)
                  .mutate({ type: 'put', trans: req.trans, values: marks.map((key) => ({ [kind.field]: key })) })
                  .then(() => kind.listeners.tell());
              };
              /** Once the write is done, each kind's marks. */
              const write = (written: ReturnType<typeof table.mutate>, marks: (Set<string> | null)[]) =>
                written.then((result) => {
                  let chain: Promise<unknown> = put(active[0]!, marks[0]!);
                  for (let i = 1; i < active.length; i++) chain = chain.then(() => put(active[i]!, marks[i]!));
                  return chain.then(() => result);
                });
              if (req.type === 'deleteRange')
                return write(
                  table.mutate(req),
                  active.map(() => null),
                );
              const keys = (
                req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((row) => (row as { id: unknown }).id))
              ) as string[];
              const marks = active.map((kind): Set<string> | null => {
                const of = kind.watched[tableName]!;
                if (of === 'own key') return new Set(keys);
                if (kind.everyAbove !== undefined && keys.length > kind.everyAbove) return null;
                return req.type === 'delete' ? new Set<string>() : keysOf(req.values, of);
              });
              // The rows as they were say which key lost one (deleted, or moved to another key).
              const readOld = active.map(
                (kind, i) => kind.watched[tableName] !== 'own key' && marks[i] !== null && marks[i]!.size <= MARKS_PER_WRITE,
              );
              if (!readOld.includes(true)) return write(table.mutate(req), marks);
              // The old rows are read and the write asked for right behind, with no round trip
              // between: IndexedDB runs a transaction's requests in the order they were made, so
              // the read still sees the rows as they were.
              const old = table.getMany({ trans: req.trans, keys });
              const written = table.mutate(req);
              // Should the read fail, the transaction fails with it: the write's own failure is not news.
              written.catch(() => {});
              return old.then((rows) => {
                active.forEach((kind, i) => {
                  if (readOld[i]) keysOf(rows, kind.watched[tableName] as (row: Row) => string | null, marks[i]!);
                });
                return write(written, marks);
              });
            },
          };
        },
      };
    },
  };
}
