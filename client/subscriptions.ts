import type { BackgroundState } from './context';
import { hopMark } from './hop-marks';
import { watchQuery } from './live';
import type { SubscriptionHandlers } from './port-server';
import { publicSession } from './session';
import { popupView, teamOverview } from './popup-views';
import { pageCandidates, selfOf } from './resolve';
import { sidebarView, teamView } from './views';
import type { BoardView, SidebarView } from './api';
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
      void engine.sync();
      return watchQuery(async () => popupView(db, await state.getSession(), await state.syncView()), [session, engine.state], emit, fail);
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
      return watchQuery(
        async () => {
          hopMark('sidebar-view-start');
          return sidebarView(db, await state.getSession(), contexts.value.get(viewId) ?? null, candidateKey, await state.syncView());
        },
        [session, contexts, engine.state],
        (view) => {
          hopMark('sidebar-view-sent');
          emit(view);
          void lookUpWhileArriving(state, viewId, view).catch(() => {});
        },
        fail,
      );
    },
  };
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
