/**
 * Where the machine's CPU time went during a measurement, from /proc (Linux): the server's
 * process group, the rest of this benchmark's process tree (load generator, browsers), and
 * every other process on the machine, which the numbers cannot control but must report.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second. */
const TICKS_PER_SECOND = 100;

interface ProcessTimes {
  pid: number;
  ppid: number;
  pgrp: number;
  ticks: number;
}

function processes(): ProcessTimes[] {
  const found: ProcessTimes[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // Exited while we looked.
    }
    // The command name may hold spaces and parentheses: fields are counted after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime + stime, plus cutime + cstime: the time of its children that exited and were
    // reaped, so a process tree's total still counts the ones that have ended.
    const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number) as [number, number, number, number];
    found.push({ pid: Number(name), ppid: Number(fields[1]), pgrp: Number(fields[2]), ticks: utime + stime + cutime + cstime });
  }
  return found;
}

function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as number[];
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/** This process and everything it started (including detached server groups), by pid. */
function ownTree(all: ProcessTimes[]): Set<number> {
  const own = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!own.has(p.pid) && own.has(p.ppid)) {
        own.add(p.pid);
        grew = true;
      }
    }
  }
  return own;
}

/** CPU used during a measurement, in cores (1 = one core busy the whole time). */
export interface CpuUse {
  /** The server under load: its process group(s). */
  server: number;
  /** The rest of this benchmark: the load generator, or the browsers. */
  bench: number;
  /** Every other process on the machine. */
  others: number;
}

function snapshot(serverGroups: readonly number[]) {
  const all = processes();
  const own = ownTree(all);
  let server = 0;
  let bench = 0;
  for (const p of all) {
    if (serverGroups.includes(p.pgrp)) server += p.ticks;
    else if (own.has(p.pid)) bench += p.ticks;
  }
  return { server, bench, machine: machineTicks(), at: performance.now() };
}

/** Starts measuring; `stop()` says how many cores each party used since. */
export function meterCpu(serverGroups: readonly number[] = []): { stop(): CpuUse } {
  const start = snapshot(serverGroups);
  return {
    stop() {
      const end = snapshot(serverGroups);
      const seconds = (end.at - start.at) / 1000;
      const cores = (ticks: number) => Math.max(0, ticks / TICKS_PER_SECOND / seconds);
      const server = cores(end.server - start.server);
      const bench = cores(end.bench - start.bench);
      return { server, bench, others: Math.max(0, cores(end.machine.busy - start.machine.busy) - server - bench) };
    },
  };
}

/**
 * Waits (up to `maxMs`) for a second in which other processes use less than `threshold` cores,
 * so a benchmark does not start in the middle of someone else's build. Returns the last reading.
 */
export async function waitForQuiet(maxMs = 60_000, threshold = 0.25): Promise<number> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const meter = meterCpu();
    await new Promise((r) => setTimeout(r, 1_000));
    const { others } = meter.stop();
    if (others < threshold || performance.now() > deadline) return others;
  }
}

export const cores = (value: number) => value.toFixed(2);

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * Starts measuring the CPU time of this benchmark's own processes, grouped by `label` (from each
 * process's command line; null: not counted); `stop()` gives the seconds of CPU each group used.
 * Processes that exit meanwhile are missed, unless their parent reaped them (see processes()).
 */
export function meterOwnProcesses(label: (commandLine: string) => string | null): { stop(): Map<string, number> } {
  const read = () => {
    const all = processes();
    const own = ownTree(all);
    return new Map(all.filter((p) => own.has(p.pid) && p.pid !== process.pid).map((p) => [p.pid, p.ticks]));
  };
  const start = read();
  return {
    stop() {
      const seconds = new Map<string, number>();
      for (const [pid, ticks] of read()) {
        const group = label(commandLine(pid));
        if (group === null) continue;
        seconds.set(group, (seconds.get(group) ?? 0) + (ticks - (start.get(pid) ?? 0)) / TICKS_PER_SECOND);
      }
      return seconds;
    },
  };
}
