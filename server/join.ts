import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Member, Role } from '../model/schemas';
import type { JoinRequest, JoinResponse } from '../model/sync';
import { logAdminAction } from './audit';
import { toColumns } from './db/to-columns';
import { toModel } from './db/to-model';
import type { Database } from './db/schema';
import { issueDevice } from './devices';
import { HttpError } from './errors';
import { findUsableCode } from './invites';
import { canonicalInviteCode } from './secrets';
import { nextTeamVersion } from './team-version';

export function invalidInvite(): HttpError {
  return new HttpError(
    400,
    'invalid_invite',
    'This invite code is not valid, has expired or was already used. Ask your admin for a new one.',
  );
}

type Trx = Kysely<Database>;
type UsableCode = NonNullable<Awaited<ReturnType<typeof findUsableCode>>>;

/**
 * An invite makes a new member, never signs anyone in as an existing one: emails are not
 * verified and every teammate sees them, so an address proves nothing. Someone already on the
 * team signs a second device in with a device code made for them instead.
 */
async function newMemberFromInvite(trx: Trx, invite: UsableCode, request: JoinRequest, now: number): Promise<Member> {
  const existing = await trx
    .selectFrom('members')
    .select(['active'])
    .where('team_id', '=', invite.team_id)
    .where('email', '=', request.email)
    .executeTakeFirst();
  if (existing?.active) {
    throw new HttpError(
      409,
      'already_member',
      `${request.email} is already a member of this team. To sign in on another device, use a device code: make one in Sidenote’s options on a device that is signed in, or ask an admin.`,
    );
  }
  if (existing) {
    throw new HttpError(
      409,
      'member_deactivated',
      `${request.email} was deactivated on this team. An admin can reactivate them and give them a device code.`,
    );
  }
  const member: Member = {
    id: randomUUID(),
    teamId: invite.team_id,
    name: request.name,
    email: request.email,
    role: invite.role as Role,
    active: true,
  };
  const version = await nextTeamVersion(trx, invite.team_id);
  await trx
    .insertInto('members')
    .values({ ...toColumns.members(member, invite.team_id, version), created_at: now })
    .execute();
  await logAdminAction(trx, {
    teamId: invite.team_id,
    actorId: member.id,
    at: now,
    type: 'member.joined',
    payload: { memberId: member.id, name: member.name, email: member.email, role: member.role, invitedBy: invite.created_by },
    version,
  });
  return member;
}

/** A device code signs in the member it was made for, if the email given is theirs. */
async function memberOfDeviceCode(trx: Trx, invite: UsableCode, request: JoinRequest): Promise<Member> {
  const row = await trx
    .selectFrom('members')
    .selectAll()
    .where('team_id', '=', invite.team_id)
    .where('id', '=', invite.member_id!)
    .executeTakeFirst();
  const member = row && toModel.members(row);
  if (!member?.active) throw invalidInvite();
  if (member.email !== request.email) {
    throw new HttpError(
      403,
      'email_mismatch',
      'This device code was made for another member. Enter the email address of the member it was made for, or ask for your own code.',
    );
  }
  return member;
}

/**
 * Handles `POST /v1/join`: trades a single-use invite code for a new member and a device
 * token, or a device code for one more device of its member, all in one transaction. Throws
 * HttpError 400 `invalid_invite` for a wrong, expired or used code, 409 `already_member` /
 * `member_deactivated` for an invite used with a member's address, 403 `email_mismatch`
 * for a device code used with another address. Returns whether synced rows changed.
 */
export async function joinTeam(db: Kysely<Database>, request: JoinRequest, now = Date.now()): Promise<JoinResponse> {
  const code = canonicalInviteCode(request.inviteCode);
  if (!code) throw invalidInvite();

  return db.transaction().execute(async (trx) => {
    // 1. The code must exist, be unused and unexpired.
    const invite = await findUsableCode(trx, code, now);
    if (!invite) throw invalidInvite();

    // 2. A new member (an invite), or the member a device code was made for.
    const member = invite.member_id ? await memberOfDeviceCode(trx, invite, request) : await newMemberFromInvite(trx, invite, request, now);

    // 3. Consume the code. The `used_at is null` condition, not the read in step 1, is what
    //    stops two concurrent joins from both using it: the loser's whole transaction rolls back.
    const consumed = await trx
      .updateTable('invites')
      .set({ used_at: now, used_by_member_id: member.id })
      .where('id', '=', invite.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(consumed.numUpdatedRows) !== 1) throw invalidInvite();

    // 4. A device of its own, with its own token.
    const label = request.deviceLabel.trim();
    const { token, deviceId } = await issueDevice(trx, member, label, now);
    if (invite.member_id) {
      await logAdminAction(trx, {
        teamId: member.teamId,
        actorId: member.id,
        at: now,
        type: 'device.joined',
        payload: { memberId: member.id, deviceId, label },
      });
    }
    const team = await trx.selectFrom('teams').selectAll().where('id', '=', invite.team_id).executeTakeFirstOrThrow();
    return { token, deviceId, member, team: toModel.teams(team) };
  });
}
