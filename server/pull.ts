import type { Kysely } from 'kysely';
import type { Actor } from '../model/mutators';
import { TABLE_NAMES, type Row, type TableName } from '../model/schemas';
import { emptyRows, type PullQuery, type PullResponse, type PullRows, type Tombstone } from '../model/sync';
import { lastMutationIdOf } from './clients';
import { callerOfRow, liveDeviceQuery, type Caller } from './devices';
import type { Database } from './db/schema';
import { teamSqlTable, type SQL_TABLE } from './db/tables';
import { toModel } from './db/to-model';
import { databaseEpoch } from './epoch';
import { refusalsOf } from './refusals';
import { preparedQuery } from './prepared-query';
import { sha256Hex } from './secrets';

interface VersionRange {
  after: number;
  upTo?: number;
  limit?: number;
}

export type AnyRow = Database[(typeof SQL_TABLE)[TableName]];

/** One synced table's rows of the team with `after < version ≤ upTo`, oldest first. */
function changedRows(trx: Kysely<Database>, table: TableName, teamId: string, range: VersionRange): Promise<AnyRow[]> {
  // The team row is scoped by its id, the rest by team_id.
  let query = trx
    .selectFrom(table === 'teams' ? (table as 'customers') : teamSqlTable(table))
    .selectAll()
    .where(table === 'teams' ? 'id' : 'team_id', '=', teamId)
    .where('version', '>', range.after);
  if (range.upTo !== undefined) query = query.where('version', '<=', range.upTo);
  query = query.orderBy('version');
  if (range.limit !== undefined) query = query.limit(range.limit);
  return query.execute();
}

async function changedTables(trx: Kysely<Database>, teamId: string, range: VersionRange): Promise<Map<TableName, AnyRow[]>> {
  const entries = await Promise.all(TABLE_NAMES.map(async (t) => [t, await changedRows(trx, t, teamId, range)] as const));
  return new Map(entries);
}

/**
 * Private notes (and their revisions) reach their author only. Nobody else hears of them in
 * any form, not even as a tombstone: a note's visibility never changes, so no teammate ever
 * held one to drop.
 */
export function visibleRows(actor: Actor, tables: Map<TableName, AnyRow[]>): { rows: PullRows; tombstones: Tombstone[] } {
  const rows = emptyRows();
  const tombstones: Tombstone[] = [];
  for (const [table, dbRows] of tables) {
    const out = rows[table] as Row<TableName>[];
    for (const dbRow of dbRows) {
      if (table === 'notes' || table === 'noteRevisions') {
        const text = dbRow as Database['notes'] | Database['note_revisions'];
        const author = 'author_id' in text ? text.author_id : text.note_author_id;
        if (text.visibility === 'private' && author !== actor.memberId) continue;
      }
      out.push((toModel[table] as (r: AnyRow) => Row<TableName>)(dbRow));
    }
  }
  return { rows, tombstones };
}

/** The team's rows committed after a version, with the head they were read up to (one snapshot). */
export interface TeamChanges {
  head: number;
  epoch: string;
  /** null: more than the reader asked for (or no version to start from): pull instead. */
  tables: Map<TableName, AnyRow[]> | null;
}

/**
 * The team's rows with `after < version ≤ head`, read with the head in one snapshot, for a poke
 * to carry (server/live.ts); each member's share of them is `visibleRows`, as for a pull.
 * Without `after`, or past `maxRows` rows, only the head.
 */
export async function changesSince(db: Kysely<Database>, teamId: string, after: number | undefined, maxRows: number): Promise<TeamChanges> {
  const epoch = await databaseEpoch(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const team = await trx.selectFrom('teams').select('head_version').where('id', '=', teamId).executeTakeFirst();
      const head = Number(team?.head_version ?? 0);
      if (after === undefined || head <= after) return { head, epoch, tables: null };
      const tables = await changedTables(trx, teamId, { after, upTo: head, limit: maxRows + 1 });
      const count = [...tables.values()].reduce((n, rows) => n + rows.length, 0);
      return { head, epoch, tables: count > maxRows ? null : tables };
    });
}

/** What an up-to-date pull is answered from: the team's head, the client's progress, the selectors' etag, refusals waiting. */
export interface PullState {
  head_version: number | null;
  member_id: string | null;
  client_team_id: string | null;
  last_mutation_id: number | null;
  selectors: string | null;
  refused: number | string | null;
}

/** How many of the client's refusals past the mutation it knows of wait for it: a pull's subquery. */
const refusedAfter = (db: Kysely<Database>, clientID: never, knownMutationID: never) =>
  db
    .selectFrom('refusals')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('refusals.client_id', '=', clientID)
    .where('refusals.mutation_id', '>', knownMutationID)
    .as('refused');

/**
 * A pull's caller (the token lookup of devices.ts, unchanged) and the pull's state, in one
 * statement: an empty pull is two statements' worth of SQLite's per-statement cost otherwise.
 */
const callerAndPullState = preparedQuery(['hash', 'clientID', 'knownMutationID'], (db, p) =>
  liveDeviceQuery(db, p.hash)
    .leftJoin('teams', 'teams.id', 'members.team_id')
    .leftJoin('clients', (join) => join.on('clients.id', '=', p.clientID))
    .select(['teams.head_version', 'clients.member_id', 'clients.team_id as client_team_id', 'clients.last_mutation_id'])
    .select((eb) =>
      eb.selectFrom('team_selectors').select('etag').whereRef('team_selectors.team_id', '=', 'members.team_id').as('selectors'),
    )
    .select(refusedAfter(db, p.clientID, p.knownMutationID)),
);

/**
 * The caller of a pull's bearer token, with what an up-to-date pull is answered from (or null
 * if the token is unknown, revoked, or its member inactive, as callerForToken).
 */
export async function pullCaller(
  db: Kysely<Database>,
  token: string,
  query: PullQuery,
  now: number,
): Promise<(Caller & { state: PullState }) | null> {
  const [row] = await callerAndPullState(db, { hash: sha256Hex(token), clientID: query.clientID, knownMutationID: query.knownMutationID });
  const caller = await callerOfRow(db, row, now);
  return caller && row ? { ...caller, state: row } : null;
}

/** The team's head, the client's progress, the selectors' etag and the count of refusals waiting, in one statement. */
const pullState = preparedQuery(['clientID', 'teamId', 'knownMutationID'], (db, p) =>
  db
    .selectFrom('teams')
    .leftJoin('clients', (join) => join.on('clients.id', '=', p.clientID))
    .select(['teams.head_version', 'clients.member_id', 'clients.team_id as client_team_id', 'clients.last_mutation_id'])
    .select((eb) => eb.selectFrom('team_selectors').select('etag').where('team_selectors.team_id', '=', p.teamId).as('selectors'))
    .select(refusedAfter(db, p.clientID, p.knownMutationID))
    .where('teams.id', '=', p.teamId),
);

/**
 * The answer to a pull with nothing new — the cookie is the team's head and no refusal is
 * waiting — read in one statement (or from `known`, read with the caller); null when the full
 * pull must run.
 */
async function upToDatePull(
  db: Kysely<Database>,
  actor: Actor,
  query: PullQuery,
  epoch: string,
  known: PullState | undefined,
): Promise<PullResponse | null> {
  if (query.epoch !== undefined && query.epoch !== epoch) return null;
  const state =
    known ?? (await pullState(db, { clientID: query.clientID, teamId: actor.teamId, knownMutationID: query.knownMutationID }))[0];
  if (!state || state.head_version === null || Number(state.head_version) !== query.cookie || Number(state.refused ?? 0) > 0) return null;
  // Someone else's clientID goes the long way, which refuses it.
  if (state.member_id !== null && (state.member_id !== actor.memberId || state.client_team_id !== actor.teamId)) return null;
  return {
    cookie: query.cookie,
    lastMutationID: Number(state.last_mutation_id ?? 0),
    more: false,
    rows: emptyRows(),
    tombstones: [],
    refusals: [],
    reset: false,
    epoch,
    selectors: state.selectors ?? null,
    total: null,
  };
}

/**
 * Rows per table in one page. Big enough that a first sync of 650,000 rows takes a few hundred
 * round trips, not thousands; small enough that a page (a few MB of JSON) parses in a blink.
 */
export const PULL_PAGE_ROWS = 2_000;

/** How many rows of the team's synced tables have a version up to `head`. */
async function rowsUpTo(trx: Kysely<Database>, teamId: string, head: number): Promise<number> {
  const counts = await Promise.all(
    TABLE_NAMES.map((table) =>
      trx
        .selectFrom(table === 'teams' ? (table as 'customers') : teamSqlTable(table))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where(table === 'teams' ? 'id' : 'team_id', '=', teamId)
        .where('version', '<=', head)
        .executeTakeFirstOrThrow(),
    ),
  );
  return counts.reduce((sum, row) => sum + Number(row.n), 0);
}

/**
 * Handles `GET /v1/pull` (design.md, "Sync protocol"): every row of the actor's team this
 * member may see with version > cookie, in pages that never split a transaction.
 * Throws HttpError 403 `client_mismatch` for another member's clientID. `known` is the state
 * pullCaller read with the caller, if it did.
 */
export async function processPull(
  db: Kysely<Database>,
  actor: Actor,
  query: PullQuery,
  pageSize = PULL_PAGE_ROWS,
  known?: PullState,
): Promise<PullResponse> {
  const { clientID, knownMutationID } = query;
  // 0. The common pull (every poke, every minute) finds nothing new: one statement answers it.
  const epoch = await databaseEpoch(db);
  const upToDate = await upToDatePull(db, actor, query, epoch, known);
  if (upToDate) return upToDate;
  // 1. One transaction: rows, head version and lastMutationID from the same snapshot.
  //    (SQLite transactions are snapshots; PostgreSQL needs repeatable read for that.)
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // 2. The team's head version: the cookie of a complete pull.
      const team = await trx.selectFrom('teams').select('head_version').where('id', '=', actor.teamId).executeTakeFirstOrThrow();
      const head = Number(team.head_version);
      // A client whose copy came from another history of this database (it was restored from a
      // backup since), or whose cookie is from the future (an old backup without an epoch),
      // starts over: it cannot miss what the restored database holds, nor keep what it lost.
      const reset = (query.epoch !== undefined && query.epoch !== epoch) || query.cookie > head;
      const cookie = reset ? 0 : query.cookie;

      // 3–4. A page of each table. If a table filled its page, rows of its last version may
      //      continue beyond it: cut before that version (but take at least one whole
      //      version) and re-read every table up to the cut, so a transaction's rows always
      //      arrive together.
      let tables = await changedTables(trx, actor.teamId, { after: cookie, limit: pageSize });
      let nextCookie = head;
      const fullPageEnds = [...tables.values()].filter((r) => r.length >= pageSize).map((r) => Number(r[r.length - 1]!.version));
      if (fullPageEnds.length > 0) {
        nextCookie = Math.max(Math.min(...fullPageEnds) - 1, cookie + 1);
        tables = await changedTables(trx, actor.teamId, { after: cookie, upTo: nextCookie });
      }
      const { rows, tombstones } = visibleRows(actor, tables);
      // A pull from nothing (a new device, or starting over) says how much is coming, for the
      // progress bar: rows up to the head, counted once, on its first page.
      const total = cookie === 0 ? await rowsUpTo(trx, actor.teamId, head) : null;

      // 5. Which of this client's mutations the rows include.
      const lastMutationID = await lastMutationIdOf(trx, actor, clientID);

      // 6. Refusals the client has not heard of yet.
      const refusals = await refusalsOf(trx, clientID, knownMutationID + 1);

      // 7. Which selector file the team has published (devices fetch it when this changes).
      const selectors =
        (await trx.selectFrom('team_selectors').select('etag').where('team_id', '=', actor.teamId).executeTakeFirst())?.etag ?? null;

      return { cookie: nextCookie, lastMutationID, more: nextCookie < head, rows, tombstones, refusals, reset, epoch, selectors, total };
    });
}
