/**
 * Runs inside an extension page of a profile (bundled by bench/lib/probe-bundle.ts and evaluated
 * there): the product's own client modules (client/db.ts, client/resolve.ts, client/popup-views.ts)
 * over the extension origin's IndexedDB, the database the background keeps. Exposes
 * `__sidenoteProbe` with timed calls; every time is performance.now() around the call.
 */
import Dexie from 'dexie';
import { SidenoteDB } from '@/client/db';
import { resolveCandidate } from '@/client/resolve';
import { loadSession, type Session } from '@/client/session';
import { popupView, teamOverview } from '@/client/popup-views';
import { customerCandidates } from '@/model/context';

const db = new SidenoteDB();

/** The session the background keeps in the same database (`$session`). */
async function session(): Promise<Session> {
  const stored = await loadSession(db);
  if (!stored) throw new Error('this profile has not joined a team');
  return stored;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const probe = {
  async counts() {
    return {
      members: await db.members.count(),
      customers: await db.customers.count(),
      identities: await db.identities.count(),
      notes: await db.notes.count(),
      tasks: await db.tasks.count(),
      outbox: await db.$outbox.count(),
    };
  },

  async member() {
    const s = await session();
    return { id: s.member.id, role: s.member.role };
  },

  /** resolveCandidate for each address, with the lookups a page showing it would make (customerCandidates). */
  async lookups(emails: string[]) {
    const s = await session();
    const self = { email: s.member.email, teamDomains: s.team.domains };
    const out: { ms: number; found: boolean; lookups: number }[] = [];
    for (const email of emails) {
      const lookups = customerCandidates({ people: [{ email, name: '' }] }, self)[0]?.lookups ?? [];
      const { ms, value } = await timed(() => resolveCandidate(db, { lookups }));
      out.push({ ms, found: value !== null, lookups: lookups.length });
    }
    return out;
  },

  /**
   * The popup's two views as the background computes them for the signed-in member, `runs`
   * times each: popupView (the first screen: my follow-ups) and teamOverview (a manager's Team
   * tab: the team's overdue follow-ups, this week's, customers without an owner or gone quiet).
   */
  async popup(now: number, runs: number) {
    const s = await session();
    const sync = { state: 'synced' as const, message: null, code: null, lastSyncAt: now, progress: null, pending: 0 };
    const viewMs: number[] = [];
    const teamMs: number[] = [];
    let size = { mine: 0, overdue: 0, week: 0, unowned: 0, stale: 0, viewJson: 0, teamJson: 0 };
    for (let i = 0; i < runs; i++) {
      const view = await timed(() => popupView(db, s, sync, now));
      const team = await timed(() => teamOverview(db, s, now));
      viewMs.push(view.ms);
      teamMs.push(team.ms);
      size = {
        mine: view.value.mine.length,
        overdue: team.value?.missed.reduce((n, group) => n + group.count, 0) ?? 0,
        week: team.value?.week.length ?? 0,
        unowned: team.value?.unowned.count ?? 0,
        stale: team.value?.stale.count ?? 0,
        viewJson: JSON.stringify(view.value).length,
        teamJson: JSON.stringify(team.value).length,
      };
    }
    return { viewMs, teamMs, size };
  },

  /**
   * Where popupView's and teamOverview's time goes, read from the code as it is: one run of each
   * with Dexie's Collection reads (toArray, count, primaryKeys, keys, first, each) and Table.get /
   * bulkGet timed, grouped by view, table, index and method. Reads a view makes side by side
   * (Promise.all) overlap, so their sum can pass the view's own time.
   */
  async teamReads(now: number) {
    const s = await session();
    const sync = { state: 'synced' as const, message: null, code: null, lastSyncAt: now, progress: null, pending: 0 };
    const out = new Map<string, { read: string; ms: number; rows: number; calls: number }>();
    let view = '';
    type Anything = Record<string, (...args: unknown[]) => unknown>;
    const restore: (() => void)[] = [];
    const wrap = (proto: Anything, method: string, label: (self: Record<string, unknown>) => string) => {
      const original = proto[method]!;
      restore.push(() => (proto[method] = original));
      proto[method] = function (this: Record<string, unknown>, ...args: unknown[]) {
        const read = `${view}: ${label(this)} ${method}`;
        const began = performance.now();
        const result = original.apply(this, args) as Promise<unknown>;
        void Promise.resolve(result).then((value) => {
          const entry = out.get(read) ?? { read, ms: 0, rows: 0, calls: 0 };
          entry.ms += performance.now() - began;
          entry.calls += 1;
          entry.rows += Array.isArray(value) ? value.length : typeof value === 'number' ? value : value == null ? 0 : 1;
          out.set(read, entry);
        });
        return result;
      };
    };
    const collection = Object.getPrototypeOf(db.tasks.toCollection()) as Anything;
    const table = Object.getPrototypeOf(db.tasks) as Anything;
    const ofCollection = (self: Record<string, unknown>) => {
      const ctx = self._ctx as { table: { name: string }; index: string | null; filter?: unknown; replayFilter?: unknown; limit: number };
      const extra = [ctx.filter || ctx.replayFilter ? 'filtered' : '', Number.isFinite(ctx.limit) ? `limit ${ctx.limit}` : ''].filter(
        Boolean,
      );
      return `${ctx.table.name}[${ctx.index || 'primary key'}]${extra.length ? ` (${extra.join(', ')})` : ''}`;
    };
    for (const method of ['toArray', 'count', 'primaryKeys', 'keys', 'uniqueKeys', 'first', 'each']) wrap(collection, method, ofCollection);
    for (const method of ['get', 'bulkGet']) wrap(table, method, (self) => String(self.name));
    try {
      view = 'popupView';
      await popupView(db, s, sync, now);
      view = 'teamOverview';
      await teamOverview(db, s, now);
    } finally {
      for (const undo of restore) undo();
    }
    return [...out.values()]
      .sort((a, b) => b.ms - a.ms)
      .map(({ read, ms, rows, calls }) => ({ read: calls > 1 ? `${read} ×${calls}` : read, ms, rows }));
  },

  /**
   * IndexedDB's own pace in this profile: `pages` transactions of `perPage` notes (copies of
   * stored ones) put with bulkPut into a scratch database of the same schema, as a pull applies
   * a page. Rows per second; the scratch database is deleted after.
   */
  async noteWriteRate(pages: number, perPage: number) {
    const sample = await db.notes.limit(perPage).toArray();
    const scratch = new SidenoteDB('sidenote-bench-scratch');
    try {
      const { ms } = await timed(async () => {
        for (let page = 0; page < pages; page++) {
          const rows = sample.map((n, i) => ({ ...n, id: `${page}-${i}-${n.id}` }));
          await scratch.transaction('rw', scratch.notes, () => scratch.notes.bulkPut(rows));
        }
      });
      return (pages * perPage) / (ms / 1000);
    } finally {
      scratch.close();
      await SidenoteDB.delete('sidenote-bench-scratch');
    }
  },

  /**
   * What a row costs IndexedDB here: the same notes as noteWriteRate, into a scratch database
   * with no index ('bare'), or `pack` notes to a row in a store with no index ('packed': the
   * layout a first sync would need to be bound by bytes, not by rows). Notes per second.
   */
  async layoutWriteRate(layout: 'bare' | 'packed', pages: number, perPage: number, pack = 50) {
    const sample = await db.notes.limit(perPage).toArray();
    const scratch = new Dexie('sidenote-bench-layout');
    scratch.version(1).stores({ rows: 'id' });
    try {
      const { ms } = await timed(async () => {
        for (let page = 0; page < pages; page++) {
          const notes = sample.map((n, i) => ({ ...n, id: `${page}-${i}-${n.id}` }));
          const rows =
            layout === 'bare'
              ? notes
              : Array.from({ length: Math.ceil(notes.length / pack) }, (_, j) => ({
                  id: `${page}-${j}`,
                  notes: notes.slice(j * pack, (j + 1) * pack),
                }));
          await scratch.transaction('rw', 'rows', () => scratch.table('rows').bulkPut(rows));
        }
      });
      return (pages * perPage) / (ms / 1000);
    } finally {
      scratch.close();
      await Dexie.delete('sidenote-bench-layout');
    }
  },

  async storage() {
    const { usage } = await navigator.storage.estimate();
    return usage ?? 0;
  },
};

(globalThis as unknown as { __sidenoteProbe: typeof probe }).__sidenoteProbe = probe;
