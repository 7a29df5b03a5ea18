/**
 * Results on disk: one JSON file per benchmark under bench/results/ (so running one benchmark
 * keeps the others' latest numbers), and bench/RESULTS.md rendered from all of them.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as prettier from 'prettier';
import type { BenchResult, BudgetRow } from './benchmark';
import { cores } from './cpu';
import type { Machine } from './machine';

export const BENCH_DIR = resolve(import.meta.dirname, '..');
const RESULTS_DIR = join(BENCH_DIR, 'results');
const RESULTS_MD = join(BENCH_DIR, 'RESULTS.md');

/** A result as stored: with the machine it was measured on, or the error that stopped it. */
export interface StoredResult extends BenchResult {
  machine: Machine;
  /** Other processes' CPU use in cores: just before the start, and on average during the run. */
  othersCpu?: { before: number; during: number };
  error?: string;
}

export function loadResults(): Map<string, StoredResult> {
  const results = new Map<string, StoredResult>();
  if (!existsSync(RESULTS_DIR)) return results;
  for (const file of readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json'))) {
    try {
      const result = JSON.parse(readFileSync(join(RESULTS_DIR, file), 'utf8')) as StoredResult;
      results.set(result.name, result);
    } catch (error) {
      console.error(`bench: ignoring ${file}, which does not parse: ${(error as Error).message}`);
    }
  }
  return results;
}

/** Writes the result as JSON formatted like the rest of the repository (prettier). */
export async function saveResult(result: StoredResult): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${result.name}.json`);
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(JSON.stringify(result), { ...options, filepath: file }));
}

const verdict = (pass: boolean | null) => (pass === null ? 'info' : pass ? '**PASS**' : '**FAIL**');
const cell = (text: string) => text.replace(/\|/g, '\\|');
const rowLine = (row: BudgetRow) =>
  `| ${cell(row.what)} | ${cell(row.budget)} | ${cell(row.measured)} | ${cell(row.samples)} | ${verdict(row.pass)} |`;
const machineLine = (m: Machine) => `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB memory, ${m.os}; Node ${m.node}; ${m.chromium}`;

/** Rewrites bench/RESULTS.md from `results`, in `order`. */
export function writeResultsMarkdown(results: ReadonlyMap<string, StoredResult>, order: string[], machine: Machine): void {
  const ordered = order.flatMap((name) => results.get(name) ?? []);
  const dates = ordered.map((r) => r.measuredAt).sort();
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (`bench/run.ts`); do not edit by hand. What each benchmark measures and how: [README.md](README.md). Budgets: design.md, “Performance budgets”.',
    '',
    `- Machine: ${machineLine(machine)}`,
    `- Measured: ${dates.length ? `${dates[0]} – ${dates[dates.length - 1]}` : 'nothing yet'} (each section has its own date)`,
    '- The server benchmarks run the server and the load generator on the same machine: they share its cores. Each section says how much CPU other processes on the machine took meanwhile.',
    '- The browser benchmarks read main-thread time from CDP traces of the page: CPU time is the budget’s measure where the other processes of the same profile (its background worker, the sidebar) compete for the 2 cores; wall-clock time is reported beside it, and long tasks are wall-clock time by definition.',
    '',
    '## Summary',
    '',
    '| benchmark | what | budget | measured | runs / samples | result |',
    '|---|---|---|---|---|---|',
    ...ordered.flatMap((r) =>
      r.error ? [`| ${r.name} | did not finish | — | — | — | **ERROR** |`] : r.rows.map((row) => `| ${r.name} |${rowLine(row).slice(1)}`),
    ),
  ];
  for (const r of ordered) {
    lines.push('', `## ${r.name}: ${r.title}`, '', `Measured ${r.measuredAt} in ${Math.round(r.seconds)} s.`);
    if (machineLine(r.machine) !== machineLine(machine)) lines.push(`On another machine: ${machineLine(r.machine)}.`);
    if (r.othersCpu) {
      lines.push(
        `Other processes on the machine used ${cores(r.othersCpu.before)} cores just before the start and ${cores(r.othersCpu.during)} on average during the run (of ${r.machine.cores}).`,
      );
    }
    if (r.error) lines.push('', '**ERROR**: the benchmark did not finish:', '', '```', r.error, '```');
    if (r.rows.length)
      lines.push('', '| what | budget | measured | runs / samples | result |', '|---|---|---|---|---|', ...r.rows.map(rowLine));
    if (r.details.length) lines.push('', ...r.details);
  }
  writeFileSync(RESULTS_MD, lines.join('\n') + '\n');
}
