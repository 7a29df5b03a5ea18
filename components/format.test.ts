import { describe, expect, it } from 'vitest';
import { durationText } from './format';

describe('durationText', () => {
  it('says a wait in the largest units that matter', () => {
    expect(durationText(20_000)).toBe('under a minute');
    expect(durationText(25 * 60_000)).toBe('25 min');
    expect(durationText(200 * 60_000)).toBe('3 h 20 min');
    expect(durationText(52 * 3_600_000)).toBe('2 d 4 h');
  });
});
