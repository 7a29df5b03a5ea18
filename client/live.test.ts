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

describe('watchQuery under a stream of writes', () => {
  it('emits while the tables it reads are written faster than it reads (a first sync writing pages)', async () => {
    const db = new SidenoteDB(`live-${crypto.randomUUID()}`);
    const seen: number[] = [];
    const stop = watchQuery(
      async () => {
        const n = await db.members.count();
        // The read is slower than the writes come (the sync's pages keep IndexedDB busy).
        await new Promise((r) => setTimeout(r, 30));
        await db.members.count();
        return n;
      },
      [],
      (v) => seen.push(v),
      (e) => {
        throw e;
      },
    );
    const member = (i: number) => ({
      id: `m${i}`,
      teamId: 't',
      name: `M ${i}`,
      role: 'member' as const,
      joinedAt: 0,
      deletedAt: null,
    });
    for (let i = 1; i <= 40; i++) {
      await db.members.put(member(i) as never);
      await new Promise((r) => setTimeout(r, 10));
    }
    const duringWrites = seen.length;
    await new Promise((r) => setTimeout(r, 300));
    // Once the writes stop, the view is still live: a later write shows.
    await db.members.put(member(99) as never);
    await new Promise((r) => setTimeout(r, 300));
    stop();
    db.close();
    expect(duringWrites).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toBe(41);
  });
});

describe('watchQuery hands results over outside Dexie’s liveQuery context', () => {
  it('lets what a result sets off write to the database, for runs Dexie keeps and runs it drops', async () => {
    const db = new SidenoteDB(`live-${crypto.randomUUID()}`);
    const errors: unknown[] = [];
    let writes = 0;
    const member = (id: string) => ({ id, teamId: 't', name: id, role: 'member', joinedAt: 0, deletedAt: null }) as never;
    const stop = watchQuery(
      async () => {
        const n = await db.members.count();
        await new Promise((r) => setTimeout(r, 20));
        return n;
      },
      [],
      (n) => {
        // A view that makes the background write (as the sidebar's lookup during a first sync does).
        void (async () => {
          await Promise.resolve();
          await db.transaction('rw', db.$state, () => db.$state.put({ key: `seen-${n}`, value: n } as never));
          writes++;
        })().catch((e: unknown) => errors.push(e));
      },
      (e) => errors.push(e),
    );
    for (let i = 0; i < 15; i++) {
      await db.members.put(member(`m${i}`));
      await new Promise((r) => setTimeout(r, 8));
    }
    await new Promise((r) => setTimeout(r, 300));
    stop();
    db.close();
    expect(errors).toEqual([]);
    expect(writes).toBeGreaterThanOrEqual(2);
  });
});
