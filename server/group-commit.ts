import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from './db/schema';

/** `savepoint job_N` and its release and rollback, compiled once per N. */
const savepoints: { open: CompiledQuery; release: CompiledQuery; rollback: CompiledQuery }[] = [];
function savepoint(i: number) {
  return (savepoints[i] ??= {
    open: CompiledQuery.raw(`savepoint job_${i}`),
    release: CompiledQuery.raw(`release savepoint job_${i}`),
    rollback: CompiledQuery.raw(`rollback to savepoint job_${i}`),
  });
}

interface Job {
  work(trx: Transaction<Database>): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: work arriving together shares one transaction, and so one durable commit —
 * with SQLite at `synchronous=FULL` the fsync of each commit, not the SQL, is what a push
 * costs. Each job runs in its own savepoint: one that throws is rolled back alone and its
 * caller gets the error, while the rest of the group commits. Nobody hears back before the
 * commit, so an answered push is always durable; if the commit itself fails, every job of the
 * group fails (their clients send again: pushes are idempotent).
 */
export class GroupCommitter {
  private queue: Job[] = [];
  private draining = false;

  constructor(
    private readonly db: Kysely<Database>,
    /** Jobs in one transaction, at most (a bound on how long a group holds the database). */
    private readonly maxGroup = 200,
  ) {}

  /** Runs `work` inside the next group's transaction; resolves once that transaction committed. */
  run<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // After this turn's I/O callbacks: requests parsed in the same turn join the group.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commitGroup(this.queue.splice(0, this.maxGroup));
    } finally {
      this.draining = false;
      if (this.queue.length > 0) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    }
  }

  private async commitGroup(jobs: Job[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    let trx;
    try {
      trx = await this.db.startTransaction().execute();
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    try {
      for (const [i, job] of jobs.entries()) {
        const { open, release, rollback } = savepoint(i);
        await trx.executeQuery(open);
        try {
          const value = await job.work(trx);
          await trx.executeQuery(release);
          outcomes.push({ ok: true, value });
        } catch (error) {
          await trx.executeQuery(rollback);
          await trx.executeQuery(release);
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      await trx
        .rollback()
        .execute()
        .catch(() => {});
      for (const job of jobs) job.reject(error);
      return;
    }
    jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }
}
