import type { Refusal } from '@/model/sync';
import type { SidenoteDB } from '../db';

/** Stores refusals once each (push answers and pulls may both report one). */
export async function recordRefusals(db: SidenoteDB, refusals: Refusal[], now = Date.now()): Promise<void> {
  if (refusals.length === 0) return;
  await db.transaction('rw', db.$refusals, async () => {
    for (const r of refusals) {
      if (!(await db.$refusals.get(r.mutationID))) await db.$refusals.put({ ...r, at: now, seen: false });
    }
  });
}
