/**
 * `npm run bench [-- NAME…]`: runs every benchmark (or the named ones) one after another,
 * stores each result in bench/results/NAME.json and rewrites bench/RESULTS.md from the latest
 * result of each. Everything a benchmark starts is stopped when it ends, fails, times out or
 * is interrupted. Exits 1 if a benchmark could not finish (a missed budget is a result, not an error).
 */
import { performance } from 'node:perf_hooks';
import { badges } from './badges';
import { board } from './board';
import type { Benchmark, Measurement } from './lib/benchmark';
import { meterCpu, waitForQuiet } from './lib/cpu';
import { ensureExtensionBuilt } from './lib/extension';
import { describeMachine } from './lib/machine';
import { loadResults, saveResult, writeResultsMarkdown, type StoredResult } from './lib/report';
import { Resources } from './lib/resources';
import { liveLatency } from './live-latency';
import { load } from './load';
import { localStore } from './local-store';
import { memory } from './memory';
import { mutations } from './mutations';
import { serverPull } from './server-pull';
import { searchBench } from './search';
import { serverPush } from './server-push';
import { sidebarOpen } from './sidebar-open';
import { sizes } from './sizes';

/** In running order: live-latency quotes server-push's throughput. */
const BENCHMARKS: Benchmark[] = [
  sizes,
  serverPull,
  serverPush,
  load,
  liveLatency,
  sidebarOpen,
  badges,
  mutations,
  localStore,
  board,
  memory,
  searchBench,
];
const TIMEOUT_MS = 5 * 60_000;

const names = process.argv.slice(2);
const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}. Known: ${BENCHMARKS.map((b) => b.name).join(', ')}.`);
  process.exit(2);
}
const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;

let current: Resources | null = null;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping what was started…`);
    void (current?.releaseAll() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const machine = describeMachine();
const results = loadResults();
let failed = false;
let buildError: Error | null = null;
if (selected.some((b) => b.needsExtension)) {
  try {
    await ensureExtensionBuilt();
  } catch (error) {
    buildError = error as Error;
    console.error(`bench: ${buildError.message}`);
  }
}

for (const bench of selected) {
  console.log(`bench: ${bench.name}…`);
  const othersBefore = await waitForQuiet();
  const resources = (current = new Resources());
  const started = performance.now();
  const cpu = meterCpu();
  let outcome: Measurement | { error: string };
  let othersDuring: number;
  try {
    if (bench.needsExtension && buildError) throw buildError;
    outcome = await withTimeout(bench.run(resources, results), bench.timeoutMs ?? TIMEOUT_MS, bench.name);
  } catch (error) {
    failed = true;
    console.error(`bench: ${bench.name} failed:`, error);
    outcome = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  } finally {
    // Before the release: a browser's processes outlive their parent while it closes, and
    // their time would then count as someone else's.
    othersDuring = cpu.stop().others;
    await resources.releaseAll();
    current = null;
  }
  const result: StoredResult = {
    name: bench.name,
    title: bench.title,
    measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    seconds: (performance.now() - started) / 1000,
    machine,
    othersCpu: { before: othersBefore, during: othersDuring },
    ...('error' in outcome ? { rows: [], details: [], data: {}, error: outcome.error } : outcome),
  };
  await saveResult(result);
  results.set(bench.name, result);
  for (const row of result.rows)
    console.log(`  ${row.what}: ${row.measured} (budget ${row.budget}) ${row.pass === null ? '' : row.pass ? 'PASS' : 'FAIL'}`);
}

writeResultsMarkdown(
  results,
  BENCHMARKS.map((b) => b.name),
  machine,
);
console.log('bench: wrote bench/RESULTS.md');
process.exit(failed ? 1 : 0);
