import type { Table } from 'dexie';
import { MutationError, runMutation, type Actor } from '@/model/mutators';
import { PullResponse } from '@/model/sync';
import { TABLE_NAMES } from '@/model/schemas';
import type { SidenoteDB } from '../db';
import { writeScope } from '../mutate';
import { dexieStore } from '../store';
import { callServer, type HttpTarget } from './http';
import { recordRefusals } from './refusals';

/** Pulls until the server has nothing more, applying each page as it comes. */
export async function pullChanges(db: SidenoteDB, target: HttpTarget, clientID: string, actor: Actor): Promise<void> {
  for (let page = 0; page < 10_000; page++) {
    const cookie = (await db.getMeta<number>('cookie')) ?? 0;
    const knownMutationID = (await db.getMeta<number>('lastMutationID')) ?? 0;
    const query = new URLSearchParams({ clientID, cookie: String(cookie), knownMutationID: String(knownMutationID) });
    const response = await callServer(target, `/v1/pull?${query}`, PullResponse);
    await applyPull(db, response, actor);
    if (!response.more) return;
  }
}

/**
 * Applies one pull in one transaction, so the UI never sees a half-applied state and never
 * flickers back to an older one.
 */
export async function applyPull(db: SidenoteDB, response: PullResponse, actor: Actor): Promise<void> {
  await db.transaction('rw', writeScope(db), async () => {
    // 1. Undo the optimistic changes: put back the server's rows the pending mutations touched.
    for (const shadow of await db.$shadow.toArray()) {
      const table = db.table(shadow.table) as Table<{ id: string }, string>;
      if (shadow.row === null) await table.delete(shadow.id);
      else await table.put(shadow.row as { id: string });
    }
    await db.$shadow.clear();
    // 2. Write the server's rows and drop what it tombstoned.
    for (const name of TABLE_NAMES) {
      const rows = response.rows[name];
      if (rows.length) await (db.table(name) as Table<unknown, string>).bulkPut(rows);
    }
    for (const t of response.tombstones) await db.table(t.table).delete(t.id);
    // 3. Forget the mutations the server has processed; keep its refusals for the user.
    await db.$outbox.where('id').belowOrEqual(response.lastMutationID).delete();
    await recordRefusals(db, response.refusals);
    await db.setMeta('cookie', response.cookie);
    await db.setMeta('lastMutationID', response.lastMutationID);
    const next = (await db.getMeta<number>('nextMutationID')) ?? 1;
    if (next <= response.lastMutationID) await db.setMeta('nextMutationID', response.lastMutationID + 1);
    // 4. Replay what is still pending on top (the rebase). A mutation the new state refuses
    //    stays queued: the server has the last word and will report it.
    const store = dexieStore(db);
    for (const m of await db.$outbox.orderBy('id').toArray()) {
      try {
        await runMutation({ store, actor, now: m.at }, m.name, m.args);
      } catch (e) {
        if (!(e instanceof MutationError)) throw e;
      }
    }
  });
}
