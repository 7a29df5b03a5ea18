/**
 * A team's day, compressed: 200 simulated devices (10 per member, 20 members) against the real
 * server process for 60 s. Each keeps a live socket (first-message auth, pings) and pulls when
 * poked, one pull at a time as the extension does; between pauses (exponential, mean 4 s) it
 * does what a sales team does: write notes, make, reschedule and complete follow-ups, claim and
 * hand off customers, change stages. Budget: 0 errors and 0 lost — every change a device was
 * told was applied is on the server and in every device's copy at the end — with p50/p99 per
 * kind of request reported.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { MutatorArgs, MutatorName } from '../model/mutators';
import type { PullResponse, PushResponse } from '../model/sync';
import type { Benchmark } from './lib/benchmark';
import { startSidenoteServer } from './lib/child-server';
import { meterCpu } from './lib/cpu';
import type { Resources } from './lib/resources';
import { fmt, median, percentile } from './lib/stats';
import { createBenchTeam, type BenchMember } from './lib/team';

const DEVICES = 200;
const MEMBERS = 20;
const DURATION_MS = 60_000;
const MEAN_PAUSE_MS = 4_000;
const COMPANIES = 60;
const DAY = 86_400_000;

type Kind = 'pull' | 'note' | 'task' | 'reschedule' | 'complete' | 'claim' | 'handoff' | 'stage';
/** The mix of what a device does between pauses (pulls also follow every poke). */
const MIX: [Kind, number][] = [
  ['note', 35],
  ['task', 15],
  ['reschedule', 10],
  ['complete', 10],
  ['claim', 10],
  ['handoff', 5],
  ['stage', 10],
  ['pull', 5],
];
const STAGES = ['lead', 'qualified', 'quoted', 'negotiating'];

interface Shared {
  url: string;
  members: BenchMember[];
  customers: string[];
  /** Follow-ups made so far, for reschedules and completions. */
  tasks: string[];
  latencies: Map<Kind, number[]>;
  errors: string[];
  /** Ids of notes and follow-ups the server said it applied. */
  applied: { notes: Set<string>; tasks: Set<string> };
  refusedAsDesigned: number;
  pokes: number;
  pulls: number;
}

const pickKind = (): Kind => {
  let r = Math.random() * MIX.reduce((n, [, w]) => n + w, 0);
  for (const [kind, weight] of MIX) if ((r -= weight) < 0) return kind;
  return 'note';
};
const any = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

class Device {
  readonly clientID = randomUUID();
  private lastMutationID = 0;
  private cookie = 0;
  private pulling: Promise<void> | null = null;
  private pullAgain = false;
  private socket: WebSocket | null = null;

  constructor(
    private readonly shared: Shared,
    readonly member: BenchMember,
  ) {}

  private async call<T>(kind: Kind, path: string, body?: unknown): Promise<T | null> {
    const started = performance.now();
    try {
      const response = await fetch(this.shared.url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${this.member.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) {
        this.shared.errors.push(`${kind} ${response.status}: ${text.slice(0, 200)}`);
        return null;
      }
      this.record(kind, performance.now() - started);
      return JSON.parse(text) as T;
    } catch (e) {
      this.shared.errors.push(`${kind}: ${(e as Error).message}`);
      return null;
    }
  }

  private record(kind: Kind, ms: number): void {
    const list = this.shared.latencies.get(kind) ?? [];
    list.push(ms);
    this.shared.latencies.set(kind, list);
  }

  /** Pushes one mutation; true when the server applied it (not refused). */
  async push<N extends MutatorName>(kind: Kind, name: N, args: MutatorArgs<N>): Promise<boolean> {
    const id = ++this.lastMutationID;
    const result = await this.call<PushResponse>(kind, '/v1/push', {
      clientID: this.clientID,
      mutations: [{ id, name, args, at: Date.now() }],
    });
    if (!result) {
      this.lastMutationID--; // Not processed: the same id goes with the next push.
      return false;
    }
    if (result.lastMutationID !== id) this.shared.errors.push(`${name}: lastMutationID ${result.lastMutationID}, expected ${id}`);
    const refusal = result.refusals[0];
    if (!refusal) return true;
    // Claims lost to a teammate, hand-offs of a customer someone else took meanwhile: the product
    // refuses those by design and tells the user. Anything else is an error.
    if (refusal.code === 'already_owned' || refusal.code === 'forbidden') this.shared.refusedAsDesigned++;
    else this.shared.errors.push(`${name} refused: ${refusal.code} ${refusal.message}`);
    return false;
  }

  /** Pulls to the team's head, one pull at a time; a poke during a pull asks for one more. */
  pull(): Promise<void> {
    if (this.pulling) {
      this.pullAgain = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      do {
        this.pullAgain = false;
        for (let page = 0; page < 1000; page++) {
          const query = new URLSearchParams({ clientID: this.clientID, cookie: String(this.cookie) });
          const result = await this.call<PullResponse>('pull', `/v1/pull?${query}`);
          this.shared.pulls++;
          if (!result) break;
          this.cookie = result.cookie;
          if (!result.more) break;
        }
      } while (this.pullAgain);
    })().finally(() => {
      this.pulling = null;
    });
    return this.pulling;
  }

  /** Opens the live socket: authenticates with its first message, pings every 20 s, pulls on a poke. */
  async connect(): Promise<void> {
    const socket = new WebSocket(`${this.shared.url.replace(/^http/, 'ws')}/v1/live`);
    this.socket = socket;
    await new Promise<void>((ready, fail) => {
      socket.once('error', fail);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.member.token })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string };
        if (message.type === 'ready') ready();
        else if (message.type === 'poke') {
          this.shared.pokes++;
          void this.pull();
        } else if (message.type === 'error') this.shared.errors.push(`live: ${String(data)}`);
      });
    });
    const ping = setInterval(() => socket.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ type: 'ping' })), 20_000);
    socket.once('close', () => clearInterval(ping));
  }

  close(): void {
    this.socket?.close();
  }

  /** One thing a salesperson does. */
  async act(kind: Kind): Promise<void> {
    const { shared } = this;
    const customerId = any(shared.customers);
    switch (kind) {
      case 'pull':
        return this.pull();
      case 'note': {
        const id = randomUUID();
        if (await this.push(kind, 'createNote', { id, customerId, body: `Called about the quote ${id.slice(0, 8)}; they want 5% off` }))
          shared.applied.notes.add(id);
        return;
      }
      case 'task': {
        const id = randomUUID();
        const ok = await this.push(kind, 'createTask', { id, customerId, title: 'Send the revised quote', dueAt: Date.now() + DAY });
        if (ok) {
          shared.applied.tasks.add(id);
          shared.tasks.push(id);
        }
        return;
      }
      case 'reschedule':
        if (shared.tasks.length) await this.push(kind, 'updateTask', { id: any(shared.tasks), patch: { dueAt: Date.now() + 2 * DAY } });
        return;
      case 'complete':
        if (shared.tasks.length) await this.push(kind, 'completeTask', { id: any(shared.tasks), done: true });
        return;
      case 'claim':
        await this.push(kind, 'claimCustomer', { customerId, eventId: randomUUID() });
        return;
      case 'handoff':
        await this.push(kind, 'handOffCustomer', {
          customerId,
          toId: any(shared.members).memberId,
          note: 'Going on leave: they expect the samples on Monday',
          moveTasks: true,
          eventId: randomUUID(),
        });
        return;
      case 'stage':
        await this.push(kind, 'setStage', { customerId, stage: any(STAGES), eventId: randomUUID() });
        return;
    }
  }

  /** Pauses and acts until `until`. */
  async run(until: number): Promise<void> {
    while (performance.now() < until) {
      await new Promise((r) => setTimeout(r, -Math.log(1 - Math.random()) * MEAN_PAUSE_MS));
      if (performance.now() >= until) return;
      await this.act(pickKind());
    }
  }

  /** Every note and follow-up id in this device's copy (a full pull from nothing). */
  async everything(): Promise<{ notes: Set<string>; tasks: Set<string> }> {
    const notes = new Set<string>();
    const tasks = new Set<string>();
    let cookie = 0;
    for (let page = 0; page < 10_000; page++) {
      const query = new URLSearchParams({ clientID: this.clientID, cookie: String(cookie) });
      const result = await this.call<PullResponse>('pull', `/v1/pull?${query}`);
      if (!result) throw new Error('the final pull failed');
      for (const n of result.rows.notes) notes.add(n.id);
      for (const t of result.rows.tasks) tasks.add(t.id);
      cookie = result.cookie;
      if (!result.more) break;
    }
    return { notes, tasks };
  }
}

export const load: Benchmark = {
  name: 'load',
  title: '200 devices for 60 s: notes, follow-ups, claims, hand-offs, pulls and live sockets',
  needsExtension: false,
  timeoutMs: 5 * 60_000,
  async run(resources: Resources) {
    const dir = resources.tempDir('sidenote-load-');
    const databaseUrl = join(dir, 'sidenote.db');
    const server = await startSidenoteServer(resources, databaseUrl);
    const team = await createBenchTeam(server, databaseUrl, MEMBERS - 1);
    const shared: Shared = {
      url: server.url,
      members: team.members,
      customers: [],
      tasks: [],
      latencies: new Map(),
      errors: [],
      applied: { notes: new Set(), tasks: new Set() },
      refusedAsDesigned: 0,
      pokes: 0,
      pulls: 0,
    };
    // The team's customers, made by its admin (the first device) before the day starts.
    const devices = Array.from({ length: DEVICES }, (_, i) => new Device(shared, team.members[i % team.members.length]!));
    for (let i = 0; i < COMPANIES; i++) {
      const id = randomUUID();
      await devices[0]!.push('note', 'createCustomer', {
        id,
        name: `Company ${i}`,
        identities: [{ id: randomUUID(), kind: 'domain', value: `company-${i}.example.com` }],
      });
      shared.customers.push(id);
    }
    shared.latencies.clear();
    // Every device connects and catches up, as an extension does when the browser starts.
    await Promise.all(devices.map((d) => d.connect()));
    await Promise.all(devices.map((d) => d.pull()));
    shared.latencies.clear();
    shared.pulls = 0;
    shared.pokes = 0;

    const cpu = meterCpu([server.pid]);
    const started = performance.now();
    await Promise.all(devices.map((d) => d.run(started + DURATION_MS)));
    const seconds = (performance.now() - started) / 1000;
    const use = cpu.stop();
    // Quiet: the last pokes' pulls finish.
    await Promise.all(devices.map((d) => d.pull()));
    for (const d of devices) d.close();

    // Nothing lost: every change the server said it applied is in every member's copy.
    let lost = 0;
    const byMember = new Map(devices.map((d) => [d.member.memberId, d]));
    for (const device of byMember.values()) {
      const copy = await device.everything();
      for (const id of shared.applied.notes) if (!copy.notes.has(id)) lost++;
      for (const id of shared.applied.tasks) if (!copy.tasks.has(id)) lost++;
    }

    const rows = [...shared.latencies.entries()].sort(([a], [b]) => a.localeCompare(b));
    const requests = rows.reduce((n, [, l]) => n + l.length, 0);
    const all = rows.flatMap(([, l]) => l);
    return {
      rows: [
        {
          what: `${DEVICES} devices, ${seconds.toFixed(0)} s: errors`,
          budget: '0',
          measured: String(shared.errors.length),
          samples: `${requests} requests`,
          pass: shared.errors.length === 0,
        },
        {
          what: 'changes lost (applied, then missing from a member’s copy)',
          budget: '0',
          measured: String(lost),
          samples: `${shared.applied.notes.size} notes + ${shared.applied.tasks.size} follow-ups × ${byMember.size} members`,
          pass: lost === 0,
        },
        {
          what: 'request latency, all kinds',
          budget: 'p99 reported',
          measured: `p50 ${fmt(median(all), 1)} ms, p99 ${fmt(percentile(all, 99), 1)} ms`,
          samples: String(all.length),
          pass: null,
        },
      ],
      details: [
        `${DEVICES} devices of ${MEMBERS} members (an admin and reps), each with a live socket; pauses exponential with mean ${MEAN_PAUSE_MS / 1000} s; mix ${MIX.map(([k, w]) => `${k} ${w}%`).join(', ')}; ${COMPANIES} customers.`,
        `${requests} requests in ${seconds.toFixed(1)} s (${fmt(requests / seconds)} req/s), ${shared.pokes} pokes received, ${shared.pulls} pulls; ${shared.refusedAsDesigned} claims or hand-offs refused as designed (someone else owned the customer).`,
        `Server CPU ${use.server.toFixed(2)} cores on average, the 200 simulated devices ${use.bench.toFixed(2)}, other processes ${use.others.toFixed(2)}.`,
        '| request | n | p50 ms | p99 ms | max ms |',
        '| --- | --- | --- | --- | --- |',
        ...rows.map(
          ([kind, l]) => `| ${kind} | ${l.length} | ${fmt(median(l), 1)} | ${fmt(percentile(l, 99), 1)} | ${fmt(Math.max(...l), 1)} |`,
        ),
        ...(shared.errors.length ? ['First errors:', ...shared.errors.slice(0, 5).map((e) => `- ${e}`)] : []),
      ],
      data: {
        seconds,
        requests,
        errors: shared.errors.slice(0, 50),
        lost,
        pokes: shared.pokes,
        pulls: shared.pulls,
        refusedAsDesigned: shared.refusedAsDesigned,
        latencies: Object.fromEntries(rows.map(([k, l]) => [k, { n: l.length, p50: median(l), p99: percentile(l, 99) }])),
        cpu: use,
      },
    };
  },
};
