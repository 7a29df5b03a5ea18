import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { normalizeDomain } from '../model/identity';
import { Role, Team, TeamSettings } from '../model/schemas';
import { toColumns } from './db/to-columns';
import { toModel } from './db/to-model';
import type { Database } from './db/schema';
import { newInviteCode, sha256Hex } from './secrets';

const DAY = 24 * 60 * 60 * 1000;

/** Thrown when an invite names a team that does not exist. */
export class UnknownTeamError extends Error {
  constructor(readonly teamId: string) {
    super(`There is no team with id ${teamId}.`);
    this.name = 'UnknownTeamError';
  }
}

export const NewTeam = z.object({
  name: z.string().trim().min(1).max(200),
  domains: z.array(z.string().trim().min(1).max(253)).max(50).default([]),
});
export type NewTeam = z.input<typeof NewTeam>;

export const NewInvite = z.object({
  teamId: z.string().min(1),
  role: Role,
  ttlDays: z.number().int().min(1).max(365).default(7),
});
export type NewInvite = z.input<typeof NewInvite>;

/**
 * Creates a team and its first invite, which makes an admin. Ids and the code are random;
 * the code is returned once and stored only as a hash.
 */
export async function createTeam(db: Kysely<Database>, input: NewTeam, now = Date.now()): Promise<{ teamId: string; inviteCode: string }> {
  const { name, domains } = NewTeam.parse(input);
  const team: Team = {
    id: randomUUID(),
    name,
    domains: [...new Set(domains.map(normalizeDomain))],
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

/** Creates a single-use invite to a team; throws if the team does not exist. */
export async function createInvite(db: Kysely<Database>, input: NewInvite, now = Date.now()): Promise<{ inviteCode: string }> {
  const { teamId, role, ttlDays } = NewInvite.parse(input);
  const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new UnknownTeamError(teamId);
  const inviteCode = newInviteCode();
  await db
    .insertInto('invites')
    .values({
      code_hash: sha256Hex(inviteCode),
      team_id: teamId,
      role,
      created_at: now,
      expires_at: now + ttlDays * DAY,
      used_at: null,
      used_by_member_id: null,
    })
    .execute();
  return { inviteCode };
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
