import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from '../model/z';
import type { InviteView } from '../model/admin';
import { Role } from '../model/schemas';
import type { Database } from './db/schema';
import { newInviteCode, sha256Hex } from './secrets';

const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

/** Thrown when an invite names a team that does not exist. */
export class UnknownTeamError extends Error {
  constructor(readonly teamId: string) {
    super(`There is no team with id ${teamId}.`);
    this.name = 'UnknownTeamError';
  }
}

/** The link a teammate pastes into the extension: the server's address and, after `#`, the code (never sent to a server). */
export function inviteLink(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/join#${code}`;
}

export const NewInvite = z.object({
  teamId: z.string().check(z.minLength(1)),
  role: Role,
  ttlDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(365)), 7),
  /** The admin who made it; null or absent on the command line. */
  createdBy: z._default(z.nullable(z.string()), null),
});
export type NewInvite = z.input<typeof NewInvite>;

/** Creates a single-use invite to a team (it makes a new member); throws if the team does not exist. */
export async function createInvite(
  db: Kysely<Database>,
  input: NewInvite,
  now = Date.now(),
): Promise<{ inviteCode: string; inviteId: string; expiresAt: number }> {
  const { teamId, role, ttlDays, createdBy } = NewInvite.parse(input);
  const team = await db.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
  if (!team) throw new UnknownTeamError(teamId);
  return insertCode(db, { teamId, role, memberId: null, createdBy, expiresAt: now + ttlDays * DAY }, now);
}

/** Thrown when a device code names a member who does not exist or is deactivated. */
export class UnknownMemberError extends Error {
  constructor(readonly memberId: string) {
    super(`There is no active member with id ${memberId}.`);
    this.name = 'UnknownMemberError';
  }
}

export const DEVICE_CODE_HOURS = 24;

/**
 * A single-use code that signs one more device in as an existing, active member. It is as
 * good as that member's password for a day, so it expires sooner than an invite.
 */
export async function createDeviceCode(
  db: Kysely<Database>,
  input: { memberId: string; createdBy: string | null; ttlHours?: number },
  now = Date.now(),
): Promise<{ deviceCode: string; inviteId: string; expiresAt: number }> {
  const member = await db
    .selectFrom('members')
    .select(['id', 'team_id', 'role'])
    .where('id', '=', input.memberId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!member) throw new UnknownMemberError(input.memberId);
  const hours = input.ttlHours ?? DEVICE_CODE_HOURS;
  const { inviteCode, inviteId, expiresAt } = await insertCode(
    db,
    { teamId: member.team_id, role: member.role as Role, memberId: member.id, createdBy: input.createdBy, expiresAt: now + hours * HOUR },
    now,
  );
  return { deviceCode: inviteCode, inviteId, expiresAt };
}

async function insertCode(
  db: Kysely<Database>,
  code: { teamId: string; role: Role; memberId: string | null; createdBy: string | null; expiresAt: number },
  now: number,
): Promise<{ inviteCode: string; inviteId: string; expiresAt: number }> {
  const inviteCode = newInviteCode();
  const inviteId = randomUUID();
  await db
    .insertInto('invites')
    .values({
      id: inviteId,
      code_hash: sha256Hex(inviteCode),
      team_id: code.teamId,
      role: code.role,
      member_id: code.memberId,
      created_by: code.createdBy,
      created_at: now,
      expires_at: code.expiresAt,
      used_at: null,
      used_by_member_id: null,
    })
    .execute();
  return { inviteCode, inviteId, expiresAt: code.expiresAt };
}

/** An unused, unexpired invite or device code with this canonical code, or undefined. */
export async function findUsableCode(db: Kysely<Database>, code: string, now: number) {
  const hash = sha256Hex(code);
  const invite = await db
    .selectFrom('invites')
    .select(['id', 'code_hash', 'team_id', 'role', 'member_id', 'created_by'])
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  // The lookup is by a hash of the code, so its timing tells nothing of the code; the final
  // comparison is constant-time all the same.
  if (!invite || !timingSafeEqual(Buffer.from(invite.code_hash, 'hex'), Buffer.from(hash, 'hex'))) return undefined;
  return invite;
}

/** The team's invites and device codes still waiting to be used (the codes themselves are not kept). */
export async function listPendingInvites(db: Kysely<Database>, teamId: string, now: number): Promise<InviteView[]> {
  const rows = await db
    .selectFrom('invites')
    .select(['id', 'role', 'member_id', 'created_by', 'created_at', 'expires_at'])
    .where('team_id', '=', teamId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    role: r.role as Role,
    memberId: r.member_id,
    createdBy: r.created_by,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
  }));
}

/** Withdraws a pending invite of the team (it expires now); false if there is none with this id. */
export async function withdrawInvite(db: Kysely<Database>, teamId: string, inviteId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invites')
    .set({ expires_at: now })
    .where('team_id', '=', teamId)
    .where('id', '=', inviteId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
