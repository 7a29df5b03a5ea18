import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce';

describe('coalesced', () => {
  it('runs once more for calls made during a run, and never two at a time', async () => {
    let runs = 0;
    let active = 0;
    let release!: () => void;
    const run = coalesced(async () => {
      runs++;
      active++;
      expect(active).toBe(1);
      await new Promise<void>((r) => (release = r));
      active--;
    });
    const first = run();
    const during = [run(), run(), run()];
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await Promise.all([first, ...during]);
    expect(runs).toBe(2);
    const later = run();
    release();
    await later;
    expect(runs).toBe(3);
  });
});
