import type { Refusal } from '@/model/sync';
import type { SidenoteDB } from '../db';
import { requireEpoch } from './recover';

/**
 * Stores refusals once each (push answers and pulls may both report one). With `epoch`, nothing
 * is stored when the database was reset since the request was sent.
 */
export async function recordRefusals(
  db: SidenoteDB,
  refusals: Refusal[],
  { epoch, now = Date.now() }: { epoch?: string; now?: number } = {},
): Promise<void> {
  if (refusals.length === 0) return;
  await db.transaction('rw', db.$refusals, db.$meta, async () => {
    await requireEpoch(db, epoch);
    for (const r of refusals) {
      if (!(await db.$refusals.get(r.mutationID))) await db.$refusals.put({ ...r, at: now, seen: false });
    }
  });
}
