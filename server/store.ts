import type { Kysely } from 'kysely';
import { MutationError, type Indexed, type MutatorStore } from '../model/mutators';
import type { Identity, Row, TableName } from '../model/schemas';
import { preparedQuery } from './prepared-query';
import { toColumns } from './db/to-columns';
import { toModel } from './db/to-model';
import type { Database } from './db/schema';
import { SQL_INDEXED_COLUMN, teamSqlTable } from './db/tables';

/** One row a transaction wrote; `before` is what it replaced (undefined when it was created). */
export type StoreWrite = { [T in TableName]: { table: T; row: Row<T>; before: Row<T> | undefined; created: boolean } }[TableName];

/** A MutatorStore that also remembers what it wrote, for the activity log and the poke. */
export interface TeamStore extends MutatorStore {
  readonly writes: readonly StoreWrite[];
}

export interface StoreScope {
  teamId: string;
  /** The team version of this transaction: stamped on every row it writes. */
  version: number;
  now: number;
}

/** Tables whose rows carry a team_id (every synced table but teams itself). */
type TeamTable = Exclude<TableName, 'teams'>;

/** The columns an upsert may change: everything but the row's identity and its team. */
function withoutKeys<T extends { id: string; team_id: string }>(columns: T): Omit<T, 'id' | 'team_id'> {
  const { id: _id, team_id: _teamId, ...rest } = columns;
  return rest;
}

/** The team's row, compiled once (server/prepared-query.ts): every mutation reads it or a team-scoped row. */
const teamRow = preparedQuery(['teamId'], (db, p) => db.selectFrom('teams').selectAll().where('id', '=', p.teamId));

/** A team's row of a table by id, one compiled statement per table, made when first needed. */
const rowByIdOf = new Map<TeamTable, ReturnType<typeof rowByIdQuery>>();
const rowByIdQuery = (table: TeamTable) =>
  preparedQuery(['id', 'teamId'], (db, p) =>
    db.selectFrom(teamSqlTable(table)).selectAll().where('id', '=', p.id).where('team_id', '=', p.teamId),
  );
function rowById(table: TeamTable) {
  let query = rowByIdOf.get(table);
  if (!query) rowByIdOf.set(table, (query = rowByIdQuery(table)));
  return query;
}

function refuseForeignRow(table: TableName, id: string): never {
  throw new MutationError('conflict', 'This change uses an id that is already taken.', { table, id });
}

/**
 * The server side of the mutators: a MutatorStore over a Kysely transaction, scoped to one
 * team. It never reads, and never overwrites, another team's rows, whatever ids a client sends.
 */
export function createTeamStore(trx: Kysely<Database>, scope: StoreScope): TeamStore {
  const { teamId, version, now } = scope;
  const writes: StoreWrite[] = [];
  // What this transaction has read or written of the team's rows, by `table:id`: a mutator
  // reads a row, then writes it, and the write need not read it again.
  const known = new Map<string, unknown>();

  async function get<T extends TableName>(table: T, id: string): Promise<Row<T> | undefined> {
    if (table === 'teams') {
      if (id !== teamId) return undefined;
      const [team] = await teamRow(trx, { teamId });
      return team && (toModel.teams(team) as Row<T>);
    }
    const key = `${table}:${id}`;
    if (known.has(key)) return known.get(key) as Row<T> | undefined;
    const [row] = await rowById(table as TeamTable)(trx, { id, teamId });
    const model = row && (toModel[table] as (r: unknown) => Row<T>)(row);
    known.set(key, model);
    return model;
  }

  async function putTeam(team: Row<'teams'>): Promise<void> {
    // A team row is only ever updated in place: teams are made by the admin CLI, not by mutations.
    if (team.id !== teamId) refuseForeignRow('teams', team.id);
    const before = await get('teams', teamId);
    const { id: _id, ...columns } = toColumns.teams(team, teamId, version);
    await trx.updateTable('teams').set(columns).where('id', '=', teamId).execute();
    writes.push({ table: 'teams', row: team, before, created: false });
  }

  async function put<T extends TableName>(table: T, row: Row<T>): Promise<void> {
    if (table === 'teams') return putTeam(row as Row<'teams'>);
    if (table === 'members' && (row as Row<'members'>).teamId !== teamId) refuseForeignRow(table, row.id);
    const name = teamSqlTable(table as TeamTable);
    // 1. What the row was: known if this transaction read it, else read (team-scoped) now.
    const key = `${table}:${row.id}`;
    const before = known.has(key) ? (known.get(key) as Row<T> | undefined) : await get(table, row.id);
    // 2. Upsert. Ids come from clients: the conflict clause's team check is what stops one
    //    that exists in another team from being touched (nothing is written, and it is refused).
    const columns = (toColumns[table] as (r: Row<T>, t: string, v: number) => Database['customers'])(row, teamId, version);
    const values = table === 'members' ? { ...columns, created_at: now } : columns;
    const result = await trx
      .insertInto(name)
      .values(values)
      // Never rewrite the key: with foreign keys on, SQLite would scan every row that refers to it.
      .onConflict((oc) => oc.column('id').doUpdateSet(withoutKeys(columns)).where(`${name}.team_id`, '=', teamId))
      .executeTakeFirst();
    if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) refuseForeignRow(table, row.id);
    known.set(key, row);
    writes.push({ table, row, before, created: !before } as StoreWrite);
  }

  async function findIdentity(kind: Identity['kind'], value: string): Promise<Identity | undefined> {
    const row = await trx
      .selectFrom('identities')
      .selectAll()
      .where('team_id', '=', teamId)
      .where('kind', '=', kind)
      .where('value', '=', value)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    return row && toModel.identities(row);
  }

  async function list<T extends keyof Indexed>(table: T, field: Indexed[T], value: string): Promise<Row<T>[]> {
    const rows = await trx
      .selectFrom(teamSqlTable(table))
      .selectAll()
      .where('team_id', '=', teamId)
      .where(SQL_INDEXED_COLUMN[field] as 'owner_id', '=', value)
      .execute();
    return rows.map((r) => (toModel[table] as (r: unknown) => Row<T>)(r));
  }

  return { get, put, findIdentity, list, writes };
}
