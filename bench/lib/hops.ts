/**
 * The product's hop marks (client/hop-marks.ts: `sidenote:NAME`, the latest of each name) read
 * from the contexts a path crosses, to break a timed path into its hops. Each context's marks are
 * put on one clock, `performance.timeOrigin + startTime`, which all contexts of one machine share.
 */
import type { Frame, Page, Worker } from 'playwright-core';
import { fmt, median, percentile } from './stats';

/** name → time of the latest mark, in a page, frame or worker. */
export const READ_MARKS = `Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('sidenote:')).map((m) => [m.name.slice(9), performance.timeOrigin + m.startTime]))`;

export type Marks = Record<string, number>;

export const readMarks = (where: Page | Frame | Worker): Promise<Marks> => (where as Page).evaluate<Marks>(READ_MARKS);

/** name → the latest few times of it (client/hop-marks.ts keeps them), on the same clock. */
export type HopTimes = Record<string, number[]>;

export const readHopTimes = (where: Page | Frame | Worker): Promise<HopTimes> =>
  (where as Page).evaluate<HopTimes>('globalThis.__sidenoteHops ?? {}');

/**
 * A hop's length in one sample where each name has several times: `from` is its first time at
 * or after the sample's `start`, `to` its first at or after that; null when either is missing.
 */
export function hopLengthAfter(times: HopTimes, hop: Hop, start: string): number | null {
  const begun = times[start]?.[0];
  if (begun === undefined) return null;
  const from = times[hop.from]?.find((t) => t >= begun);
  const to = from === undefined ? undefined : times[hop.to]?.find((t) => t >= from);
  return from === undefined || to === undefined ? null : to - from;
}

/** One hop: from one named time to the next (each `context:mark`, or a time the bench took). */
export interface Hop {
  what: string;
  from: string;
  to: string;
}

/**
 * A hop's length in one sample, or null when either end is missing, older than the sample's
 * `start` (a mark of an earlier sample) or out of order.
 */
export function hopLength(times: Record<string, number | undefined>, hop: Hop, start: string): number | null {
  const from = times[hop.from];
  const to = times[hop.to];
  const begun = times[start] ?? -Infinity;
  return from === undefined || to === undefined || from < begun || to < from ? null : to - from;
}

/** Each hop's median and p95 over the samples (each begun at its time named `start`), as lines for a report's details. */
export function hopLines<S = Record<string, number | undefined>>(
  samples: S[],
  hops: Hop[],
  start: string,
  length: (sample: S, hop: Hop, start: string) => number | null = hopLength as never,
): { lines: string[]; medians: Record<string, number | null> } {
  const medians: Record<string, number | null> = {};
  const lines = hops.map((hop) => {
    const lengths = samples.map((s) => length(s, hop, start)).filter((v): v is number => v !== null);
    medians[hop.what] = lengths.length ? median(lengths) : null;
    return lengths.length
      ? `- ${hop.what}: median ${fmt(median(lengths), 1)} ms, p95 ${fmt(percentile(lengths, 95), 1)} ms (${lengths.length} of ${samples.length})`
      : `- ${hop.what}: not seen`;
  });
  return { lines, medians };
}

/** A sample's marks in ms after its time named `start`, to 0.1 ms; marks older than it (an earlier sample's) left out. */
export function marksSince(times: Record<string, number | undefined>, start: string): Record<string, number> {
  const begun = times[start]!;
  return Object.fromEntries(
    Object.entries(times)
      .filter((entry): entry is [string, number] => entry[1] !== undefined)
      .map(([k, t]) => [k, Math.round((t - begun) * 10) / 10] as const)
      .filter(([, t]) => t >= 0),
  );
}
