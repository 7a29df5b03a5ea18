import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { customerCandidates } from '@/model/context';
import { MutationError, mutators, type MutatorName } from '@/model/mutators';
import { NoteKind, TABLE_NAMES, Tables, type Member, type Note, type TableName } from '@/model/schemas';
import { PullResponse, type Mutation } from '@/model/sync';
import { createApp } from '@/server/app';
import { openDatabase } from '@/server/db/connect';
import { migrateToLatest } from '@/server/db/migrate';
import { SQL_TABLE } from '@/server/db/tables';
import { toModel } from '@/server/db/to-model';
import { createInvite, createTeam } from '@/server/teams';
import { SidenoteDB } from '../db';
import { syncedRow } from '../derived-indexes';
import { mutate, type PendingMutation } from '../mutate';
import { customerForCandidate } from '../resolve';
import { actorOf } from './engine';
import { callServer, type HttpTarget } from './http';
import { pullChanges } from './pull';
import { pushOutbox } from './push';

/**
 * Property: whatever the network and the server do — dropped requests, dropped responses,
 * duplicated and late replayed pushes, server restarts — and whatever anyone does, with every
 * mutator and arguments at the edges of their schemas: once everyone syncs on a good network,
 * every row the server stored parses with its schema, every client holds exactly what the
 * server would send it, every mutation any client made was applied or reported refused, and
 * every note's edits are kept as one unbroken chain of revisions. SYNC_RUNS=10000 runs more
 * histories; a failure prints its seed (SYNC_SEED replays it).
 */

const RUNS = Number(process.env.SYNC_RUNS ?? 1000);
const SHM = '/dev/shm';
const root = mkdtempSync(join(SHM, 'sidenote-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SERVER_URL = 'http://sidenote.test';
const TEAM_DOMAIN = 'sidenote-demo.com';
/** Addresses the history writes about: companies, a free-mail person, a page, a phone. */
const IDENTITIES = [
  { kind: 'domain', value: 'northwind-traders.com' },
  { kind: 'domain', value: 'contoso.com' },
  { kind: 'email', value: 'li.lei@163.com' },
  { kind: 'email', value: 'buyer@contoso.com' },
  { kind: 'url', value: `https://crm.example.com/r/${'x'.repeat(2000)}` },
  { kind: 'phone', value: '+86 138 0013 8000' },
] as const;

/** Text at the edges of a field's limit: short, exactly at it (ASCII, CJK, emoji), over it, blank. */
const edgeText = (max: number) =>
  fc.oneof(
    { weight: 20, arbitrary: fc.string({ minLength: 1, maxLength: 8 }) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
    { weight: 1, arbitrary: fc.constant('华'.repeat(max)) },
    { weight: 1, arbitrary: fc.constant('😀'.repeat(Math.floor(max / 2))) },
    { weight: 1, arbitrary: fc.constant('y'.repeat(max + 1)) },
    { weight: 1, arbitrary: fc.constant('   ') },
  );

/** What an action is made of; each builder takes what it needs. */
const Seed = fc.record({
  a: fc.nat(),
  b: fc.nat(),
  c: fc.nat(),
  flag: fc.boolean(),
  name: edgeText(200),
  body: edgeText(20_000),
  title: edgeText(300),
  note: edgeText(2000),
  stage: edgeText(40),
  id: fc.oneof(
    { weight: 8, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constant('i'.repeat(100)) },
    { weight: 1, arbitrary: fc.constant('j'.repeat(101)) },
  ),
  days: fc.integer({ min: -1, max: 400 }),
  due: fc.oneof(fc.integer({ min: -3, max: 10 }), fc.constant(0)),
});
type Seed = typeof Seed extends fc.Arbitrary<infer S> ? S : never;

type Fault = 'none' | 'dropRequest' | 'dropResponse' | 'duplicate' | 'replayOld';
type Op =
  { kind: 'act'; client: number; name: MutatorName; seed: Seed } | { kind: 'sync'; client: number; fault: Fault } | { kind: 'restart' };

/** What a builder sees: the acting client's local data, as the UI would show it. */
interface View {
  db: SidenoteDB;
  members: Member[];
  stages: string[];
  seed: Seed;
}

const pick = <T>(items: T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);
const uuid = () => crypto.randomUUID();
const DAY = 86_400_000;

async function customers(v: View) {
  return (await v.db.customers.toArray()).filter((c) => c.deletedAt === null).sort((x, y) => x.id.localeCompare(y.id));
}
async function live<T extends 'notes' | 'tasks' | 'identities'>(v: View, table: T) {
  const rows = (await v.db.table(table).toArray()) as { id: string; deletedAt: number | null }[];
  return rows.filter((r) => r.deletedAt === null).sort((x, y) => x.id.localeCompare(y.id));
}
const member = (v: View, n: number) => pick(v.members, n)?.id ?? 'nobody';

/**
 * One builder per mutator, typed by the registry: a mutator added without a builder does not
 * compile, so the property always covers every mutation a client can send.
 */
const builders: { [N in MutatorName]: (v: View) => Promise<PendingMutation[] | null> } = {
  async createCustomer({ seed }) {
    const identity = pick([...IDENTITIES], seed.a)!;
    return [{ name: 'createCustomer', args: { id: seed.id ?? uuid(), name: seed.name, identities: [{ id: uuid(), ...identity }] } }];
  },
  async addIdentity(v) {
    const customer = pick(await customers(v), v.seed.a);
    const identity = pick([...IDENTITIES], v.seed.b)!;
    return customer ? [{ name: 'addIdentity', args: { id: uuid(), customerId: customer.id, ...identity } }] : null;
  },
  async mergeCustomers(v) {
    const all = await customers(v);
    const from = pick(all, v.seed.a);
    const into = pick(all, v.seed.b);
    return from && into ? [{ name: 'mergeCustomers', args: { fromId: from.id, intoId: into.id, eventId: uuid() } }] : null;
  },
  async moveIdentity(v) {
    const identity = pick(await live(v, 'identities'), v.seed.a);
    const to = pick(await customers(v), v.seed.b);
    return identity && to ? [{ name: 'moveIdentity', args: { identityId: identity.id, toCustomerId: to.id, eventId: uuid() } }] : null;
  },
  async createNote(v) {
    const { seed } = v;
    const kind = pick([...NoteKind.options], seed.b)!;
    const base = {
      id: seed.id ?? uuid(),
      body: seed.body,
      kind,
      change: kind === 'change' ? { topic: 'quote' as const, summary: seed.title } : null,
      question: kind === 'question' ? { askedOf: member(v, seed.c) } : null,
      visibility: seed.flag ? ('private' as const) : ('team' as const),
      mentions: seed.c % 3 === 0 ? [member(v, seed.c)] : [],
    };
    const existing = pick(await customers(v), seed.a);
    if (existing && seed.a % 2 === 0) return [{ name: 'createNote', args: { ...base, customerId: existing.id } }];
    // The first note on a customer nobody wrote about yet creates it (as the sidebar does).
    const identity = pick([...IDENTITIES.filter((i) => i.kind === 'email' || i.kind === 'domain')], seed.a)!;
    const email = identity.kind === 'email' ? identity.value : `buyer@${identity.value}`;
    const candidate = customerCandidates(
      { people: [{ email, name: 'Buyer' }] },
      { email: `m@${TEAM_DOMAIN}`, teamDomains: [TEAM_DOMAIN] },
    )[0]!;
    const { customerId, create } = await customerForCandidate(v.db, candidate);
    return [...(create ? [create] : []), { name: 'createNote', args: { ...base, customerId } }];
  },
  async updateNote(v) {
    const note = pick(await live(v, 'notes'), v.seed.a);
    if (!note) return null;
    const patch =
      v.seed.c % 3 === 0 ? { pinned: v.seed.flag } : { body: v.seed.body, ...(v.seed.c % 3 === 1 ? { pinned: v.seed.flag } : {}) };
    return [{ name: 'updateNote', args: { id: note.id, revisionId: uuid(), patch } }];
  },
  async acknowledgeChange(v) {
    const notes = (await live(v, 'notes')) as Note[];
    const note = pick(
      notes.filter((n) => n.kind === 'change'),
      v.seed.a,
    );
    return note ? [{ name: 'acknowledgeChange', args: { noteId: note.id } }] : null;
  },
  async answerQuestion(v) {
    const notes = (await live(v, 'notes')) as Note[];
    // Mostly questions; now and then any note, which the mutator refuses.
    const note = pick(v.seed.c % 4 === 0 ? notes : notes.filter((n) => n.kind === 'question'), v.seed.a);
    return note ? [{ name: 'answerQuestion', args: { id: v.seed.id ?? uuid(), noteId: note.id, body: v.seed.note } }] : null;
  },
  async resolveQuestion(v) {
    const notes = (await live(v, 'notes')) as Note[];
    const note = pick(
      notes.filter((n) => n.kind === 'question'),
      v.seed.a,
    );
    return note ? [{ name: 'resolveQuestion', args: { noteId: note.id } }] : null;
  },
  async followCustomer(v) {
    const customer = pick(await customers(v), v.seed.a);
    return customer ? [{ name: 'followCustomer', args: { customerId: customer.id, follow: v.seed.flag } }] : null;
  },
  async deleteNote(v) {
    const note = pick(await live(v, 'notes'), v.seed.a);
    return note ? [{ name: 'deleteNote', args: { id: note.id, ...(v.seed.flag ? { eventId: uuid() } : {}) } }] : null;
  },
  async renameCustomer(v) {
    const customer = pick(await customers(v), v.seed.a);
    return customer ? [{ name: 'renameCustomer', args: { customerId: customer.id, name: v.seed.name, eventId: uuid() } }] : null;
  },
  async claimCustomer(v) {
    const customer = pick(await customers(v), v.seed.a);
    return customer ? [{ name: 'claimCustomer', args: { customerId: customer.id, eventId: uuid() } }] : null;
  },
  async handOffCustomer(v) {
    const customer = pick(await customers(v), v.seed.a);
    if (!customer) return null;
    const args = { customerId: customer.id, toId: member(v, v.seed.b), note: v.seed.note, moveTasks: v.seed.flag, eventId: uuid() };
    return [{ name: 'handOffCustomer', args }];
  },
  async transferMember(v) {
    const args = { fromId: member(v, v.seed.a), toId: member(v, v.seed.b), eventId: v.seed.id ?? uuid() };
    return [{ name: 'transferMember', args }];
  },
  async setStage(v) {
    const customer = pick(await customers(v), v.seed.a);
    const stage = v.seed.c % 4 === 0 ? v.seed.stage : pick(v.stages, v.seed.b)!;
    return customer ? [{ name: 'setStage', args: { customerId: customer.id, stage, eventId: uuid() } }] : null;
  },
  async updateTeamSettings({ seed }) {
    const patch =
      seed.c % 3 === 0
        ? { stages: ['lead', seed.stage, 'won'] }
        : seed.c % 3 === 1
          ? { escalationDays: seed.days }
          : { staleDays: seed.days, stages: Array.from({ length: (seed.a % 22) + 1 }, (_, i) => `s${i}`) };
    // Now and then a stage rule too, so stage changes make their follow-ups on both sides.
    if (seed.flag)
      return [
        {
          name: 'updateTeamSettings',
          args: {
            patch: {
              ...patch,
              stageRules: [
                {
                  stage: seed.c % 2 ? 'won' : seed.stage,
                  nextFollowUpDays: seed.a % 4,
                  title: seed.title,
                  idleDays: null,
                  escalateDays: null,
                },
              ],
            },
          },
        },
      ] as const;
    return [{ name: 'updateTeamSettings', args: { patch } }];
  },
  async setGoal(v) {
    const metrics = ['followUpsOnTime', 'customersContacted', 'customersClaimed', 'stageAdvances'] as const;
    const args = {
      id: v.seed.id ?? uuid(),
      memberId: member(v, v.seed.a),
      metric: pick([...metrics], v.seed.b)!,
      period: v.seed.flag ? ('week' as const) : ('month' as const),
      target: v.seed.c % 5 === 0 ? 0 : v.seed.days,
      startsAt: Date.now(),
    };
    return [{ name: 'setGoal', args }];
  },
  async createTask(v) {
    const customer = pick(await customers(v), v.seed.a);
    const note = v.seed.flag ? pick(await live(v, 'notes'), v.seed.b) : undefined;
    if (!customer) return null;
    const args = {
      id: v.seed.id ?? uuid(),
      customerId: customer.id,
      title: v.seed.title,
      dueAt: Math.max(0, Date.now() + v.seed.due * DAY),
      assigneeId: v.seed.c % 2 ? member(v, v.seed.c) : null,
      noteId: note?.id ?? null,
    };
    return [{ name: 'createTask', args }];
  },
  async updateTask(v) {
    const task = pick(await live(v, 'tasks'), v.seed.a);
    if (!task) return null;
    const patch = [{ title: v.seed.title }, { dueAt: Math.max(0, Date.now() + v.seed.due * DAY) }, { assigneeId: member(v, v.seed.b) }][
      v.seed.c % 3
    ]!;
    return [{ name: 'updateTask', args: { id: task.id, patch } }];
  },
  async completeTask(v) {
    const task = pick(await live(v, 'tasks'), v.seed.a);
    return task ? [{ name: 'completeTask', args: { id: task.id, done: v.seed.flag } }] : null;
  },
  async deleteTask(v) {
    const task = pick(await live(v, 'tasks'), v.seed.a);
    return task ? [{ name: 'deleteTask', args: { id: task.id, ...(v.seed.flag ? { eventId: uuid() } : {}) } }] : null;
  },
};
const MUTATOR_NAMES = Object.keys(mutators) as MutatorName[];

const op = (clients: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant('act' as const),
        client: fc.nat(clients - 1),
        name: fc.constantFrom(...MUTATOR_NAMES),
        seed: Seed,
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('sync' as const),
        client: fc.nat(clients - 1),
        fault: fc.constantFrom<Fault>('none', 'dropRequest', 'dropResponse', 'duplicate', 'replayOld'),
      }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  );

/** The server in this process over a SQLite file it can close and open again (a restart). */
async function startServerOn(file: string) {
  const database = openDatabase(file);
  await migrateToLatest(database.db);
  return { ...database, app: createApp({ db: database.db }) };
}

interface SimClient {
  db: SidenoteDB;
  clientID: string;
  target: HttpTarget;
  session: { member: Member; team: { id: string; domains: string[] } };
  /** Every mutation this client queued, by id. */
  made: Map<number, Mutation>;
}

async function history(ops: Op[], clientCount: number): Promise<void> {
  const file = join(mkdtempSync(join(root, 'h-')), 'sidenote.db');
  let server = await startServerOn(file);
  const oldPushes: RequestInit[] = [];

  // A network between clients and server that the history can make misbehave.
  let fault: Fault = 'none';
  const network: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const send = () => server.app.request(url.pathname + url.search, init);
    const isPush = url.pathname === '/v1/push';
    if (isPush && init) oldPushes.push(init);
    const now = fault;
    fault = 'none'; // One fault per sync, on its first request.
    switch (now) {
      case 'dropRequest':
        throw new TypeError('network error (request lost)');
      case 'dropResponse':
        await send();
        throw new TypeError('network error (response lost)');
      case 'duplicate':
        await send();
        return send();
      case 'replayOld':
        if (oldPushes.length) await server.app.request('/v1/push', oldPushes[Math.floor(oldPushes.length / 2)]!);
        return send();
      default:
        return send();
    }
  };

  // 1. A team: an admin, a rep, a manager; the last client is a second device of the one before.
  const { teamId, inviteCode } = await createTeam(server.db, { name: 'Prop', domains: [TEAM_DOMAIN] });
  const roles = ['admin', 'rep', 'manager'] as const;
  const joined: { token: string; member: Member; team: SimClient['session']['team'] }[] = [];
  for (let i = 0; i < clientCount; i++) {
    if (i === clientCount - 1 && i > 1) {
      joined.push(joined[i - 1]!);
      continue;
    }
    const code = i === 0 ? inviteCode : (await createInvite(server.db, { teamId, role: roles[i]! })).inviteCode;
    const res = await server.app.request('/v1/join', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: code, name: `Member ${i}`, email: `m${i}@${TEAM_DOMAIN}` }),
    });
    joined.push((await res.json()) as (typeof joined)[number]);
  }
  const clients: SimClient[] = joined.map((j) => ({
    db: new SidenoteDB(`prop-${uuid()}`),
    clientID: uuid(),
    target: { serverUrl: SERVER_URL, token: j.token, fetch: network },
    session: { member: j.member, team: j.team },
    made: new Map(),
  }));

  const sync = async (client: SimClient) => {
    await pushOutbox(client.db, client.target, client.clientID);
    await pullChanges(client.db, client.target, client.clientID, actorOf(client.session as never));
  };
  // The team already has two customers with a note and a follow-up each; every client has
  // pulled them (and who is on the team), as a device does when it joins.
  const admin = clients[0]!;
  await sync(admin);
  const seeded: PendingMutation[] = [];
  for (const [i, domain] of ['northwind-traders.com', 'contoso.com'].entries()) {
    const customerId = `seed-${i}`;
    seeded.push(
      { name: 'createCustomer', args: { id: customerId, name: domain, identities: [{ id: uuid(), kind: 'domain', value: domain }] } },
      { name: 'createNote', args: { id: `seed-note-${i}`, customerId, body: `About ${domain}` } },
      { name: 'createTask', args: { id: `seed-task-${i}`, customerId, title: 'Send the price list', dueAt: Date.now() + DAY } },
    );
  }
  await mutate(admin.db, actorOf(admin.session as never), seeded);
  for (const m of await admin.db.$outbox.toArray()) admin.made.set(m.id, m);
  for (const client of clients) await sync(client);

  // 2. The history.
  for (const step of ops) {
    if (step.kind === 'restart') {
      await server.close();
      server = await startServerOn(file);
      continue;
    }
    const client = clients[step.client]!;
    if (step.kind === 'act') {
      const team = await client.db.teams.get(teamId);
      const view: View = {
        db: client.db,
        members: (await client.db.members.toArray()).sort((a, b) => a.id.localeCompare(b.id)),
        stages: team?.settings.stages ?? ['lead'],
        seed: step.seed,
      };
      const before = (await client.db.getMeta<number>('nextMutationID')) ?? 1;
      const pending = await builders[step.name](view);
      if (!pending) continue;
      try {
        await mutate(client.db, actorOf(client.session as never), pending);
      } catch (e) {
        if (!(e instanceof MutationError)) throw e; // Refused locally: nothing queued.
      }
      for (const m of await client.db.$outbox.where('id').aboveOrEqual(before).toArray()) client.made.set(m.id, m);
    } else {
      fault = step.fault;
      await sync(client).catch((e: unknown) => {
        if (!(e instanceof Error) || !/network error|Could not reach/.test(e.message)) throw e;
      });
      fault = 'none';
    }
  }

  // 3. Quiescence: everyone syncs on a good network until nothing is pending.
  for (let round = 0; round < 3; round++) for (const client of clients) await sync(client);
  for (const client of clients) expect(await client.db.$outbox.count()).toBe(0);

  // 4. Every row the server stored reads back as its schema says: nothing can poison a pull.
  for (const table of TABLE_NAMES) {
    const stored = await server.db.selectFrom(SQL_TABLE[table]).selectAll().execute();
    for (const row of stored) {
      const model = (toModel[table] as (r: unknown) => unknown)(row);
      const parsed = Tables[table].safeParse(model);
      expect(parsed.success, `${table} row ${JSON.stringify(model).slice(0, 300)}: ${parsed.error?.issues[0]?.message}`).toBe(true);
    }
  }

  // 5. Every client holds exactly what the server sends its member from scratch, and set nothing aside.
  for (const client of clients) {
    const full = await callServer(client.target, `/v1/pull?clientID=${client.clientID}&cookie=0`, PullResponse);
    expect(full.more).toBe(false);
    for (const table of TABLE_NAMES) {
      const local = (await (client.db.table(table) as SidenoteDB['notes']).toArray()).map(syncedRow);
      const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(local as { id: string }[]), `${table} of client ${client.clientID}`).toEqual(byId(full.rows[table as TableName]));
    }
    expect(await client.db.$shadow.count()).toBe(0);
    expect(await client.db.$setAside.count()).toBe(0);
  }

  // 6. Every mutation ever made was processed, and applied unless reported refused: creations
  //    exist, deletions stand (nothing undeletes).
  const exists = async (table: 'notes' | 'customers' | 'tasks', id: string) =>
    server.db.selectFrom(table).select(['id', 'deleted_at']).where('id', '=', id).executeTakeFirst();
  const edits = new Map<string, Mutation>();
  for (const client of clients) {
    const refused = new Set((await client.db.$refusals.toArray()).map((r) => r.mutationID));
    const lastMutationID = (await client.db.getMeta<number>('lastMutationID')) ?? 0;
    for (const m of client.made.values()) {
      expect(m.id, 'processed by the server').toBeLessThanOrEqual(lastMutationID);
      if (refused.has(m.id)) continue;
      const args = m.args as { id: string; revisionId?: string };
      if (m.name === 'createNote') expect(await exists('notes', args.id), 'note applied').toBeDefined();
      else if (m.name === 'createCustomer') expect(await exists('customers', args.id), 'customer applied').toBeDefined();
      else if (m.name === 'createTask') expect(await exists('tasks', args.id), 'follow-up applied').toBeDefined();
      else if (m.name === 'deleteNote') expect((await exists('notes', args.id))?.deleted_at, 'note deleted').not.toBeNull();
      else if (m.name === 'deleteTask') expect((await exists('tasks', args.id))?.deleted_at, 'follow-up deleted').not.toBeNull();
      else if (m.name === 'updateNote' && args.revisionId) edits.set(args.revisionId, m);
    }
  }

  // 7. No edit lost, none applied twice: each note's revisions, in the order the server made
  //    them, form one chain from its first text to its text now — each revision holds the text
  //    the edit before it wrote — and every revision belongs to an edit someone made.
  // (A member's two devices may both send a note with one id: the first to arrive is the note.)
  const created = new Map<string, string[]>();
  for (const client of clients)
    for (const m of client.made.values())
      if (m.name === 'createNote') {
        const { id, body } = m.args as { id: string; body: string };
        created.set(id, [...(created.get(id) ?? []), body.trim()]);
      }
  const notes = await server.db.selectFrom('notes').select(['id', 'body']).execute();
  for (const note of notes) {
    const revisions = await server.db
      .selectFrom('note_revisions')
      .select(['id', 'body'])
      .where('note_id', '=', note.id)
      .orderBy('version')
      .execute();
    let text: string | undefined;
    for (const revision of revisions) {
      const edit = edits.get(revision.id);
      expect(edit, `revision ${revision.id} of note ${note.id} comes from an edit`).toBeDefined();
      if (text === undefined)
        expect(created.get(note.id), `the first revision of ${note.id} keeps its first text`).toContain(revision.body);
      else expect(revision.body, `revision ${revision.id} keeps the text before its edit`).toBe(text);
      text = String((edit!.args as { patch: { body: string } }).patch.body).trim();
    }
    if (text === undefined) expect(created.get(note.id), `note ${note.id} holds the text it was written with`).toContain(note.body);
    else expect(note.body, `note ${note.id} holds its last edit`).toBe(text);
  }

  await server.close();
  for (const client of clients) client.db.close();
}

describe('sync under faults (property)', () => {
  it('has a builder for every mutator', () => {
    expect(Object.keys(builders).sort()).toEqual([...MUTATOR_NAMES].sort());
  });

  it(
    `converges and loses nothing over ${RUNS} random histories of every mutator`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc
            .integer({ min: 2, max: 4 })
            .chain((n) => fc.tuple(fc.constant(n), fc.array(op(n), { minLength: 4, maxLength: 30, size: 'max' }))),
          async ([clientCount, ops]) => history(ops, clientCount),
        ),
        { numRuns: RUNS, seed: process.env.SYNC_SEED ? Number(process.env.SYNC_SEED) : undefined, verbose: 1 },
      );
    },
    Math.max(600_000, RUNS * 1_000),
  ); // A second per history at most, on a busy machine.
});
