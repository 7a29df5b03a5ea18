import type { Table } from 'dexie';
import type { MutatorStore } from '@/model/mutators';
import type { Identity, Row, TableName } from '@/model/schemas';
import type { SidenoteDB } from './db';

/**
 * The mutators' store over Dexie, for the optimistic run. Before a pending mutation first
 * changes a row, the server's version of that row is kept in `$shadow`, so a pull can put the
 * server's state back exactly and replay what is still pending on top (the rebase).
 * Must be used inside a transaction over the synced tables and `$shadow`.
 */
export function dexieStore(db: SidenoteDB): MutatorStore {
  const table = <T extends TableName>(name: T) => db.table(name) as Table<Row<T>, string>;
  return {
    get: (name, id) => table(name).get(id),
    async put(name, row) {
      const key: [string, string] = [name, row.id];
      if (!(await db.$shadow.get(key))) {
        await db.$shadow.put({ table: name, id: row.id, row: (await table(name).get(row.id)) ?? null });
      }
      await table(name).put(row);
    },
    list: (name, field, value) => table(name).where(field).equals(value).toArray(),
    async findIdentity(kind, value): Promise<Identity | undefined> {
      const rows = await db.identities.where('[kind+value]').equals([kind, value]).toArray();
      return rows.find((r) => r.deletedAt === null);
    },
  };
}
