import { describe, expect, it } from 'vitest';
import {
  countMetric,
  csvOfReport,
  followUpState,
  goalProgress,
  nextFollowUp,
  periodRange,
  quietDays,
  ruleBreach,
  topAttention,
  wantsFollowUp,
  weeklyReport,
  type MemberWork,
} from './board';
import type { Goal, StageRule } from './schemas';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const STAGES = ['lead', 'qualified', 'quoted', 'won'];
/** Wednesday 2026-03-04 10:00 in Shanghai (02:00 UTC). */
const WED = Date.UTC(2026, 2, 4, 2, 0);
const rule = (r: Partial<StageRule> & { stage: string }): StageRule => ({
  nextFollowUpDays: null,
  title: '',
  idleDays: null,
  escalateDays: null,
  ...r,
});

describe('card state', () => {
  it('is overdue, due today, planned or none, with today ending at local midnight', () => {
    expect(followUpState(null, WED, SH)).toBe('none');
    expect(followUpState(WED - 1, WED, SH)).toBe('overdue');
    // 23:30 Shanghai is still today there, though already tomorrow in UTC.
    const lateToday = Date.UTC(2026, 2, 4, 15, 30);
    expect(followUpState(lateToday, WED, SH)).toBe('today');
    expect(followUpState(Date.UTC(2026, 2, 4, 16, 30), WED, SH)).toBe('planned');
    // In New York it is still Tuesday evening (21:00), so the same follow-up is tomorrow's: planned.
    expect(followUpState(lateToday, WED, NY)).toBe('planned');
  });

  it('takes the soonest open follow-up, skipping done and deleted ones', () => {
    const t = (dueAt: number, doneAt: number | null = null, deletedAt: number | null = null) => ({ dueAt, doneAt, deletedAt });
    expect(nextFollowUp([t(5, 1), t(9), t(3, null, 2), t(7)])).toBe(7);
    expect(nextFollowUp([t(5, 1)])).toBeNull();
  });

  it('counts quiet days in local calendar days', () => {
    // 23:00 yesterday Shanghai to 01:00 today: one day quiet, though only two hours passed.
    const yesterday23 = Date.UTC(2026, 2, 3, 15, 0);
    expect(quietDays(yesterday23, yesterday23 + 2 * HOUR, SH)).toBe(1);
    expect(quietDays(yesterday23, yesterday23 + 2 * HOUR, 'UTC')).toBe(0);
  });
});

describe('stage rules', () => {
  const rules = [rule({ stage: 'quoted', idleDays: 3, escalateDays: 7, nextFollowUpDays: 2 }), rule({ stage: 'lead', idleDays: 10 })];

  it('turns a customer cold past idleDays and escalates it past escalateDays, in elapsed days', () => {
    expect(ruleBreach({ stage: 'quoted', updatedAt: WED - 3 * DAY }, rules, WED)).toBeNull();
    expect(ruleBreach({ stage: 'quoted', updatedAt: WED - 3 * DAY - 1 }, rules, WED)).toBe('cold');
    expect(ruleBreach({ stage: 'quoted', updatedAt: WED - 7 * DAY - 1 }, rules, WED)).toBe('escalated');
    expect(ruleBreach({ stage: 'lead', updatedAt: WED - 30 * DAY }, rules, WED)).toBe('cold');
    expect(ruleBreach({ stage: 'won', updatedAt: 0 }, rules, WED)).toBeNull();
  });

  it('flags a customer without an open follow-up only where the rule wants one', () => {
    expect(wantsFollowUp('quoted', rules, false)).toBe(true);
    expect(wantsFollowUp('quoted', rules, true)).toBe(false);
    expect(wantsFollowUp('lead', rules, false)).toBe(false);
  });
});

describe('periods', () => {
  it('starts the week on local Monday 00:00: a Sunday night in Shanghai is still last week', () => {
    // Sunday 2026-03-08 23:30 Shanghai = 15:30 UTC Sunday.
    const sundayNight = Date.UTC(2026, 2, 8, 15, 30);
    const week = periodRange('week', sundayNight, SH);
    expect(week.start).toBe(Date.UTC(2026, 2, 1, 16, 0)); // Monday 2 March 00:00 Shanghai
    expect(week.end).toBe(Date.UTC(2026, 2, 8, 16, 0));
    // 00:30 Monday Shanghai is Sunday 16:30 UTC: a new week there, not in UTC.
    expect(periodRange('week', Date.UTC(2026, 2, 8, 16, 30), SH).start).toBe(week.end);
    expect(periodRange('week', Date.UTC(2026, 2, 8, 16, 30), 'UTC').start).toBe(Date.UTC(2026, 2, 2));
  });

  it('has a 167-hour week and a month of the right length across a DST change', () => {
    const week = periodRange('week', Date.UTC(2026, 2, 5, 12), NY); // the week ending Sunday 8 March, when New York springs forward
    expect(week.end - week.start).toBe(7 * DAY - HOUR);
    const feb = periodRange('month', Date.UTC(2028, 1, 15), 'UTC');
    expect((feb.end - feb.start) / DAY).toBe(29);
    const dec = periodRange('month', Date.UTC(2026, 11, 31, 20), SH); // 1 January 04:00 in Shanghai
    expect(dec.start).toBe(Date.UTC(2026, 11, 31, 16));
  });
});

describe('goal counts', () => {
  const me = 'ben';
  const week = periodRange('week', WED, SH);
  const work: MemberWork = {
    tasks: [
      { assigneeId: me, dueAt: WED, doneAt: WED - HOUR, doneBy: me, deletedAt: null }, // on time
      { assigneeId: me, dueAt: WED - DAY, doneAt: WED - HOUR, doneBy: me, deletedAt: null }, // late
      { assigneeId: me, dueAt: WED, doneAt: week.start - 1, doneBy: me, deletedAt: null }, // on time, last week
      { assigneeId: 'ana', dueAt: WED, doneAt: WED - HOUR, doneBy: 'ana', deletedAt: null },
      { assigneeId: me, dueAt: WED, doneAt: WED - HOUR, doneBy: me, deletedAt: WED }, // deleted
    ],
    notes: [
      { authorId: me, customerId: 'a', createdAt: WED, deletedAt: null },
      { authorId: me, customerId: 'a', createdAt: WED + HOUR, deletedAt: null },
      { authorId: me, customerId: 'b', createdAt: WED, deletedAt: null },
      { authorId: me, customerId: 'c', createdAt: week.start - 1, deletedAt: null },
      { authorId: me, customerId: 'd', createdAt: WED, deletedAt: WED },
    ],
    events: [
      { type: 'claim', actorId: me, to: me, from: null, at: WED, customerId: 'a' },
      { type: 'claim', actorId: me, to: me, from: null, at: week.start - 1, customerId: 'z' },
      { type: 'stage', actorId: me, from: 'lead', to: 'quoted', at: WED, customerId: 'a' },
      { type: 'stage', actorId: me, from: 'quoted', to: 'lead', at: WED, customerId: 'a' },
      { type: 'stage', actorId: 'ana', from: 'lead', to: 'won', at: WED, customerId: 'b' },
    ],
  };

  it('counts each metric within the period only', () => {
    expect(countMetric('followUpsOnTime', me, work, week, STAGES)).toBe(1);
    expect(countMetric('customersContacted', me, work, week, STAGES)).toBe(2);
    expect(countMetric('customersClaimed', me, work, week, STAGES)).toBe(1);
    expect(countMetric('stageAdvances', me, work, week, STAGES)).toBe(1);
  });

  it('counts a goal in the period containing now, and leaves out one starting in a later period', () => {
    const goal = (g: Partial<Goal>): Goal => ({
      id: 'g',
      memberId: me,
      metric: 'customersContacted',
      period: 'week',
      target: 5,
      startsAt: week.start,
      setBy: 'ana',
      ...g,
    });
    const [p] = goalProgress([goal({}), goal({ id: 'later', startsAt: week.end + DAY })], work, STAGES, WED + 2 * HOUR, SH);
    expect(p).toMatchObject({ done: 2, start: week.start, end: week.end });
    expect(goalProgress([goal({ id: 'later', startsAt: week.end + DAY })], work, STAGES, WED, SH)).toEqual([]);
    const [month] = goalProgress([goal({ period: 'month', metric: 'followUpsOnTime' })], work, STAGES, WED, SH);
    expect(month!.done).toBe(2); // last week's on-time one is in March too
  });
});

describe('the weekly report', () => {
  const weekStart = periodRange('week', WED, SH).start;
  it('counts notes, follow-ups on time / late / missed and customers gone quiet, per member', () => {
    const now = WED;
    const rows = weeklyReport(
      ['ben', 'ana'],
      {
        notes: [
          { authorId: 'ben', createdAt: weekStart, deletedAt: null },
          { authorId: 'ben', createdAt: weekStart - 1, deletedAt: null },
        ],
        tasks: [
          { assigneeId: 'ben', dueAt: weekStart + HOUR, doneAt: weekStart, deletedAt: null },
          { assigneeId: 'ben', dueAt: weekStart + HOUR, doneAt: weekStart + 2 * HOUR, deletedAt: null },
          { assigneeId: 'ben', dueAt: weekStart + HOUR, doneAt: null, deletedAt: null },
          { assigneeId: 'ben', dueAt: now + HOUR, doneAt: null, deletedAt: null }, // not yet due: not missed
        ],
        customers: [
          { ownerId: 'ana', updatedAt: weekStart - 14 * DAY + HOUR, deletedAt: null, mergedIntoId: null },
          { ownerId: 'ana', updatedAt: weekStart - 15 * DAY, deletedAt: null, mergedIntoId: null }, // quiet before this week
        ],
      },
      weekStart,
      14,
      now,
      SH,
    );
    expect(rows).toEqual([
      { memberId: 'ben', notesWritten: 1, doneOnTime: 1, doneLate: 1, missed: 1, wentQuiet: 0 },
      { memberId: 'ana', notesWritten: 0, doneOnTime: 0, doneLate: 0, missed: 0, wentQuiet: 1 },
    ]);
    const csv = csvOfReport([{ ...rows[0]!, name: '=王芳, "Wang"' }], weekStart, SH);
    expect(csv).toBe(
      '\uFEFFWeek starting,Member,Notes written,Done on time,Done late,Missed,Went quiet\r\n2026-03-02,"\'=王芳, ""Wang""",1,1,1,1,0\r\n',
    );
  });

  it("names the three things furthest past their limits in the manager's digest", () => {
    const item = (label: string, pastLimit: number) => ({ kind: 'cold' as const, label, customerName: label, pastLimit });
    expect(topAttention([item('a', 1), item('b', 9), item('c', 5), item('d', 7)]).map((i) => i.label)).toEqual(['b', 'd', 'c']);
  });
});
