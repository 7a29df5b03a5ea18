import type { Kysely } from 'kysely';
import type { Database } from './db/schema';

/**
 * Bumps the team's head_version and returns it: the version of the calling transaction,
 * stamped on every row it writes. Call it inside that transaction, once.
 */
export async function nextTeamVersion(trx: Kysely<Database>, teamId: string): Promise<number> {
  const team = await trx
    .updateTable('teams')
    .set((eb) => ({ head_version: eb('head_version', '+', 1) }))
    .where('id', '=', teamId)
    .returning('head_version')
    .executeTakeFirstOrThrow(() => new Error(`Team ${teamId} does not exist.`));
  return Number(team.head_version);
}
