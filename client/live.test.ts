import { describe, expect, it } from 'vitest';
import { SidenoteDB } from './db';
import { watchQuery } from './live';
import { Signal } from './signal';

describe('watchQuery', () => {
  it('emits while a signal keeps changing faster than the query reads (a first sync moving its progress)', async () => {
    const db = new SidenoteDB(`live-${crypto.randomUUID()}`);
    const progress = new Signal(0);
    const seen: number[] = [];
    const stop = watchQuery(
      async () => {
        const value = progress.value;
        await db.members.count();
        // A read that waits behind a page of the sync.
        await new Promise((r) => setTimeout(r, 30));
        return value;
      },
      [progress],
      (v) => seen.push(v),
      (e) => {
        throw e;
      },
    );
    for (let i = 1; i <= 30; i++) {
      progress.set(i);
      await new Promise((r) => setTimeout(r, 5));
    }
    // While the signal was still changing, views came through (restarting each run would show none).
    const duringChanges = seen.length;
    await new Promise((r) => setTimeout(r, 200));
    stop();
    db.close();
    expect(duringChanges).toBeGreaterThanOrEqual(2);
    // And the last one is the signal's last value.
    expect(seen.at(-1)).toBe(30);
  });
});
