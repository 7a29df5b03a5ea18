import { BackgroundJob } from '../background-job';
import type { SidenoteDB } from '../db';
import { indexBatch, mergeSmallSegments } from './index';

/** What indexing has cost so far on this device (kept in `$state`, for the benchmark and the curious). */
export interface BuildStats {
  batches: number;
  documents: number;
  ms: number;
}

export const BUILD_STATS = 'searchBuildStats';
const LOCK = 'sidenote-search-index';

/** Runs `work` while no other context of the extension indexes (Web Locks; one queue per process without them). */
let local: Promise<unknown> = Promise.resolve();
function exclusively<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request(LOCK, work) as Promise<T>;
  const run = local.then(work, work);
  local = run.catch(() => {});
  return run;
}

/**
 * Keeps the search index up to date in the background: after rows are queued it reads the queue
 * in batches, one transaction each, yielding in between so sync and the pages keep their turn.
 * While a first sync arrives (`holdWhile`), it waits: the sync has the worker to itself, and the
 * team's history then becomes a few large segments rather than one per page of the pull.
 */
export class SearchIndexer extends BackgroundJob {
  constructor(
    private readonly db: SidenoteDB,
    private readonly holdWhile: () => boolean = () => false,
    delayMs = 200,
  ) {
    super(delayMs);
  }

  protected work(): Promise<void> {
    return this.drain();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.holdWhile()) return;
      const started = performance.now();
      const taken = await exclusively(async () => {
        const n = await indexBatch(this.db);
        if (n > 0) await mergeSmallSegments(this.db);
        return n;
      });
      if (taken === 0) return;
      const ms = performance.now() - started;
      const stats = (await this.db.getMeta<BuildStats>(BUILD_STATS)) ?? { batches: 0, documents: 0, ms: 0 };
      await this.db.setMeta(BUILD_STATS, { batches: stats.batches + 1, documents: stats.documents + taken, ms: stats.ms + ms });
      // Let the sync engine and the pages' requests run between batches.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
}
