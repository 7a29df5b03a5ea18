/**
 * A performance mark at one hop of a path the benchmarks time across contexts (bench/sidebar-open.ts,
 * bench/live-latency.ts): only the latest of each name is kept, so a long-lived worker's timeline
 * does not grow. Read with `performance.timeOrigin + entry.startTime`, comparable between contexts.
 */
export function hopMark(name: string): void {
  const mark = `sidenote:${name}`;
  performance.clearMarks(mark);
  performance.mark(mark);
}
