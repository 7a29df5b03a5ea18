import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  localTimeZone,
  DAY_MS,
  HOUR_MS,
  addDays,
  atLocalTime,
  calendarDaysBetween,
  isoWeekday,
  localDateString,
  localDateTime,
  startOfDay,
  startOfDayAfter,
  startOfWeek,
  zoneOffset,
} from './calendar';

// Fixed instants only: nothing here depends on when or where the tests run.
const SH = 'Asia/Shanghai'; // +08:00, no DST
const NY = 'America/New_York'; // DST 2026-03-08 02:00 → 03:00, 2026-11-01 02:00 → 01:00
const BER = 'Europe/Berlin'; // DST 2026-03-29 02:00 → 03:00, 2026-10-25 03:00 → 02:00
const AKL = 'Pacific/Auckland'; // southern: DST ends 2026-04-05 03:00 → 02:00, starts 2026-09-27 02:00 → 03:00
const SCL = 'America/Santiago'; // springs forward at midnight: 2026-09-06 00:00 → 01:00
const HAV = 'America/Havana'; // springs forward at midnight: 2026-03-08 00:00 → 01:00

const at = (iso: string) => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad ISO in test: ${iso}`);
  return ms;
};
const iso = (ms: number) => new Date(ms).toISOString();

describe('localDateTime and zoneOffset', () => {
  it('reads the wall clock of the given zone, not UTC', () => {
    expect(localDateTime(at('2026-03-10T20:00:01.234Z'), SH)).toEqual({
      year: 2026,
      month: 3,
      day: 11,
      hour: 4,
      minute: 0,
      second: 1,
      millisecond: 234,
    });
    // Midnight is hour 0, not 24.
    expect(localDateTime(at('2026-03-10T16:00:00Z'), SH).hour).toBe(0);
  });
  it('gives the offset in force at the instant', () => {
    expect(zoneOffset(at('2026-03-08T06:59:59Z'), NY)).toBe(-5 * HOUR_MS);
    expect(zoneOffset(at('2026-03-08T07:00:00Z'), NY)).toBe(-4 * HOUR_MS);
    expect(zoneOffset(at('2026-04-04T13:59:59Z'), AKL)).toBe(13 * HOUR_MS);
    expect(zoneOffset(at('2026-04-04T14:00:00Z'), AKL)).toBe(12 * HOUR_MS);
    expect(zoneOffset(at('2026-07-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(5.75 * HOUR_MS);
  });
  it('rejects an unknown zone', () => {
    expect(() => localDateTime(0, 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('startOfDay', () => {
  it('is local midnight, not UTC midnight', () => {
    // 04:00 on the 11th in Shanghai is still the 10th in UTC.
    expect(iso(startOfDay(at('2026-03-10T20:00:00Z'), SH))).toBe('2026-03-10T16:00:00.000Z');
    expect(iso(startOfDay(at('2026-03-10T15:59:59.999Z'), SH))).toBe('2026-03-09T16:00:00.000Z');
    expect(iso(startOfDay(at('2026-03-10T16:00:00Z'), SH))).toBe('2026-03-10T16:00:00.000Z');
  });
  it('gives midnight at the offset before the change on a spring-forward day', () => {
    // 14:00 EDT on the day New York springs forward; its midnight was still EST.
    expect(iso(startOfDay(at('2026-03-08T18:00:00Z'), NY))).toBe('2026-03-08T05:00:00.000Z');
    expect(iso(startOfDay(at('2026-03-29T12:00:00Z'), BER))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(startOfDay(at('2026-09-27T00:00:00Z'), AKL))).toBe('2026-09-26T12:00:00.000Z');
  });
  it('gives midnight at the offset before the change on a fall-back day', () => {
    expect(iso(startOfDay(at('2026-11-01T18:00:00Z'), NY))).toBe('2026-11-01T04:00:00.000Z');
    expect(iso(startOfDay(at('2026-10-25T12:00:00Z'), BER))).toBe('2026-10-24T22:00:00.000Z');
    // Auckland falls back in April: 12:00 NZST on the 5th, whose midnight was NZDT (+13).
    expect(iso(startOfDay(at('2026-04-05T00:00:00Z'), AKL))).toBe('2026-04-04T11:00:00.000Z');
  });
  it('is the first instant of the day when midnight does not exist', () => {
    // Santiago goes from 23:59:59 on the 5th (-04) to 01:00 on the 6th (-03) at 04:00Z.
    expect(iso(startOfDay(at('2026-09-06T15:00:00Z'), SCL))).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(startOfDay(at('2026-03-08T17:00:00Z'), HAV))).toBe('2026-03-08T05:00:00.000Z');
    // Toronto went from 23:30 to 00:30 on 1919-03-30: the 31st began at 00:30, not at 01:00.
    expect(iso(startOfDay(at('1919-03-31T12:00:00Z'), 'America/Toronto'))).toBe('1919-03-31T04:30:00.000Z');
    // And the day before is unaffected.
    expect(iso(startOfDay(at('2026-09-06T03:59:59Z'), SCL))).toBe('2026-09-05T04:00:00.000Z');
  });
});

describe('startOfDayAfter', () => {
  it('counts local days, which are 23 or 25 hours on DST days', () => {
    const nyMar8 = at('2026-03-08T18:00:00Z');
    expect(startOfDayAfter(nyMar8, 1, NY) - startOfDay(nyMar8, NY)).toBe(23 * HOUR_MS);
    const nyNov1 = at('2026-11-01T18:00:00Z');
    expect(startOfDayAfter(nyNov1, 1, NY) - startOfDay(nyNov1, NY)).toBe(25 * HOUR_MS);
    const aklApr5 = at('2026-04-05T00:00:00Z');
    expect(iso(startOfDayAfter(aklApr5, 1, AKL))).toBe('2026-04-05T12:00:00.000Z');
    expect(iso(startOfDayAfter(aklApr5, -1, AKL))).toBe('2026-04-03T11:00:00.000Z');
  });
  it('stays at 00:00 the day after a day that began at 01:00', () => {
    // Santiago's Sep 6 began 01:00; Sep 7 begins at 00:00 (-03), which addDays would miss.
    expect(iso(startOfDayAfter(at('2026-09-06T15:00:00Z'), 1, SCL))).toBe('2026-09-07T03:00:00.000Z');
    expect(iso(startOfDayAfter(at('2026-09-05T15:00:00Z'), 1, SCL))).toBe('2026-09-06T04:00:00.000Z');
  });
  it('crosses months and years', () => {
    expect(iso(startOfDayAfter(at('2026-12-31T10:00:00Z'), 1, SH))).toBe('2026-12-31T16:00:00.000Z');
    expect(iso(startOfDayAfter(at('2026-02-28T10:00:00Z'), 1, SH))).toBe('2026-02-28T16:00:00.000Z');
  });
});

describe('addDays', () => {
  it('keeps 09:00 at 09:00 across spring forward', () => {
    // Sat 09:00 EST → Sun 09:00 EDT: 23 hours later.
    expect(iso(addDays(at('2026-03-07T14:00:00Z'), 1, NY))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(addDays(at('2026-03-28T08:00:00Z'), 1, BER))).toBe('2026-03-29T07:00:00.000Z');
    expect(iso(addDays(at('2026-09-25T21:00:00Z'), 1, AKL))).toBe('2026-09-26T20:00:00.000Z');
  });
  it('keeps 09:00 at 09:00 across fall back, and back again', () => {
    expect(iso(addDays(at('2026-10-31T13:00:00Z'), 1, NY))).toBe('2026-11-01T14:00:00.000Z');
    expect(iso(addDays(at('2026-11-01T14:00:00Z'), -1, NY))).toBe('2026-10-31T13:00:00.000Z');
    expect(iso(addDays(at('2026-04-03T20:00:00Z'), 2, AKL))).toBe('2026-04-05T21:00:00.000Z');
  });
  it('keeps the time across weeks, months and years', () => {
    expect(iso(addDays(at('2026-03-02T14:00:00Z'), 14, NY))).toBe('2026-03-16T13:00:00.000Z');
    expect(iso(addDays(at('2026-12-31T01:00:00Z'), 1, SH))).toBe('2027-01-01T01:00:00.000Z');
    expect(iso(addDays(at('2026-03-01T01:00:00.500Z'), -1, SH))).toBe('2026-02-28T01:00:00.500Z');
  });
  it('moves a time that does not exist on the target day later by the gap', () => {
    // 02:30 on Mar 8 in New York does not exist; it becomes 03:30 EDT.
    expect(iso(addDays(at('2026-03-07T07:30:00Z'), 1, NY))).toBe('2026-03-08T07:30:00.000Z');
  });
  it('picks the occurrence of a repeated time with the same offset', () => {
    // 01:30 happens twice on Nov 1 in New York: EDT (05:30Z) then EST (06:30Z).
    expect(iso(addDays(at('2026-10-31T05:30:00Z'), 1, NY))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(addDays(at('2026-11-02T06:30:00Z'), -1, NY))).toBe('2026-11-01T06:30:00.000Z');
    expect(addDays(at('2026-11-01T06:30:00Z'), 0, NY)).toBe(at('2026-11-01T06:30:00Z'));
  });
  it('rejects fractional days', () => {
    expect(() => addDays(0, 1.5, SH)).toThrow(RangeError);
  });
});

describe('atLocalTime', () => {
  it('is the local time on the given day', () => {
    // 23:30 in Shanghai is 15:30 UTC the same day.
    expect(iso(atLocalTime(at('2026-03-10T16:00:00Z'), 23, 30, SH))).toBe('2026-03-11T15:30:00.000Z');
    expect(iso(atLocalTime(at('2026-03-08T05:00:00Z'), 9, 0, NY))).toBe('2026-03-08T13:00:00.000Z');
    expect(iso(atLocalTime(at('2026-03-08T05:00:00Z'), 1, 59, NY))).toBe('2026-03-08T06:59:00.000Z');
    // Any instant of the day works, not only its start.
    expect(iso(atLocalTime(at('2026-03-08T20:00:00Z'), 9, 0, NY))).toBe('2026-03-08T13:00:00.000Z');
  });
  it('moves a time in the spring-forward gap later and takes the first of a repeated time', () => {
    expect(iso(atLocalTime(at('2026-03-08T05:00:00Z'), 2, 30, NY))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(atLocalTime(at('2026-11-01T04:00:00Z'), 1, 30, NY))).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(atLocalTime(at('2026-10-24T22:00:00Z'), 2, 30, BER))).toBe('2026-10-25T00:30:00.000Z');
  });
  it('rejects hours and minutes out of range', () => {
    expect(() => atLocalTime(0, 24, 0, SH)).toThrow(RangeError);
    expect(() => atLocalTime(0, 9, 60, SH)).toThrow(RangeError);
    expect(() => atLocalTime(0, 9.5, 0, SH)).toThrow(RangeError);
  });
});

describe('startOfWeek and isoWeekday', () => {
  it('is the local Monday 00:00', () => {
    // Wed 2026-03-11 10:00 in Shanghai → Mon 2026-03-09 00:00 (+08), still Sunday in UTC.
    expect(iso(startOfWeek(at('2026-03-11T02:00:00Z'), SH))).toBe('2026-03-08T16:00:00.000Z');
    expect(iso(startOfWeek(at('2026-03-08T16:00:00Z'), SH))).toBe('2026-03-08T16:00:00.000Z');
    expect(iso(startOfWeek(at('2026-03-08T15:59:59.999Z'), SH))).toBe('2026-03-01T16:00:00.000Z');
  });
  it('puts Sunday in the week that began the Monday before (ISO), by the local date', () => {
    // Sunday 20:00 EDT in New York is already Monday in UTC.
    expect(isoWeekday(at('2026-03-09T00:00:00Z'), NY)).toBe(7);
    expect(isoWeekday(at('2026-03-09T00:00:00Z'), SH)).toBe(1);
    expect(iso(startOfWeek(at('2026-03-09T00:00:00Z'), NY))).toBe('2026-03-02T05:00:00.000Z');
  });
  it('gives the Monday at its own offset across DST', () => {
    expect(iso(startOfWeek(at('2026-03-29T12:00:00Z'), BER))).toBe('2026-03-22T23:00:00.000Z');
    expect(iso(startOfWeek(at('2026-03-30T08:00:00Z'), BER))).toBe('2026-03-29T22:00:00.000Z');
    // Southern hemisphere: the week of Auckland's fall back.
    expect(iso(startOfWeek(at('2026-04-05T00:00:00Z'), AKL))).toBe('2026-03-29T11:00:00.000Z');
  });
  it('crosses a year end', () => {
    // Fri 2027-01-01 in Shanghai: the ISO week began Mon 2026-12-28.
    expect(iso(startOfWeek(at('2027-01-01T04:00:00Z'), SH))).toBe('2026-12-27T16:00:00.000Z');
  });
});

describe('calendarDaysBetween and localDateString', () => {
  it('counts date changes, not 24-hour periods', () => {
    expect(calendarDaysBetween(at('2026-03-10T15:59:00Z'), at('2026-03-10T16:01:00Z'), SH)).toBe(1);
    expect(calendarDaysBetween(at('2026-03-10T16:01:00Z'), at('2026-03-11T15:59:00Z'), SH)).toBe(0);
    // 23:30 EST Mar 7 to 00:30 EDT Mar 9 in New York: exactly 24 hours, but two dates on.
    expect(calendarDaysBetween(at('2026-03-08T04:30:00Z'), at('2026-03-09T04:30:00Z'), NY)).toBe(2);
    expect(calendarDaysBetween(at('2026-03-09T04:30:00Z'), at('2026-03-08T04:30:00Z'), NY)).toBe(-2);
  });
  it('formats the local date', () => {
    expect(localDateString(at('2026-03-08T16:00:00Z'), SH)).toBe('2026-03-09');
    expect(localDateString(at('2026-03-08T16:00:00Z'), NY)).toBe('2026-03-08');
  });
});

describe('properties over many instants and zones', () => {
  const zones = [SH, NY, BER, AKL, SCL, HAV];
  const instant = fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z') });
  const zone = fc.constantFrom(...zones);

  it('startOfDay is on the same date, at or before, and the instant before it is the previous date', () => {
    fc.assert(
      fc.property(instant, zone, (t, z) => {
        const s = startOfDay(t, z);
        expect(s).toBeLessThanOrEqual(t);
        expect(localDateString(s, z)).toBe(localDateString(t, z));
        expect(calendarDaysBetween(s - 1, s, z)).toBe(1);
        expect(startOfDay(s, z)).toBe(s);
      }),
    );
  });

  it('addDays keeps the local time of day outside the small hours where DST changes happen', () => {
    fc.assert(
      fc.property(instant, zone, fc.integer({ min: -400, max: 400 }), (t, z, n) => {
        const before = localDateTime(t, z);
        fc.pre(before.hour >= 4);
        const moved = addDays(t, n, z);
        const after = localDateTime(moved, z);
        expect([after.hour, after.minute, after.second, after.millisecond]).toEqual([
          before.hour,
          before.minute,
          before.second,
          before.millisecond,
        ]);
        expect(calendarDaysBetween(t, moved, z)).toBe(n);
        expect(Math.abs(moved - t - n * DAY_MS)).toBeLessThanOrEqual(HOUR_MS);
        expect(addDays(moved, -n, z)).toBe(t);
      }),
    );
  });

  it('startOfWeek is a Monday within the last 7 local days', () => {
    fc.assert(
      fc.property(instant, zone, (t, z) => {
        const w = startOfWeek(t, z);
        expect(isoWeekday(w, z)).toBe(1);
        expect(w).toBe(startOfDay(w, z));
        const days = calendarDaysBetween(w, t, z);
        expect(days).toBeGreaterThanOrEqual(0);
        expect(days).toBeLessThan(7);
      }),
    );
  });
});

describe('localTimeZone', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });
  it("is the runtime's zone, asked again a minute after it was last asked", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-06T12:00:00Z'));
    process.env.TZ = 'Asia/Shanghai';
    vi.advanceTimersByTime(120_000); // whatever an earlier test left kept has gone stale
    expect(localTimeZone()).toBe('Asia/Shanghai');
    process.env.TZ = 'America/New_York';
    vi.advanceTimersByTime(30_000);
    expect(localTimeZone()).toBe('Asia/Shanghai');
    vi.advanceTimersByTime(31_000);
    expect(localTimeZone()).toBe('America/New_York');
  });
});
