import { ACK_OVERDUE_MS } from '@/model/acks';
import Dexie, { type Collection } from 'dexie';
import { may } from '@/model/permissions';
import { DAY_MS, localTimeZone, startOfWeek } from '@/model/calendar';
import { isEscalated, weeklyStats } from '@/model/followups';
import type { Member, Task } from '@/model/schemas';
import {
  COUNT_CAP,
  CUSTOMERS_LISTED,
  UNACKED_LISTED,
  type CustomerLite,
  type MissedTaskView,
  type PopupView,
  type SyncView,
  type TeamMissed,
  type TeamOverview,
} from './api';
import type { SidenoteDB } from './db';
import type { StoredCustomer } from './derived-indexes';
import { publicSession, type Session } from './session';
import { readAwaiting, readAwaitingHead } from './awaiting';
import { dueBefore, readOpenDue } from './open-due';
import { customersById, isWebPage, lastPageOf, membersById, memberViews, readTogether, taskViews } from './views';
import { goalRows, ruleBreaches } from './board-views';
import { myMentions, myQuestions } from './question-views';

/*
 * The popup's views. Every read goes through an index that holds only the rows it lists (open
 * follow-ups, live or unowned customers: client/derived-indexes.ts), and lists are cut to what
 * the popup shows with the whole count beside them, so the first screen shows at once with
 * 100,000 follow-ups in the store and the Team tab soon after.
 */

/** Missed follow-ups of the team on a manager's first screen. */
const FIRST_SCREEN_MISSED = 5;
/** Missed follow-ups listed per assignee on the Team tab. */
const MISSED_PER_ASSIGNEE = 10;
/** A count as the views send it: up to COUNT_CAP, or COUNT_CAP + 1 for more than that. */
const capped = (n: number) => Math.min(n, COUNT_CAP + 1);
/**
 * How many keys the range holds, up to `cap` + 1 (more than the cap). Reads keys only, and no
 * more than that: IndexedDB's own count walks the whole range at the same cost per key here
 * (bench/README.md, local-store), and a team's quiet customers are tens of thousands.
 */
async function countUpTo(range: Collection<unknown, string>, cap = COUNT_CAP): Promise<number> {
  return (await range.limit(cap + 1).primaryKeys()).length;
}

const isManagerView = (session: Session | null): session is Session => session !== null && may(session.member.role, 'viewTeam');

/** The open follow-ups of `memberId` due before `before`, through [assigneeId+openDueAt]. */
const openOf = (db: SidenoteDB, memberId: string, before: number) =>
  db.tasks.where('[assigneeId+openDueAt]').between([memberId, Dexie.minKey], [memberId, before], true, false);

/**
 * The page each missed follow-up opens: where it was made, else (with `lookUp`) where its
 * customer was last written about, looked up once per customer, only for those made on no page.
 */
async function pagesOf(db: SidenoteDB, tasks: Task[], lookUp: boolean): Promise<(string | null)[]> {
  const wanted = lookUp ? [...new Set(tasks.filter((t) => !isWebPage(t.source?.url)).map((t) => t.customerId))] : [];
  const found = new Map(await Promise.all(wanted.map(async (id) => [id, await lastPageOf(db, id)] as const)));
  return tasks.map((t) => (isWebPage(t.source?.url) ? t.source.url : (found.get(t.customerId) ?? null)));
}

/**
 * Missed follow-ups as the popup lists them. With `lookUpPages` false (the Team tab, which lists
 * up to ten per assignee), a page is given only where the follow-up was made on one; the others'
 * customer page is looked up when the manager opens one (the `customerPage` request), not for
 * each of eighty items up front.
 */
async function missedViews(
  db: SidenoteDB,
  tasks: Task[],
  members: Map<string, Member>,
  escalationDays: number,
  now: number,
  lookUpPages = true,
): Promise<MissedTaskView[]> {
  const views = await taskViews(db, tasks, members);
  const pages = await pagesOf(db, tasks, lookUpPages);
  return views.map((view, i) => ({ ...view, pageUrl: pages[i]!, escalated: isEscalated(tasks[i]!, now, escalationDays) }));
}

/**
 * The team's missed follow-ups but the viewer's own, the most overdue first: counted from each
 * assignee's stored due times, the first few read through the open follow-ups' index.
 */
async function teamMissed(db: SidenoteDB, session: Session, members: Map<string, Member>, now: number): Promise<TeamMissed> {
  const me = session.member.id;
  const { escalationDays } = ((await db.teams.get(session.team.id)) ?? session.team).settings;
  const escalatedBefore = now - escalationDays * DAY_MS;
  // Counted from each assignee's stored due times (open-due.ts): everyone's but mine.
  const [openDue, first] = await Promise.all([
    readOpenDue(db),
    db.tasks
      .where('openDueAt')
      .below(now)
      .filter((t) => t.assigneeId !== me)
      .limit(FIRST_SCREEN_MISSED)
      .toArray(),
  ]);
  let count = 0;
  let escalated = 0;
  for (const [assignee, dueAts] of openDue) {
    if (assignee === me) continue;
    count += dueBefore(dueAts, now);
    escalated += dueBefore(dueAts, escalatedBefore);
  }
  return {
    count: capped(count),
    escalated: capped(escalated),
    items: await missedViews(db, first, members, escalationDays, now),
  };
}

/**
 * The popup's first screen: my follow-ups due within a week or overdue, and for managers the
 * team's missed ones, each read through an index of open follow-ups only.
 */
export function popupView(db: SidenoteDB, session: Session | null, sync: SyncView, now = Date.now()): Promise<PopupView> {
  return readTogether(db, () => firstScreen(db, session, sync, now));
}

async function firstScreen(db: SidenoteDB, session: Session | null, sync: SyncView, now: number): Promise<PopupView> {
  const view: PopupView = {
    session: publicSession(session),
    members: [],
    mine: [],
    team: null,
    breaches: [],
    goals: null,
    acks: [],
    questions: [],
    mentions: [],
    sync,
  };
  if (!session) return view;
  const members = await membersById(db);
  view.members = memberViews(members);
  view.mine = await taskViews(db, await openOf(db, session.member.id, now + 7 * DAY_MS).toArray(), members);
  if (isManagerView(session)) view.team = await teamMissed(db, session, members, now);
  view.breaches = await ruleBreaches(db, session, now);
  const settings = ((await db.teams.get(session.team.id)) ?? session.team).settings;
  view.goals = (await goalRows(db, settings, members, now, localTimeZone(), session.member.id))[0] ?? null;
  // Changes on my customers I have not acknowledged yet (stored with who is awaited: awaiting.ts).
  const mine = await readAwaiting(db, now - 30 * DAY_MS, now, session.member.id);
  const customers = await customersById(db, mine);
  for (const e of mine) {
    const customer = customers.get(e.customerId);
    if (!customer) continue;
    view.acks.push({
      noteId: e.noteId,
      customerName: customer.name,
      authorName: members.get(e.authorId)?.name ?? '?',
      change: e.change,
      at: e.createdAt,
    });
  }
  view.acks.sort((a, b) => b.at - a.at);
  // Questions for me to answer (asked of me, or escalated to me), and notes that mention me.
  view.questions = await myQuestions(db, session.member.id, members, settings, now);
  view.mentions = await myMentions(db, session.member.id, members, now);
  return view;
}

const lite = ({ id, name, ownerId, updatedAt }: StoredCustomer): CustomerLite => ({ id, name, ownerId, updatedAt });

/** Members who own a customer or have a follow-up: the people the weekly chart is about (one key looked up each). */
async function membersWithWork(db: SidenoteDB, members: Iterable<Member>): Promise<Set<string>> {
  const has = async (m: Member) =>
    (await db.customers.where('ownerId').equals(m.id).limit(1).primaryKeys()).length > 0 ||
    (await db.tasks.where('assigneeId').equals(m.id).limit(1).primaryKeys()).length > 0;
  const all = [...members];
  const flags = await Promise.all(all.map(has));
  return new Set(all.filter((_, i) => flags[i]).map((m) => m.id));
}

/**
 * The popup's Team tab, for managers and admins (null for reps): the team's missed follow-ups
 * per assignee, this week per member, customers without an owner and customers gone quiet.
 */
export async function teamOverview(
  db: SidenoteDB,
  session: Session | null,
  now = Date.now(),
  timeZone = localTimeZone(),
): Promise<TeamOverview | null> {
  if (!isManagerView(session)) return null;
  return readTogether(db, () => teamTab(db, session, now, timeZone));
}

async function teamTab(db: SidenoteDB, session: Session, now: number, timeZone: string): Promise<TeamOverview> {
  const members = await membersById(db);
  const settings = ((await db.teams.get(session.team.id)) ?? session.team).settings;
  const escalatedBefore = now - settings.escalationDays * DAY_MS;

  const weekStart = startOfWeek(now, timeZone);
  const quiet = db.customers.where('liveUpdatedAt').below(now - settings.staleDays * DAY_MS);

  // 1. Missed follow-ups per assignee: each one's count and most overdue, through the open
  // follow-ups by assignee and due date (a member's keys counted, their first few read).
  const missedPart = async () => {
    const openDue = await readOpenDue(db);
    const counted = await Promise.all(
      [...members.values()]
        .filter((m) => m.id !== session.member.id)
        .map(async (m) => {
          const dueAts = openDue.get(m.id);
          const count = capped(dueBefore(dueAts, now));
          const escalated = capped(dueBefore(dueAts, escalatedBefore));
          const first = count > 0 ? await openOf(db, m.id, now).limit(MISSED_PER_ASSIGNEE).toArray() : [];
          return { m, count, escalated, first };
        }),
    );
    // Every assignee's first items made into views at once: one read of the outbox and the customers.
    const views = await missedViews(
      db,
      counted.flatMap((c) => c.first),
      members,
      settings.escalationDays,
      now,
      false,
    );
    let taken = 0;
    return counted
      .map(({ m, count, escalated, first }) => {
        const items = views.slice(taken, (taken += first.length));
        return { assigneeId: m.id, assigneeName: m.name, count, escalated, items };
      })
      .filter((group) => group.count > 0)
      .sort((a, b) => b.escalated - a.escalated || b.count - a.count || a.assigneeName.localeCompare(b.assigneeName));
  };

  // 2. This week per member who has work: due this week, done on time, late, missed, open.
  const weekPart = async () => {
    const [withWork, weekTasks] = await Promise.all([
      membersWithWork(db, members.values()),
      db.tasks
        .where('dueAt')
        .between(weekStart, weekStart + 8 * DAY_MS)
        .toArray(),
    ]);
    const charted = memberViews(members).filter((m) => withWork.has(m.id));
    return weeklyStats(weekTasks, charted, now, timeZone).map((row) => ({ ...row, name: members.get(row.memberId)?.name ?? '?' }));
  };

  // 3. Customers with no owner (the latest activity first) and customers gone quiet (the quietest first).
  // A customer's updatedAt moves with every note and follow-up on it: "last activity".
  const customersPart = () =>
    Promise.all([
      countUpTo(db.customers.orderBy('unownedUpdatedAt')),
      db.customers.orderBy('unownedUpdatedAt').reverse().limit(CUSTOMERS_LISTED).toArray(),
      countUpTo(quiet),
      quiet.limit(CUSTOMERS_LISTED).toArray(),
    ]);

  // 4. Changes someone has left unacknowledged for more than a day (those of the last 30 days),
  // the oldest first: stored with who is awaited (awaiting.ts); only the listed ones' customers read.
  const unackedPart = async () => {
    const overdue = await readAwaitingHead(db, now - 30 * DAY_MS, now - ACK_OVERDUE_MS, now, UNACKED_LISTED);
    const listed = overdue.first;
    const customers = await customersById(db, listed);
    return {
      count: capped(overdue.count),
      items: listed.map((e) => ({
        noteId: e.noteId,
        customerId: e.customerId,
        customerName: customers.get(e.customerId)?.name ?? '?',
        authorName: members.get(e.authorId)?.name ?? '?',
        change: e.change,
        at: e.createdAt,
        waiting: e.waiting.map((id) => members.get(id)?.name ?? '?'),
      })),
    };
  };

  const [missed, week, [unownedCount, unowned, staleCount, stale], unacked] = await Promise.all([
    missedPart(),
    weekPart(),
    customersPart(),
    unackedPart(),
  ]);
  return {
    unacked,
    missed,
    week,
    weekStart,
    unowned: { count: unownedCount, items: unowned.map(lite) },
    stale: { count: staleCount, items: stale.map(lite) },
    settings,
  };
}
