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
import { DAY_MS, startOfDayAfter, startOfWeek } from '@/model/calendar';
import { may } from '@/model/permissions';
import type { Goal, Member, TeamSettings } from '@/model/schemas';
import type { BoardCard, BoardFilters, BoardView, GoalRowView, RuleBreachView, WeeklyReportView } from './api';
import type { SidenoteDB } from './db';
import type { StoredCustomer } from './derived-indexes';
import { publicSession, type Session } from './session';
import { membersById, memberViews } from './views';

/*
 * The board page's views. Columns are read through the `[liveStage+updatedAt]` and
 * `[liveStage+liveOwner+updatedAt]` indexes (client/derived-indexes.ts): a column's count is a
 * key count and only the cards on screen are read, so a board of 50,000 customers opens as fast
 * as one of fifty. The page asks for more cards (`boardCards`) as a column scrolls.
 */

/** Cards sent with the board's first view, per column; the page asks for the rest as it scrolls. */
export const FIRST_CARDS = 16;
/** Cards per cell when the board is in rows by owner: the cell's count says how many more. */
export const CELL_CARDS = 3;
export const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

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

/** One column's (or cell's) count and cards from `offset`. */
async function cardsOf(
  db: SidenoteDB,
  ctx: CardContext,
  stage: string,
  owner: string | null,
  offset: number,
  limit: number,
): Promise<{ count: number; cards: BoardCard[] }> {
  const { filters, settings, now } = ctx;
  const quietBefore = filters.quiet ? now - settings.staleDays * DAY_MS : null;
  if (ctx.overdue) {
    const matching = ctx.overdue.filter(
      (c) => c.stage === stage && (owner === null || (c.ownerId ?? '') === owner) && (quietBefore === null || c.updatedAt < quietBefore),
    );
    return { count: matching.length, cards: await cardViews(db, ctx, matching.slice(offset, offset + limit)) };
  }
  const range = () => columnRange(db, stage, owner, quietBefore);
  const [count, rows] = await Promise.all([range().count(), range().offset(offset).limit(limit).toArray()]);
  return { count, cards: await cardViews(db, ctx, rows) };
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

/** The board's first view: every column's (or owner row's) count and first cards, and the goals. */
export async function boardView(
  db: SidenoteDB,
  session: Session | null,
  filters: BoardFilters,
  layout: 'stage' | 'owner',
  now = Date.now(),
  timeZone = zone(),
): Promise<BoardView | null> {
  if (!session) return null;
  const ctx = await cardContext(db, session, filters, now, timeZone);
  const stages = filters.stages.length ? ctx.settings.stages.filter((s) => filters.stages.includes(s)) : ctx.settings.stages;
  const owner = ownerOf(filters, session);
  const columns = await Promise.all(stages.map(async (stage) => ({ stage, ...(await cardsOf(db, ctx, stage, owner, 0, FIRST_CARDS)) })));
  let rows: BoardView['rows'] = [];
  if (layout === 'owner') {
    const owners = [...ctx.members.values()]
      .filter((m) => m.active && (owner === null || m.id === owner))
      .sort((a, b) => a.name.localeCompare(b.name));
    const ids = [...owners.map((m) => m.id), ...(owner === null || owner === '' ? [''] : [])];
    rows = await Promise.all(
      ids.map(async (id) => ({
        ownerId: id || null,
        ownerName: id ? ctx.members.get(id)!.name : null,
        cells: await Promise.all(stages.map(async (stage) => ({ stage, ...(await cardsOf(db, ctx, stage, id, 0, CELL_CARDS)) }))),
      })),
    );
  }
  return {
    session: publicSession(session),
    members: memberViews(ctx.members),
    stages: ctx.settings.stages,
    columns,
    rows,
    goals: await goalRows(db, ctx.settings, ctx.members, now, timeZone),
    stageRules: ctx.settings.stageRules,
    mayMoveAll: may(session.member.role, 'moveOthersStages'),
    maySetGoals: may(session.member.role, 'setGoals'),
    now,
  };
}

/** More cards of one column (or owner cell), for the board's scrolling. */
export async function boardCards(
  db: SidenoteDB,
  session: Session,
  args: { filters: BoardFilters; stage: string; ownerId?: string | null; offset: number; limit: number },
  now = Date.now(),
  timeZone = zone(),
): Promise<{ count: number; cards: BoardCard[] }> {
  const ctx = await cardContext(db, session, args.filters, now, timeZone);
  const owner = args.ownerId === undefined ? ownerOf(args.filters, session) : (args.ownerId ?? '');
  return cardsOf(db, ctx, args.stage, owner, args.offset, args.limit);
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
  timeZone = zone(),
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
