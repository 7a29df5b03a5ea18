import { liveQuery } from 'dexie';

/** Anything that says when it changed (a Signal). */
export interface Changes {
  listen(listener: () => void): () => void;
}

/**
 * Runs `query` now and again whenever the tables it read change (Dexie's liveQuery) or one of
 * `signals` changes; each result goes to `emit`. Returns the function that stops watching.
 *
 * A signal that changes while a run is still reading (a first sync moves its progress with
 * every page, and each page's write makes reads wait) does not throw that run away: it is let
 * finish and emit, then the query starts over. Restarting at once would starve the view —
 * it would never emit while a sync runs.
 */
export function watchQuery<T>(
  query: () => Promise<T>,
  signals: Changes[],
  emit: (value: T) => void,
  fail: (error: unknown) => void,
): () => void {
  let subscription: { unsubscribe(): void } | null = null;
  let running = false;
  let stale = false;
  const start = () => {
    subscription?.unsubscribe();
    running = true;
    stale = false;
    subscription = liveQuery(query).subscribe({
      next: (value) => {
        running = false;
        emit(value);
        if (stale) start();
      },
      error: (error: unknown) => {
        running = false;
        fail(error);
      },
    });
  };
  const changed = () => {
    if (running) stale = true;
    else start();
  };
  const stops = signals.map((s) => s.listen(changed));
  start();
  return () => {
    subscription?.unsubscribe();
    for (const stop of stops) stop();
  };
}
