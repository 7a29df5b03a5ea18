import { afterEach, describe, expect, it, vi } from 'vitest';
import { SidenoteDB } from './db';
import { RecentViews } from './subscriptions';

describe('RecentViews: a sidebar view handed out again', () => {
  afterEach(() => vi.useRealTimers());

  it('hands a view back while nothing was written, with the same session and sync state', () => {
    const recent = new RecentViews<string>();
    const session = {};
    const sync = {};
    recent.put('northwind', [session, sync], recent.generation, 'view of Northwind');
    expect(recent.get('northwind', [session, sync])).toBe('view of Northwind');
    expect(recent.get('li-lei', [session, sync])).toBeNull();
    // Another session (a join, a sign-out): read again.
    expect(recent.get('northwind', [{}, sync])).toBeNull();
  });

  it('forgets every view once anything is written to the database', async () => {
    const db = new SidenoteDB(`test-${crypto.randomUUID()}`);
    const recent = new RecentViews<string>();
    const deps = [null, null];
    recent.put('northwind', deps, recent.generation, 'view of Northwind');
    const before = recent.generation;
    await db.setMeta('cookie', 7);
    expect(recent.generation).toBeGreaterThan(before);
    expect(recent.get('northwind', deps)).toBeNull();
    db.close();
  });

  it('does not keep a view read while a write landed (its generation is older)', async () => {
    const db = new SidenoteDB(`test-${crypto.randomUUID()}`);
    const recent = new RecentViews<string>();
    const generation = recent.generation;
    await db.setMeta('cookie', 8);
    recent.put('northwind', [], generation, 'read before the write landed');
    expect(recent.get('northwind', [])).toBeNull();
    db.close();
  });

  it('keeps the latest few, and none older than a minute', () => {
    vi.useFakeTimers();
    const recent = new RecentViews<number>(2);
    for (const n of [1, 2, 3]) recent.put(`thread ${n}`, [], recent.generation, n);
    expect(recent.get('thread 1', [])).toBeNull();
    expect(recent.get('thread 3', [])).toBe(3);
    vi.advanceTimersByTime(60_000);
    expect(recent.get('thread 3', [])).toBeNull();
  });
});
