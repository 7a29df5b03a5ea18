/**
 * A performance mark at one hop of a path the benchmarks time across contexts (bench/sidebar-open.ts,
 * bench/live-latency.ts): only the latest of each name is kept as a mark, so a long-lived worker's
 * timeline does not grow. Read with `performance.timeOrigin + entry.startTime`, comparable between
 * contexts. The latest few times of each name are also kept (`globalThis.__sidenoteHops`, bounded),
 * for a path whose hops repeat (a poke's view read, then a sync's end reading it again).
 */
export function hopMark(name: string): void {
  const mark = `sidenote:${name}`;
  performance.clearMarks(mark);
  performance.mark(mark);
  const times = (kept[name] ??= []);
  times.push(performance.timeOrigin + performance.now());
  if (times.length > KEPT) times.shift();
}

/** How many times of each hop are kept. */
const KEPT = 8;
const kept: Record<string, number[]> = ((globalThis as { __sidenoteHops?: Record<string, number[]> }).__sidenoteHops ??= {});
