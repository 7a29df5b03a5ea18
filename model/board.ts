/**
 * The board's rules and counts, pure: a card's follow-up state, how long a customer has been
 * quiet, the team's stage rules (going cold, escalated, no follow-up planned), goal periods and
 * progress, and the weekly report. Every function takes `now` and the IANA `timeZone` as
 * arguments and never reads the clock, so the background, the server and tests agree.
 */
import type { AckStatsRow } from './board-acks';
import { DAY_MS, calendarDaysBetween, localDateString, startOfDayAfter, startOfMonth, startOfNextMonth, startOfWeek } from './calendar';
import type { Customer, CustomerEvent, Goal, GoalMetric, GoalPeriod, Note, StageRule, Task } from './schemas';

/** A card's next follow-up, as its colour says: overdue red, due today green, planned grey, none yellow. */
export type FollowUpState = 'overdue' | 'today' | 'planned' | 'none';

/** The soonest open follow-up of a customer (null when none is open). */
export function nextFollowUp(tasks: Pick<Task, 'dueAt' | 'doneAt' | 'deletedAt'>[]): number | null {
  let next: number | null = null;
  for (const t of tasks) if (t.doneAt === null && t.deletedAt === null && (next === null || t.dueAt < next)) next = t.dueAt;
  return next;
}

/** The state of a customer's next follow-up: 'today' while it is due before tomorrow's local midnight and not yet past. */
export function followUpState(nextDueAt: number | null, now: number, timeZone: string): FollowUpState {
  if (nextDueAt === null) return 'none';
  if (nextDueAt < now) return 'overdue';
  return nextDueAt < startOfDayAfter(now, 1, timeZone) ? 'today' : 'planned';
}

/** Whole local calendar days since the customer's last activity (0 on the same day). */
export function quietDays(updatedAt: number, now: number, timeZone: string): number {
  return Math.max(0, calendarDaysBetween(updatedAt, now, timeZone));
}

/** The team's rule for a stage, if it has one. */
export function ruleFor(rules: StageRule[], stage: string): StageRule | undefined {
  return rules.find((r) => r.stage === stage);
}

/** How a customer breaks its stage's rule: idle past `idleDays` (going cold), past `escalateDays` (escalated). */
export type RuleBreach = 'cold' | 'escalated';

/**
 * Whether a customer is going cold or escalated under its stage's rule. Idle is measured in
 * elapsed 24-hour days since its last activity (entering the stage counts as activity), like a
 * follow-up's escalation, so a customer does not turn cold an hour after midnight.
 */
export function ruleBreach(customer: Pick<Customer, 'stage' | 'updatedAt'>, rules: StageRule[], now: number): RuleBreach | null {
  const rule = ruleFor(rules, customer.stage);
  if (!rule) return null;
  const idle = now - customer.updatedAt;
  if (rule.escalateDays !== null && idle > rule.escalateDays * DAY_MS) return 'escalated';
  if (rule.idleDays !== null && idle > rule.idleDays * DAY_MS) return 'cold';
  return null;
}

/** Whether the customer's stage wants a follow-up planned while it has none open. */
export function wantsFollowUp(stage: string, rules: StageRule[], hasOpenFollowUp: boolean): boolean {
  const rule = ruleFor(rules, stage);
  return !!rule && rule.nextFollowUpDays !== null && !hasOpenFollowUp;
}

/** [start, end) of the local week (Monday 00:00) or month containing `at`. */
export function periodRange(period: GoalPeriod, at: number, timeZone: string): { start: number; end: number } {
  if (period === 'week') {
    const start = startOfWeek(at, timeZone);
    return { start, end: startOfDayAfter(start, 7, timeZone) };
  }
  return { start: startOfMonth(at, timeZone), end: startOfNextMonth(at, timeZone) };
}

/** What a member did, as the goals count it: the rows that matter, already narrowed to the member where cheap. */
export interface MemberWork {
  /** Follow-ups done by or assigned to the member (only those done count). */
  tasks: Pick<Task, 'assigneeId' | 'doneAt' | 'doneBy' | 'dueAt' | 'deletedAt'>[];
  /** Notes the member wrote. */
  notes: Pick<Note, 'authorId' | 'customerId' | 'createdAt' | 'deletedAt'>[];
  /** History lines the member made or that name them (claims, stage changes). */
  events: Pick<CustomerEvent, 'type' | 'actorId' | 'to' | 'from' | 'at' | 'customerId'>[];
}

const within = (at: number | null, r: { start: number; end: number }) => at !== null && at >= r.start && at < r.end;

/**
 * A member's count of one metric in [start, end):
 * - followUpsOnTime: follow-ups assigned to them, done in the period no later than due;
 * - customersContacted: distinct customers they wrote a note on (any kind) in the period;
 * - customersClaimed: customers they claimed in the period;
 * - stageAdvances: stage changes they made in the period to a later stage in `stages`.
 */
export function countMetric(
  metric: GoalMetric,
  memberId: string,
  work: MemberWork,
  range: { start: number; end: number },
  stages: string[],
): number {
  switch (metric) {
    case 'followUpsOnTime':
      return work.tasks.filter((t) => t.assigneeId === memberId && t.deletedAt === null && within(t.doneAt, range) && t.doneAt! <= t.dueAt)
        .length;
    case 'customersContacted':
      return new Set(
        work.notes.filter((n) => n.authorId === memberId && n.deletedAt === null && within(n.createdAt, range)).map((n) => n.customerId),
      ).size;
    case 'customersClaimed':
      return new Set(work.events.filter((e) => e.type === 'claim' && e.to === memberId && within(e.at, range)).map((e) => e.customerId))
        .size;
    case 'stageAdvances':
      return work.events.filter(
        (e) =>
          e.type === 'stage' && e.actorId === memberId && within(e.at, range) && stages.indexOf(e.to ?? '') > stages.indexOf(e.from ?? ''),
      ).length;
  }
}

/** One goal with its progress in the current period. */
export interface GoalProgress {
  goal: Goal;
  done: number;
  start: number;
  end: number;
}

/** The progress of each goal in the period containing `now` (goals starting later are left out). */
export function goalProgress(goals: Goal[], work: MemberWork, stages: string[], now: number, timeZone: string): GoalProgress[] {
  return goals
    .filter((g) => periodRange(g.period, g.startsAt, timeZone).start <= now)
    .map((goal) => {
      const range = periodRange(goal.period, now, timeZone);
      return { goal, done: countMetric(goal.metric, goal.memberId, work, range, stages), ...range };
    });
}

/** One member's week in the weekly report. */
export interface ReportRow {
  memberId: string;
  notesWritten: number;
  doneOnTime: number;
  doneLate: number;
  missed: number;
  /** Owned customers that went quiet (passed the team's quiet limit) during the week and still are. */
  wentQuiet: number;
}

/**
 * The weekly report for the week starting `weekStart` (local Monday), per member in the order
 * given: notes written that week; follow-ups due that week done on time, late, or missed (not
 * done and past due by `now`); owned live customers whose quiet limit fell in that week.
 */
export function weeklyReport(
  memberIds: string[],
  rows: {
    notes: Pick<Note, 'authorId' | 'createdAt' | 'deletedAt'>[];
    tasks: Pick<Task, 'assigneeId' | 'dueAt' | 'doneAt' | 'deletedAt'>[];
    customers: Pick<Customer, 'ownerId' | 'updatedAt' | 'deletedAt' | 'mergedIntoId'>[];
  },
  weekStart: number,
  staleDays: number,
  now: number,
  timeZone: string,
): ReportRow[] {
  const range = { start: weekStart, end: startOfDayAfter(weekStart, 7, timeZone) };
  const byMember = new Map<string, ReportRow>(
    memberIds.map((id) => [id, { memberId: id, notesWritten: 0, doneOnTime: 0, doneLate: 0, missed: 0, wentQuiet: 0 }]),
  );
  for (const n of rows.notes) {
    const row = byMember.get(n.authorId);
    if (row && n.deletedAt === null && within(n.createdAt, range)) row.notesWritten++;
  }
  for (const t of rows.tasks) {
    const row = byMember.get(t.assigneeId);
    if (!row || t.deletedAt !== null || !within(t.dueAt, range)) continue;
    if (t.doneAt !== null) {
      if (t.doneAt <= t.dueAt) row.doneOnTime++;
      else row.doneLate++;
    } else if (t.dueAt < now) row.missed++;
  }
  for (const c of rows.customers) {
    const row = c.ownerId ? byMember.get(c.ownerId) : undefined;
    if (!row || c.deletedAt !== null || c.mergedIntoId !== null) continue;
    const quietAt = c.updatedAt + staleDays * DAY_MS;
    if (within(quietAt, range) && quietAt <= now) row.wentQuiet++;
  }
  return [...byMember.values()];
}

export const REPORT_CSV_HEADER = ['Week starting', 'Member', 'Notes written', 'Done on time', 'Done late', 'Missed', 'Went quiet'];

/** Quotes a CSV field (RFC 4180) and defuses spreadsheet formulas (=, +, -, @, tab, CR). */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The columns the acknowledgements and answers add (model/board-acks.ts), when the report has them. */
export const REPORT_ACK_CSV_HEADER = [
  'Change notes to acknowledge',
  'Acknowledged within a day',
  'Questions asked',
  'Questions answered',
  'Median hours to answer',
];

/**
 * The weekly report as CSV: a UTF-8 BOM (Excel reads Chinese names right), CRLF line ends; with
 * `acks`, each member's acknowledgements and answers in five more columns.
 */
export function csvOfReport(
  rows: (ReportRow & { name: string })[],
  weekStart: number,
  timeZone: string,
  acks?: readonly AckStatsRow[] | null,
): string {
  const date = localDateString(weekStart, timeZone);
  const lines = [[...REPORT_CSV_HEADER, ...(acks ? REPORT_ACK_CSV_HEADER : [])].map(csvField).join(',')];
  for (const r of rows) {
    const cells: (string | number)[] = [date, r.name, r.notesWritten, r.doneOnTime, r.doneLate, r.missed, r.wentQuiet];
    if (acks) {
      const a = acks.find((x) => x.memberId === r.memberId);
      const median = a?.medianAnswerMs == null ? '' : (a.medianAnswerMs / 3_600_000).toFixed(1);
      cells.push(a?.toAck ?? 0, a?.ackedWithinDay ?? 0, a?.asked ?? 0, a?.answered ?? 0, median);
    }
    lines.push(cells.map((v) => csvField(String(v))).join(','));
  }
  return '\uFEFF' + lines.map((l) => l + '\r\n').join('');
}

/** Something the manager's digest may name. */
export interface AttentionItem {
  kind: 'missed' | 'cold';
  /** The follow-up's title or the customer's name. */
  label: string;
  customerName: string;
  /** How far past its limit, in ms: the digest names the three furthest. */
  pastLimit: number;
}

/**
 * The three things that most need a manager's attention: missed follow-ups past the escalation
 * limit and customers past their stage's escalation limit, the furthest past first.
 */
export function topAttention(items: AttentionItem[], count = 3): AttentionItem[] {
  return [...items].sort((a, b) => b.pastLimit - a.pastLimit || a.label.localeCompare(b.label)).slice(0, count);
}
