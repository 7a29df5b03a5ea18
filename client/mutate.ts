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
    let next = (await db.getMeta<number>('nextMutationID')) ?? 1;
    const ids: number[] = [];
    for (const m of mutations) {
      await runMutation({ store: dexieStore(db), actor, now }, m.name, m.args);
      await db.$outbox.add({ id: next, name: m.name, args: m.args, at: now });
      ids.push(next++);
    }
    await db.setMeta('nextMutationID', next);
    return ids;
  });
}
