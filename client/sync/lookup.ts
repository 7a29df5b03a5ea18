import type { Table } from 'dexie';
import { LookupEnvelope, type LookupRequest } from '@/model/lookup';
import { TABLE_NAMES } from '@/model/schemas';
import type { SidenoteDB } from '../db';
import { callServer, type HttpTarget } from './http';
import { readRows } from './pull';
import { requireEpoch } from './recover';

/**
 * Asks the server for the customer on screen while this device's first sync is still arriving
 * (POST /v1/lookup), and writes what comes back into the local database, where the sidebar
 * reads it. The pull stays the source of truth; the early rows are only ever a copy it would
 * bring anyway, and they are written only when that is safe:
 * - not if the pull has already passed the answer's version (`asOf`): the local copy is at least
 *   as new, and rows the pull has since removed must not come back;
 * - not over rows with pending local changes (in `$shadow`): the next pull's rebase owns those;
 * - not into another history of the server's database, nor after the local one was reset.
 * Anything newer than `asOf` still arrives with the pull, whose later pages overwrite these rows.
 * Returns how many rows were written.
 */
export async function lookUpCustomer(
  db: SidenoteDB,
  target: HttpTarget,
  lookups: LookupRequest['lookups'],
  { epoch, signal }: { epoch?: string; signal?: AbortSignal } = {},
): Promise<number> {
  const answer = await callServer(target, '/v1/lookup', LookupEnvelope, { method: 'POST', body: { lookups }, signal });
  // Rows this device cannot read are left to the pull, which sets them aside.
  const { rows } = readRows(answer.rows);
  return db.transaction('rw', [...db.syncedTables(), db.$shadow, db.$state], async () => {
    await requireEpoch(db, epoch);
    const cookie = (await db.getMeta<number>('cookie')) ?? 0;
    const serverEpoch = await db.getMeta<string>('serverEpoch');
    if (cookie > answer.asOf || (serverEpoch !== undefined && serverEpoch !== answer.epoch)) return 0;
    const pending = new Set((await db.$shadow.toArray()).map((s) => `${s.table}:${s.id}`));
    let written = 0;
    for (const name of TABLE_NAMES) {
      const fresh = (rows[name] as { id: string }[]).filter((r) => !pending.has(`${name}:${r.id}`));
      if (fresh.length === 0) continue;
      await (db.table(name) as Table<{ id: string }, string>).bulkPut(fresh);
      written += fresh.length;
    }
    return written;
  });
}
