/**
 * Calendar arithmetic in an explicit IANA time zone, using only the built-in `Intl` API.
 *
 * Every function takes the instant and the zone as arguments and never reads the clock or the
 * machine's zone: a rep's "today" is their team's day, not the server's, and tests need a fake clock.
 *
 * Instants are milliseconds since the epoch. A "wall" time below is a local date and time encoded
 * as if it were UTC (`Date.UTC(y, m - 1, d, h, mi)`), which makes calendar arithmetic on local
 * dates plain integer arithmetic, because UTC itself has no DST.
 */

/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 60 * MINUTE_MS;
/** Milliseconds in 24 hours (not a calendar day: a local day can be 23 or 25 hours). */
export const DAY_MS = 24 * HOUR_MS;

/** A local date and time in some zone; `month` is 1–12 and `hour` 0–23. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/** How long the runtime's zone is kept before it is asked again (a laptop that travels moves on within this). */
const ZONE_KEPT_MS = 60_000;
let zoneRead: { zone: string; at: number } | null = null;

/**
 * The zone this runtime is set to (the browser's): what "today" means to its user. The one place
 * that reads it; views read it once and pass it to the functions here. Asking builds a
 * DateTimeFormat (0.1 ms in Node here, more in a page: the popup asked for every due date it
 * showed, 15 ms of its first render), so the answer is kept for a minute.
 */
export function localTimeZone(): string {
  const now = Date.now();
  if (!zoneRead || Math.abs(now - zoneRead.at) > ZONE_KEPT_MS)
    zoneRead = { zone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC', at: now };
  return zoneRead.zone;
}

// Building an Intl.DateTimeFormat is far slower than using one, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // 'en-US' with numeric fields gives plain ASCII digits whatever the runtime's locale;
    // hourCycle 'h23' because some engines print midnight as "24" with hour12: false.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The local date and time of an instant in a zone.
 * @throws RangeError for an unknown time zone or a non-finite instant.
 */
export function localDateTime(at: number, timeZone: string): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  // Intl has no millisecond field at this precision; the zone offset is whole seconds, so the
  // local millisecond is the instant's own. ((x % n) + n) % n keeps it positive before 1970.
  return {
    year: fields.year!,
    month: fields.month!,
    day: fields.day!,
    hour: fields.hour!,
    minute: fields.minute!,
    second: fields.second!,
    millisecond: ((at % 1000) + 1000) % 1000,
  };
}

function wallOf(local: LocalDateTime): number {
  // Date.UTC also normalises overflow (day 32, month 13), which addDays relies on.
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.millisecond);
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich: +8 h for Shanghai). */
export function zoneOffset(at: number, timeZone: string): number {
  return wallOf(localDateTime(at, timeZone)) - at;
}

/**
 * The instant of a wall time, disambiguated like Temporal's 'compatible' option: a time that
 * occurs twice (autumn fall-back) gives the earlier instant, unless `preferOffset` picks the other;
 * a time that does not exist (spring-forward gap) is moved later by the gap's length (02:30 → 03:30),
 * so a reminder set inside the gap still fires that day rather than being lost.
 */
function fromWall(wall: number, timeZone: string, preferOffset?: number): number {
  // A day either side brackets every instant the wall time could be (offsets are within ±14 h),
  // assuming at most one transition in two days, which holds for every real zone.
  const before = zoneOffset(wall - DAY_MS, timeZone);
  const after = zoneOffset(wall + DAY_MS, timeZone);
  const candidates: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const at = wall - offset;
    if (zoneOffset(at, timeZone) === offset) candidates.push(at);
  }
  if (candidates.length === 0) return wall - before;
  if (preferOffset !== undefined) {
    const preferred = candidates.find((at) => wall - at === preferOffset);
    if (preferred !== undefined) return preferred;
  }
  return Math.min(...candidates);
}

/** The first instant of a local date (y, m, d may overflow, e.g. day 32; Date.UTC normalises it). */
function startOfLocalDate(year: number, month: number, day: number, timeZone: string): number {
  const midnight = Date.UTC(year, month - 1, day);
  const at = fromWall(midnight, timeZone);
  if (zoneOffset(at, timeZone) + at === midnight) return at;
  // Midnight falls in a gap (Santiago, Havana, Beirut spring forward at 00:00). The day then
  // begins at the transition, which `at` is only when the gap starts exactly at midnight, so
  // search for the first instant whose wall time has reached the date: before the transition
  // wall times are earlier than midnight, after it later.
  let lo = midnight - zoneOffset(midnight + DAY_MS, timeZone); // still the previous day
  let hi = at; // already the day
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (mid + zoneOffset(mid, timeZone) >= midnight) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The instant of local midnight of the day containing `at`, or, on a day whose midnight does not
 * exist (a DST gap at 00:00), the first instant of that day.
 */
export function startOfDay(at: number, timeZone: string): number {
  const l = localDateTime(at, timeZone);
  return startOfLocalDate(l.year, l.month, l.day, timeZone);
}

/**
 * The first instant of the local day `days` calendar days after the day containing `at`
 * (negative goes back). Unlike `addDays(startOfDay(at), days)` this stays at 00:00 even when
 * today's midnight was in a gap and today therefore started at 01:00.
 */
export function startOfDayAfter(at: number, days: number, timeZone: string): number {
  assertInteger(days, 'days');
  const l = localDateTime(at, timeZone);
  return startOfLocalDate(l.year, l.month, l.day + days, timeZone);
}

/**
 * The same local wall-clock time `days` calendar days later (negative goes back): 09:00 stays
 * 09:00 across a DST change, so the result can be 23 or 25 hours × days away. A time that does not
 * exist on the target day moves later by the gap; one that occurs twice keeps `at`'s UTC offset if
 * it can (so `addDays(at, 0) === at`), else takes the earlier.
 * @throws RangeError when `days` is not an integer.
 */
export function addDays(at: number, days: number, timeZone: string): number {
  assertInteger(days, 'days');
  const l = localDateTime(at, timeZone);
  return fromWall(wallOf({ ...l, day: l.day + days }), timeZone, wallOf(l) - at);
}

/**
 * The instant of `hour`:`minute` local time on the day that `dayStart` is in (any instant of the
 * day works, its start is the usual argument). A time in a DST gap moves later by the gap
 * (02:30 → 03:30); one that occurs twice gives the earlier instant.
 * @throws RangeError when hour is not 0–23 or minute not 0–59.
 */
export function atLocalTime(dayStart: number, hour: number, minute: number, timeZone: string): number {
  assertInRange(hour, 0, 23, 'hour');
  assertInRange(minute, 0, 59, 'minute');
  const l = localDateTime(dayStart, timeZone);
  return fromWall(Date.UTC(l.year, l.month - 1, l.day, hour, minute), timeZone);
}

/** The ISO weekday of the local date of `at`: 1 is Monday, 7 is Sunday. */
export function isoWeekday(at: number, timeZone: string): number {
  const l = localDateTime(at, timeZone);
  const sundayIsZero = new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay();
  return sundayIsZero === 0 ? 7 : sundayIsZero;
}

/** Local Monday 00:00 (or the first instant of that Monday) of the ISO week containing `at`. */
export function startOfWeek(at: number, timeZone: string): number {
  const l = localDateTime(at, timeZone);
  return startOfLocalDate(l.year, l.month, l.day - (isoWeekday(at, timeZone) - 1), timeZone);
}

/**
 * Whole local calendar days from the date of `from` to the date of `to` (negative if `to` is on an
 * earlier date): yesterday 23:59 to today 00:01 is 1, whatever the hours and DST in between.
 */
export function calendarDaysBetween(from: number, to: number, timeZone: string): number {
  const a = localDateTime(from, timeZone);
  const b = localDateTime(to, timeZone);
  // Both dates as UTC midnights: UTC days are all 24 h long, so the division is exact.
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS;
}

/** The local date of `at` as `YYYY-MM-DD`. */
export function localDateString(at: number, timeZone: string): string {
  const l = localDateTime(at, timeZone);
  return `${String(l.year).padStart(4, '0')}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

function assertInteger(value: number, name: string): void {
  // Fractional days have no calendar meaning, and Date.UTC would silently truncate them.
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

function assertInRange(value: number, min: number, max: number, name: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** Local 00:00 (or the first instant) of the first day of the month containing `at`. */
export function startOfMonth(at: number, timeZone: string): number {
  const l = localDateTime(at, timeZone);
  return startOfLocalDate(l.year, l.month, 1, timeZone);
}

/** Local 00:00 of the first day of the month after the one containing `at`. */
export function startOfNextMonth(at: number, timeZone: string): number {
  const l = localDateTime(at, timeZone);
  // Date.UTC normalises month 13 to January of the next year.
  return startOfLocalDate(l.year, l.month + 1, 1, timeZone);
}
