import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CustomerEventType } from '../model/schemas';
import type { Database } from './db/schema';
import type { StoreWrite } from './store';

export interface ActivityScope {
  teamId: string;
  version: number;
  actorId: string;
  at: number;
}

type ActivityRow = Pick<Database['activity'], 'type' | 'customer_id'> & { payload: Record<string, unknown> };

const LOGGED_FROM_ROWS = new Set<CustomerEventType>(['stage', 'rename', 'noteEdit', 'noteDelete', 'taskDelete']);

// Which writes the audit log records, and what it keeps of them. Note bodies stay out:
// the log outlives edits and must not become a second copy of private text.
function describe(write: StoreWrite): ActivityRow | null {
  // A private note is its author's alone: the log, which admins read, says nothing of it.
  if ((write.table === 'notes' || write.table === 'noteRevisions') && write.row.visibility === 'private') return null;
  if (write.table === 'teams') {
    const { row, before } = write;
    const changed = Object.keys(row.settings).filter(
      (k) =>
        JSON.stringify(row.settings[k as keyof typeof row.settings]) !== JSON.stringify(before?.settings[k as keyof typeof row.settings]),
    );
    return changed.length ? { type: 'team.settings_changed', customer_id: null, payload: { changed, settings: row.settings } } : null;
  }
  if (write.table === 'customers' && write.before) {
    const { row, before } = write;
    if (row.ownerId !== before.ownerId) {
      return { type: 'customer.owner_changed', customer_id: row.id, payload: { from: before.ownerId, to: row.ownerId } };
    }
    if (row.stage !== before.stage) {
      return { type: 'customer.stage_changed', customer_id: row.id, payload: { from: before.stage, to: row.stage } };
    }
    if (row.name !== before.name) {
      return { type: 'customer.renamed', customer_id: row.id, payload: { from: before.name, to: row.name } };
    }
    return null;
  }
  if (write.table === 'tasks') {
    const { row, before } = write;
    const payload = { taskId: row.id, title: row.title, assigneeId: row.assigneeId, dueAt: row.dueAt };
    const type = !before
      ? 'task.created'
      : row.deletedAt !== null && before.deletedAt === null
        ? 'task.deleted'
        : row.doneAt !== null && before.doneAt === null
          ? 'task.completed'
          : row.doneAt === null && before.doneAt !== null
            ? 'task.reopened'
            : row.assigneeId !== before.assigneeId
              ? 'task.reassigned'
              : row.dueAt !== before.dueAt
                ? 'task.rescheduled'
                : null;
    return type ? { type, customer_id: row.customerId, payload } : null;
  }
  // Stage changes, renames and corrections are logged from the rows they change (above, below).
  if (write.table === 'customerEvents' && !LOGGED_FROM_ROWS.has(write.row.type)) {
    // Hand-off notes belong in the audit log: they explain why a customer changed hands.
    const { row } = write;
    return { type: `customer.${row.type}`, customer_id: row.customerId, payload: { from: row.from, to: row.to, note: row.note } };
  }
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
