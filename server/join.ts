import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Member, Role } from '../model/schemas';
import type { JoinRequest, JoinResponse } from '../model/sync';
import { issueToken } from './auth';
import { toColumns } from './db/to-columns';
import { toModel } from './db/to-model';
import type { Database } from './db/schema';
import { HttpError } from './errors';
import { canonicalInviteCode, sha256Hex } from './secrets';
import { nextTeamVersion } from './team-version';

function invalidInvite(): HttpError {
  return new HttpError(
    400,
    'invalid_invite',
    'This invite code is not valid, has expired or was already used. Ask your admin for a new one.',
  );
}

/**
 * The member this join makes: the existing one with this email (same person, another device:
 * the name is updated, the role kept) or a new one with the invite's role. A deactivated
 * member with this email is re-admitted with the invite's role, since an admin invited them again.
 */
const ROLE_RANK: Record<Role, number> = { rep: 0, manager: 1, admin: 2 };

async function memberFor(trx: Kysely<Database>, teamId: string, request: JoinRequest, inviteRole: Role): Promise<Member> {
  const existing = await trx
    .selectFrom('members')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('email', '=', request.email)
    .executeTakeFirst();
  if (!existing) return { id: randomUUID(), teamId, name: request.name, email: request.email, role: inviteRole, active: true };
  const member = toModel.members(existing);
  if (!member.active) return { ...member, name: request.name, role: inviteRole, active: true };
  // Emails are not verified: an invite may only sign in an existing member of at most its own
  // role, or a rep's invite plus an admin's address would make an admin token.
  if (ROLE_RANK[inviteRole] < ROLE_RANK[member.role]) {
    throw new HttpError(
      403,
      'role_mismatch',
      `${request.email} is already a ${member.role} of this team; ask for a ${member.role} invite to sign in on this device.`,
    );
  }
  return { ...member, name: request.name };
}

/**
 * Handles `POST /v1/join`: trades a single-use invite code for a member and a device token,
 * all in one transaction. Throws HttpError 400 `invalid_invite` for a wrong, expired or used code.
 */
export async function joinTeam(db: Kysely<Database>, request: JoinRequest, now = Date.now()): Promise<JoinResponse> {
  const code = canonicalInviteCode(request.inviteCode);
  if (!code) throw invalidInvite();
  const codeHash = sha256Hex(code);

  return db.transaction().execute(async (trx) => {
    // 1. The invite must exist, be unused and unexpired.
    const invite = await trx
      .selectFrom('invites')
      .select(['team_id', 'role'])
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!invite) throw invalidInvite();

    // 2. Write the member (new or returning) at a new team version, so teammates pull it.
    const version = await nextTeamVersion(trx, invite.team_id);
    const member = await memberFor(trx, invite.team_id, request, invite.role as Role);
    const columns = toColumns.members(member, invite.team_id, version);
    await trx
      .insertInto('members')
      .values({ ...columns, created_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ name: columns.name, email: columns.email, role: columns.role, active: columns.active, version }),
      )
      .execute();

    // 3. Consume the invite. The `used_at is null` condition, not the read in step 1, is what
    //    stops two concurrent joins from both using it: the loser's whole transaction rolls back.
    const consumed = await trx
      .updateTable('invites')
      .set({ used_at: now, used_by_member_id: member.id })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(consumed.numUpdatedRows) !== 1) throw invalidInvite();

    // 4. A token for this device.
    const token = await issueToken(trx, member, now);
    const team = await trx.selectFrom('teams').selectAll().where('id', '=', invite.team_id).executeTakeFirstOrThrow();
    return { token, member, team: toModel.teams(team) };
  });
}
