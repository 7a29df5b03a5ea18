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

const DAY = 86_400_000;
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
   * The reads popupView and teamOverview make (client/popup-views.ts as of this benchmark), each
   * timed on its own with the rows (or the count) it returns: where the popup's time goes.
   */
  async teamReads(now: number) {
    const s = await session();
    const me = s.member.id;
    const reads: Record<string, () => Promise<unknown[] | number>> = {
      'members.toArray()': () => db.members.toArray(),
      "tasks.where('openDueAt').below(now).count() (the team's missed)": () => db.tasks.where('openDueAt').below(now).count(),
      "tasks.where('openDueAt').below(now), first 5 not mine (first screen)": () =>
        db.tasks
          .where('openDueAt')
          .below(now)
          .filter((t) => t.assigneeId !== me)
          .limit(5)
          .toArray(),
      "tasks.where('[assigneeId+openDueAt]') per member: count and first 10 (Team tab)": async () =>
        (
          await Promise.all(
            (await db.members.toArray()).map((m) =>
              db.tasks.where('[assigneeId+openDueAt]').between([m.id, Dexie.minKey], [m.id, now]).limit(10).toArray(),
            ),
          )
        ).flat(),
      "tasks.where('dueAt').between(this week)": () =>
        db.tasks
          .where('dueAt')
          .between(now - 8 * DAY, now + 8 * DAY)
          .toArray(),
      "customers.orderBy('ownerId').uniqueKeys() + tasks.orderBy('assigneeId').uniqueKeys() (charted members)": async () => [
        ...(await db.customers.orderBy('ownerId').uniqueKeys()),
        ...(await db.tasks.orderBy('assigneeId').uniqueKeys()),
      ],
      "customers.where('liveUpdatedAt').below(now − 14 d).count() (quiet)": () =>
        db.customers
          .where('liveUpdatedAt')
          .below(now - 14 * DAY)
          .count(),
      "customers.orderBy('unownedUpdatedAt').count() (no owner)": () => db.customers.orderBy('unownedUpdatedAt').count(),
      '$outbox.toArray() (once per taskViews call)': () => db.$outbox.toArray(),
    };
    const out: { read: string; ms: number; rows: number }[] = [];
    for (const [read, run] of Object.entries(reads)) {
      const { ms, value } = await timed(run);
      out.push({ read, ms, rows: typeof value === 'number' ? value : value.length });
    }
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
