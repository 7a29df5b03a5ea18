import { randomUUID } from 'node:crypto';
import type { InferResult, Kysely } from 'kysely';
import type { Actor } from '../model/mutators';
import type { DeviceView } from '../model/admin';
import type { Role } from '../model/schemas';
import type { Database } from './db/schema';
import { newToken, sha256Hex } from './secrets';
import { preparedQuery } from './prepared-query';

/** Who a request's token stands for: the member and the device. */
export interface Caller extends Actor {
  deviceId: string;
}

/** last_used_at is written at most this often, so reading with a token stays a read. */
const LAST_USED_EVERY_MS = 5 * 60 * 1000;

/** Signs a device in as a member: a new token, returned once; only its hash is stored. */
export async function issueDevice(
  db: Kysely<Database>,
  member: { id: string; teamId: string },
  label: string,
  now: number,
): Promise<{ token: string; deviceId: string }> {
  const token = newToken();
  const deviceId = randomUUID();
  await db
    .insertInto('tokens')
    .values({
      id: deviceId,
      hash: sha256Hex(token),
      member_id: member.id,
      team_id: member.teamId,
      label,
      created_at: now,
      last_used_at: now,
      revoked_at: null,
    })
    .execute();
  return { token, deviceId };
}

/**
 * The live device with this token hash, and its member (an active one): the one definition of
 * a token that still works, which a pull extends with its own state (server/pull.ts).
 */
export function liveDeviceQuery(db: Kysely<Database>, hash: string) {
  return db
    .selectFrom('tokens')
    .innerJoin('members', (join) => join.onRef('members.id', '=', 'tokens.member_id').onRef('members.team_id', '=', 'tokens.team_id'))
    .select(['tokens.id as deviceId', 'tokens.last_used_at', 'members.id as memberId', 'members.team_id as teamId', 'members.role'])
    .where('tokens.hash', '=', hash)
    .where('tokens.revoked_at', 'is', null)
    .where('members.active', '=', 1);
}

const liveDeviceByHash = preparedQuery(['hash'], (db, p) => liveDeviceQuery(db, p.hash));

/** What liveDeviceQuery reads of a device. */
export type LiveDeviceRow = InferResult<ReturnType<typeof liveDeviceQuery>>[number];

/**
 * The caller of a row liveDeviceQuery found (null for none), noting when the device was last
 * used at most every few minutes.
 */
export async function callerOfRow(db: Kysely<Database>, row: LiveDeviceRow | undefined, now: number): Promise<Caller | null> {
  if (!row) return null;
  if (row.last_used_at === null || now - Number(row.last_used_at) > LAST_USED_EVERY_MS) {
    await db.updateTable('tokens').set({ last_used_at: now }).where('id', '=', row.deviceId).execute();
  }
  return { deviceId: row.deviceId, memberId: row.memberId, teamId: row.teamId, role: row.role as Role };
}

/**
 * The caller a bearer token stands for, or null if it is unknown, revoked, or its member is
 * inactive. Looked up on every request, so a revocation takes effect at the next one.
 */
export async function callerForToken(db: Kysely<Database>, token: string, now: number): Promise<Caller | null> {
  const [row] = await liveDeviceByHash(db, { hash: sha256Hex(token) });
  return callerOfRow(db, row, now);
}

/** The signed-in (not revoked) devices of a team, or of one member of it, newest first. */
export async function listDevices(db: Kysely<Database>, teamId: string, memberId?: string): Promise<DeviceView[]> {
  let query = db
    .selectFrom('tokens')
    .select(['id', 'member_id', 'label', 'created_at', 'last_used_at'])
    .where('team_id', '=', teamId)
    .where('revoked_at', 'is', null);
  if (memberId) query = query.where('member_id', '=', memberId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    memberId: r.member_id,
    label: r.label,
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  }));
}

/** One live device of the team, or undefined (another team's id is as good as unknown). */
export async function findDevice(db: Kysely<Database>, teamId: string, deviceId: string): Promise<DeviceView | undefined> {
  return (await listDevices(db, teamId)).find((d) => d.id === deviceId);
}

/** Revokes devices of the team (all of a member's when `memberId` is given); returns the ids revoked. */
export async function revokeDevices(
  db: Kysely<Database>,
  teamId: string,
  which: { deviceId: string } | { memberId: string },
  now: number,
): Promise<string[]> {
  let query = db.updateTable('tokens').set({ revoked_at: now }).where('team_id', '=', teamId).where('revoked_at', 'is', null);
  query = 'deviceId' in which ? query.where('id', '=', which.deviceId) : query.where('member_id', '=', which.memberId);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}
