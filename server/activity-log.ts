import type { Kysely } from 'kysely';
import { COMMAND_LINE_ACTOR } from './audit';
import type { Database } from './db/schema';
import type { ActivityView } from '../model/admin';

/**
 * The team's activity log for admins, newest first, a page at a time (`after`: the `cursor`
 * of the previous page). Entries about private notes are left out: older logs recorded them.
 */
export async function listActivity(
  db: Kysely<Database>,
  teamId: string,
  page: { after?: string; limit: number },
): Promise<{ entries: ActivityView[]; cursor: string | null }> {
  let query = db
    .selectFrom('activity')
    .leftJoin('members', (join) => join.onRef('members.id', '=', 'activity.actor_id').onRef('members.team_id', '=', 'activity.team_id'))
    .leftJoin('customers', (join) =>
      join.onRef('customers.id', '=', 'activity.customer_id').onRef('customers.team_id', '=', 'activity.team_id'),
    )
    .select([
      'activity.id',
      'activity.at',
      'activity.actor_id',
      'activity.type',
      'activity.customer_id',
      'activity.payload',
      'members.name as actor_name',
      'customers.name as customer_name',
    ])
    .where('activity.team_id', '=', teamId);
  // Entries of one transaction share `at`: the cursor is (at, id), so a page never cuts one short.
  const cursor = page.after ? /^(\d+):(.+)$/.exec(page.after) : null;
  if (cursor) {
    const [at, id] = [Number(cursor[1]), cursor[2]!];
    query = query.where((eb) => eb.or([eb('activity.at', '<', at), eb.and([eb('activity.at', '=', at), eb('activity.id', '>', id)])]));
  }
  const rows = await query
    .orderBy('activity.at', 'desc')
    .orderBy('activity.id')
    .limit(page.limit + 1)
    .execute();
  const entries = rows.slice(0, page.limit).flatMap((r) => {
    const payload = JSON.parse(r.payload) as Record<string, unknown>;
    if (payload.visibility === 'private') return [];
    return [
      {
        id: r.id,
        at: Number(r.at),
        actorId: r.actor_id,
        type: r.type,
        customerId: r.customer_id,
        payload,
        actorName: r.actor_id === COMMAND_LINE_ACTOR ? null : (r.actor_name ?? null),
        customerName: r.customer_name ?? null,
      },
    ];
  });
  const last = rows.length > page.limit ? rows[page.limit - 1]! : null;
  return { entries, cursor: last ? `${Number(last.at)}:${last.id}` : null };
}
