import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { preparedQuery } from './prepared-query';

const bumpVersion = preparedQuery(['teamId'], (db, p) =>
  db
    .updateTable('teams')
    .set((eb) => ({ head_version: eb('head_version', '+', 1) }))
    .where('id', '=', p.teamId)
    .returning('head_version'),
);

/**
 * Bumps the team's head_version and returns it: the version of the calling transaction,
 * stamped on every row it writes. Call it inside that transaction, once.
 */
export async function nextTeamVersion(trx: Kysely<Database>, teamId: string): Promise<number> {
  const [team] = await bumpVersion(trx, { teamId });
  if (!team) throw new Error(`Team ${teamId} does not exist.`);
  return Number(team.head_version);
}
