/** Summaries of samples: nearest-rank percentiles and medians. */

function rank(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const r = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, r)) - 1]!;
}

const ascending = (samples: readonly number[]) => Float64Array.from(samples).sort();

/** The p-th percentile (0–100) by nearest rank; NaN for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  return rank(Array.from(ascending(samples)), p);
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export interface Spread {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

/** Count, p50/p95/p99 and range of the samples. */
export function spread(samples: readonly number[]): Spread {
  const sorted = Array.from(ascending(samples));
  return {
    n: sorted.length,
    p50: rank(sorted, 50),
    p95: rank(sorted, 95),
    p99: rank(sorted, 99),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** A number for a table: thousands separated, `digits` decimals. */
export function fmt(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
