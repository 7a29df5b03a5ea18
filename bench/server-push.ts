/**
 * Push throughput of the real server process on SQLite: 50 devices on 50 keep-alive
 * connections, each push carrying one createNote on a customer made beforehand, mutation ids
 * 1, 2, 3… per device. If the budget fails, a diagnostic run with the database on /dev/shm
 * (no disk under fsync) shows how much of the time is the durable commit.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PushResponse } from '../model/sync';
import type { Benchmark, BudgetRow } from './lib/benchmark';
import { startSidenoteServer } from './lib/child-server';
import { cores } from './lib/cpu';
import { discardedRuns, encodeRequest, runUndisturbedLoad, type LoadResult, type Repeats } from './lib/http-load';
import type { Resources } from './lib/resources';
import { fmt, median } from './lib/stats';
import { TeamDevice, createCustomer, mutation } from '../tests/e2e/team';
import { createBenchTeam } from './lib/team';

const CONNECTIONS = 50;
/** Devices spread over an admin and this many reps (10 devices each). */
const REPS = 4;
const WARMUP_MS = 2_000;
const ROUNDS = 3;
const ROUND_MS = 8_000;
/** Rounds other processes disturbed that may be run again, at most. */
const MAX_REPEATS = 3;
const DIAGNOSTIC_ROUND_MS = 5_000;
const NOTES_PER_SECOND_BUDGET = 1_500;
const P99_BUDGET_MS = 50;

export interface PushRounds {
  rounds: LoadResult[];
  repeats: Repeats;
  /** Notes in the team at the end (the customer's notes table grows during the run). */
  notes: number;
  notesPerSecond: number;
  p50: number;
  p99: number;
}

/** A fresh server on a database in `dbDir`, a team and a customer, then the load rounds. */
export async function measurePush(resources: Resources, dbDir: string, roundMs: number): Promise<PushRounds> {
  const databaseUrl = join(dbDir, 'sidenote.db');
  const server = await startSidenoteServer(resources, databaseUrl);
  const team = await createBenchTeam(server, databaseUrl, REPS);
  const customerId = await createCustomer(new TeamDevice(server.url, team.members[0]!), 'Northwind Traders', 'northwind-traders.com');
  const devices = Array.from({ length: CONNECTIONS }, (_, i) => ({
    clientID: randomUUID(),
    authorization: `Bearer ${team.members[i % team.members.length]!.token}`,
    next: 1,
  }));
  const host = `127.0.0.1:${server.port}`;
  const load = (durationMs: number, repeats: Repeats) =>
    runUndisturbedLoad(
      {
        server,
        connections: CONNECTIONS,
        durationMs,
        request(conn) {
          const device = devices[conn]!;
          const push = {
            clientID: device.clientID,
            mutations: [
              mutation(device.next, 'createNote', { id: randomUUID(), customerId, body: `Bench note ${device.next} from device ${conn}` }),
            ],
          };
          return encodeRequest(host, {
            method: 'POST',
            path: '/v1/push',
            headers: { authorization: device.authorization, 'content-type': 'application/json' },
            body: JSON.stringify(push),
          });
        },
        check(response, conn) {
          if (response.status !== 200) return false;
          const device = devices[conn]!;
          const result = JSON.parse(response.body.toString('utf8')) as PushResponse;
          // A failed push is sent again with the same id, so each device's ids stay gapless.
          if (result.lastMutationID !== device.next || result.refusals.length > 0) return false;
          device.next++;
          return true;
        },
      },
      repeats,
    );
  await load(WARMUP_MS, { left: 0, discarded: 0 });
  const repeats: Repeats = { left: MAX_REPEATS, discarded: 0 };
  const rounds: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await load(roundMs, repeats));
  return {
    rounds,
    repeats,
    notes: devices.reduce((sum, d) => sum + d.next - 1, 0),
    notesPerSecond: median(rounds.map((r) => r.perSecond)),
    p50: median(rounds.map((r) => r.latencyMs.p50)),
    p99: median(rounds.map((r) => r.latencyMs.p99)),
  };
}

/** Appends of 4 KiB, each followed by fdatasync, per second, in `dir`: what one durable commit costs there. */
function fsyncsPerSecond(dir: string, durationMs = 1_000): number {
  const file = join(dir, 'fsync-probe');
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(4096, 1);
  const started = performance.now();
  let syncs = 0;
  try {
    while (performance.now() - started < durationMs) {
      writeSync(fd, block);
      fdatasyncSync(fd);
      syncs++;
    }
  } finally {
    closeSync(fd);
    unlinkSync(file);
  }
  return syncs / ((performance.now() - started) / 1000);
}

function roundsTable(measured: PushRounds): string[] {
  return [
    '| round | notes/s | p50 | p99 | max | errors | CPU, cores: server / load generator / other processes |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...measured.rounds.map(
      (r, i) =>
        `| ${i + 1} | ${fmt(r.perSecond)} | ${fmt(r.latencyMs.p50, 1)} ms | ${fmt(r.latencyMs.p99, 1)} ms | ${fmt(r.latencyMs.max, 1)} ms | ${r.errors} | ${cores(r.cpu.server)} / ${cores(r.cpu.bench)} / ${cores(r.cpu.others)} |`,
    ),
  ];
}

/** What the diagnostic says about the durable commit's share of a push. */
function fsyncShare(disk: PushRounds, shm: PushRounds): string {
  const share = 1 - disk.notesPerSecond / shm.notesPerSecond;
  if (share <= 0.1) {
    return `Without fsync the rate is about the same (${fmt(shm.notesPerSecond / disk.notesPerSecond, 2)}×): the commit’s fsync is not what limits it; the server’s own work per push is (see the CPU column).`;
  }
  return `Without fsync the rate is ${fmt(shm.notesPerSecond / disk.notesPerSecond, 2)}× the disk’s: waiting for fsync is about ${fmt(100 * share)}% of the time per push.`;
}

const firstErrors = (measured: PushRounds) =>
  measured.rounds.flatMap((r, i) => (r.firstError ? [`Round ${i + 1}: ${r.errors} errors, the first: \`${r.firstError}\`.`] : []));

export const serverPush: Benchmark = {
  name: 'server-push',
  title: 'Server: pushed notes per second',
  needsExtension: false,
  async run(resources) {
    const diskDir = resources.tempDir('sidenote-bench-push-');
    const measured = await measurePush(resources, diskDir, ROUND_MS);
    const pushes = measured.rounds.reduce((sum, r) => sum + r.ok, 0);
    const passThroughput = measured.notesPerSecond >= NOTES_PER_SECOND_BUDGET;
    const passP99 = measured.p99 <= P99_BUDGET_MS;
    const samples = `${ROUNDS} rounds × ${ROUND_MS / 1000} s, ${fmt(pushes)} pushes`;
    const rows: BudgetRow[] = [
      {
        what: `pushed notes/s (1 createNote per push, ${CONNECTIONS} connections)`,
        budget: '≥ 1,500 notes/s',
        measured: `${fmt(measured.notesPerSecond)} notes/s (median of rounds)`,
        samples,
        pass: passThroughput,
      },
      {
        what: `push latency p99 at ${CONNECTIONS} connections`,
        budget: '≤ 50 ms',
        measured: `${fmt(measured.p99, 1)} ms (median of round p99s)`,
        samples,
        pass: passP99,
      },
      {
        what: 'push latency p50 (information)',
        budget: '—',
        measured: `${fmt(measured.p50, 1)} ms (median of round p50s)`,
        samples,
        pass: null,
      },
    ];
    const details = [
      `The server is \`npm run server\` in a child process on a fresh SQLite file in the OS temp dir (on the machine’s disk; WAL, synchronous=FULL as shipped). A team of an admin and ${REPS} reps joined over HTTP; ${CONNECTIONS} devices (own clientID each, 10 per member) push one createNote each per request on ${CONNECTIONS} keep-alive connections, a closed loop: each device sends its next push when the last is answered. Every answer is checked (HTTP 200, lastMutationID = the id sent, no refusals). ${WARMUP_MS / 1000} s of warm-up are not counted. The load generator (one Node process, raw sockets) shares the 2 cores with the server.`,
      '',
      ...roundsTable(measured),
      '',
      `The customer has ${fmt(measured.notes)} notes at the end of the run. ${discardedRuns(measured.repeats)}`,
      ...firstErrors(measured),
    ];
    const data: Record<string, unknown> = { connections: CONNECTIONS, disk: measured };

    if (!passThroughput || !passP99) {
      const fsyncs = fsyncsPerSecond(diskDir);
      const shmDir = resources.tempDir('sidenote-bench-push-', '/dev/shm');
      const shm = await measurePush(resources, shmDir, DIAGNOSTIC_ROUND_MS);
      data.fsyncsPerSecond = fsyncs;
      data.diagnosticShm = shm;
      details.push(
        '',
        `**Diagnostic, not the result:** the same run with the database on /dev/shm (RAM: fsync costs nothing), ${ROUNDS} rounds × ${DIAGNOSTIC_ROUND_MS / 1000} s: ${fmt(shm.notesPerSecond)} notes/s, p50 ${fmt(shm.p50, 1)} ms, p99 ${fmt(shm.p99, 1)} ms (medians of rounds). The disk under the temp dir does ${fmt(fsyncs)} fsyncs/s (4 KiB append + fdatasync, 1 s); every push commits at least one transaction, and SQLite in WAL mode with synchronous=FULL syncs the WAL at each commit, one commit at a time. ${fsyncShare(measured, shm)}`,
        '',
        ...roundsTable(shm),
        ...(discardedRuns(shm.repeats) ? ['', discardedRuns(shm.repeats)] : []),
        ...firstErrors(shm),
      );
    }
    return { rows, details, data };
  },
};
