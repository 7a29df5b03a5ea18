import { randomUUID } from 'node:crypto';
import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their own time */

/**
 * The server's own state, one value per key. `epoch` names this database's history: a backup
 * copy gets a new one (server/epoch.ts), so clients pulling from a restored database can tell
 * that what they hold is no longer what the server has, even once its version counter has
 * caught up with their cookie again.
 */
export const serverState: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('server_state')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('server_state').values({ key: 'epoch', value: randomUUID() }).execute();
  },
};
