import { describe, expect, it } from 'vitest';
import { dateText, durationText, fullTime, relativeTime } from './format';

describe('durationText', () => {
  it('says a wait in the largest units that matter', () => {
    expect(durationText(20_000)).toBe('under a minute');
    expect(durationText(25 * 60_000)).toBe('25 min');
    expect(durationText(200 * 60_000)).toBe('3 h 20 min');
    expect(durationText(52 * 3_600_000)).toBe('2 d 4 h');
  });
});

describe('dateText', () => {
  const at = Date.UTC(2026, 11, 4, 9, 5);
  it('writes each style as Intl does in the UI language, the same on every call (one formatter kept per style)', () => {
    const intl = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en', options).format(at);
    for (let i = 0; i < 2; i++) {
      expect(dateText(at, 'day')).toBe(intl({ month: 'short', day: 'numeric' }));
      expect(dateText(at, 'dayTime')).toBe(intl({ month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }));
      expect(dateText(at, 'weekday')).toBe(intl({ weekday: 'short' }));
      expect(dateText(at, 'time')).toBe(intl({ hour: 'numeric', minute: '2-digit' }));
      expect(fullTime(at)).toBe(intl({ dateStyle: 'medium', timeStyle: 'short' }));
    }
  });
  it('says minutes and hours relative to now, and older times as a date', () => {
    expect(relativeTime(at - 10_000, at)).toBe('just now');
    expect(relativeTime(at - 5 * 60_000, at)).toBe('5 minutes ago');
    expect(relativeTime(at - 3 * 3_600_000, at)).toBe('3 hours ago');
    expect(relativeTime(at - 3 * 86_400_000, at)).toBe(dateText(at - 3 * 86_400_000, 'dayTime'));
  });
});
