/**
 * Empty-pull throughput of the real server process against a bare Hono route, both over real
 * HTTP on loopback, 50 keep-alive connections, alternating in 3 rounds. An empty pull is what
 * every client sends after each poke and each minute: it must stay cheap. `GET /v1/health`
 * (the full app's middleware and a database check at most once a second) is measured too, to show
 * where the difference goes. autocannon, the ecosystem's standard load tool, measures the same
 * three targets afterwards, so the numbers can be compared with others'.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { join } from 'node:path';
import type { PullResponse } from '../model/sync';
import type { Benchmark } from './lib/benchmark';
import { startBareHono, startSidenoteServer, type ChildServer } from './lib/child-server';
import { cores } from './lib/cpu';
import {
  discardedRuns,
  encodeRequest,
  runUndisturbedLoad,
  type HttpResponse,
  type LoadResult,
  type Repeats,
  type RequestSpec,
} from './lib/http-load';
import { fmt, median } from './lib/stats';
import { TeamDevice, createCustomer } from '../tests/e2e/team';
import { createBenchTeam } from './lib/team';

const CONNECTIONS = 50;
const WARMUP_MS = 2_000;
const ROUNDS = 3;
const ROUND_MS = 5_000;
/** design.md's budgets: an empty pull ≥ 25% and `/v1/health` ≥ 60% of a bare Hono route's req/s. */
const PULL_BUDGET = 0.25;
const HEALTH_BUDGET = 0.6;
const AUTOCANNON_MS = 5_000;
/** Measurements other processes disturbed that may be run again, at most. */
const MAX_REPEATS = 6;
/** The team's data behind the pulls: the queries run on tables that are not empty. */
const CUSTOMERS = 20;
const NOTES_PER_CUSTOMER = 50;

interface Target {
  label: string;
  server: ChildServer;
  spec: RequestSpec;
  /** The full check of a first answer on each connection; later ones need only be 200. */
  valid(response: HttpResponse): boolean;
}

function load(target: Target, durationMs: number, repeats: Repeats = { left: 0, discarded: 0 }): Promise<LoadResult> {
  const bytes = encodeRequest(`127.0.0.1:${target.server.port}`, target.spec);
  return runUndisturbedLoad(
    {
      server: target.server,
      connections: CONNECTIONS,
      durationMs,
      request: () => bytes,
      check: (response, _conn, seq) => response.status === 200 && (seq > 0 || target.valid(response)),
    },
    repeats,
  );
}

/** The same target under autocannon: mean req/s, latency percentiles, and errors (non-2xx included). */
async function autocannonLoad(target: Target) {
  const result = await autocannon({
    url: `http://127.0.0.1:${target.server.port}${target.spec.path}`,
    method: target.spec.method,
    headers: target.spec.headers,
    connections: CONNECTIONS,
    duration: AUTOCANNON_MS / 1000,
  });
  return {
    perSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

/** A team whose head is past a thousand notes, and a device that is up to date with it. */
async function seededPuller(server: ChildServer, databaseUrl: string) {
  const team = await createBenchTeam(server, databaseUrl, 0);
  const client = new TeamDevice(server.url, team.members[0]!);
  for (let c = 0; c < CUSTOMERS; c++) {
    const customerId = await createCustomer(client, `Customer ${c}`, `customer-${c}.example`);
    await client.push(
      ...Array.from({ length: NOTES_PER_CUSTOMER }, (_, n) => ({
        name: 'createNote' as const,
        args: { id: randomUUID(), customerId, body: `Seed note ${n} on customer ${c}` },
      })),
    );
  }
  const head = await client.pullAll();
  return { client, head };
}

export const serverPull: Benchmark = {
  name: 'server-pull',
  title: 'Server: empty pull vs a bare Hono route',
  needsExtension: false,
  async run(resources) {
    const databaseUrl = join(resources.tempDir('sidenote-bench-pull-'), 'sidenote.db');
    const [sidenote, bare] = await Promise.all([startSidenoteServer(resources, databaseUrl), startBareHono(resources)]);
    const { client, head } = await seededPuller(sidenote, databaseUrl);
    const query = new URLSearchParams({
      clientID: client.clientID,
      cookie: String(head.cookie),
      knownMutationID: String(head.lastMutationID),
    });
    const isOk = (r: HttpResponse) => r.body.toString('utf8') === '{"ok":true}';
    const targets: Target[] = [
      { label: 'bare Hono route', server: bare, spec: { method: 'GET', path: '/' }, valid: isOk },
      {
        label: 'empty pull',
        server: sidenote,
        spec: { method: 'GET', path: `/v1/pull?${query}`, headers: { authorization: `Bearer ${client.member.token}` } },
        valid(response) {
          const pull = JSON.parse(response.body.toString('utf8')) as PullResponse;
          return pull.cookie === head.cookie && !pull.more && Object.values(pull.rows).every((rows) => rows.length === 0);
        },
      },
      { label: 'GET /v1/health', server: sidenote, spec: { method: 'GET', path: '/v1/health' }, valid: isOk },
    ];

    for (const target of targets) await load(target, WARMUP_MS);
    const repeats: Repeats = { left: MAX_REPEATS, discarded: 0 };
    const rounds: LoadResult[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results: LoadResult[] = [];
      for (const target of targets) results.push(await load(target, ROUND_MS, repeats));
      rounds.push(results);
    }

    const perSecond = (t: number) => median(rounds.map((r) => r[t]!.perSecond));
    const ratios = rounds.map((r) => r[1]!.perSecond / r[0]!.perSecond);
    const ratio = median(ratios);
    const healthRatio = median(rounds.map((r) => r[2]!.perSecond / r[0]!.perSecond));
    const cannon: Awaited<ReturnType<typeof autocannonLoad>>[] = [];
    for (const target of targets) cannon.push(await autocannonLoad(target));
    const cannonRatio = (t: number) => cannon[t]!.perSecond / cannon[0]!.perSecond;
    const samples = `${ROUNDS} rounds × ${ROUND_MS / 1000} s each`;
    const errors = rounds.flatMap((r, i) =>
      r.flatMap((result, t) =>
        result.errors ? [`Round ${i + 1}, ${targets[t]!.label}: ${result.errors} errors, the first: \`${result.firstError}\`.`] : [],
      ),
    );
    return {
      rows: [
        {
          what: `empty pull ÷ bare Hono route, req/s (${CONNECTIONS} connections)`,
          budget: '≥ 25%',
          measured: `${fmt(100 * ratio, 1)}% (median of round ratios)`,
          samples,
          pass: ratio >= PULL_BUDGET,
        },
        {
          what: `GET /v1/health ÷ bare Hono route, req/s (${CONNECTIONS} connections)`,
          budget: '≥ 60%',
          measured: `${fmt(100 * healthRatio, 1)}% (median of round ratios)`,
          samples,
          pass: healthRatio >= HEALTH_BUDGET,
        },
        ...targets.map((t, i) => ({
          what: `${t.label}, req/s (information)`,
          budget: '—',
          measured: `${fmt(perSecond(i))} req/s (median)`,
          samples,
          pass: null,
        })),
        ...targets.map((t, i) => ({
          what: `autocannon: ${t.label}, req/s (information)`,
          budget: '—',
          measured: `${fmt(cannon[i]!.perSecond)} req/s${i > 0 ? ` (${fmt(100 * cannonRatio(i), 1)}% of bare)` : ''}, p99 ${fmt(cannon[i]!.p99Ms, 1)} ms`,
          samples: `1 run × ${AUTOCANNON_MS / 1000} s, ${CONNECTIONS} connections`,
          pass: null,
        })),
      ],
      details: [
        `Two child processes: \`npm run server\` on a fresh SQLite file (a team with ${CUSTOMERS} customers and ${fmt(CUSTOMERS * NOTES_PER_CUSTOMER)} notes pushed through the API; the pull is authenticated with a member’s token and carries the team’s head as its cookie, so its answer has no rows) and \`bench/bare-hono.ts\` (one Hono route returning \`{ok:true}\` on @hono/node-server, run by tsx like the server). The load generator is one Node process keeping ${CONNECTIONS} keep-alive connections busy (raw sockets, closed loop); it shares the 2 cores with whichever server is under load. ${WARMUP_MS / 1000} s of warm-up per target first; then each round measures the targets one after another. The first answer on each connection is checked in full, later ones by status. ${discardedRuns(repeats)}`,
        '',
        `| round | ${targets.map((t) => `${t.label} req/s`).join(' | ')} | pull ÷ bare |`,
        `|---|${targets.map(() => '---:').join('|')}|---:|`,
        ...rounds.map((r, i) => `| ${i + 1} | ${r.map((x) => fmt(x.perSecond)).join(' | ')} | ${fmt(100 * ratios[i]!, 1)}% |`),
        '',
        `Latency (median of round p50s / p99s): ${targets
          .map(
            (t, i) =>
              `${t.label} ${fmt(median(rounds.map((r) => r[i]!.latencyMs.p50)), 1)} / ${fmt(median(rounds.map((r) => r[i]!.latencyMs.p99)), 1)} ms`,
          )
          .join('; ')}.`,
        `CPU in cores, median of rounds (server / load generator / other processes): ${targets
          .map((t, i) => {
            const use = (pick: (r: LoadResult) => number) => cores(median(rounds.map((r) => pick(r[i]!))));
            return `${t.label} ${use((r) => r.cpu.server)} / ${use((r) => r.cpu.bench)} / ${use((r) => r.cpu.others)}`;
          })
          .join('; ')}.`,
        `autocannon (${CONNECTIONS} connections, ${AUTOCANNON_MS / 1000} s per target, after the rounds above; it runs in the benchmark's process, like the project's generator): ${targets
          .map(
            (t, i) =>
              `${t.label} ${fmt(cannon[i]!.perSecond)} req/s, p50 ${fmt(cannon[i]!.p50Ms, 1)} / p99 ${fmt(cannon[i]!.p99Ms, 1)} ms, ${cannon[i]!.errors} errors`,
          )
          .join('; ')}.`,
        ...errors,
      ],
      data: { connections: CONNECTIONS, targets: targets.map((t) => t.label), rounds, ratios, ratio, healthRatio, autocannon: cannon },
    };
  },
};
