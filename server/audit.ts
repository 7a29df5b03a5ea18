import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/** The admin actions the activity log records (beside the changes to customers that push records). */
export type AdminActionType =
  | 'member.joined'
  | 'member.role_changed'
  | 'member.deactivated'
  | 'member.reactivated'
  | 'invite.created'
  | 'invite.withdrawn'
  | 'device.joined'
  | 'device.code_created'
  | 'device.revoked'
  | 'team.updated'
  | 'team.settings_changed'
  | 'data.exported'
  | 'data.imported';

/** Who did it: a member, or the admin command line on the server (`null`). */
export const COMMAND_LINE_ACTOR = 'cli';

/**
 * Appends one admin action to the team's activity log, in the caller's transaction. `version`
 * is the team version of that transaction, or, when it wrote no synced row, the current one.
 */
export async function logAdminAction(
  trx: Kysely<Database>,
  entry: { teamId: string; actorId: string | null; at: number; type: AdminActionType; payload: Record<string, unknown>; version?: number },
): Promise<void> {
  const version =
    entry.version ??
    Number((await trx.selectFrom('teams').select('head_version').where('id', '=', entry.teamId).executeTakeFirstOrThrow()).head_version);
  await trx
    .insertInto('activity')
    .values({
      id: randomUUID(),
      team_id: entry.teamId,
      version,
      at: entry.at,
      actor_id: entry.actorId ?? COMMAND_LINE_ACTOR,
      type: entry.type,
      customer_id: null,
      payload: JSON.stringify(entry.payload),
    })
    .execute();
}
