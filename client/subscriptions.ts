import Dexie from 'dexie';
import type { BackgroundState } from './context';
import { hopMark } from './hop-marks';
import { watchQuery } from './live';
import { Signal } from './signal';
import type { SubscriptionHandlers } from './port-server';
import { publicSession } from './session';
import { popupView, teamOverview } from './popup-views';
import { pageCandidates, selfOf } from './resolve';
import { readTogether, sidebarView, teamView } from './views';
import type { BoardView, PopupView, SidebarView } from './api';
import type { SyncState } from './sync/state';
import { boardCounts, boardView, weeklyReportView, withCounts, type BoardCounts } from './board-views';

/** The background's answers to the pages' subscriptions (client/api.ts `subscriptions`). */
export function subscriptionHandlers(state: BackgroundState): SubscriptionHandlers {
  const { db, session, contexts, prefs, engine } = state;
  return {
    session: (_args, emit, fail) => watchQuery(async () => publicSession(await state.getSession()), [session], emit, fail),
    prefs: (_args, emit, fail) => watchQuery(() => state.getPrefs(), [prefs], emit, fail),
    team: (_args, emit, fail) => watchQuery(async () => teamView(db, await state.getSession()), [session], emit, fail),
    teamOverview: (_args, emit, fail) => watchQuery(async () => teamOverview(db, await state.getSession()), [session], emit, fail),
    setAside: (_args, emit, fail) =>
      watchQuery(
        async () =>
          (await db.$setAside.orderBy('at').reverse().limit(50).toArray()).map(({ key, table, id, error, at }) => ({
            key,
            table,
            id,
            error,
            at,
          })),
        [],
        emit,
        fail,
      ),
    popup: (_args, emit, fail) => {
      // As for the board: the sync starts once the first screen is on its way, not queued ahead of it.
      let synced = false;
      let last: PopupView | null = null;
      const send = (read: PopupView) => {
        last = { ...read, sync: { ...status.value, pending: read.sync.pending } };
        emit(last);
      };
      // As in the sidebar: a sync that lasts changes the status line of the view already read; a
      // sync that ended has the view read again, which carries the new line. (Reading it again at
      // the sync's start too had the first screen's re-reads compete for the CPU with the popup
      // drawing it.)
      const again = new Signal(0);
      const status = syncStatusLine(engine.state, (ended) => {
        if (ended) again.set(again.value + 1);
        else if (last) send(last);
      });
      const stop = watchQuery(
        async () => popupView(db, await state.getSession(), await state.syncView()),
        [session, again],
        (view) => {
          send(view);
          if (!synced) void engine.sync();
          synced = true;
        },
        fail,
      );
      return () => {
        status.stop();
        stop();
      };
    },
    board: ({ filters, layout }, emit, fail) => {
      // The first cards go out at once; the counts (a walk of every column's keys) and the sync
      // start only once the cards are on their way, so that neither queues ahead of them.
      const asked = performance.now();
      let view: BoardView | null = null;
      let counts: BoardCounts | null = null;
      let stopCounts: (() => void) | null = null;
      let stopped = false;
      const show = () => emit(view && counts ? withCounts(view, counts) : view);
      const stopCards = watchQuery(
        async () => boardView(db, await state.getSession(), filters, layout),
        [session],
        (v) => {
          view = v;
          show();
          if (stopCounts) return;
          // For the bench (bench/board.ts): the background's share of the board's first render.
          performance.measure('sidenote:board-view', { start: asked });
          void engine.sync();
          stopCounts = watchQuery(
            async () => boardCounts(db, await state.getSession(), filters, layout, Date.now(), () => stopped),
            [session],
            (c) => {
              counts = c;
              show();
            },
            fail,
          );
        },
        fail,
      );
      return () => {
        stopped = true;
        stopCards();
        stopCounts?.();
      };
    },
    weeklyReport: ({ weeksAgo }, emit, fail) =>
      watchQuery(async () => weeklyReportView(db, await state.getSession(), weeksAgo), [session], emit, fail),
    sidebar: ({ viewId, candidateKey }, emit, fail) => {
      void engine.sync();
      const recent = new RecentViews<SidebarView>();
      let sent = '';
      let last: SidebarView | null = null;
      // The sync state goes out as it is now, on whatever view: a sync starting (or a first
      // sync's progress) changes only the view's status line, so it is not a reason to read the
      // view again (on a poke, that read would run just when the pull's rows land, and hold the
      // fresh one up). A sync that ended is: the view is read again then, as before. How many
      // changes wait is the view's own count, read with it from the outbox.
      const send = (read: SidebarView) => {
        const view: SidebarView = { ...read, sync: { ...status.value, pending: read.sync.pending } };
        last = view;
        const text = JSON.stringify(view);
        if (text === sent) return;
        sent = text;
        hopMark('sidebar-view-sent');
        emit(view);
        void lookUpWhileArriving(state, viewId, view).catch(() => {});
      };
      /** What a view depends on besides the database: the page's context and the session. */
      const inputs = () => {
        const context = contexts.value.get(viewId) ?? null;
        return { context, key: JSON.stringify([context, candidateKey]), session: session.value };
      };
      // The view is read again when this view's context changes (not another tab's). A thread
      // seen a moment ago, with nothing written since, has its view go out at once; the fresh
      // read (the same, unless time moved it) follows a little later, so that it does not
      // compete for the CPU with the sidebar drawing that view.
      const moved = new Signal(0);
      const status = syncStatusLine(engine.state, (ended) => {
        if (last) send(last);
        if (ended) readAgain();
      });
      let shownContext = contexts.value.get(viewId);
      let later: ReturnType<typeof setTimeout> | null = null;
      const readAgain = () => {
        if (later) clearTimeout(later);
        later = null;
        moved.set(moved.value + 1);
      };
      const stopShowingRecent = contexts.listen(() => {
        const context = contexts.value.get(viewId);
        if (context === shownContext) return;
        shownContext = context;
        const now = inputs();
        const view = recent.get(now.key, [now.session]);
        if (!view) return readAgain();
        send(view);
        if (later) clearTimeout(later);
        later = setTimeout(readAgain, RECENT_CONFIRM_MS);
      });
      const stop = watchQuery(
        async () => {
          hopMark('sidebar-view-start');
          const used = inputs();
          const generation = recent.generation;
          const [signedIn, sync] = await Promise.all([state.getSession(), state.syncView()]);
          const view = await readTogether(db, () => sidebarView(db, signedIn, used.context, candidateKey, sync));
          hopMark('sidebar-view-read');
          return { view, used, generation };
        },
        [session, moved],
        ({ view, used, generation }) => {
          recent.put(used.key, [used.session], generation, view);
          // The page moved on while this view was read: the next run, already due, shows where to.
          if (contexts.value.get(viewId) !== used.context) return;
          send(view);
        },
        fail,
      );
      return () => {
        if (later) clearTimeout(later);
        stopShowingRecent();
        status.stop();
        stop();
      };
    },
  };
}

/** How long a view handed out again waits for its fresh read. */
const RECENT_CONFIRM_MS = 100;

/** How long a routine sync runs before a view's status line says it is syncing. */
export const SYNCING_SHOWN_AFTER_MS = 300;

/**
 * What a view's status line says of the sync: its state, except a routine sync (after a save, a
 * poke), which mostly ends within a round trip. Saying so would redraw the view just while a
 * poke's rows are read and drawn, and flicker; it is said if the sync lasts. A first sync's
 * progress and every other state are said at once. `changed` hears each change of what it
 * says, with `ended` when the sync is over (a view may then read again what the sync brought).
 */
export function syncStatusLine(sync: Signal<SyncState>, changed: (ended: boolean) => void): { readonly value: SyncState; stop(): void } {
  let value = sync.value;
  let later: ReturnType<typeof setTimeout> | null = null;
  const stopListening = sync.listen((s) => {
    if (later) clearTimeout(later);
    later = null;
    if (s.state === 'syncing' && s.progress === null) {
      later = setTimeout(() => {
        later = null;
        value = sync.value;
        changed(false);
      }, SYNCING_SHOWN_AFTER_MS);
      return;
    }
    value = s;
    changed(s.state !== 'syncing');
  });
  return {
    get value() {
      return value;
    },
    stop() {
      if (later) clearTimeout(later);
      stopListening();
    },
  };
}

/** Every write to the extension's IndexedDB, from any of its contexts, in this worker's lifetime. */
let writes = 0;
Dexie.on('storagemutated', () => writes++);

/**
 * The last few views a subscription showed, each with what it was read from: it is handed out
 * again only while nothing has been written to the database since it was read (any table, which
 * is conservative), with the same session, for at most a minute.
 */
export class RecentViews<V> {
  private readonly views = new Map<string, { deps: unknown[]; generation: number; at: number; view: V }>();
  constructor(
    private readonly size = 8,
    private readonly maxAgeMs = 60_000,
  ) {}

  /** The count of writes so far: take it before reading a view, hand it to `put` with the view. */
  get generation(): number {
    return writes;
  }

  put(key: string, deps: unknown[], generation: number, view: V): void {
    this.views.delete(key);
    this.views.set(key, { deps, generation, at: Date.now(), view });
    if (this.views.size > this.size) this.views.delete(this.views.keys().next().value!);
  }

  get(key: string, deps: unknown[]): V | null {
    const entry = this.views.get(key);
    if (!entry) return null;
    const fresh = entry.generation === writes && Date.now() - entry.at < this.maxAgeMs && entry.deps.every((d, i) => Object.is(d, deps[i]));
    if (!fresh) this.views.delete(key);
    return fresh ? entry.view : null;
  }
}

/**
 * A sidebar whose customer is not here yet while the first sync is still arriving: ask the
 * server for that customer now (client/sync/lookup.ts), and the view recomputes when its rows
 * land. Only the candidate on screen, only during a first sync.
 */
async function lookUpWhileArriving(state: BackgroundState, viewId: string, view: SidebarView): Promise<void> {
  const context = state.contexts.value.get(viewId);
  const session = await state.getSession();
  if (!context || !session || !view.selected || view.selected.customerId || !view.sync.progress) return;
  const candidates = await pageCandidates(state.db, context, await selfOf(state.db, session));
  const shown = candidates.find((c) => c.key === view.selected!.key);
  if (shown) await state.engine.lookUpDuringFirstSync(shown.lookups);
}
