import { runMutation, type Actor, type MutatorArgs, type MutatorName } from '@/model/mutators';
import type { SidenoteDB } from './db';
import { dexieStore } from './store';

export interface PendingMutation<N extends MutatorName = MutatorName> {
  name: N;
  args: MutatorArgs<N>;
}

/** Every table an optimistic change or a rebase touches. */
export function writeScope(db: SidenoteDB) {
  return [...db.syncedTables(), db.$outbox, db.$shadow, db.$state, db.$refusals];
}

/**
 * Applies mutations optimistically and queues them in the outbox, all in one transaction, so
 * no change is ever shown without being queued, nor queued without being shown. A mutation the
 * local data already refuses (a MutationError) aborts the whole transaction: nothing is queued.
 * Returns the mutation ids.
 */
export async function mutate(db: SidenoteDB, actor: Actor, mutations: PendingMutation[], now = Date.now()): Promise<number[]> {
  return db.transaction('rw', writeScope(db), async () => {
    // Asked for alongside the first mutation's own reads (the mutators never read the outbox),
    // and the outbox entries written together at the end: fewer round trips before the commit.
    // Dexie's own promise, not getMeta's: an async function's promise awaited after other
    // requests of the transaction loses its zone, and Dexie reports a premature commit.
    const first = db.$state.get('nextMutationID');
    for (const m of mutations) await runMutation({ store: dexieStore(db), actor, now }, m.name, m.args);
    const start = ((await first)?.value as number | undefined) ?? 1;
    const ids = mutations.map((_, i) => start + i);
    await Promise.all([
      db.$outbox.bulkAdd(mutations.map((m, i) => ({ id: ids[i]!, name: m.name, args: m.args, at: now }))),
      db.setMeta('nextMutationID', start + mutations.length),
    ]);
    return ids;
  });
}
