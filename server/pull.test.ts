import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyRows, PullResponse } from '../model/sync';
import { processPull } from './pull';
import {
  createCustomer,
  createNote,
  expectError,
  json,
  mutations,
  pull,
  pullRequest,
  push,
  pushPrivateAndShared,
  teamWithTwoMembers,
  testServer,
  type TestServer,
} from './testing';
import { z } from '../model/z';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

describe('GET /v1/pull', () => {
  it('answers with the shape of model/sync.ts and the team head as cookie', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const res = await pullRequest(server, rep);
    const body = z.strictObject(PullResponse.shape).parse(await json(res));
    expect(body).toMatchObject({ cookie: 3, lastMutationID: 0, more: false, tombstones: [], refusals: [] });
    // Nothing new since the cookie: an empty answer with the same cookie.
    const again = await pull(server, rep, body.cookie);
    expect(again.rows).toEqual(emptyRows());
    expect(again.cookie).toBe(3);
  });

  it('rejects a malformed query with 400 invalid_request', async () => {
    const { rep } = await teamWithTwoMembers(server);
    for (const query of ['', 'clientID=nope', `clientID=${rep.clientID}&cookie=-1`, `clientID=${rep.clientID}&cookie=abc`]) {
      const res = await server.app.request(`/v1/pull?${query}`, { headers: { Authorization: `Bearer ${rep.token}` } });
      await expectError(res, 400, 'invalid_request');
    }
  });

  it('asks who is calling before what is asked: 401 for a bad or missing token, whatever the query; a duplicated name is malformed', async () => {
    const { rep } = await teamWithTwoMembers(server);
    for (const query of ['clientID=nope', `clientID=${rep.clientID}&cookie=3`]) {
      for (const headers of [{}, { Authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
        await expectError(await server.app.request(`/v1/pull?${query}`, { headers }), 401, 'unauthorized');
      }
    }
    const twice = `clientID=${rep.clientID}&clientID=${rep.clientID}&cookie=3`;
    await expectError(
      await server.app.request(`/v1/pull?${twice}`, { headers: { Authorization: `Bearer ${rep.token}` } }),
      400,
      'invalid_request',
    );
  });

  it('sends a private note to its author only: teammates hear nothing of it, not even a tombstone', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const { secret, shared } = await pushPrivateAndShared(server, rep);
    const author = await pull(server, rep);
    expect(author.rows.notes.map((n) => n.id).sort()).toEqual([secret, shared].sort());
    expect(author.tombstones).toEqual([]);

    const teammate = await pull(server, admin);
    expect(teammate.rows.notes.map((n) => n.id)).toEqual([shared]);
    expect(teammate.tombstones).toEqual([]);
    expect(JSON.stringify(teammate)).not.toContain('churn');
    expect(JSON.stringify(teammate)).not.toContain(secret);
  });

  it("keeps teams apart: another team's token neither sees nor overwrites a row, even by reusing its id", async () => {
    const a = await teamWithTwoMembers(server, 'Team A', ['a-sales.com']);
    const b = await teamWithTwoMembers(server, 'Team B', ['b-sales.com']);
    const customerId = randomUUID();
    const identityId = randomUUID();
    const noteId = randomUUID();
    await push(
      server,
      a.rep,
      mutations(
        a.rep,
        {
          name: 'createCustomer',
          args: { id: customerId, name: 'Acme', identities: [{ id: identityId, kind: 'domain', value: 'acme.com' }] },
        },
        createNote(noteId, customerId, 'A only'),
      ),
    );

    const attack = await push(
      server,
      b.rep,
      mutations(
        b.rep,
        createCustomer(customerId, 'Hijacked'),
        createNote(randomUUID(), customerId, 'B writes on A'),
        createNote(noteId, randomUUID(), 'overwrite A note'),
        {
          name: 'createCustomer',
          args: { id: randomUUID(), name: 'Sneaky', identities: [{ id: identityId, kind: 'domain', value: 'evil.com' }] },
        },
        createCustomer(randomUUID(), 'Acme for B', [{ kind: 'domain', value: 'acme.com' }]),
      ),
    );
    expect(attack.lastMutationID).toBe(5);
    expect(attack.refusals.map((r) => [r.mutationID, r.code])).toEqual([
      [1, 'conflict'],
      [2, 'not_found'],
      [3, 'not_found'],
      [4, 'conflict'],
    ]);

    // Team A's rows are untouched.
    const seenByA = await pull(server, a.admin);
    expect(seenByA.rows.customers).toEqual([expect.objectContaining({ id: customerId, name: 'Acme', mergedIntoId: null })]);
    expect(seenByA.rows.identities).toEqual([expect.objectContaining({ id: identityId, customerId, value: 'acme.com' })]);
    expect(seenByA.rows.notes).toEqual([expect.objectContaining({ id: noteId, body: 'A only' })]);
    expect(seenByA.rows.teams.map((t) => t.name)).toEqual(['Team A']);

    // Team B sees only its own: its own Acme (the same domain is a different customer there).
    const seenByB = await pull(server, b.admin);
    expect(seenByB.rows.teams.map((t) => t.name)).toEqual(['Team B']);
    expect(seenByB.rows.members.map((m) => m.teamId)).toEqual([b.teamId, b.teamId]);
    expect(seenByB.rows.customers.map((c) => c.name)).toEqual(['Acme for B']);
    expect(seenByB.rows.notes).toEqual([]);
    expect(JSON.stringify(seenByB)).not.toContain(customerId);
  });

  it('pages without splitting a transaction, and eventually returns everything', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    // Transactions of varied sizes: customers with 0–6 identities (one larger than a page), notes.
    const batch = [];
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      const identities = Array.from({ length: i % 7 }, (_, k) => ({ kind: 'email', value: `p${k}@c${i}.example` }));
      batch.push(createCustomer(id, `Customer ${i}`, identities), createNote(randomUUID(), id, `note ${i}`));
    }
    await push(server, rep, mutations(rep, ...batch));

    const actor = { memberId: admin.member.id, teamId: admin.team.id, role: admin.member.role };
    const everything = await processPull(server.db, actor, { clientID: admin.clientID, cookie: 0, knownMutationID: 0 });
    expect(everything.more).toBe(false);

    // The version of every row, to check that pages hold whole transactions.
    const versionOf = new Map<string, number>();
    for (const table of ['teams', 'members', 'customers', 'identities', 'notes'] as const) {
      for (const row of await server.db.selectFrom(table).select(['id', 'version']).execute())
        versionOf.set(`${table}:${row.id}`, row.version);
    }
    const rowsAt = new Map<number, Set<string>>();
    for (const [key, version] of versionOf) rowsAt.set(version, (rowsAt.get(version) ?? new Set()).add(key));

    const received = new Set<string>();
    let cookie = 0;
    let pages = 0;
    for (let more = true; more; pages++) {
      expect(pages).toBeLessThan(100);
      const page = await processPull(server.db, actor, { clientID: admin.clientID, cookie, knownMutationID: 0 }, 3);
      const keys = Object.entries(page.rows).flatMap(([table, rows]) => rows.map((r: { id: string }) => `${table}:${r.id}`));
      const versions = new Set(keys.map((k) => versionOf.get(k)!));
      for (const v of versions) {
        expect(v).toBeGreaterThan(cookie);
        expect(v).toBeLessThanOrEqual(page.cookie);
        // Every row of each transaction in this page is in this page.
        for (const key of rowsAt.get(v)!) expect(keys).toContain(key);
      }
      expect(page.cookie).toBeGreaterThan(cookie);
      keys.forEach((k) => received.add(k));
      ({ cookie, more } = page);
    }
    expect(pages).toBeGreaterThan(3);
    expect(cookie).toBe(everything.cookie);
    const all = Object.entries(everything.rows).flatMap(([table, rows]) => rows.map((r: { id: string }) => `${table}:${r.id}`));
    expect([...received].sort()).toEqual(all.sort());
  });

  it('reports lastMutationID 0 for a client it has not seen', async () => {
    const { rep } = await teamWithTwoMembers(server);
    expect((await pull(server, { ...rep, clientID: randomUUID() })).lastMutationID).toBe(0);
  });
});

describe('GET /v1/pull after a restore', () => {
  it('sends everything again to a client whose cookie is ahead of the restored database', async () => {
    const server = await testServer();
    try {
      const { rep } = await teamWithTwoMembers(server);
      const first = await pull(server, rep);
      const again = await pull(server, rep, first.cookie + 1000);
      expect(again.cookie).toBe(first.cookie);
      expect(again.rows.members).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
