import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  csvOfWeeklyReport,
  daysOverdue,
  dueBucket,
  isEscalated,
  isQuietTime,
  nextDailyAt,
  quickPickDue,
  quietUntil,
  startOfWeek,
  weeklyStats,
  type RepWeek,
} from './followups';
import type { Task } from './schemas';

// A fake clock: every "now" below is a fixed instant, stated in UTC with its local time beside it.
const SH = 'Asia/Shanghai'; // +08:00, no DST
const NY = 'America/New_York'; // DST 2026-03-08 02:00 → 03:00, 2026-11-01 02:00 → 01:00
const BER = 'Europe/Berlin'; // DST 2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00
const AKL = 'Pacific/Auckland'; // southern: DST ends 2026-04-05 03:00 → 02:00, starts 2026-09-27 02:00 → 03:00

const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad ISO in test: ${iso}`);
  return ms;
};
const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const open = (dueAt: string) => ({ dueAt: at(dueAt), doneAt: null, deletedAt: null });

function task(over: Partial<Task> & { dueAt: number }): Task {
  return {
    id: `t-${Math.random()}`,
    customerId: 'c1',
    title: 'Send the quote',
    assigneeId: 'a',
    doneAt: null,
    doneBy: null,
    createdBy: 'a',
    createdAt: at('2026-01-01T00:00:00Z'),
    updatedAt: at('2026-01-01T00:00:00Z'),
    noteId: null,
    source: null,
    deletedAt: null,
    ...over,
  };
}

const week = (over: Partial<RepWeek> = {}): RepWeek => ({ memberId: 'm', doneOnTime: 0, doneLate: 0, missed: 0, open: 0, ...over });

describe('dueBucket', () => {
  it('uses local midnight in Shanghai: 23:30 tonight is today though UTC says tomorrow', () => {
    const now = at('2026-03-10T23:00:00Z'); // Wed Mar 11 07:00 in Shanghai, still Mar 10 in UTC
    expect(dueBucket(open('2026-03-11T15:30:00Z'), now, SH)).toBe('today'); // 23:30 local
    expect(dueBucket(open('2026-03-11T15:59:59.999Z'), now, SH)).toBe('today');
    expect(dueBucket(open('2026-03-11T16:00:00Z'), now, SH)).toBe('week'); // Thu 00:00 local
    expect(dueBucket(open('2026-03-11T00:00:00Z'), now, SH)).toBe('today'); // 08:00 local
    expect(dueBucket(open('2026-03-10T22:00:00Z'), now, SH)).toBe('overdue'); // 06:00 local
  });
  it('is overdue from the instant the due time passes, today while it has not', () => {
    const now = at('2026-03-11T02:00:00Z');
    expect(dueBucket(open('2026-03-11T01:59:59.999Z'), now, SH)).toBe('overdue');
    expect(dueBucket(open('2026-03-11T02:00:00Z'), now, SH)).toBe('today');
  });
  it('ends the week at local midnight 7 days after today', () => {
    const now = at('2026-03-10T23:00:00Z'); // Wed Mar 11 in Shanghai; Mar 18 00:00 local is 16:00Z Mar 17
    expect(dueBucket(open('2026-03-17T15:59:59.999Z'), now, SH)).toBe('week');
    expect(dueBucket(open('2026-03-17T16:00:00Z'), now, SH)).toBe('later');
    expect(dueBucket(open('2026-06-01T00:00:00Z'), now, SH)).toBe('later');
  });
  it('uses New York midnight, not UTC midnight, on the evening before', () => {
    const now = at('2026-03-08T02:00:00Z'); // Sat Mar 7 21:00 EST, already Mar 8 in UTC
    expect(dueBucket(open('2026-03-08T04:00:00Z'), now, NY)).toBe('today'); // 23:00 EST
    expect(dueBucket(open('2026-03-08T04:59:59.999Z'), now, NY)).toBe('today');
    expect(dueBucket(open('2026-03-08T05:00:00Z'), now, NY)).toBe('week'); // Sun 00:00 EST
  });
  it('knows a spring-forward day is 23 hours long', () => {
    const now = at('2026-03-08T14:00:00Z'); // Sun Mar 8 10:00 EDT; today ends Mar 9 00:00 EDT = 04:00Z
    expect(dueBucket(open('2026-03-08T13:00:00Z'), now, NY)).toBe('overdue'); // 09:00 EDT
    expect(dueBucket(open('2026-03-09T03:30:00Z'), now, NY)).toBe('today'); // 23:30 EDT
    expect(dueBucket(open('2026-03-09T04:30:00Z'), now, NY)).toBe('week'); // Mon 00:30 EDT
  });
  it('ends the week at local midnight even when DST starts within it', () => {
    const now = at('2026-03-05T17:00:00Z'); // Thu Mar 5 12:00 EST; Mar 12 00:00 EDT = 04:00Z
    expect(dueBucket(open('2026-03-12T03:59:00Z'), now, NY)).toBe('week');
    expect(dueBucket(open('2026-03-12T04:30:00Z'), now, NY)).toBe('later'); // Thu Mar 12 00:30 EDT
  });
  it('knows a fall-back day in Auckland is 25 hours long', () => {
    const now = at('2026-04-04T22:00:00Z'); // Sun Apr 5 10:00 NZST; today ends Apr 6 00:00 NZST = 12:00Z
    expect(dueBucket(open('2026-04-05T11:30:00Z'), now, AKL)).toBe('today'); // 23:30 NZST
    expect(dueBucket(open('2026-04-05T12:00:00Z'), now, AKL)).toBe('week');
  });
  it('says done for a done task however late, and null for a deleted one', () => {
    const now = at('2026-03-11T02:00:00Z');
    const due = at('2026-03-01T00:00:00Z');
    expect(dueBucket({ dueAt: due, doneAt: now, deletedAt: null }, now, SH)).toBe('done');
    expect(dueBucket({ dueAt: due, doneAt: null, deletedAt: now }, now, SH)).toBeNull();
    expect(dueBucket({ dueAt: due, doneAt: now, deletedAt: now }, now, SH)).toBeNull();
  });
});

describe('daysOverdue', () => {
  const now = at('2026-03-10T23:00:00Z'); // Wed Mar 11 07:00 in Shanghai
  it('counts local calendar days since the due date', () => {
    expect(daysOverdue(open('2026-03-10T22:00:00Z'), now, SH)).toBe(0); // 06:00 today
    expect(daysOverdue(open('2026-03-10T15:59:00Z'), now, SH)).toBe(1); // 23:59 yesterday, 7 h ago
    expect(daysOverdue(open('2026-03-10T16:00:00Z'), now, SH)).toBe(0); // 00:00 today
    expect(daysOverdue(open('2026-03-09T00:00:00Z'), now, SH)).toBe(2); // Mon 08:00
    expect(daysOverdue(open('2026-02-28T00:00:00Z'), now, SH)).toBe(11);
  });
  it('is 0 when not overdue: not yet due, done or deleted', () => {
    expect(daysOverdue(open('2026-03-12T00:00:00Z'), now, SH)).toBe(0);
    expect(daysOverdue({ dueAt: at('2026-03-01T00:00:00Z'), doneAt: now, deletedAt: null }, now, SH)).toBe(0);
    expect(daysOverdue({ dueAt: at('2026-03-01T00:00:00Z'), doneAt: null, deletedAt: now }, now, SH)).toBe(0);
  });
  it('counts calendar days, not 24-hour periods, across spring forward', () => {
    const mon = at('2026-03-09T04:30:00Z'); // Mon Mar 9 00:30 EDT
    expect(daysOverdue(open('2026-03-08T04:30:00Z'), mon, NY)).toBe(2); // Sat 23:30 EST: 24 h ago
    expect(daysOverdue(open('2026-03-08T05:30:00Z'), mon, NY)).toBe(1); // Sun 00:30 EST: 23 h ago
  });
  it('counts calendar days across fall back', () => {
    const mon = at('2026-10-25T23:30:00Z'); // Mon Oct 26 00:30 CET
    expect(daysOverdue(open('2026-10-24T21:30:00Z'), mon, BER)).toBe(2); // Sat 23:30 CEST: 26 h ago
    expect(daysOverdue(open('2026-10-24T22:30:00Z'), mon, BER)).toBe(1); // Sun 00:30 CEST: 25 h ago
  });
});

describe('isEscalated', () => {
  const due = at('2026-03-01T00:00:00Z');
  it('escalates an open task only after more than escalationDays × 24 h', () => {
    expect(isEscalated({ dueAt: due, doneAt: null, deletedAt: null }, due + 2 * DAY, 2)).toBe(false);
    expect(isEscalated({ dueAt: due, doneAt: null, deletedAt: null }, due + 2 * DAY + 1, 2)).toBe(true);
    expect(isEscalated({ dueAt: due, doneAt: null, deletedAt: null }, due + 2 * DAY + 1, 3)).toBe(false);
    expect(isEscalated({ dueAt: due, doneAt: null, deletedAt: null }, due - DAY, 1)).toBe(false);
  });
  it('never escalates a done or deleted task', () => {
    expect(isEscalated({ dueAt: due, doneAt: due + 9 * DAY, deletedAt: null }, due + 10 * DAY, 2)).toBe(false);
    expect(isEscalated({ dueAt: due, doneAt: null, deletedAt: due + DAY }, due + 10 * DAY, 2)).toBe(false);
  });
});

describe('quickPickDue', () => {
  it('on a Sunday morning in Shanghai: next week is tomorrow', () => {
    const now = at('2026-03-15T02:00:00Z'); // Sun Mar 15 10:00
    expect(iso(quickPickDue('today', now, SH))).toBe('2026-03-15T10:00:00.000Z'); // 18:00
    expect(iso(quickPickDue('tomorrow', now, SH))).toBe('2026-03-16T01:00:00.000Z'); // Mon 09:00
    expect(iso(quickPickDue('in3days', now, SH))).toBe('2026-03-18T01:00:00.000Z'); // Wed 09:00
    expect(iso(quickPickDue('nextWeek', now, SH))).toBe('2026-03-16T01:00:00.000Z'); // Mon 09:00
  });
  it('on a Friday evening after 18:00 in New York, the weekend DST starts', () => {
    const now = at('2026-03-06T23:20:30Z'); // Fri Mar 6 18:20:30 EST
    expect(iso(quickPickDue('today', now, NY))).toBe('2026-03-07T00:30:00.000Z'); // 19:30 EST
    expect(iso(quickPickDue('tomorrow', now, NY))).toBe('2026-03-07T14:00:00.000Z'); // Sat 09:00 EST
    expect(iso(quickPickDue('in3days', now, NY))).toBe('2026-03-09T13:00:00.000Z'); // Mon 09:00 EDT
    expect(iso(quickPickDue('nextWeek', now, NY))).toBe('2026-03-09T13:00:00.000Z'); // Mon 09:00 EDT
  });
  it('treats 18:00 itself as passed and keeps a time already on a quarter hour', () => {
    expect(iso(quickPickDue('today', at('2026-03-06T22:59:00Z'), NY))).toBe('2026-03-06T23:00:00.000Z'); // 17:59 → 18:00
    expect(iso(quickPickDue('today', at('2026-03-06T23:00:00Z'), NY))).toBe('2026-03-07T00:00:00.000Z'); // 18:00 → 19:00
    expect(iso(quickPickDue('today', at('2026-03-06T23:45:00Z'), NY))).toBe('2026-03-07T00:45:00.000Z');
    expect(iso(quickPickDue('today', at('2026-03-06T23:45:00.001Z'), NY))).toBe('2026-03-07T01:00:00.000Z');
  });
  it('rounds to a local quarter hour in a +05:45 zone, and may land tomorrow late at night', () => {
    // 19:05 in Kathmandu → 20:05 → 20:15 local (14:30Z).
    expect(iso(quickPickDue('today', at('2026-03-06T13:20:00Z'), 'Asia/Kathmandu'))).toBe('2026-03-06T14:30:00.000Z');
    // 23:50 in Shanghai → 00:50 → 01:00 tomorrow.
    expect(iso(quickPickDue('today', at('2026-03-11T15:50:00Z'), SH))).toBe('2026-03-11T17:00:00.000Z');
  });
  it('on a Monday: next week is 7 days on, across Berlin spring forward', () => {
    const now = at('2026-03-23T07:00:00Z'); // Mon Mar 23 08:00 CET
    expect(iso(quickPickDue('nextWeek', now, BER))).toBe('2026-03-30T07:00:00.000Z'); // Mon 09:00 CEST
    expect(iso(quickPickDue('in3days', now, BER))).toBe('2026-03-26T08:00:00.000Z'); // Thu 09:00 CET
  });
  it('in Auckland on Saturday evening before DST starts', () => {
    const now = at('2026-09-26T07:00:00Z'); // Sat Sep 26 19:00 NZST
    expect(iso(quickPickDue('tomorrow', now, AKL))).toBe('2026-09-26T20:00:00.000Z'); // Sun 09:00 NZDT
    expect(iso(quickPickDue('nextWeek', now, AKL))).toBe('2026-09-27T20:00:00.000Z'); // Mon 09:00 NZDT
  });
});

describe('nextDailyAt', () => {
  it('is today when the hour is still ahead, tomorrow when it has passed or is now', () => {
    const now = at('2026-03-11T02:00:00Z'); // Wed 10:00 in Shanghai
    expect(iso(nextDailyAt(now, 18, SH))).toBe('2026-03-11T10:00:00.000Z');
    expect(iso(nextDailyAt(now, 8, SH))).toBe('2026-03-12T00:00:00.000Z');
    expect(iso(nextDailyAt(now, 10, SH))).toBe('2026-03-12T02:00:00.000Z');
    expect(iso(nextDailyAt(now - 1, 10, SH))).toBe('2026-03-11T02:00:00.000Z');
  });
  it('keeps 08:00 local across spring forward (23 hours after the last)', () => {
    const now = at('2026-03-07T15:00:00Z'); // Sat 10:00 EST
    expect(iso(nextDailyAt(now, 8, NY))).toBe('2026-03-08T12:00:00.000Z'); // Sun 08:00 EDT
    expect(iso(nextDailyAt(now, 8, AKL))).toBe('2026-03-07T19:00:00.000Z'); // Sun 08:00 NZDT
  });
  it('keeps 09:00 local across fall back (25 hours after the last)', () => {
    const now = at('2026-10-24T08:00:00Z'); // Sat 10:00 CEST
    expect(iso(nextDailyAt(now, 9, BER))).toBe('2026-10-25T08:00:00.000Z'); // Sun 09:00 CET
  });
  it('fires when the clock jumps on a day the hour does not exist', () => {
    expect(iso(nextDailyAt(at('2026-03-08T06:00:00Z'), 2, NY))).toBe('2026-03-08T07:00:00.000Z'); // 01:00 EST → 03:00 EDT
    expect(iso(nextDailyAt(at('2026-03-08T07:00:00Z'), 2, NY))).toBe('2026-03-09T06:00:00.000Z'); // Mon 02:00 EDT
  });
  it('fires once on a day the hour happens twice', () => {
    expect(iso(nextDailyAt(at('2026-11-01T04:30:00Z'), 1, NY))).toBe('2026-11-01T05:00:00.000Z'); // 01:00 EDT
    // From the first 01:00, the next is Monday's, not the second 01:00 (EST) an hour later.
    expect(iso(nextDailyAt(at('2026-11-01T05:00:00Z'), 1, NY))).toBe('2026-11-02T06:00:00.000Z');
  });
});

describe('isQuietTime and quietUntil', () => {
  const night = { startHour: 22, endHour: 7 };
  it('wraps past midnight: 22→7 is quiet from 22:00 to 06:59 local', () => {
    expect(isQuietTime(at('2026-03-11T13:59:59Z'), SH, night)).toBe(false); // 21:59:59
    expect(isQuietTime(at('2026-03-11T14:00:00Z'), SH, night)).toBe(true); // 22:00
    expect(isQuietTime(at('2026-03-11T15:00:00Z'), SH, night)).toBe(true); // 23:00
    expect(isQuietTime(at('2026-03-11T22:59:59Z'), SH, night)).toBe(true); // 06:59:59
    expect(isQuietTime(at('2026-03-11T23:00:00Z'), SH, night)).toBe(false); // 07:00
  });
  it('ends at the next 07:00 local, whether before or after midnight', () => {
    expect(iso(quietUntil(at('2026-03-11T15:00:00Z'), SH, night))).toBe('2026-03-11T23:00:00.000Z'); // 23:00 → 07:00
    expect(iso(quietUntil(at('2026-03-11T20:00:00Z'), SH, night))).toBe('2026-03-11T23:00:00.000Z'); // 04:00 → 07:00
    expect(quietUntil(at('2026-03-11T23:00:00Z'), SH, night)).toBe(at('2026-03-11T23:00:00Z'));
    expect(quietUntil(at('2026-03-11T05:00:00Z'), SH, night)).toBe(at('2026-03-11T05:00:00Z'));
  });
  it('does not wrap when start < end, and uses the local hour, not UTC', () => {
    const lunch = { startHour: 9, endHour: 17 };
    const now = at('2026-03-11T02:00:00Z'); // 10:00 in Shanghai, 02:00 UTC
    expect(isQuietTime(now, SH, lunch)).toBe(true);
    expect(iso(quietUntil(now, SH, lunch))).toBe('2026-03-11T09:00:00.000Z');
    expect(isQuietTime(at('2026-03-11T09:00:00Z'), SH, lunch)).toBe(false); // 17:00
    expect(isQuietTime(at('2026-03-11T00:59:00Z'), SH, lunch)).toBe(false); // 08:59
  });
  it('has no quiet hours when start equals end or there are none', () => {
    const now = at('2026-03-11T15:00:00Z');
    expect(isQuietTime(now, SH, { startHour: 22, endHour: 22 })).toBe(false);
    expect(isQuietTime(now, SH, null)).toBe(false);
    expect(quietUntil(now, SH, { startHour: 23, endHour: 23 })).toBe(now);
    expect(quietUntil(now, SH, null)).toBe(now);
  });
  it('ends at 07:00 local across spring forward, 7 hours after 23:00', () => {
    const now = at('2026-03-08T04:00:00Z'); // Sat Mar 7 23:00 EST
    expect(isQuietTime(now, NY, night)).toBe(true);
    expect(iso(quietUntil(now, NY, night))).toBe('2026-03-08T11:00:00.000Z'); // Sun 07:00 EDT
  });
  it('rejects hours that are not 0–23', () => {
    expect(() => isQuietTime(0, SH, { startHour: 24, endHour: 7 })).toThrow(RangeError);
    expect(() => quietUntil(0, SH, { startHour: 22, endHour: 6.5 })).toThrow(RangeError);
  });
});

describe('weeklyStats', () => {
  // Wed Mar 11 12:00 in Shanghai; the week is Mon Mar 9 00:00 (Mar 8 16:00Z) to Mon Mar 16 00:00 (Mar 15 16:00Z).
  const now = at('2026-03-11T04:00:00Z');
  const members = [
    { id: 'e', active: true },
    { id: 'a', active: true },
    { id: 'c', active: false },
    { id: 'd', active: false },
    { id: 'b', active: true },
  ];
  const tasks: Task[] = [
    // a: done on time (early, exactly at due, early for a future task)
    task({ assigneeId: 'a', dueAt: at('2026-03-09T02:00:00Z'), doneAt: at('2026-03-09T01:00:00Z') }),
    task({ assigneeId: 'a', dueAt: at('2026-03-09T02:00:00Z'), doneAt: at('2026-03-09T02:00:00Z') }),
    task({ assigneeId: 'a', dueAt: at('2026-03-13T02:00:00Z'), doneAt: at('2026-03-11T01:00:00Z') }),
    // a: done late
    task({ assigneeId: 'a', dueAt: at('2026-03-10T02:00:00Z'), doneAt: at('2026-03-10T02:00:00.001Z') }),
    // a: missed: Tue 10:00, Wed 11:59, and Mon 00:30 local (a Sunday in UTC)
    task({ assigneeId: 'a', dueAt: at('2026-03-10T02:00:00Z') }),
    task({ assigneeId: 'a', dueAt: at('2026-03-11T03:59:00Z') }),
    task({ assigneeId: 'a', dueAt: at('2026-03-08T16:30:00Z') }),
    // a: open: due exactly now, and Sunday 23:59 local
    task({ assigneeId: 'a', dueAt: now }),
    task({ assigneeId: 'a', dueAt: at('2026-03-15T15:59:00Z') }),
    // a: outside the week or deleted
    task({ assigneeId: 'a', dueAt: at('2026-03-15T16:00:00Z') }), // next Monday 00:00
    task({ assigneeId: 'a', dueAt: at('2026-03-08T15:59:00Z') }), // last Sunday 23:59
    task({ assigneeId: 'a', dueAt: at('2026-03-10T02:00:00Z'), deletedAt: at('2026-03-10T03:00:00Z') }),
    // b, c (inactive, has a task), d (inactive, nothing live this week), and an unknown assignee
    task({ assigneeId: 'b', dueAt: at('2026-03-12T02:00:00Z') }),
    task({ assigneeId: 'c', dueAt: at('2026-03-09T02:00:00Z') }),
    task({ assigneeId: 'd', dueAt: at('2026-03-02T02:00:00Z') }),
    task({ assigneeId: 'd', dueAt: at('2026-03-10T02:00:00Z'), deletedAt: at('2026-03-10T03:00:00Z') }),
    task({ assigneeId: 'zzz', dueAt: at('2026-03-10T02:00:00Z') }),
  ];

  it('counts each rep’s week by category, in member order, with active reps at zero and inactive ones only with tasks', () => {
    expect(weeklyStats(tasks, members, now, SH)).toEqual([
      { memberId: 'e', doneOnTime: 0, doneLate: 0, missed: 0, open: 0 },
      { memberId: 'a', doneOnTime: 3, doneLate: 1, missed: 3, open: 2 },
      { memberId: 'c', doneOnTime: 0, doneLate: 0, missed: 1, open: 0 },
      { memberId: 'b', doneOnTime: 0, doneLate: 0, missed: 0, open: 1 },
    ]);
  });
  it('gives every active member a row when nobody has tasks', () => {
    expect(weeklyStats([], members, now, SH).map((r) => r.memberId)).toEqual(['e', 'a', 'b']);
  });
  it('ends the week at local Monday midnight when DST started during it', () => {
    // Sun Mar 8 20:00 EDT in New York (Monday in UTC): the week is Mar 2 00:00 EST to Mar 9 00:00 EDT (04:00Z).
    const sunday = at('2026-03-09T00:00:00Z');
    const nyTasks = [
      task({ assigneeId: 'a', dueAt: at('2026-03-02T05:00:00Z') }), // Mon Mar 2 00:00 EST: missed
      task({ assigneeId: 'a', dueAt: at('2026-03-09T03:59:00Z') }), // Sun 23:59 EDT: open
      task({ assigneeId: 'a', dueAt: at('2026-03-09T04:30:00Z') }), // Mon 00:30 EDT: next week
      task({ assigneeId: 'a', dueAt: at('2026-03-02T04:59:00Z') }), // Sun Mar 1 23:59 EST: last week
    ];
    expect(weeklyStats(nyTasks, [{ id: 'a', active: true }], sunday, NY)).toEqual([
      { memberId: 'a', doneOnTime: 0, doneLate: 0, missed: 1, open: 1 },
    ]);
  });
});

describe('csvOfWeeklyReport', () => {
  const weekStart = at('2026-03-08T16:00:00Z'); // Mon Mar 9 00:00 in Shanghai, Sunday in UTC

  it('starts with a BOM, uses CRLF, and gives the local week start', () => {
    const csv = csvOfWeeklyReport([{ name: '张伟', week: week({ doneOnTime: 3, doneLate: 1, missed: 2, open: 4 }) }], weekStart, SH);
    expect(csv).toBe('\uFEFFWeek starting,Member,Done on time,Done late,Missed,Open\r\n2026-03-09,张伟,3,1,2,4\r\n');
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });
  it('is the header alone for no rows', () => {
    expect(csvOfWeeklyReport([], weekStart, SH)).toBe('\uFEFFWeek starting,Member,Done on time,Done late,Missed,Open\r\n');
  });
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    const csv = csvOfWeeklyReport(
      [
        { name: 'Smith, John "JJ"', week: week() },
        { name: 'Acme, Inc', week: week() },
        { name: 'The "Boss"', week: week() },
        { name: 'Line1\nLine2', week: week() },
        { name: 'Carriage\rReturn', week: week() },
        { name: 'Plain Name', week: week() },
      ],
      weekStart,
      SH,
    );
    expect(csv.split('\r\n').slice(1)).toEqual([
      '2026-03-09,"Smith, John ""JJ""",0,0,0,0',
      '2026-03-09,"Acme, Inc",0,0,0,0',
      '2026-03-09,"The ""Boss""",0,0,0,0',
      '2026-03-09,"Line1\nLine2",0,0,0,0',
      '2026-03-09,"Carriage\rReturn",0,0,0,0',
      '2026-03-09,Plain Name,0,0,0,0',
      '',
    ]);
  });
  it('defuses names a spreadsheet would run as formulas', () => {
    const csv = csvOfWeeklyReport(
      ['=HYPERLINK("http://x","y")', '+1', '-5', '@SUM(A1)', '\t=1', 'a=b'].map((name) => ({ name, week: week() })),
      weekStart,
      SH,
    );
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      `2026-03-09,"'=HYPERLINK(""http://x"",""y"")",0,0,0,0`,
      `2026-03-09,'+1,0,0,0,0`,
      `2026-03-09,'-5,0,0,0,0`,
      `2026-03-09,'@SUM(A1),0,0,0,0`,
      `2026-03-09,'\t=1,0,0,0,0`,
      `2026-03-09,a=b,0,0,0,0`,
    ]);
  });
  it('formats the week start in the given zone', () => {
    const csv = csvOfWeeklyReport([], startOfWeek(at('2026-03-09T00:00:00Z'), NY), NY);
    expect(csv).toBe('\uFEFFWeek starting,Member,Done on time,Done late,Missed,Open\r\n');
    const row = csvOfWeeklyReport([{ name: 'Ann', week: week() }], startOfWeek(at('2026-03-09T00:00:00Z'), NY), NY);
    expect(row.split('\r\n')[1]).toBe('2026-03-02,Ann,0,0,0,0');
  });
});

describe('independence from the machine clock and zone', () => {
  const savedTz = process.env.TZ;
  beforeEach(() => {
    // A clock years off and a machine zone far from every zone used: a result that changed here
    // would mean a function read Date.now() or used local-time Date methods.
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2001-09-09T01:46:40Z'));
    process.env.TZ = 'Pacific/Kiritimati';
  });
  afterEach(() => {
    vi.useRealTimers();
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });
  it('gives the same answers', () => {
    expect(new Date('2026-01-01T00:00:00Z').getHours()).toBe(14); // the machine zone really is +14 now
    const now = at('2026-03-06T23:20:30Z'); // Fri 18:20:30 EST
    expect(iso(quickPickDue('nextWeek', now, NY))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(quickPickDue('today', now, NY))).toBe('2026-03-07T00:30:00.000Z');
    expect(dueBucket(open('2026-03-07T04:00:00Z'), now, NY)).toBe('today');
    expect(iso(nextDailyAt(now, 8, NY))).toBe('2026-03-07T13:00:00.000Z');
    expect(isQuietTime(now, NY, { startHour: 18, endHour: 19 })).toBe(true);
    expect(weeklyStats([task({ assigneeId: 'a', dueAt: now + HOUR })], [{ id: 'a', active: true }], now, NY)).toEqual([
      { memberId: 'a', doneOnTime: 0, doneLate: 0, missed: 0, open: 1 },
    ]);
  });
});
