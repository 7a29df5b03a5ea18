import type { SidenoteDB } from '../db';

/** The sync that hit this began before the local database was reset: its results are dropped. */
export class StaleSync extends Error {
  constructor() {
    super('The local database was reset while this sync ran; its results were dropped.');
    this.name = 'StaleSync';
  }
}

/** The server no longer knows mutations it once acknowledged to this client (a restore from backup). */
export class ServerLostMutations extends Error {
  constructor(
    readonly known: number,
    readonly server: number,
  ) {
    super(`The server knows this device's changes up to ${server} only, not ${known}: it was restored from a backup.`);
    this.name = 'ServerLostMutations';
  }
}

/** This database's epoch: a new one with every reset, so work begun before it can tell. */
export async function currentEpoch(db: SidenoteDB): Promise<string> {
  // Read without a write transaction first: every sync asks, and only a new database has none.
  const known = await db.getMeta<string>('epoch');
  if (known) return known;
  return db.transaction('rw', db.$state, async () => {
    let epoch = await db.getMeta<string>('epoch');
    if (!epoch) await db.setMeta('epoch', (epoch = crypto.randomUUID()));
    return epoch;
  });
}

/** Inside a transaction over `$state`: throws StaleSync when the database was reset since `epoch`. */
export async function requireEpoch(db: SidenoteDB, epoch: string | undefined): Promise<void> {
  if (epoch !== undefined && (await db.getMeta<string>('epoch')) !== epoch) throw new StaleSync();
}

/**
 * Starts this device over as a new client after the server lost track of it (a `mutation_gap`,
 * or a pull showing fewer of its mutations than it had acknowledged): a new clientID, the
 * pending mutations renumbered from 1 in their order, and a full pull that replaces the local
 * copy (pending changes replay on top of it). Nothing pending is lost.
 */
export async function startOver(db: SidenoteDB, epoch?: string): Promise<void> {
  await db.transaction('rw', [db.$outbox, db.$state, db.$refusals], async () => {
    await requireEpoch(db, epoch);
    const pending = await db.$outbox.orderBy('id').toArray();
    await db.$outbox.clear();
    await db.$outbox.bulkAdd(pending.map((m, i) => ({ ...m, id: i + 1 })));
    // Refusals are numbered by the old client's mutation ids, which the new client reuses.
    await db.$refusals.clear();
    await db.setMeta('clientID', crypto.randomUUID());
    await db.setMeta('nextMutationID', pending.length + 1);
    await db.setMeta('lastMutationID', 0);
    await db.setMeta('cookie', 0);
    await db.setMeta('resync', true);
  });
}
