import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from '../model/z';
import { normalizeIdentity } from '../model/identity';
import { Team, TeamSettings } from '../model/schemas';
import { toColumns } from './db/to-columns';
import { toModel } from './db/to-model';
import type { Database } from './db/schema';
import { createInvite, UnknownTeamError } from './invites';
import { nextTeamVersion } from './team-version';

export { createInvite, UnknownTeamError } from './invites';

export const NewTeam = z.object({
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  domains: z._default(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(253))).check(z.maxLength(50)), []),
});
export type NewTeam = z.input<typeof NewTeam>;

/**
 * Creates a team and its first invite, which makes an admin. Ids and the code are random;
 * the code is returned once and stored only as a hash.
 */
export async function createTeam(db: Kysely<Database>, input: NewTeam, now = Date.now()): Promise<{ teamId: string; inviteCode: string }> {
  const { name, domains } = NewTeam.parse(input);
  const team: Team = {
    id: randomUUID(),
    name,
    domains: teamDomains(domains),
    settings: TeamSettings.parse({}),
  };
  return db.transaction().execute(async (trx) => {
    // Version 1 is the team's own creation; the first member who joins gets version 2.
    await trx
      .insertInto('teams')
      .values({ ...toColumns.teams(team, team.id, 1), head_version: 1, created_at: now })
      .execute();
    const { inviteCode } = await createInvite(trx, { teamId: team.id, role: 'admin' }, now);
    return { teamId: team.id, inviteCode };
  });
}

/** Every team with its count of active members, oldest first (for the admin CLI and `npm start`). */
export async function listTeams(db: Kysely<Database>): Promise<(Team & { members: number })[]> {
  const rows = await db
    .selectFrom('teams')
    .selectAll('teams')
    .select((eb) =>
      eb
        .selectFrom('members')
        .select((m) => m.fn.countAll<number>().as('n'))
        .whereRef('members.team_id', '=', 'teams.id')
        .where('members.active', '=', 1)
        .as('members'),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(({ members, ...team }) => ({ ...toModel.teams(team), members: Number(members ?? 0) }));
}

/** A team domain that is not a mail domain (`example.com`). */
export class InvalidDomainError extends Error {
  constructor(readonly domains: string[]) {
    super(`Not a mail domain: ${domains.join(', ')}. Write domains like example.com.`);
    this.name = 'InvalidDomainError';
  }
}

/** The team's own domains, normalized and without repeats; throws InvalidDomainError. */
export function teamDomains(raw: readonly string[]): string[] {
  const normalized = raw.map((d) => normalizeIdentity('domain', d));
  const bad = raw.filter((_, i) => normalized[i] === null);
  if (bad.length > 0) throw new InvalidDomainError(bad);
  return [...new Set(normalized as string[])];
}

export const TeamPatch = z.strictObject({
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  /** The team's own mail domains (people there are never customers), replacing the list. */
  domains: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(253))).check(z.maxLength(50))),
});
export type TeamPatch = z.infer<typeof TeamPatch>;

/**
 * Renames the team or replaces its own mail domains, at a new team version so every device
 * pulls the change. Call it inside a transaction. Throws UnknownTeamError or InvalidDomainError.
 */
export async function updateTeam(trx: Kysely<Database>, teamId: string, patch: TeamPatch): Promise<{ team: Team; version: number }> {
  const row = await trx.selectFrom('teams').selectAll().where('id', '=', teamId).executeTakeFirst();
  if (!row) throw new UnknownTeamError(teamId);
  const before = toModel.teams(row);
  const team: Team = { ...before, name: patch.name ?? before.name, domains: patch.domains ? teamDomains(patch.domains) : before.domains };
  const version = await nextTeamVersion(trx, teamId);
  const { id: _id, ...columns } = toColumns.teams(team, teamId, version);
  await trx.updateTable('teams').set(columns).where('id', '=', teamId).execute();
  return { team, version };
}
