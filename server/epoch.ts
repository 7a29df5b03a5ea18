import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

const known = new WeakMap<Kysely<Database>, Promise<string>>();

/**
 * This database's history (server_state `epoch`). Read once per open database: a backup is
 * restored only while the server is stopped, so a running process never sees it change.
 */
export function databaseEpoch(db: Kysely<Database>): Promise<string> {
  let epoch = known.get(db);
  if (!epoch) {
    epoch = db
      .selectFrom('server_state')
      .select('value')
      .where('key', '=', 'epoch')
      .executeTakeFirst()
      .then((row) => row?.value ?? '');
    known.set(db, epoch);
    epoch.catch(() => known.delete(db));
  }
  return epoch;
}

/**
 * Gives a database a history of its own: done to every backup copy, so that when it is
 * restored, every client notices it holds rows the server no longer has and starts over.
 */
export async function renewEpoch(db: Kysely<Database>): Promise<string> {
  const epoch = randomUUID();
  await db
    .insertInto('server_state')
    .values({ key: 'epoch', value: epoch })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: epoch }))
    .execute();
  return epoch;
}
