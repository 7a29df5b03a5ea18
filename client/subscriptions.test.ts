import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Member } from '@/model/schemas';
import type { PopupView, SidebarView } from './api';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { ensureClientID } from './requests';
import type { Session } from './session';
import { RecentViews, subscriptionHandlers, SYNCING_SHOWN_AFTER_MS } from './subscriptions';
import { SyncEngine } from './sync/engine';
import { gmailThread, TEST_TEAM, transactionsOf } from './testing-db';

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

describe('the sidebar subscription and the sync state', () => {
  const team = TEST_TEAM;
  const ana: Member = { id: 'ana', teamId: 't1', name: 'Ana Souza', email: 'ana@sidenote-demo.com', role: 'admin', active: true };
  const session: Session = { serverUrl: 'http://127.0.0.1:9', token: 'tok_secret', member: ana, team };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * A joined background whose server never answers: a subscription's own sync waits, never fails,
   * never retries, so the sync's state is the test's alone. `end` signs it out and closes the database.
   */
  async function background(name: string) {
    fakeBrowser.reset();
    const db = new SidenoteDB(`${name}-${crypto.randomUUID()}`);
    await ensureClientID(db);
    await db.members.put(ana);
    await db.teams.put(team);
    const state = new BackgroundState(db);
    state.session.set(session);
    let over = false;
    state.engine = new SyncEngine(
      db,
      async () => (over ? null : session),
      () => new Promise<Response>(() => {}),
    );
    const end = () => {
      over = true;
      db.close();
    };
    return { db, state, engine: state.engine, end };
  }

  it('says a routine sync is running only once it lasts; a first sync’s progress and its end at once', async () => {
    const { state, engine, end } = await background('sidebar-sync');
    state.setContext({ type: 'context', viewId: 'v1', context: gmailThread() });
    const views: SidebarView[] = [];
    const stop = subscriptionHandlers(state).sidebar(
      { viewId: 'v1', candidateKey: null },
      (v) => views.push(v),
      (e) => {
        throw e;
      },
    );
    // The first view, and the subscription's own sync (which lasts) said once it has lasted.
    await vi.waitFor(() => expect(views.at(-1)?.sync.state).toBe('syncing'), { timeout: SYNCING_SHOWN_AFTER_MS * 3 });
    engine.state.set({ ...engine.state.value, state: 'offline', progress: null });
    await vi.waitFor(() => expect(views.at(-1)?.sync.state).toBe('offline'));
    await sleep(50);
    const seen = () => views.map((v) => v.sync.state).join(' ');
    const before = views.length;

    engine.state.set({ ...engine.state.value, state: 'syncing', progress: null });
    await sleep(SYNCING_SHOWN_AFTER_MS / 3);
    expect(views.length, seen()).toBe(before);
    await vi.waitFor(() => expect(views.at(-1)?.sync.state).toBe('syncing'), { timeout: SYNCING_SHOWN_AFTER_MS * 3 });

    // Progress of a first sync goes out as it moves.
    engine.state.set({ ...engine.state.value, state: 'syncing', progress: { done: 2_000, total: 650_000 } });
    await vi.waitFor(() => expect(views.at(-1)?.sync.progress).toEqual({ done: 2_000, total: 650_000 }), { timeout: 50 });

    // A routine sync that ends before it is said to run is never said to: only its end goes out.
    engine.state.set({ ...engine.state.value, state: 'synced', progress: null });
    await vi.waitFor(() => expect(views.at(-1)?.sync.state).toBe('synced'), { timeout: 50 });
    const quick = views.length;
    engine.state.set({ ...engine.state.value, state: 'syncing', progress: null });
    await sleep(10);
    engine.state.set({ ...engine.state.value, state: 'synced', progress: null, lastSyncAt: Date.now() });
    await sleep(SYNCING_SHOWN_AFTER_MS * 1.5);
    expect(views.slice(quick).map((v) => v.sync.state)).not.toContain('syncing');
    expect(views.at(-1)?.sync.state).toBe('synced');
    stop();
    end();
  });

  it('gives the popup the same status line: its first screen is not read again when a routine sync starts', async () => {
    const { db, state, engine, end } = await background('popup-sync');
    const views: PopupView[] = [];
    const stop = subscriptionHandlers(state).popup(
      {},
      (v) => views.push(v),
      (e) => {
        throw e;
      },
    );
    await vi.waitFor(() => expect(views.at(-1)?.sync.state).toBe('syncing'), { timeout: SYNCING_SHOWN_AFTER_MS * 3 });
    engine.state.set({ ...engine.state.value, state: 'offline', progress: null });
    await vi.waitFor(() => expect(views.at(-1)?.sync.state).toBe('offline'), { timeout: 2_000 });
    await sleep(50);
    const before = views.length;
    const reads = await transactionsOf(db, async () => {
      engine.state.set({ ...engine.state.value, state: 'syncing', progress: null });
      await sleep(SYNCING_SHOWN_AFTER_MS / 3);
    });
    expect(reads).toBe(0);
    expect(views.length).toBe(before);
    // A sync that ended: the first screen is read again (what the sync brought), with the new line, once.
    const ended = views.length;
    engine.state.set({ ...engine.state.value, state: 'synced', progress: null, lastSyncAt: Date.now() });
    await vi.waitFor(() => expect(views.at(-1)?.sync.state).toBe('synced'), { timeout: 2_000 });
    await sleep(100);
    expect(views.slice(ended).map((v) => v.sync.state)).toEqual(['synced']);
    stop();
    end();
  });
});
