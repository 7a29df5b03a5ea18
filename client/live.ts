import { liveQuery } from 'dexie';

/** Anything that says when it changed (a Signal). */
export interface Changes {
  listen(listener: () => void): () => void;
}

/**
 * Runs `query` now and again whenever the tables it read change (Dexie's liveQuery) or one of
 * `signals` changes; each result goes to `emit`. Returns the function that stops watching.
 */
export function watchQuery<T>(
  query: () => Promise<T>,
  signals: Changes[],
  emit: (value: T) => void,
  fail: (error: unknown) => void,
): () => void {
  let subscription: { unsubscribe(): void } | null = null;
  const start = () => {
    subscription?.unsubscribe();
    subscription = liveQuery(query).subscribe({ next: emit, error: fail });
  };
  const stops = signals.map((s) => s.listen(start));
  start();
  return () => {
    subscription?.unsubscribe();
    for (const stop of stops) stop();
  };
}
