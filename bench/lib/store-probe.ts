/**
 * Runs inside an extension page of a profile (bundled by bench/lib/probe-bundle.ts and evaluated
 * there): the product's own client modules (client/db.ts, client/resolve.ts, client/views.ts)
 * over the extension origin's IndexedDB, the database the background keeps. Exposes
 * `__sidenoteProbe` with timed calls; every time is performance.now() around the call.
 */
import { SidenoteDB } from '@/client/db';
import { resolveCandidate } from '@/client/resolve';
import { Session } from '@/client/session';
import { popupView, teamOverview } from '@/client/views';
import { customerCandidates } from '@/model/context';
import type { Task } from '@/model/schemas';

const DAY = 86_400_000;
const db = new SidenoteDB();

/** The extension's `chrome.storage` (the page has it; this bundle has no WebExtension types). */
interface ExtensionStorage {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> } };
}

async function session(): Promise<Session> {
  const { chrome } = globalThis as unknown as { chrome: ExtensionStorage };
  return Session.parse((await chrome.storage.local.get('session')).session);
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
        overdue: team.value?.overdue.length ?? 0,
        week: team.value?.week.length ?? 0,
        unowned: team.value?.unowned.length ?? 0,
        stale: team.value?.stale.length ?? 0,
        viewJson: JSON.stringify(view.value).length,
        teamJson: JSON.stringify(team.value).length,
      };
    }
    return { viewMs, teamMs, size };
  },

  /**
   * The reads teamOverview makes (client/views.ts as of this benchmark), each timed on its own
   * with the rows it returns: where the Team tab's time goes.
   */
  async teamReads(now: number) {
    const open = (t: Task) => t.doneAt === null && t.deletedAt === null;
    const reads: Record<string, () => Promise<unknown[]>> = {
      'members.toArray()': () => db.members.toArray(),
      "tasks.where('dueAt').below(now) (team overdue, before filtering open ones)": () => db.tasks.where('dueAt').below(now).toArray(),
      "tasks.where('dueAt').between(now − 8 d, now + 8 d)": () =>
        db.tasks
          .where('dueAt')
          .between(now - 8 * DAY, now + 8 * DAY)
          .toArray(),
      "customers.where('updatedAt').below(now − 14 d) (stale)": () =>
        db.customers
          .where('updatedAt')
          .below(now - 14 * DAY)
          .toArray(),
      'customers.filter(no owner) (a full scan)': () => db.customers.filter((c) => c.ownerId === null && c.deletedAt === null).toArray(),
      '$outbox.toArray() (once per taskViews call)': () => db.$outbox.toArray(),
    };
    const out: { read: string; ms: number; rows: number }[] = [];
    for (const [read, run] of Object.entries(reads)) {
      const { ms, value } = await timed(run);
      out.push({ read, ms, rows: value.length });
    }
    const overdue = (await db.tasks.where('dueAt').below(now).toArray()).filter(open);
    const { ms } = await timed(() => db.customers.bulkGet([...new Set(overdue.map((t) => t.customerId))]));
    out.push({
      read: `customers.bulkGet(the ${overdue.length} overdue follow-ups’ customers)`,
      ms,
      rows: new Set(overdue.map((t) => t.customerId)).size,
    });
    return out;
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

  async storage() {
    const { usage } = await navigator.storage.estimate();
    return usage ?? 0;
  },
};

(globalThis as unknown as { __sidenoteProbe: typeof probe }).__sidenoteProbe = probe;
