import type { Kysely } from 'kysely';
import { z } from '../model/z';
import type { MemberAdminView } from '../model/admin';
import { Role, type Member } from '../model/schemas';
import { logAdminAction } from './audit';
import { toColumns } from './db/to-columns';
import { toModel } from './db/to-model';
import type { Database } from './db/schema';
import { listDevices, revokeDevices } from './devices';
import { HttpError } from './errors';
import { nextTeamVersion } from './team-version';

/** Every member of the team, active first, then by name. */
export async function listMembers(db: Kysely<Database>, teamId: string): Promise<MemberAdminView[]> {
  const rows = await db
    .selectFrom('members')
    .selectAll('members')
    .select((eb) => [
      eb
        .selectFrom('customers')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('customers.owner_id', '=', 'members.id')
        .where('customers.team_id', '=', teamId)
        .where('customers.deleted_at', 'is', null)
        .as('owned'),
      eb
        .selectFrom('tasks')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('tasks.assignee_id', '=', 'members.id')
        .where('tasks.team_id', '=', teamId)
        .where('tasks.done_at', 'is', null)
        .where('tasks.deleted_at', 'is', null)
        .as('open'),
    ])
    .where('members.team_id', '=', teamId)
    .orderBy('members.active', 'desc')
    .orderBy('members.name')
    .execute();
  const devices = await listDevices(db, teamId);
  return rows.map((r) => ({
    ...toModel.members(r),
    joinedAt: Number(r.created_at),
    devices: devices.filter((d) => d.memberId === r.id),
    ownedCustomers: Number(r.owned ?? 0),
    openFollowUps: Number(r.open ?? 0),
  }));
}

export const MemberPatch = z
  .strictObject({ role: z.optional(Role), active: z.optional(z.boolean()) })
  .check(z.refine((p) => p.role !== undefined || p.active !== undefined, 'nothing to change'));
export type MemberPatch = z.infer<typeof MemberPatch>;

function notFound(): HttpError {
  return new HttpError(404, 'not_found', 'There is no such member in this team.');
}

/**
 * Changes a member's role or deactivates / reactivates them, in the caller's transaction, at a
 * new team version (members are synced). Deactivating revokes every device of theirs and
 * withdraws their pending device codes; the caller closes the revoked devices' live sockets
 * after the commit. Nobody changes their own role or deactivates themself, and the team always
 * keeps one active admin, so no team is left without one.
 */
export async function changeMember(
  trx: Kysely<Database>,
  change: { teamId: string; memberId: string; patch: MemberPatch; by: string | null; now: number },
): Promise<{ member: Member; revokedDeviceIds: string[] }> {
  const { teamId, memberId, patch, by, now } = change;
  const row = await trx.selectFrom('members').selectAll().where('team_id', '=', teamId).where('id', '=', memberId).executeTakeFirst();
  if (!row) throw notFound();
  const before = toModel.members(row);
  const member: Member = { ...before, role: patch.role ?? before.role, active: patch.active ?? before.active };
  if (member.role === before.role && member.active === before.active) return { member, revokedDeviceIds: [] };
  if (by === memberId) {
    throw new HttpError(403, 'forbidden', 'You cannot change your own role or deactivate yourself. Ask another admin.');
  }
  if (before.role === 'admin' && before.active && (member.role !== 'admin' || !member.active)) {
    const admins = await trx
      .selectFrom('members')
      .select('id')
      .where('team_id', '=', teamId)
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .execute();
    if (admins.length <= 1)
      throw new HttpError(409, 'last_admin', 'The team needs at least one active admin. Make someone else an admin first.');
  }

  const version = await nextTeamVersion(trx, teamId);
  const { id: _id, team_id: _teamId, ...columns } = toColumns.members(member, teamId, version);
  await trx.updateTable('members').set(columns).where('team_id', '=', teamId).where('id', '=', memberId).execute();
  const log = (type: 'member.role_changed' | 'member.deactivated' | 'member.reactivated', payload: Record<string, unknown>) =>
    logAdminAction(trx, { teamId, actorId: by, at: now, type, version, payload: { memberId, name: member.name, ...payload } });
  if (member.role !== before.role) await log('member.role_changed', { from: before.role, to: member.role });

  let revokedDeviceIds: string[] = [];
  if (!member.active && before.active) {
    revokedDeviceIds = await revokeDevices(trx, teamId, { memberId }, now);
    await trx
      .updateTable('invites')
      .set({ expires_at: now })
      .where('team_id', '=', teamId)
      .where('member_id', '=', memberId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .execute();
    await log('member.deactivated', { devicesRevoked: revokedDeviceIds.length });
  } else if (member.active && !before.active) {
    await log('member.reactivated', {});
  }
  return { member, revokedDeviceIds };
}
