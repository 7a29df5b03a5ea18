import type { Resources } from './resources';

/** One budget line of design.md's "Performance budgets" and what this run measured against it. */
export interface BudgetRow {
  what: string;
  budget: string;
  measured: string;
  /** Runs, rounds or samples behind `measured`. */
  samples: string;
  /** null: reported for information, no budget. */
  pass: boolean | null;
}

/** What a benchmark hands back: its budget rows, notes for the reader, and its numbers. */
export interface Measurement {
  rows: BudgetRow[];
  /** Markdown lines shown under the table: method, per-round numbers, caveats. */
  details: string[];
  /** The numbers behind the rows (kept in bench/results/NAME.json). */
  data: Record<string, unknown>;
}

export interface BenchResult extends Measurement {
  name: string;
  title: string;
  /** ISO date and time the run ended. */
  measuredAt: string;
  seconds: number;
}

export interface Benchmark {
  /** What `npm run bench -- NAME` selects, and the file name under bench/. */
  name: string;
  title: string;
  /** Whether it loads the built extension (built first when missing or stale). */
  needsExtension: boolean;
  /** How long it may take before it counts as failed (run.ts has a default). */
  timeoutMs?: number;
  /**
   * Runs the benchmark; everything it starts goes through `resources`. `earlier` holds the
   * latest results of the other benchmarks (this run's or a previous one's).
   */
  run(resources: Resources, earlier: ReadonlyMap<string, BenchResult>): Promise<Measurement>;
}
