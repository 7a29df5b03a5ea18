import Dexie, { type Table } from 'dexie';
import type { MutatorStore } from '@/model/mutators';
import type { Identity, Row, TableName } from '@/model/schemas';
import type { SidenoteDB } from './db';

/**
 * The mutators' store over Dexie, for the optimistic run. Before a pending mutation first
 * changes a row, the server's version of that row is kept in `$shadow`, so a pull can put the
 * server's state back exactly and replay what is still pending on top (the rebase).
 * Must be used inside a transaction over the synced tables and `$shadow`, by one run of
 * mutations that write the synced tables only through it: it remembers each row it read or
 * wrote, and whether that row's shadow is kept, so a row read and then written costs the write's
 * round trip only (a read asks for the row and its shadow together).
 */
export function dexieStore(db: SidenoteDB): MutatorStore {
  const table = <T extends TableName>(name: T) => db.table(name) as Table<Row<T>, string>;
  const reads = readingStore(db);
  /** Per row read or written through this store: the row as it is now (a copy), and whether its shadow is kept. */
  const known = new Map<string, { row: unknown; shadowed: boolean }>();
  const keyOf = (name: TableName, id: string) => `${name}\u0000${id}`;
  // Dexie's own promises throughout, never an async function's: a native promise awaited between
  // a transaction's requests can lose the transaction's zone (a premature commit).
  const look = (name: TableName, id: string) => {
    const key = keyOf(name, id);
    const seen = known.get(key);
    if (seen) return Dexie.Promise.resolve(seen);
    return Dexie.Promise.all([table(name).get(id), db.$shadow.get([name, id])]).then(([row, shadow]) => {
      const entry = { row, shadowed: shadow !== undefined };
      known.set(key, entry);
      return entry;
    });
  };
  return {
    // A copy each time, as IndexedDB gives: a mutator changing a row it read changes nothing stored.
    get: (name, id) => look(name, id).then((entry) => structuredClone(entry.row) as Row<typeof name> | undefined),
    put: (name, row) =>
      look(name, row.id).then(({ row: current, shadowed }) => {
        known.set(keyOf(name, row.id), { row: structuredClone(row), shadowed: true });
        // The shadow (the first time) and the row together: IndexedDB runs a transaction's
        // requests in order, so every later read sees both.
        return Dexie.Promise.all([
          shadowed ? null : db.$shadow.put({ table: name, id: row.id, row: current ?? null }),
          table(name).put(row),
        ]).then(() => undefined);
      }),
    list: reads.list,
    findIdentity: reads.findIdentity,
  };
}

/** Reads as the mutators make them, for views and lookups in any transaction (or none): no shadow, no memory. */
export function readingStore(db: SidenoteDB): Omit<MutatorStore, 'put'> {
  const table = <T extends TableName>(name: T) => db.table(name) as Table<Row<T>, string>;
  return {
    get: (name, id) => table(name).get(id),
    list: (name, field, value) => table(name).where(field).equals(value).toArray(),
    async findIdentity(kind, value): Promise<Identity | undefined> {
      const rows = await db.identities.where('[kind+value]').equals([kind, value]).toArray();
      return rows.find((r) => r.deletedAt === null);
    },
  };
}
