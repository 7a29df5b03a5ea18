import type { Table } from 'dexie';
import type { LiveChanges } from '@/model/live';
import { MutationError, runMutation, type Actor } from '@/model/mutators';
import { TABLE_NAMES, Tables } from '@/model/schemas';
import { PullEnvelope, Tombstone, type PullResponse } from '@/model/sync';
import type { SetAsideEntry, SidenoteDB } from '../db';
import { hopMark } from '../hop-marks';
import { writeScope } from '../mutate';
import { dexieStore } from '../store';
import { callServer, type HttpTarget } from './http';
import { recordRefusals } from './refusals';
import { requireEpoch, ServerLostMutations } from './recover';

export interface PullOptions {
  /** The local database's epoch when the sync began: a reset since (leave, switch teams) discards the pull. */
  epoch?: string;
  signal?: AbortSignal;
  /** After each page of a pull from nothing: rows arrived so far, of how many. */
  onProgress?: (progress: { done: number; total: number }) => void;
  /** After the last page: the etag of the team's published selector file (null: none). */
  onSelectors?: (etag: string | null) => void;
}

interface PullPosition {
  cookie: number;
  knownMutationID: number;
  epoch: string | undefined;
}

/**
 * Pulls until the server has nothing more, applying each page as it comes. The next page is
 * asked for before this one is applied, so the server's work and the network overlap
 * IndexedDB's: a first sync is as fast as the slower of the two, not their sum.
 */
export async function pullChanges(
  db: SidenoteDB,
  target: HttpTarget,
  clientID: string,
  actor: Actor,
  options: PullOptions = {},
): Promise<void> {
  const ask = ({ cookie, knownMutationID, epoch }: PullPosition) => {
    const query = new URLSearchParams({ clientID, cookie: String(cookie), knownMutationID: String(knownMutationID) });
    // The history this copy came from: a server restored from a backup has another, and says reset.
    if (epoch) query.set('epoch', epoch);
    const page = callServer(target, `/v1/pull?${query}`, PullEnvelope, { signal: options.signal });
    page.catch(() => {}); // Awaited below; a page asked for ahead may be dropped unread.
    return page;
  };
  // Read together, not one after another: on a poke, these reads are all that comes before the request.
  const [known, cookie, serverEpoch, resync] = await Promise.all([
    db.getMeta<number>('lastMutationID'),
    db.getMeta<number>('cookie'),
    db.getMeta<string>('serverEpoch'),
    db.getMeta<boolean>('resync'),
  ]);
  const knownMutationID = known ?? 0;
  let next = ask({ cookie: cookie ?? 0, knownMutationID, epoch: serverEpoch });
  let progress: { done: number; total: number } | null = null;
  for (let page = 0; page < 100_000; page++) {
    const envelope = await next;
    // A server that forgot mutations it had acknowledged to this client (restored from a backup):
    // the client starts over rather than trust numbers that no longer mean the same thing.
    if (envelope.lastMutationID < knownMutationID) throw new ServerLostMutations(knownMutationID, envelope.lastMutationID);
    if (envelope.more) next = ask({ cookie: envelope.cookie, knownMutationID: envelope.lastMutationID, epoch: envelope.epoch });
    const changed = envelope.tombstones.length > 0 || TABLE_NAMES.some((t) => envelope.rows[t].length > 0);
    if (changed) hopMark('pull-received');
    const { response, setAside } = readPull(envelope);
    // Nothing new at all (the pull after a poke whose rows were applied, a minute's alarm):
    // applying it would write the same cookie again and wake every view that reads the outbox.
    const same = page === 0 && !changed && nothingNew(response, { cookie: cookie ?? 0, knownMutationID, serverEpoch, resync });
    if (same) await requireEpoch(db, options.epoch);
    else await applyPull(db, response, actor, { epoch: options.epoch, setAside });
    if (changed) hopMark('pull-applied');
    if (envelope.total !== null) progress = { done: 0, total: envelope.total };
    if (progress) {
      progress.done += TABLE_NAMES.reduce((n, t) => n + envelope.rows[t].length, 0);
      options.onProgress?.({ done: Math.min(progress.done, progress.total), total: progress.total });
    }
    if (!envelope.more) {
      options.onSelectors?.(envelope.selectors);
      return;
    }
  }
}

/** Whether a pull's answer changes nothing of what this copy holds: no rows, refusals, reset, nor a new position. */
export function nothingNew(
  response: PullResponse,
  held: { cookie: number; knownMutationID: number; serverEpoch: string | undefined; resync: boolean | undefined },
): boolean {
  return (
    !response.reset &&
    !held.resync &&
    response.refusals.length === 0 &&
    response.tombstones.length === 0 &&
    TABLE_NAMES.every((t) => response.rows[t].length === 0) &&
    response.cookie === held.cookie &&
    response.lastMutationID === held.knownMutationID &&
    response.epoch === held.serverEpoch
  );
}

const MAX_RAW = 4096;

/**
 * Parses each row of a pull on its own: rows that parse form the response, the rest are set
 * aside with what was wrong, so one row this client cannot read never stops a team's sync.
 */
export function readPull(envelope: PullEnvelope, now = Date.now()): { response: PullResponse; setAside: SetAsideEntry[] } {
  const { rows, setAside } = readRows(envelope.rows, now);
  const tombstones: PullResponse['tombstones'] = [];
  envelope.tombstones.forEach((raw, i) => {
    const parsed = Tombstone.safeParse(raw);
    if (parsed.success) tombstones.push(parsed.data);
    else setAside.push(asideEntry('tombstones', raw, i, issueText(parsed.error.issues[0]), now));
  });
  return { response: { ...envelope, rows, tombstones }, setAside };
}

/** Each table's rows parsed one by one: what parses, and what is set aside with what was wrong. */
export function readRows(raw: PullEnvelope['rows'], now = Date.now()): { rows: PullResponse['rows']; setAside: SetAsideEntry[] } {
  const setAside: SetAsideEntry[] = [];
  const rows = Object.fromEntries(
    TABLE_NAMES.map((table) => {
      const good: unknown[] = [];
      raw[table].forEach((row, i) => {
        const parsed = Tables[table].safeParse(row);
        if (parsed.success) good.push(parsed.data);
        else setAside.push(asideEntry(table, row, i, issueText(parsed.error.issues[0]), now));
      });
      return [table, good];
    }),
  ) as PullResponse['rows'];
  return { rows, setAside };
}

function asideEntry(table: string, raw: unknown, index: number, error: string, at: number): SetAsideEntry {
  const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null;
  const text = JSON.stringify(raw) ?? String(raw);
  return { key: `${table}:${id ?? `#${index}`}`, table, id, error, raw: text.slice(0, MAX_RAW), at };
}

function issueText(issue: { path: PropertyKey[]; message: string } | undefined): string {
  return `${issue?.path.map(String).join('.') || 'row'}: ${issue?.message ?? 'invalid'}`;
}

/**
 * Applies one pull in one transaction, so the UI never sees a half-applied state and never
 * flickers back to an older one.
 */
export async function applyPull(
  db: SidenoteDB,
  response: PullResponse,
  actor: Actor,
  { epoch, setAside = [] }: { epoch?: string; setAside?: SetAsideEntry[] } = {},
): Promise<void> {
  await db.transaction('rw', [...writeScope(db), db.$setAside], async () => {
    // 0. A pull begun before the database was reset (the user left or switched teams) is the
    //    old team's: none of it may land in the fresh database.
    await requireEpoch(db, epoch);
    await writePull(db, response, actor, setAside);
  });
}

/**
 * Applies the rows a poke carried (model/live.ts LiveChanges) as the pull from its `after`
 * would, in one transaction, if they are the next step for this copy: its cookie is `after`, it
 * came from the same server history, and it has no change of its own pending (whose place
 * among the rows only a pull's lastMutationID tells). Returns whether it did; if not, nothing
 * changed and the pull that follows brings the rows.
 */
export async function applyLiveChanges(
  db: SidenoteDB,
  changes: LiveChanges,
  actor: Actor,
  { epoch }: { epoch?: string } = {},
): Promise<boolean> {
  const { response, setAside } = readPull({
    ...changes,
    lastMutationID: 0,
    more: false,
    refusals: [],
    reset: false,
    selectors: null,
    total: null,
  });
  return db.transaction('rw', [...writeScope(db), db.$setAside], async () => {
    // Whether the rows follow on, and what writePull depends on, in one round trip.
    const [, cookie, serverEpoch, pending, lastMutationID, state] = await Promise.all([
      requireEpoch(db, epoch),
      db.getMeta<number>('cookie'),
      db.getMeta<string>('serverEpoch'),
      db.$outbox.count(),
      db.getMeta<number>('lastMutationID'),
      readPullState(db),
    ]);
    if ((cookie ?? 0) !== changes.after || serverEpoch !== changes.epoch || state.resync || pending > 0) return false;
    // Nothing pending (just counted, in this transaction): nothing to replay after the rows.
    await writePull(db, { ...response, lastMutationID: lastMutationID ?? 0 }, actor, setAside, { ...state, nothingPending: true });
    return true;
  });
}

/** What the steps of writePull depend on, read together (each read is a round trip to IndexedDB). */
async function readPullState(db: SidenoteDB) {
  const [shadows, resync, asideCount, next] = await Promise.all([
    db.$shadow.toArray(),
    db.getMeta<boolean>('resync'),
    db.$setAside.count(),
    db.getMeta<number>('nextMutationID'),
  ]);
  return { shadows, resync, asideCount, next, nothingPending: false };
}

/** Steps 1–5 of applying a pull, inside the caller's transaction. */
async function writePull(
  db: SidenoteDB,
  response: PullResponse,
  actor: Actor,
  setAside: SetAsideEntry[],
  state?: Awaited<ReturnType<typeof readPullState>>,
): Promise<void> {
  const { shadows, resync, asideCount, next, nothingPending } = state ?? (await readPullState(db));
  // 1. Undo the optimistic changes: put back the server's rows the pending mutations touched.
  for (const shadow of shadows) {
    const table = db.table(shadow.table) as Table<{ id: string }, string>;
    if (shadow.row === null) await table.delete(shadow.id);
    else await table.put(shadow.row as { id: string });
  }
  if (shadows.length > 0) await db.$shadow.clear();
  // 2. Starting over (the server was restored from a backup, or this client lost its place):
  //    what the server sends from nothing replaces everything; pending changes replay in step 5.
  const fresh = response.reset || resync === true;
  if (fresh) {
    for (const table of db.syncedTables()) await table.clear();
    await db.$setAside.clear();
    await db.setMeta('resync', false);
  }
  // 3. Write the server's rows and drop what it tombstoned; rows this client cannot read are
  //    kept aside, and a row that arrives readable later replaces its set-aside copy.
  //    Each table's rows are written side by side (no table's rows depend on another's); the
  //    tombstones only after all of them, so a row put and dropped in one pull stays dropped.
  const anyAside = !fresh && asideCount > 0;
  await Promise.all(
    TABLE_NAMES.map(async (name) => {
      const rows = response.rows[name];
      if (rows.length === 0) return;
      await (db.table(name) as Table<unknown, string>).bulkPut(rows);
      if (anyAside) await db.$setAside.bulkDelete(rows.map((r) => `${name}:${r.id}`));
    }),
  );
  for (const t of response.tombstones) await db.table(t.table).delete(t.id);
  if (setAside.length) await db.$setAside.bulkPut(setAside);
  // 4. Keep the server's refusals for the user (their outbox entries say which customer they
  //    were about), then forget the mutations the server has processed.
  await recordRefusals(db, response.refusals);
  await Promise.all([
    db.$outbox.where('id').belowOrEqual(response.lastMutationID).delete(),
    db.setMeta('cookie', response.cookie),
    db.setMeta('serverEpoch', response.epoch),
    db.setMeta('lastMutationID', response.lastMutationID),
    (next ?? 1) <= response.lastMutationID ? db.setMeta('nextMutationID', response.lastMutationID + 1) : null,
  ]);
  // 5. Replay what is still pending on top (the rebase). A mutation the new state refuses
  //    stays queued: the server has the last word and will report it. (A poke's rows are applied
  //    only with nothing pending, counted in this transaction: no outbox to read then.)
  const store = dexieStore(db);
  for (const m of nothingPending ? [] : await db.$outbox.orderBy('id').toArray()) {
    try {
      await runMutation({ store, actor, now: m.at }, m.name, m.args);
    } catch (e) {
      if (!(e instanceof MutationError)) throw e;
    }
  }
}
