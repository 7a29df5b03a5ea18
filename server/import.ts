import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Member, Row } from '../model/schemas';
import { logAdminAction } from './audit';
import type { Database } from './db/schema';
import { teamSqlTable } from './db/tables';
import { toColumns } from './db/to-columns';
import { toModel } from './db/to-model';
import { HttpError } from './errors';
import { EXPORTED_TABLES, type TeamExport } from './export';
import { nextTeamVersion } from './team-version';

/** Rows an import writes per statement: under SQLite's and PostgreSQL's bound-parameter limits. */
const BATCH = 200;

/**
 * New ids for every imported row: ids are unique across the whole server, and the exported
 * team may still live on it. Members already in the target team (the importing admin, first)
 * keep their own ids, matched by email.
 */
function idMap(data: TeamExport, existing: Member[]): Map<string, string> {
  const ids = new Map<string, string>();
  for (const member of data.members) ids.set(member.id, existing.find((m) => m.email === member.email)?.id ?? randomUUID());
  for (const table of EXPORTED_TABLES) {
    if (table === 'members') continue;
    for (const row of data[table]) if (!ids.has(row.id)) ids.set(row.id, randomUUID());
  }
  for (const entry of data.activity) ids.set(entry.id, randomUUID());
  return ids;
}

/** The export with every id (and every reference to one) replaced through `ids`. */
export function remapExport(data: TeamExport, ids: Map<string, string>, teamId: string): TeamExport {
  const id = (old: string) => ids.get(old) ?? old;
  const optional = (old: string | null) => (old === null ? null : id(old));
  const eventRef = (type: string, value: string | null) => (type === 'stage' ? value : optional(value));
  const deep = (value: unknown): unknown =>
    typeof value === 'string'
      ? id(value)
      : Array.isArray(value)
        ? value.map(deep)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v)]))
          : value;
  return {
    ...data,
    team: { ...data.team, id: teamId },
    members: data.members.map((m) => ({ ...m, id: id(m.id), teamId })),
    customers: data.customers.map((c) => ({ ...c, id: id(c.id), ownerId: optional(c.ownerId), mergedIntoId: optional(c.mergedIntoId) })),
    identities: data.identities.map((i) => ({ ...i, id: id(i.id), customerId: id(i.customerId) })),
    notes: data.notes.map((n) => ({
      ...n,
      id: id(n.id),
      customerId: id(n.customerId),
      authorId: id(n.authorId),
      mentions: n.mentions.map(id),
      ...(n.question ? { question: { ...n.question, askedOf: id(n.question.askedOf) } } : {}),
    })),
    noteRevisions: data.noteRevisions.map((r) => ({
      ...r,
      id: id(r.id),
      noteId: id(r.noteId),
      customerId: id(r.customerId),
      noteAuthorId: id(r.noteAuthorId),
      editorId: id(r.editorId),
    })),
    tasks: data.tasks.map((t) => ({
      ...t,
      id: id(t.id),
      customerId: id(t.customerId),
      assigneeId: id(t.assigneeId),
      doneBy: optional(t.doneBy),
      createdBy: id(t.createdBy),
      noteId: optional(t.noteId),
    })),
    customerEvents: data.customerEvents.map((e) => ({
      ...e,
      id: id(e.id),
      customerId: id(e.customerId),
      actorId: id(e.actorId),
      from: eventRef(e.type, e.from),
      to: eventRef(e.type, e.to),
    })),
    activity: data.activity.map((a) => ({
      ...a,
      id: id(a.id),
      actorId: id(a.actorId),
      customerId: optional(a.customerId),
      payload: deep(a.payload) as Record<string, unknown>,
    })),
  };
}

/** Customers ordered so each one a customer was merged into is written before it. */
function mergeTargetsFirst(customers: Row<'customers'>[]): Row<'customers'>[] {
  const byId = new Map(customers.map((c) => [c.id, c]));
  const depth = (c: Row<'customers'>) => {
    let d = 0;
    for (let next = c.mergedIntoId; next && d <= customers.length; next = byId.get(next)?.mergedIntoId ?? null) d++;
    return d;
  };
  return customers
    .map((c) => ({ c, d: depth(c) }))
    .sort((a, b) => a.d - b.d)
    .map(({ c }) => c);
}

async function isEmptyTeam(trx: Kysely<Database>, teamId: string): Promise<boolean> {
  for (const table of EXPORTED_TABLES) {
    if (table === 'members') continue;
    const row = await trx.selectFrom(teamSqlTable(table)).select('id').where('team_id', '=', teamId).limit(1).executeTakeFirst();
    if (row) return false;
  }
  return true;
}

/**
 * Writes an export into the team, which must hold no customer data yet: its name, domains and
 * settings, its members (new ones active as they were, to sign in with a device code), and every
 * row, with new ids, at one new team version, in the caller's transaction. Returns the id map
 * (old → new) and how many rows of each table were written.
 */
export async function importTeam(
  trx: Kysely<Database>,
  scope: { teamId: string; by: string | null; now: number },
  data: TeamExport,
): Promise<{ ids: Map<string, string>; counts: Record<string, number> }> {
  const { teamId, by, now } = scope;
  if (!(await isEmptyTeam(trx, teamId))) {
    throw new HttpError(409, 'team_not_empty', 'Data can only be imported into a team with no customers yet. Make a new team for it.');
  }
  const existing = (await trx.selectFrom('members').selectAll().where('team_id', '=', teamId).execute()).map(toModel.members);
  const ids = idMap(data, existing);
  const remapped = remapExport(data, ids, teamId);
  const version = await nextTeamVersion(trx, teamId);

  // 1. The team itself.
  const { id: _id, ...team } = toColumns.teams(remapped.team, teamId, version);
  await trx.updateTable('teams').set(team).where('id', '=', teamId).execute();

  // 2. Members not yet in the team; those who are keep their role and devices here.
  const known = new Set(existing.map((m) => m.id));
  const counts: Record<string, number> = {};
  const newMembers = remapped.members.filter((m) => !known.has(m.id));
  counts.members = newMembers.length;
  for (let i = 0; i < newMembers.length; i += BATCH) {
    await trx
      .insertInto('members')
      .values(newMembers.slice(i, i + BATCH).map((m) => ({ ...toColumns.members(m, teamId, version), created_at: now })))
      .execute();
  }

  // 3. Customer data, parents first; customers merged into others come after those.
  const customers = mergeTargetsFirst(remapped.customers);
  const tables: { [T in Exclude<(typeof EXPORTED_TABLES)[number], 'members'>]: Row<T>[] } = {
    customers,
    identities: remapped.identities,
    notes: remapped.notes,
    noteRevisions: remapped.noteRevisions,
    tasks: remapped.tasks,
    customerEvents: remapped.customerEvents,
  };
  for (const [table, rows] of Object.entries(tables) as [keyof typeof tables, Row<keyof typeof tables>[]][]) {
    const toRow = toColumns[table] as (r: Row<keyof typeof tables>, teamId: string, version: number) => Database['customers'];
    for (let i = 0; i < rows.length; i += BATCH) {
      await trx
        .insertInto(teamSqlTable(table))
        .values(rows.slice(i, i + BATCH).map((r) => toRow(r, teamId, version)))
        .execute();
    }
    counts[table] = rows.length;
  }

  // 4. The activity log, as it was, then the import itself.
  for (let i = 0; i < remapped.activity.length; i += BATCH) {
    await trx
      .insertInto('activity')
      .values(
        remapped.activity.slice(i, i + BATCH).map((a) => ({
          id: a.id,
          team_id: teamId,
          version,
          at: a.at,
          actor_id: a.actorId,
          type: a.type,
          customer_id: a.customerId,
          payload: JSON.stringify(a.payload),
        })),
      )
      .execute();
  }
  counts.activity = remapped.activity.length;
  await logAdminAction(trx, {
    teamId,
    actorId: by,
    at: now,
    type: 'data.imported',
    version,
    payload: { counts, exportedAt: data.exportedAt },
  });
  return { ids, counts };
}
