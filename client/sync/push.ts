import { MAX_MUTATIONS_PER_PUSH, PushResponse } from '@/model/sync';
import type { SidenoteDB } from '../db';
import { callServer, type HttpTarget } from './http';
import { recordRefusals } from './refusals';

/**
 * Sends the outbox, oldest first, in batches. Entries stay in the outbox until a pull confirms
 * them (lastMutationID), so a push whose answer is lost is simply sent again: the server skips
 * what it already did. Returns the server's lastMutationID.
 */
export async function pushOutbox(
  db: SidenoteDB,
  target: HttpTarget,
  clientID: string,
  { epoch, signal }: { epoch?: string; signal?: AbortSignal } = {},
): Promise<number> {
  let lastMutationID = (await db.getMeta<number>('lastMutationID')) ?? 0;
  for (;;) {
    // 1. The next batch after what the server has confirmed.
    const batch = await db.$outbox.where('id').above(lastMutationID).limit(MAX_MUTATIONS_PER_PUSH).toArray();
    if (batch.length === 0) return lastMutationID;
    // 2. Push it; the server processes each mutation exactly once.
    const response = await callServer(target, '/v1/push', PushResponse, { method: 'POST', body: { clientID, mutations: batch }, signal });
    // 3. Keep refusals to show the user, then go on from what the server has done.
    await recordRefusals(db, response.refusals, { epoch });
    if (response.lastMutationID <= lastMutationID) return lastMutationID;
    lastMutationID = response.lastMutationID;
  }
}
