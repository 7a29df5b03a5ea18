import { acknowledgementStats } from '@/model/board-acks';
import Dexie, { type Collection } from 'dexie';
import {
  followUpState,
  goalProgress,
  nextFollowUp,
  periodRange,
  quietDays,
  ruleBreach,
  topAttention,
  wantsFollowUp,
  weeklyReport,
  type AttentionItem,
  type MemberWork,
} from '@/model/board';
import { DAY_MS, localTimeZone, startOfDayAfter, startOfWeek } from '@/model/calendar';
import { may } from '@/model/permissions';
import type { Goal, Member, TeamSettings } from '@/model/schemas';
import type { BoardCard, BoardFilters, BoardView, GoalRowView, RuleBreachView, WeeklyReportView } from './api';
import type { SidenoteDB } from './db';
import type { StoredCustomer } from './derived-indexes';
import { publicSession, type Session } from './session';
import { membersById, memberViews, readTogether } from './views';

/*
 * The board page's views. Columns are read through the `[liveStage+updatedAt]` and
 * `[liveStage+liveOwner+updatedAt]` indexes (client/derived-indexes.ts), and only the cards on
 * screen are read. Counting is apart from the cards: IndexedDB counts a key range by walking
 * it, so the counts of a board of 50,000 customers walk 50,000 index keys (a few hundred ms),
 * while its first cards are a few small reads. The board's first view therefore carries the
 * first cards of every column with no counts (`boardView`), and the counts follow
 * (`boardCounts`, merged in by `withCounts`). The page asks for more cards (`boardCards`) as a
 * column or an owner's cell scrolls.
 */

/**
 * Cards sent with the board's first view, per column: a column 900 px high shows 8 and draws 4
 * more below (components/Board.tsx OVERSCAN); the page asks for the rest as it scrolls.
 */
export const FIRST_CARDS = 12;
/** Cards sent per owner's cell in rows by owner (a cell shows three and draws four more); the rest as it scrolls. */
export const CELL_CARDS = 7;

async function teamSettings(db: SidenoteDB, session: Session): Promise<TeamSettings> {
  return ((await db.teams.get(session.team.id)) ?? session.team).settings;
}

/** The owner a filter narrows to: `''` for unowned customers, null for everyone. */
function ownerOf(filters: BoardFilters, session: Session): string | null {
  if (filters.mine) return session.member.id;
  return filters.ownerId;
}

/** The quietest-first range of one column (and owner), without the overdue filter. */
function columnRange(db: SidenoteDB, stage: string, owner: string | null, quietBefore: number | null): Collection<StoredCustomer, string> {
  const upper = quietBefore ?? Dexie.maxKey;
  if (owner === null) return db.customers.where('[liveStage+updatedAt]').between([stage, Dexie.minKey], [stage, upper], true, false);
  return db.customers.where('[liveStage+liveOwner+updatedAt]').between([stage, owner, Dexie.minKey], [stage, owner, upper], true, false);
}

/** The live customers with an overdue open follow-up (the overdue filter), quietest first. */
async function overdueCustomers(db: SidenoteDB, now: number): Promise<StoredCustomer[]> {
  const tasks = await db.tasks.where('openDueAt').below(now).toArray();
  const ids = [...new Set(tasks.map((t) => t.customerId))];
  const customers = (await db.customers.bulkGet(ids)).filter((c): c is StoredCustomer => !!c && c.liveStage !== undefined);
  return customers.sort((a, b) => a.updatedAt - b.updatedAt || a.id.localeCompare(b.id));
}

const quietBeforeOf = ({ filters, settings, now }: CardContext) => (filters.quiet ? now - settings.staleDays * DAY_MS : null);

/** The overdue filter's customers in one column (and owner). */
function overdueIn(ctx: CardContext, overdue: StoredCustomer[], stage: string, owner: string | null): StoredCustomer[] {
  const quietBefore = quietBeforeOf(ctx);
  return overdue.filter(
    (c) => c.stage === stage && (owner === null || (c.ownerId ?? '') === owner) && (quietBefore === null || c.updatedAt < quietBefore),
  );
}

/** One column's (or cell's) cards from `offset`. */
async function cardsOf(
  db: SidenoteDB,
  ctx: CardContext,
  stage: string,
  owner: string | null,
  offset: number,
  limit: number,
): Promise<BoardCard[]> {
  const rows = ctx.overdue
    ? overdueIn(ctx, ctx.overdue, stage, owner).slice(offset, offset + limit)
    : await columnRange(db, stage, owner, quietBeforeOf(ctx)).offset(offset).limit(limit).toArray();
  return cardViews(db, ctx, rows);
}

/** How many customers one column (or cell) holds under the filters: a walk of its index range. */
async function countOf(db: SidenoteDB, ctx: CardContext, stage: string, owner: string | null): Promise<number> {
  if (ctx.overdue) return overdueIn(ctx, ctx.overdue, stage, owner).length;
  return columnRange(db, stage, owner, quietBeforeOf(ctx)).count();
}

interface CardContext {
  filters: BoardFilters;
  settings: TeamSettings;
  members: Map<string, Member>;
  now: number;
  timeZone: string;
  /** The overdue filter's customers, when it is on. */
  overdue: StoredCustomer[] | null;
}

async function cardContext(db: SidenoteDB, session: Session, filters: BoardFilters, now: number, timeZone: string): Promise<CardContext> {
  const [settings, members, overdue] = await Promise.all([
    teamSettings(db, session),
    membersById(db),
    filters.overdue ? overdueCustomers(db, now) : Promise.resolve(null),
  ]);
  return { filters, settings, members, now, timeZone, overdue };
}

/** Cards as the board shows them: each with its next follow-up's state, quiet days and rule flags. */
async function cardViews(db: SidenoteDB, ctx: CardContext, customers: StoredCustomer[]): Promise<BoardCard[]> {
  // One getAll per card, all sent at once: a single anyOf() would walk a cursor, one round trip per card.
  const tasks = await Promise.all(customers.map((c) => db.tasks.where('customerId').equals(c.id).toArray()));
  return customers.map((c, i) => {
    const next = nextFollowUp(tasks[i]!);
    return {
      id: c.id,
      name: c.name,
      stage: c.stage,
      ownerId: c.ownerId,
      ownerName: c.ownerId ? (ctx.members.get(c.ownerId)?.name ?? '?') : null,
      updatedAt: c.updatedAt,
      nextDueAt: next,
      state: followUpState(next, ctx.now, ctx.timeZone),
      quietDays: quietDays(c.updatedAt, ctx.now, ctx.timeZone),
      breach: ruleBreach(c, ctx.settings.stageRules, ctx.now),
      needsFollowUp: wantsFollowUp(c.stage, ctx.settings.stageRules, next !== null),
    };
  });
}

/** The rows a member's goals count, from the earliest start of the periods they are in. */
export async function memberWork(db: SidenoteDB, memberId: string, since: number): Promise<MemberWork> {
  const [tasks, notes, made, claimed] = await Promise.all([
    db.tasks.where('[assigneeId+doneAt]').between([memberId, since], [memberId, Dexie.maxKey]).toArray(),
    db.notes.where('[authorId+createdAt]').between([memberId, since], [memberId, Dexie.maxKey]).toArray(),
    db.customerEvents.where('[actorId+at]').between([memberId, since], [memberId, Dexie.maxKey]).toArray(),
    db.customerEvents.where('to').equals(memberId).toArray(),
  ]);
  return { tasks, notes, events: [...made, ...claimed.filter((e) => e.type === 'claim' && e.at >= since && e.actorId !== memberId)] };
}

/** Every member's goals with their progress this week or month, the members without goals left out. */
export async function goalRows(
  db: SidenoteDB,
  settings: TeamSettings,
  members: Map<string, Member>,
  now: number,
  timeZone: string,
  only?: string,
): Promise<GoalRowView[]> {
  const byMember = new Map<string, Goal[]>();
  for (const g of settings.goals) {
    if (only && g.memberId !== only) continue;
    if (!members.get(g.memberId)?.active) continue;
    byMember.set(g.memberId, [...(byMember.get(g.memberId) ?? []), g]);
  }
  const since = Math.min(periodRange('week', now, timeZone).start, periodRange('month', now, timeZone).start);
  const rows = await Promise.all(
    [...byMember].map(async ([memberId, goals]) => {
      const progress = goalProgress(goals, await memberWork(db, memberId, since), settings.stages, now, timeZone);
      return {
        memberId,
        name: members.get(memberId)!.name,
        goals: progress.map((p) => ({ metric: p.goal.metric, period: p.goal.period, target: p.goal.target, done: p.done })),
      };
    }),
  );
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** The stages a filter shows, and the owners whose rows the by-owner layout lists ('' for no owner). */
function boardShape(ctx: CardContext, session: Session, layout: 'stage' | 'owner') {
  const { filters, settings, members } = ctx;
  const stages = filters.stages.length ? settings.stages.filter((s) => filters.stages.includes(s)) : settings.stages;
  const owner = ownerOf(filters, session);
  if (layout === 'stage') return { stages, owner, rowOwners: [] };
  const owners = [...members.values()]
    .filter((m) => m.active && (owner === null || m.id === owner))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { stages, owner, rowOwners: [...owners.map((m) => m.id), ...(owner === null || owner === '' ? [''] : [])] };
}

/**
 * The board's first view: every column's (or owner cell's) first cards and the goals, with
 * `count: null` everywhere; `boardCounts` brings the counts after.
 */
export async function boardView(
  db: SidenoteDB,
  session: Session | null,
  filters: BoardFilters,
  layout: 'stage' | 'owner',
  now = Date.now(),
  timeZone = localTimeZone(),
): Promise<BoardView | null> {
  if (!session) return null;
  return readTogether(db, () => firstView(db, session, filters, layout, now, timeZone));
}

async function firstView(
  db: SidenoteDB,
  session: Session,
  filters: BoardFilters,
  layout: 'stage' | 'owner',
  now: number,
  timeZone: string,
): Promise<BoardView> {
  const ctx = await cardContext(db, session, filters, now, timeZone);
  const { stages, owner, rowOwners } = boardShape(ctx, session, layout);
  const [columns, rows, goals] = await Promise.all([
    Promise.all(stages.map(async (stage) => ({ stage, count: null, cards: await cardsOf(db, ctx, stage, owner, 0, FIRST_CARDS) }))),
    Promise.all(
      rowOwners.map(async (id) => ({
        ownerId: id || null,
        ownerName: id ? ctx.members.get(id)!.name : null,
        cells: await Promise.all(
          stages.map(async (stage) => ({ stage, count: null, cards: await cardsOf(db, ctx, stage, id, 0, CELL_CARDS) })),
        ),
      })),
    ),
    goalRows(db, ctx.settings, ctx.members, now, timeZone),
  ]);
  return {
    session: publicSession(session),
    members: memberViews(ctx.members),
    stages: ctx.settings.stages,
    columns,
    rows,
    goals,
    stageRules: ctx.settings.stageRules,
    mayMoveAll: may(session.member.role, 'moveOthersStages'),
    maySetGoals: may(session.member.role, 'setGoals'),
    now,
  };
}

/** Every column's count by stage, and every owner cell's by owner ('' for no owner) and stage. */
export interface BoardCounts {
  columns: Record<string, number>;
  cells: Record<string, Record<string, number>>;
}

/**
 * The counts of the board `boardView` shows for the same filters and layout. One column (or
 * cell) at a time, each a walk of its index range: a board closed meanwhile (`stopped`) stops
 * counting at the next one and answers null, and a stage change waits for one count at most,
 * not for all of them.
 */
export async function boardCounts(
  db: SidenoteDB,
  session: Session | null,
  filters: BoardFilters,
  layout: 'stage' | 'owner',
  now = Date.now(),
  stopped: () => boolean = () => false,
): Promise<BoardCounts | null> {
  if (!session) return null;
  const ctx = await cardContext(db, session, filters, now, localTimeZone());
  const { stages, owner, rowOwners } = boardShape(ctx, session, layout);
  const counts: BoardCounts = { columns: {}, cells: {} };
  for (const stage of stages) {
    if (stopped()) return null;
    counts.columns[stage] = await countOf(db, ctx, stage, owner);
  }
  for (const id of rowOwners) {
    const cells: Record<string, number> = (counts.cells[id] = {});
    for (const stage of stages) {
      if (stopped()) return null;
      cells[stage] = await countOf(db, ctx, stage, id);
    }
  }
  return counts;
}

/** The board view with its counts (a count the counts do not know of stays null). */
export function withCounts(view: BoardView, counts: BoardCounts): BoardView {
  return {
    ...view,
    columns: view.columns.map((c) => ({ ...c, count: counts.columns[c.stage] ?? null })),
    rows: view.rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, count: counts.cells[r.ownerId ?? '']?.[c.stage] ?? null })) })),
  };
}

/** More cards of one column (or owner cell), for the board's scrolling. */
export async function boardCards(
  db: SidenoteDB,
  session: Session,
  args: { filters: BoardFilters; stage: string; ownerId?: string | null; offset: number; limit: number },
  now = Date.now(),
  timeZone = localTimeZone(),
): Promise<{ cards: BoardCard[] }> {
  const ctx = await cardContext(db, session, args.filters, now, timeZone);
  const owner = args.ownerId === undefined ? ownerOf(args.filters, session) : (args.ownerId ?? '');
  return { cards: await cardsOf(db, ctx, args.stage, owner, args.offset, args.limit) };
}

/** Breaches listed per kind in the popup. */
const BREACHES_LISTED = 20;

/**
 * The customers breaking the team's stage rules that the popup shows: my own going cold (idle
 * past `idleDays`) or without the follow-up their stage wants; for managers, everyone's past
 * `escalateDays`. Each read through the board's indexes, bounded.
 */
export async function ruleBreaches(db: SidenoteDB, session: Session, now = Date.now()): Promise<RuleBreachView[]> {
  const settings = await teamSettings(db, session);
  const me = session.member.id;
  const out: RuleBreachView[] = [];
  const view = (c: StoredCustomer, kind: RuleBreachView['kind']): RuleBreachView => ({
    customerId: c.id,
    name: c.name,
    stage: c.stage,
    ownerId: c.ownerId,
    kind,
    idleDays: Math.floor((now - c.updatedAt) / DAY_MS),
  });
  for (const rule of settings.stageRules) {
    // 1. Mine going cold (those already escalated are shown as such, once).
    if (rule.idleDays !== null) {
      const cold = await columnRange(db, rule.stage, me, now - rule.idleDays * DAY_MS)
        .limit(BREACHES_LISTED)
        .toArray();
      for (const c of cold) out.push(view(c, ruleBreach(c, settings.stageRules, now) === 'escalated' ? 'escalated' : 'cold'));
    }
    // 2. For managers: everyone's past the escalation limit.
    if (rule.escalateDays !== null && may(session.member.role, 'viewTeam')) {
      const late = await columnRange(db, rule.stage, null, now - rule.escalateDays * DAY_MS)
        .limit(BREACHES_LISTED)
        .toArray();
      for (const c of late) if (c.ownerId !== me || rule.idleDays === null) out.push(view(c, 'escalated'));
    }
    // 3. Mine in a stage that wants a follow-up, with none open.
    if (rule.nextFollowUpDays !== null) {
      const mine = await columnRange(db, rule.stage, me, null).limit(200).toArray();
      const flagged: StoredCustomer[] = [];
      for (const c of mine) {
        if (flagged.length >= BREACHES_LISTED) break;
        const open = await db.tasks
          .where('customerId')
          .equals(c.id)
          .filter((t) => t.doneAt === null && t.deletedAt === null)
          .count();
        if (open === 0) flagged.push(c);
      }
      for (const c of flagged) out.push(view(c, 'noFollowUp'));
    }
  }
  const seen = new Set<string>();
  return out.filter((b) => !seen.has(`${b.kind}:${b.customerId}`) && !!seen.add(`${b.kind}:${b.customerId}`));
}

/** The manager's escalated customers and missed follow-ups, ranked for the daily digest. */
export async function attentionItems(db: SidenoteDB, session: Session, now = Date.now()): Promise<AttentionItem[]> {
  const settings = await teamSettings(db, session);
  const items: AttentionItem[] = [];
  const missedBefore = now - settings.escalationDays * DAY_MS;
  const missed = await db.tasks.where('openDueAt').below(missedBefore).limit(200).toArray();
  const names = await db.customers.bulkGet(missed.map((t) => t.customerId));
  missed.forEach((t, i) =>
    items.push({ kind: 'missed', label: t.title, customerName: names[i]?.name ?? '?', pastLimit: missedBefore - t.dueAt }),
  );
  for (const rule of settings.stageRules) {
    if (rule.escalateDays === null) continue;
    const limit = now - rule.escalateDays * DAY_MS;
    for (const c of await columnRange(db, rule.stage, null, limit).limit(50).toArray()) {
      items.push({ kind: 'cold', label: c.name, customerName: c.name, pastLimit: limit - c.updatedAt });
    }
  }
  return topAttention(items);
}

/**
 * Change notes acknowledged within a day, and questions answered with the median time to answer,
 * for the change and question notes written in [weekStart, weekEnd) (model/board-acks.ts), each
 * read through the notes' [kind+createdAt] index with the rows of their customers.
 */
export async function acknowledgementsOfWeek(
  db: SidenoteDB,
  memberIds: string[],
  weekStart: number,
  weekEnd: number,
): Promise<WeeklyReportView['acknowledgements']> {
  const ofKind = (kind: 'change' | 'question') =>
    db.notes.where('[kind+createdAt]').between([kind, weekStart], [kind, weekEnd], true, false).toArray();
  const [changes, questions] = await Promise.all([ofKind('change'), ofKind('question')]);
  const ids = [...new Set([...changes, ...questions].map((n) => n.customerId))];
  const [customers, tasks, events] = await Promise.all([
    db.customers.bulkGet(ids),
    Promise.all(ids.map((id) => db.tasks.where('customerId').equals(id).toArray())),
    Promise.all(ids.map((id) => db.customerEvents.where('customerId').equals(id).toArray())),
  ]);
  return acknowledgementStats(memberIds, {
    changes,
    questions,
    customers: new Map(ids.flatMap((id, i) => (customers[i] ? [[id, customers[i]!] as const] : []))),
    tasks: new Map(ids.map((id, i) => [id, tasks[i]!])),
    events: new Map(ids.map((id, i) => [id, events[i]!])),
  });
}

/** The weekly report of the week `weeksAgo` weeks before this one, per member who owns or has work. */
export async function weeklyReportView(
  db: SidenoteDB,
  session: Session | null,
  weeksAgo: number,
  now = Date.now(),
  timeZone = localTimeZone(),
): Promise<WeeklyReportView | null> {
  if (!session || !may(session.member.role, 'viewTeam')) return null;
  const settings = await teamSettings(db, session);
  const members = await membersById(db);
  const weekStart = startOfDayAfter(startOfWeek(now, timeZone), -7 * weeksAgo, timeZone);
  const weekEnd = startOfDayAfter(weekStart, 7, timeZone);
  const active = [...members.values()].filter((m) => m.active).sort((a, b) => a.name.localeCompare(b.name));
  const stale = settings.staleDays * DAY_MS;
  const [notes, tasks, customers] = await Promise.all([
    Promise.all(active.map((m) => db.notes.where('[authorId+createdAt]').between([m.id, weekStart], [m.id, weekEnd]).toArray())),
    db.tasks.where('dueAt').between(weekStart, weekEnd, true, false).toArray(),
    db.customers
      .where('liveUpdatedAt')
      .between(weekStart - stale, weekEnd - stale, true, false)
      .toArray(),
  ]);
  const rows = weeklyReport(
    active.map((m) => m.id),
    { notes: notes.flat(), tasks, customers },
    weekStart,
    settings.staleDays,
    now,
    timeZone,
  );
  return {
    weekStart,
    rows: rows.map((r) => ({ ...r, name: members.get(r.memberId)!.name })),
    acknowledgements: await acknowledgementsOfWeek(
      db,
      active.map((m) => m.id),
      weekStart,
      weekEnd,
    ),
  };
}
