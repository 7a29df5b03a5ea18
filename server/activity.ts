import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { StoreWrite } from './store';

export interface ActivityScope {
  teamId: string;
  version: number;
  actorId: string;
  at: number;
}

type ActivityRow = Pick<Database['activity'], 'type' | 'customer_id'> & { payload: Record<string, unknown> };

// Which writes the audit log records, and what it keeps of them. Note bodies stay out:
// the log outlives edits and must not become a second copy of private text.
function describe(write: StoreWrite): ActivityRow | null {
  if (write.table === 'notes' && write.before) {
    const { row, before } = write;
    const payload = { noteId: row.id };
    if (row.deletedAt !== null && before.deletedAt === null) return { type: 'note.deleted', customer_id: row.customerId, payload };
    if (row.body !== before.body) return { type: 'note.edited', customer_id: row.customerId, payload };
    if (row.pinned !== before.pinned) return { type: row.pinned ? 'note.pinned' : 'note.unpinned', customer_id: row.customerId, payload };
    return null;
  }
  if (!write.created) return null;
  switch (write.table) {
    case 'customers':
      return {
        type: 'customer.created',
        customer_id: write.row.mergedIntoId ?? write.row.id,
        payload: { customerId: write.row.id, name: write.row.name, mergedIntoId: write.row.mergedIntoId },
      };
    case 'notes':
      return {
        type: 'note.created',
        customer_id: write.row.customerId,
        payload: { noteId: write.row.id, kind: write.row.kind, visibility: write.row.visibility },
      };
    default:
      return null;
  }
}

/** Appends the audit-log rows for what one transaction wrote, inside that transaction. */
export async function recordActivity(trx: Kysely<Database>, scope: ActivityScope, writes: readonly StoreWrite[]): Promise<void> {
  const rows = writes.flatMap((w) => describe(w) ?? []);
  if (rows.length === 0) return;
  await trx
    .insertInto('activity')
    .values(
      rows.map((r) => ({
        id: randomUUID(),
        team_id: scope.teamId,
        version: scope.version,
        at: scope.at,
        actor_id: scope.actorId,
        type: r.type,
        customer_id: r.customer_id,
        payload: JSON.stringify(r.payload),
      })),
    )
    .execute();
}
