import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../db/schema';
import { createInvite } from '../invites';
import { createCustomer, createNote, mutations, push, teamWithThreeRoles, type Device, type TestServer } from '../testing';

// The security suite's fixture: two teams on one server, each with an admin, a manager and a
// rep. Team A's customer data is owned and written by its admin, so the manager and the rep
// acting on it are acting on someone else's; it includes a private note with an edit.

export interface TeamIds {
  teamId: string;
  admin: Device;
  manager: Device;
  rep: Device;
  /** Owned by the admin, with a note, a private note, a follow-up and a domain. */
  owned: string;
  /** Owned by the admin too (for merges). */
  owned2: string;
  /** Nobody's (for claims). */
  unowned: string;
  identity: string;
  /** The owned customer's company domain (its identity). */
  ownedDomain: string;
  note: string;
  privateNote: string;
  privateText: string;
  revision: string;
  task: string;
  /** A pending invite made by the admin. */
  inviteId: string;
}

async function seedTeam(server: TestServer, name: string, domain: string): Promise<TeamIds> {
  const { teamId, admin, manager, rep } = await teamWithThreeRoles(server, name, domain);
  const ids = {
    owned: randomUUID(),
    owned2: randomUUID(),
    unowned: randomUUID(),
    identity: randomUUID(),
    note: randomUUID(),
    privateNote: randomUUID(),
    revision: randomUUID(),
    task: randomUUID(),
  };
  const privateText = `${name}: the discount I will really give is 18%`;
  const ownedDomain = `acme.${domain}`;
  const customer = (id: string, label: string, value?: string) => ({
    name: 'createCustomer',
    args: { id, name: label, identities: value ? [{ id: id === ids.owned ? ids.identity : randomUUID(), kind: 'domain', value }] : [] },
  });
  const { refusals } = await push(
    server,
    admin,
    mutations(
      admin,
      customer(ids.owned, `${name} Acme`, ownedDomain),
      customer(ids.owned2, `${name} Acme Ltd`),
      { ...createCustomer(ids.unowned, `${name} Nobody's`) },
      { name: 'claimCustomer', args: { customerId: ids.owned, eventId: randomUUID() } },
      { name: 'claimCustomer', args: { customerId: ids.owned2, eventId: randomUUID() } },
      createNote(ids.note, ids.owned, `${name}: sent the quote`),
      createNote(ids.privateNote, ids.owned, `${name}: draft`, { visibility: 'private' }),
      { name: 'updateNote', args: { id: ids.privateNote, revisionId: ids.revision, patch: { body: privateText } } },
      { name: 'createTask', args: { id: ids.task, customerId: ids.owned, title: 'Call back', dueAt: 1_750_100_000_000 } },
    ),
  );
  expect(refusals).toEqual([]);
  const { inviteId } = await createInvite(server.db, { teamId, role: 'rep', createdBy: admin.member.id }, server.now());
  return { teamId, admin, manager, rep, ...ids, ownedDomain, privateText, inviteId };
}

/** Two teams, A and B, on one server. */
export async function twoTeams(server: TestServer): Promise<{ A: TeamIds; B: TeamIds }> {
  const A = await seedTeam(server, 'Team A', 'a-sales.com');
  const B = await seedTeam(server, 'Team B', 'b-sales.com');
  return { A, B };
}

// Bookkeeping that a refused request may legitimately write: the client's mutation counter and
// the refusal it is told about, and when a token was last used.
const IGNORED: Record<string, string[]> = { tokens: ['last_used_at'] };
const BOOKKEEPING = new Set(['clients', 'refusals', 'kysely_migration', 'kysely_migration_lock']);

/** Every row of every table (bookkeeping aside), in a stable order: compare two to prove nothing changed. */
export async function snapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((t) => !BOOKKEEPING.has(t));
  const out: Record<string, unknown[]> = {};
  for (const table of tables.sort()) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    out[table] = rows
      .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !(IGNORED[table] ?? []).includes(k))))
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return out;
}

/** The rows of one team only (its team row and every row carrying its team_id). */
export async function teamSnapshot(db: Kysely<Database>, teamId: string): Promise<Record<string, unknown[]>> {
  const all = await snapshot(db);
  return Object.fromEntries(
    Object.entries(all).map(([table, rows]) => [
      table,
      rows.filter((r) => {
        const row = JSON.parse(r as string) as { team_id?: string; id?: string };
        return table === 'teams' ? row.id === teamId : row.team_id === teamId;
      }),
    ]),
  );
}

/** Every id and secret of a team that another team's answers must never contain. */
export function secretsOf(team: TeamIds): string[] {
  return [
    team.owned,
    team.owned2,
    team.unowned,
    team.identity,
    team.note,
    team.privateNote,
    team.revision,
    team.task,
    team.admin.member.id,
    team.rep.member.id,
    team.manager.member.id,
    team.admin.member.email,
  ];
}
