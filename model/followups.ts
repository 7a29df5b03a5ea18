/**
 * Follow-up (task) logic for the sidebar, reminders and the manager's weekly report: due buckets,
 * quick-pick due times, escalation, stale customers, quiet hours and the CSV export.
 *
 * Pure: every function takes the current time `now` (ms since the epoch) and the team's IANA
 * `timeZone` as arguments and never reads the clock or the machine's zone, because "today" must
 * be the rep's day wherever the code runs (a service worker, the server, a test with a fake clock).
 */
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  atLocalTime,
  calendarDaysBetween,
  localDateString,
  localDateTime,
  startOfDay,
  startOfDayAfter,
  startOfWeek,
} from './calendar';
import type { Member, Task } from './schemas';

export { addDays, atLocalTime, startOfDay, startOfWeek } from './calendar';

/** Where a task sits in the follow-up list. */
export type DueBucket = 'overdue' | 'today' | 'week' | 'later' | 'done';

/** The task fields that decide whether, and how, it is due. */
type DueFields = Pick<Task, 'dueAt' | 'doneAt' | 'deletedAt'>;

/**
 * The list a task belongs in, or null for a deleted task (shown nowhere).
 * - 'done' once it has a doneAt, however late;
 * - 'overdue' when its due time has passed (even earlier today: a promise at 10:00 is broken at 10:01);
 * - 'today' when due before tomorrow's local midnight;
 * - 'week' when due before local midnight 7 days after today's (today and the next 6 days);
 * - 'later' otherwise.
 * Day boundaries are local midnights in `timeZone`, not UTC ones: a task due 23:30 in Shanghai is
 * today there though it is already tomorrow in UTC.
 */
export function dueBucket(task: DueFields, now: number, timeZone: string): DueBucket | null {
  if (task.deletedAt !== null) return null;
  if (task.doneAt !== null) return 'done';
  if (task.dueAt < now) return 'overdue';
  if (task.dueAt < startOfDayAfter(now, 1, timeZone)) return 'today';
  if (task.dueAt < startOfDayAfter(now, 7, timeZone)) return 'week';
  return 'later';
}

/**
 * How many local calendar days ago an overdue task was due: 0 if due earlier today, 1 if
 * yesterday (even at 23:59), and so on; 0 for a task that is not overdue (done, deleted or not yet
 * due). Counted in calendar days rather than 24-hour periods because "2 days overdue" in the
 * sidebar means "due the day before yesterday" to a rep, across DST changes too.
 */
export function daysOverdue(task: DueFields, now: number, timeZone: string): number {
  if (dueBucket(task, now, timeZone) !== 'overdue') return 0;
  return calendarDaysBetween(task.dueAt, now, timeZone);
}

/**
 * Whether an open task is overdue by more than `escalationDays` × 24 h, so its customer's manager
 * is told. Measured in elapsed hours, not calendar days, so a task due 23:00 does not escalate an
 * hour later just because the date changed; hence no time zone.
 */
export function isEscalated(task: DueFields, now: number, escalationDays: number): boolean {
  if (task.deletedAt !== null || task.doneAt !== null) return false;
  return now - task.dueAt > escalationDays * DAY_MS;
}

/** The one-click due times offered when making a follow-up. */
export type QuickPick = 'today' | 'tomorrow' | 'in3days' | 'nextWeek';

/** The morning hour quick picks on later days use: the start of a working day. */
const MORNING_HOUR = 9;
/** The hour "today" means: end of the working day, still time to act. */
const EVENING_HOUR = 18;
const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/**
 * The due time of a quick pick, in local time:
 * - 'today': 18:00 today, or, once 18:00 has come, now + 1 hour rounded up to the next quarter hour
 *   (a due time in the past would be overdue the moment it is made);
 * - 'tomorrow': 09:00 tomorrow;
 * - 'in3days': 09:00 three calendar days from today;
 * - 'nextWeek': 09:00 on next week's Monday (tomorrow when today is Sunday, 7 days on a Monday).
 */
export function quickPickDue(pick: QuickPick, now: number, timeZone: string): number {
  switch (pick) {
    case 'today': {
      const evening = atLocalTime(startOfDay(now, timeZone), EVENING_HOUR, 0, timeZone);
      if (evening > now) return evening;
      // Rounded on the epoch rather than the local clock: every zone's current offset is a whole
      // number of quarter hours (+05:45, +08:45, +12:45 included), so the two agree.
      return Math.ceil((now + HOUR_MS) / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
    }
    case 'tomorrow':
      return atLocalTime(startOfDayAfter(now, 1, timeZone), MORNING_HOUR, 0, timeZone);
    case 'in3days':
      return atLocalTime(startOfDayAfter(now, 3, timeZone), MORNING_HOUR, 0, timeZone);
    case 'nextWeek':
      return atLocalTime(startOfDayAfter(startOfWeek(now, timeZone), 7, timeZone), MORNING_HOUR, 0, timeZone);
  }
}

/** One rep's follow-ups due in a week, as the manager's weekly report counts them. */
export interface RepWeek {
  memberId: string;
  /** Done no later than due. */
  doneOnTime: number;
  /** Done, but after the due time. */
  doneLate: number;
  /** Not done and the due time has passed. */
  missed: number;
  /** Not done and not yet due. */
  open: number;
}

/**
 * The current week's follow-up record per rep: every live task due from this week's local Monday
 * 00:00 up to the next Monday's, counted against its assignee. One entry per active member (with
 * zeros, so a rep with nothing due still shows up), plus inactive members who had tasks due this
 * week (someone who left on Wednesday still owns Monday's misses), in the order `members` is given.
 * Tasks assigned to someone not in `members` are left out: the report has no row to put them on.
 */
export function weeklyStats(tasks: Task[], members: Pick<Member, 'id' | 'active'>[], now: number, timeZone: string): RepWeek[] {
  const weekStart = startOfWeek(now, timeZone);
  const weekEnd = startOfDayAfter(weekStart, 7, timeZone);
  const byMember = new Map<string, RepWeek>();
  for (const m of members) byMember.set(m.id, { memberId: m.id, doneOnTime: 0, doneLate: 0, missed: 0, open: 0 });
  const withTasks = new Set<string>();
  for (const t of tasks) {
    if (t.deletedAt !== null || t.dueAt < weekStart || t.dueAt >= weekEnd) continue;
    const row = byMember.get(t.assigneeId);
    if (!row) continue;
    withTasks.add(t.assigneeId);
    if (t.doneAt !== null) {
      if (t.doneAt <= t.dueAt) row.doneOnTime++;
      else row.doneLate++;
    } else if (t.dueAt < now) row.missed++;
    else row.open++;
  }
  const result: RepWeek[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    // A duplicate id in `members` would otherwise list the same counts twice.
    if (seen.has(m.id) || !(m.active || withTasks.has(m.id))) continue;
    seen.add(m.id);
    result.push(byMember.get(m.id)!);
  }
  return result;
}

/** Hours of the local day when reminders should not pop up; `startHour` inclusive, `endHour` exclusive. */
export interface QuietHours {
  startHour: number;
  endHour: number;
}

function checkQuiet(quiet: QuietHours): void {
  for (const [name, h] of [
    ['startHour', quiet.startHour],
    ['endHour', quiet.endHour],
  ] as const) {
    // Settings are validated on save, so a bad value here is a bug worth surfacing, not guessing at.
    if (!Number.isInteger(h) || h < 0 || h > 23) throw new RangeError(`${name} must be an integer from 0 to 23, got ${h}`);
  }
}

/**
 * Whether `now` is inside quiet hours by the local clock: from startHour:00 (inclusive) to
 * endHour:00 (exclusive). A start after the end wraps past midnight (22→7 is 22:00–06:59);
 * start === end, or null, means no quiet hours (rather than all day, which would hide every reminder).
 * @throws RangeError when an hour is not an integer 0–23.
 */
export function isQuietTime(now: number, timeZone: string, quiet: QuietHours | null): boolean {
  if (quiet === null) return false;
  checkQuiet(quiet);
  const { startHour, endHour } = quiet;
  if (startHour === endHour) return false;
  const hour = localDateTime(now, timeZone).hour;
  return startHour < endHour ? hour >= startHour && hour < endHour : hour >= startHour || hour < endHour;
}

/**
 * The instant the current quiet hours end (the next endHour:00 local), or `now` itself when it is
 * not quiet time, so a held reminder can be scheduled for it directly.
 * @throws RangeError when an hour is not an integer 0–23.
 */
export function quietUntil(now: number, timeZone: string, quiet: QuietHours | null): number {
  if (!isQuietTime(now, timeZone, quiet)) return now;
  // Inside quiet hours the local hour is never endHour, so the next endHour:00 is where they end.
  return nextDailyAt(now, quiet!.endHour, timeZone);
}

/**
 * The next instant strictly after `now` that is `hour`:00 local, for a daily alarm such as the
 * digest. On a day when that time does not exist (spring forward) it is the instant the clock
 * jumps, so the day still gets its digest; when it occurs twice (fall back) only the first counts,
 * so the digest is not sent twice.
 * @throws RangeError when hour is not an integer 0–23.
 */
export function nextDailyAt(now: number, hour: number, timeZone: string): number {
  const today = atLocalTime(startOfDay(now, timeZone), hour, 0, timeZone);
  if (today > now) return today;
  return atLocalTime(startOfDayAfter(now, 1, timeZone), hour, 0, timeZone);
}

const CSV_HEADER = ['Week starting', 'Member', 'Done on time', 'Done late', 'Missed', 'Open'];

/**
 * One CSV field. Text a spreadsheet would run as a formula (starting with =, +, -, @, or tab and
 * carriage return as OWASP also lists) gets a leading single quote so it is shown, not evaluated;
 * then a field with a comma, quote or line break is quoted with inner quotes doubled (RFC 4180).
 */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The weekly report as CSV: a UTF-8 byte order mark first (without it Excel reads the file as the
 * local ANSI code page and garbles Chinese names), the header
 * `Week starting,Member,Done on time,Done late,Missed,Open`, then one line per row with the week
 * start as its local `YYYY-MM-DD`; every line ends in CRLF (RFC 4180).
 */
export function csvOfWeeklyReport(rows: { name: string; week: RepWeek }[], weekStart: number, timeZone: string): string {
  const date = localDateString(weekStart, timeZone);
  const lines = [CSV_HEADER.map(csvField).join(',')];
  for (const { name, week } of rows) {
    lines.push(
      [date, name, String(week.doneOnTime), String(week.doneLate), String(week.missed), String(week.open)].map(csvField).join(','),
    );
  }
  return '\uFEFF' + lines.map((line) => line + '\r\n').join('');
}
