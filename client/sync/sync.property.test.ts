import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { customerCandidates } from '@/model/context';
import { MutationError } from '@/model/mutators';
import { TABLE_NAMES, type TableName } from '@/model/schemas';
import { PullResponse, type Mutation } from '@/model/sync';
import { createApp } from '@/server/app';
import { openDatabase } from '@/server/db/connect';
import { migrateToLatest } from '@/server/db/migrate';
import { createInvite, createTeam } from '@/server/teams';
import { SidenoteDB } from '../db';
import { syncedRow } from '../derived-indexes';
import { mutate } from '../mutate';
import { addNoteOnCandidate, writeOnCandidate } from '../notes';
import { actorOf } from './engine';
import { callServer, type HttpTarget } from './http';
import { pullChanges } from './pull';
import { pushOutbox } from './push';

/**
 * Property: whatever the network and the server do — dropped requests, dropped responses,
 * duplicated and late replayed pushes, server restarts — once everyone syncs on a good
 * network, every client holds exactly what the server would send it, and every mutation any
 * client ever made was either applied or reported to that client as refused. Nothing is lost,
 * nothing applied twice. SYNC_RUNS=10000 runs more histories; a failure prints its seed.
 */

const RUNS = Number(process.env.SYNC_RUNS ?? 500);
const SHM = '/dev/shm';
const root = mkdtempSync(join(SHM, 'sidenote-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const COMPANIES = ['northwind-traders.com', 'contoso.com', 'li.lei@163.com'];
const SERVER_URL = 'http://sidenote.test';

type Fault = 'none' | 'dropRequest' | 'dropResponse' | 'duplicate' | 'replayOld';
type Op =
  | { kind: 'note'; client: number; company: number; body: string }
  | { kind: 'claim'; client: number; company: number }
  | { kind: 'edit'; client: number; pick: number; body: string | null; pinned: boolean | null }
  | { kind: 'delete'; client: number; pick: number }
  | { kind: 'sync'; client: number; fault: Fault }
  | { kind: 'restart' };

const op = (clients: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('note' as const),
        client: fc.nat(clients - 1),
        company: fc.nat(2),
        body: fc.string({ minLength: 1, maxLength: 8 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('edit' as const),
        client: fc.nat(clients - 1),
        pick: fc.nat(),
        body: fc.option(fc.string({ minLength: 1, maxLength: 8 })),
        pinned: fc.option(fc.boolean()),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), client: fc.nat(clients - 1), pick: fc.nat() }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('claim' as const), client: fc.nat(clients - 1), company: fc.nat(2) }) },
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
  session: { member: { id: string; email: string; role: 'rep' | 'manager' | 'admin' }; team: { id: string; domains: string[] } };
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

  // 1. A team and one device per member (the last two share a member: one person, two devices).
  const { teamId, inviteCode } = await createTeam(server.db, { name: 'Prop', domains: ['sidenote-demo.com'] });
  const clients: SimClient[] = [];
  const joined: { token: string; member: SimClient['session']['member']; team: SimClient['session']['team'] }[] = [];
  for (let i = 0; i < clientCount; i++) {
    if (i === clientCount - 1 && i > 1) {
      joined.push(joined[i - 1]!);
      continue;
    }
    const code = i === 0 ? inviteCode : (await createInvite(server.db, { teamId, role: 'rep' })).inviteCode;
    const res = await server.app.request('/v1/join', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: code, name: `Member ${i}`, email: `m${i}@sidenote-demo.com` }),
    });
    joined.push((await res.json()) as (typeof joined)[number]);
  }
  for (const j of joined) {
    const db = new SidenoteDB(`prop-${crypto.randomUUID()}`);
    clients.push({
      db,
      clientID: crypto.randomUUID(),
      target: { serverUrl: SERVER_URL, token: j.token, fetch: network },
      session: { member: j.member, team: j.team },
      made: new Map(),
    });
  }

  const queue = async (client: SimClient, fn: () => Promise<void>) => {
    const before = (await client.db.getMeta<number>('nextMutationID')) ?? 1;
    try {
      await fn();
    } catch (e) {
      if (!(e instanceof MutationError)) throw e; // Refused locally: nothing queued.
    }
    for (const m of await client.db.$outbox.where('id').aboveOrEqual(before).toArray()) client.made.set(m.id, m);
  };
  const sync = async (client: SimClient) => {
    const actor = actorOf(client.session as never);
    await pushOutbox(client.db, client.target, client.clientID);
    await pullChanges(client.db, client.target, client.clientID, actor);
  };

  // 2. The history.
  for (const step of ops) {
    if (step.kind === 'restart') {
      await server.close();
      server = await startServerOn(file);
      continue;
    }
    const client = clients[step.client]!;
    const actor = actorOf(client.session as never);
    const company = COMPANIES['company' in step ? step.company : 0]!;
    const email = company.includes('@') ? company : `buyer@${company}`;
    const self = { email: client.session.member.email, teamDomains: client.session.team.domains };
    const candidate = customerCandidates({ people: [{ email, name: 'Buyer' }] }, self)[0]!;
    if (step.kind === 'claim') {
      await queue(client, () =>
        writeOnCandidate(client.db, actor, candidate, (customerId) => [
          { name: 'claimCustomer', args: { customerId, eventId: crypto.randomUUID() } },
        ]),
      );
    } else if (step.kind === 'note') {
      await queue(client, () =>
        addNoteOnCandidate(client.db, actor, { site: 'gmail', url: 'https://mail.google.com/', title: 't' }, candidate, {
          noteId: crypto.randomUUID(),
          body: step.body.trim() || 'x',
          kind: 'note',
        }),
      );
    } else if (step.kind === 'edit' || step.kind === 'delete') {
      const notes = await client.db.notes.filter((n) => n.deletedAt === null).toArray();
      const note = notes[step.pick % Math.max(notes.length, 1)];
      if (!note) continue;
      if (step.kind === 'delete') {
        await queue(client, () => mutate(client.db, actor, [{ name: 'deleteNote', args: { id: note.id } }]).then(() => {}));
      } else {
        const patch = { ...(step.body?.trim() ? { body: step.body } : {}), ...(step.pinned === null ? {} : { pinned: step.pinned }) };
        if (Object.keys(patch).length === 0) continue;
        await queue(client, () =>
          mutate(client.db, actor, [{ name: 'updateNote', args: { id: note.id, revisionId: crypto.randomUUID(), patch } }]).then(() => {}),
        );
      }
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

  // 4. Every client holds exactly what the server sends its member from scratch.
  for (const client of clients) {
    const full = await callServer(client.target, `/v1/pull?clientID=${client.clientID}&cookie=0`, PullResponse);
    expect(full.more).toBe(false);
    for (const table of TABLE_NAMES) {
      const local = (await (client.db.table(table) as SidenoteDB['notes']).toArray()).map(syncedRow);
      const byId = (rows: { id: string }[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
      expect(byId(local as { id: string }[]), `${table} of client ${client.clientID}`).toEqual(byId(full.rows[table as TableName]));
    }
    expect(await client.db.$shadow.count()).toBe(0);
  }

  // 5. Every mutation ever made was applied or reported refused: none silently lost.
  for (const client of clients) {
    const refused = new Set((await client.db.$refusals.toArray()).map((r) => r.mutationID));
    const lastMutationID = (await client.db.getMeta<number>('lastMutationID')) ?? 0;
    for (const m of client.made.values()) {
      expect(m.id, 'processed by the server').toBeLessThanOrEqual(lastMutationID);
      if (refused.has(m.id)) continue;
      const args = m.args as { id: string; revisionId?: string; patch?: { body?: string } };
      if (m.name === 'createNote') {
        expect(await server.db.selectFrom('notes').select('id').where('id', '=', args.id).executeTakeFirst(), 'note applied').toBeDefined();
      } else if (m.name === 'createCustomer') {
        expect(
          await server.db.selectFrom('customers').select('id').where('id', '=', args.id).executeTakeFirst(),
          'customer applied',
        ).toBeDefined();
      } else if (m.name === 'updateNote' && args.patch?.body !== undefined) {
        const note = await server.db.selectFrom('notes').select('body').where('id', '=', args.id).executeTakeFirstOrThrow();
        const revision = await server.db.selectFrom('note_revisions').select('id').where('id', '=', args.revisionId!).executeTakeFirst();
        // An edit to the text it already had keeps no revision; any other edit keeps one.
        if (!revision) expect(note.body).toBeDefined();
      } else if (m.name === 'deleteNote') {
        const note = await server.db.selectFrom('notes').select('deleted_at').where('id', '=', args.id).executeTakeFirstOrThrow();
        expect(note.deleted_at, 'note deleted').not.toBeNull();
      }
    }
  }
  // No mutation was applied twice: each note edit left at most one revision.
  const revisions = await server.db.selectFrom('note_revisions').select('id').execute();
  expect(new Set(revisions.map((r) => r.id)).size).toBe(revisions.length);

  await server.close();
  for (const client of clients) client.db.close();
}

describe('sync under faults (property)', () => {
  it(`converges and loses nothing over ${RUNS} random histories`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3 }).chain((n) => fc.tuple(fc.constant(n), fc.array(op(n), { minLength: 1, maxLength: 25 }))),
        async ([clientCount, ops]) => history(ops, clientCount),
      ),
      { numRuns: RUNS, seed: process.env.SYNC_SEED ? Number(process.env.SYNC_SEED) : undefined, verbose: 1 },
    );
  }, 600_000);
});
