import { liveQuery } from 'dexie';

/** Anything that says when it changed (a Signal). */
export interface Changes {
  listen(listener: () => void): () => void;
}

/**
 * Runs `query` now and again whenever the tables it read change (Dexie's liveQuery) or one of
 * `signals` changes; each result goes to `emit`. Returns the function that stops watching.
 *
 * Nothing that changes while a run is still reading throws that run away: a first sync writes
 * a page of every table every few hundred milliseconds and moves its progress each time, and a
 * view that restarted on each of those would never be shown until the sync ended.
 * - Dexie's liveQuery starts the query over on every overlapping write and drops the result of
 *   the run it interrupted. So a run that Dexie drops still hands its result over (from a timer,
 *   outside Dexie's context; a newer run's result is never overtaken by an older one's), and
 *   runs go one at a time: a run that was overtaken while it waited for its turn does not read.
 * - A signal that changes during a run lets that run finish and emit, then starts over.
 */
export function watchQuery<T>(
  query: () => Promise<T>,
  signals: Changes[],
  emit: (value: T) => void,
  fail: (error: unknown) => void,
): () => void {
  let subscription: { unsubscribe(): void } | null = null;
  let stopped = false;
  let running = false;
  let stale = false;
  /** Runs begun, and the number of the newest run whose result went out. */
  let begun = 0;
  let emitted = 0;
  /** The end of the run before: runs read one at a time. */
  let turn: Promise<void> = Promise.resolve();

  // Called outside Dexie's liveQuery context, so whatever `emit` sets off may write: inside it,
  // Dexie refuses read-write transactions, and its context follows every await that comes after.
  const deliver = (run: number, value: T) => {
    if (stopped || run <= emitted) return;
    emitted = run;
    emit(value);
    if (stale && !running) start();
  };

  // Declared `async` on purpose: Dexie keeps its read tracking across native awaits only for
  // a querier that is itself an async function.
  const querier = async (): Promise<{ run: number; value: T } | undefined> => {
    const run = ++begun;
    const before = turn;
    let done!: () => void;
    turn = new Promise<void>((resolve) => (done = resolve));
    try {
      await before;
      // A newer run began while this one waited (a write or a restart overtook it): Dexie has
      // already dropped this run, so it need not read.
      if (run < begun || stopped) return undefined;
      running = true;
      let value: T;
      try {
        value = await query();
      } finally {
        running = false;
      }
      // Dexie hands a run it has not dropped to `next` at once; one it drops is handed over by this
      // timer, which runs in no Dexie context (whichever comes first wins; the other finds it sent).
      setTimeout(() => deliver(run, value), 0);
      return { run, value };
    } finally {
      done();
    }
  };

  const start = () => {
    subscription?.unsubscribe();
    if (stopped) return;
    stale = false;
    subscription = liveQuery(querier).subscribe({
      next: (result) => {
        if (result) deliver(result.run, result.value);
      },
      error: (error: unknown) => {
        if (!stopped) fail(error);
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
    stopped = true;
    subscription?.unsubscribe();
    for (const stop of stops) stop();
  };
}
