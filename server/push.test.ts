import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushResponse } from '../model/sync';
import {
  capturingLogger,
  createCustomer,
  createNote,
  expectError,
  json,
  mutations,
  postJson,
  pull,
  push,
  rowCounts,
  T0,
  TEST_DIALECT,
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

describe('POST /v1/push', () => {
  it('applies mutations that a teammate then pulls, with their author', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const customerId = randomUUID();
    const noteId = randomUUID();
    const response = PushResponse.parse(
      await push(
        server,
        rep,
        mutations(
          rep,
          createCustomer(customerId, 'Northwind Traders', [{ kind: 'domain', value: 'WWW.Northwind-Traders.com' }]),
          createNote(noteId, customerId, 'Wants a quote for 40 seats', {
            source: { site: 'gmail', url: 'https://mail.google.com/x', title: 'Re: seats' },
          }),
        ),
      ),
    );
    expect(response).toEqual({ lastMutationID: 2, refusals: [] });

    const seen = await pull(server, admin);
    expect(seen.rows.customers).toEqual([
      {
        id: customerId,
        name: 'Northwind Traders',
        ownerId: null,
        stage: 'lead',
        createdAt: T0,
        updatedAt: T0,
        deletedAt: null,
        mergedIntoId: null,
      },
    ]);
    expect(seen.rows.identities).toEqual([
      expect.objectContaining({ customerId, kind: 'domain', value: 'northwind-traders.com', deletedAt: null }),
    ]);
    expect(seen.rows.notes).toEqual([
      {
        id: noteId,
        customerId,
        authorId: rep.member.id,
        kind: 'note',
        change: null,
        body: 'Wants a quote for 40 seats',
        visibility: 'team',
        mentions: [],
        pinned: false,
        source: { site: 'gmail', url: 'https://mail.google.com/x', title: 'Re: seats' },
        createdAt: T0,
        editedAt: null,
        deletedAt: null,
      },
    ]);
    expect(seen.rows.members.map((m) => m.name).sort()).toEqual(['Ada Admin', 'Ravi Rep']);
    expect(seen.more).toBe(false);
    // The audit log has the creation of both, at the transactions' versions.
    const activity = await server.db.selectFrom('activity').select(['type', 'actor_id', 'customer_id']).orderBy('version').execute();
    expect(activity).toEqual([
      { type: 'member.joined', actor_id: expect.any(String), customer_id: null },
      { type: 'member.joined', actor_id: rep.member.id, customer_id: null },
      { type: 'customer.created', actor_id: rep.member.id, customer_id: customerId },
      { type: 'note.created', actor_id: rep.member.id, customer_id: customerId },
    ]);
    expect(server.commits.length).toBe(2 + 1); // two joins, one push (its mutations commit together)
  });

  it('never dates a change after the server clock', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const id = randomUUID();
    await push(server, rep, mutations(rep, { ...createCustomer(id, 'Future Corp'), at: T0 + 3_600_000 }));
    expect((await pull(server, rep)).rows.customers[0]).toMatchObject({ createdAt: T0 });
  });

  it('applies a replayed push once', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const id = randomUUID();
    const batch = mutations(
      rep,
      createCustomer(id, 'Acme', [{ kind: 'domain', value: 'acme.com' }]),
      createNote(randomUUID(), id, 'hello'),
    );
    const first = await push(server, rep, batch);
    const before = await rowCounts(server.db);
    const head = await server.db.selectFrom('teams').select('head_version').executeTakeFirstOrThrow();
    const again = await push(server, rep, batch);
    expect(again).toEqual(first);
    expect(await rowCounts(server.db)).toEqual(before);
    expect(await server.db.selectFrom('teams').select('head_version').executeTakeFirstOrThrow()).toEqual(head);
    // A push overlapping the processed ids applies only the new one.
    const overlap = [batch[1]!, ...mutations(rep, createNote(randomUUID(), id, 'second'))];
    expect(await push(server, rep, overlap)).toEqual({ lastMutationID: 3, refusals: [] });
    expect((await rowCounts(server.db)).notes).toBe(2);
  });

  it('rejects a gap with 409 mutation_gap and processes nothing', async () => {
    const { rep } = await teamWithTwoMembers(server);
    await push(server, rep, mutations(rep, createCustomer(randomUUID(), 'Acme')));
    const before = await rowCounts(server.db);
    const gap = [{ id: 3, name: 'createCustomer', args: createCustomer(randomUUID(), 'Gap Inc').args, at: T0 }];
    const error = await expectError(
      await postJson(server, '/v1/push', { clientID: rep.clientID, mutations: gap }, rep.token),
      409,
      'mutation_gap',
    );
    expect(error.message).toContain('Expected mutation 2');
    expect(await rowCounts(server.db)).toEqual(before);
  });

  it('answers malformed pushes with 400 and writes nothing', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const before = await rowCounts(server.db);
    const good = { id: 1, name: 'createCustomer', args: createCustomer(randomUUID(), 'Acme').args, at: T0 };
    const cases: [unknown, RegExp][] = [
      ['{"clientID": ', /JSON/],
      [{ mutations: [good] }, /^clientID:/],
      [{ clientID: rep.clientID }, /^mutations:/],
      [{ clientID: 'not-a-uuid', mutations: [good] }, /^clientID:/],
      [{ clientID: rep.clientID, mutations: [] }, /^mutations:/],
      [{ clientID: rep.clientID, mutations: [good, { ...good, id: 3 }] }, /^mutations: mutation ids must be consecutive/],
      [{ clientID: rep.clientID, mutations: [{ ...good, id: '1' }] }, /^mutations\.0\.id:/],
      [{ clientID: rep.clientID, mutations: [{ ...good, at: 'yesterday' }] }, /^mutations\.0\.at:/],
      [{ clientID: rep.clientID, mutations: [{ ...good, name: 42 }] }, /^mutations\.0\.name:/],
      [[good], /^request:/],
    ];
    for (const [body, message] of cases) {
      const error = await expectError(await postJson(server, '/v1/push', body, rep.token), 400, 'invalid_request');
      expect(error.message, JSON.stringify(body)).toMatch(message);
    }
    // Not JSON at all.
    const res = await server.app.request('/v1/push', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${rep.token}` },
      body: 'hello',
    });
    await expectError(res, 400, 'invalid_request');
    expect(await rowCounts(server.db)).toEqual(before);
  });

  it('records a refused mutation, reports it, and goes on with the next', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const customerId = randomUUID();
    const response = await push(
      server,
      rep,
      mutations(
        rep,
        createNote(randomUUID(), randomUUID(), 'on a customer nobody made'),
        { name: 'launchRockets', args: {} },
        createCustomer(customerId, 'Acme'),
      ),
    );
    expect(response.lastMutationID).toBe(3);
    expect(response.refusals).toEqual([
      { mutationID: 1, name: 'createNote', code: 'not_found', message: 'That customer no longer exists.', params: { entity: 'customer' } },
      {
        mutationID: 2,
        name: 'launchRockets',
        code: 'invalid',
        message: 'Unknown change "launchRockets".',
        params: { name: 'launchRockets' },
      },
    ]);
    expect((await pull(server, rep)).rows.customers.map((c) => c.id)).toEqual([customerId]);
    // Pull repeats refusals the client has not acknowledged, and only those.
    expect((await pull(server, rep, 0, 0)).refusals.map((r) => r.mutationID)).toEqual([1, 2]);
    expect((await pull(server, rep, 0, 1)).refusals.map((r) => r.mutationID)).toEqual([2]);
    expect((await pull(server, rep, 0, 3)).refusals).toEqual([]);
    expect((await rowCounts(server.db)).notes).toBe(0);
  });

  it('folds a customer created concurrently for the same domain into the first', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const [adaCustomer, raviCustomer] = [randomUUID(), randomUUID()];
    const [adaNote, raviNote] = [randomUUID(), randomUUID()];
    // Neither has pulled the other's customer: both write the first note on Acme at once.
    await Promise.all([
      push(
        server,
        admin,
        mutations(
          admin,
          createCustomer(adaCustomer, 'Acme', [{ kind: 'domain', value: 'acme.com' }]),
          createNote(adaNote, adaCustomer, 'from Ada'),
        ),
      ),
      push(
        server,
        rep,
        mutations(
          rep,
          createCustomer(raviCustomer, 'ACME Inc', [{ kind: 'domain', value: 'www.acme.com' }]),
          createNote(raviNote, raviCustomer, 'from Ravi'),
        ),
      ),
    ]);
    const { rows } = await pull(server, admin);
    const first = rows.customers.find((c) => c.mergedIntoId === null)!;
    const second = rows.customers.find((c) => c.mergedIntoId !== null)!;
    expect(first).toBeDefined();
    expect(second).toMatchObject({ mergedIntoId: first.id, deletedAt: expect.any(Number) });
    expect(rows.identities).toEqual([expect.objectContaining({ customerId: first.id, value: 'acme.com' })]);
    expect(rows.notes.map((n) => [n.id, n.customerId]).sort()).toEqual(
      [
        [adaNote, first.id],
        [raviNote, first.id],
      ].sort(),
    );
  });

  it('writes an identity given twice in one creation once', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const id = randomUUID();
    const response = await push(
      server,
      rep,
      mutations(
        rep,
        createCustomer(id, 'Acme', [
          { kind: 'domain', value: 'acme.com' },
          { kind: 'domain', value: 'WWW.ACME.COM' },
        ]),
      ),
    );
    expect(response).toEqual({ lastMutationID: 1, refusals: [] });
    expect((await pull(server, rep)).rows.identities).toEqual([expect.objectContaining({ customerId: id, value: 'acme.com' })]);
  });

  it('writes nothing of a mutation the database fails, and answers 500 without details', async () => {
    const { logger, lines } = capturingLogger();
    await server.close();
    server = await testServer({ logger });
    const { rep } = await teamWithTwoMembers(server);
    // A real failure half-way through: the customer row is written, then its identity fails.
    if (TEST_DIALECT === 'postgres') {
      await sql`create function identity_fails() returns trigger language plpgsql as $$
        begin raise exception 'disk on fire'; end $$`.execute(server.db);
      await sql`create trigger identity_fails before insert on identities for each row
        when (new.value = 'fails.example') execute function identity_fails()`.execute(server.db);
    } else {
      await sql`create trigger identity_fails before insert on identities
        when new.value = 'fails.example' begin select raise(abort, 'disk on fire'); end`.execute(server.db);
    }
    const before = await rowCounts(server.db);
    const head = await server.db.selectFrom('teams').select('head_version').executeTakeFirstOrThrow();
    const batch = mutations(rep, createCustomer(randomUUID(), 'Doomed', [{ kind: 'domain', value: 'fails.example' }]));
    const res = await postJson(server, '/v1/push', { clientID: rep.clientID, mutations: batch }, rep.token);
    const error = await expectError(res, 500, 'internal');
    expect(error.message).not.toContain('disk on fire');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'request failed',
        err: expect.objectContaining({ message: expect.stringContaining('disk on fire') }),
      }),
    );
    expect(await rowCounts(server.db)).toEqual({ ...before, clients: before.clients + 1 });
    expect(await server.db.selectFrom('teams').select('head_version').executeTakeFirstOrThrow()).toEqual(head);
    expect((await pull(server, rep)).lastMutationID).toBe(0);
  });

  it("refuses another member's clientID with 403 client_mismatch", async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(server, rep, mutations(rep, createCustomer(randomUUID(), 'Acme')));
    const stolen = [{ id: 2, name: 'createCustomer', args: createCustomer(randomUUID(), 'Theft').args, at: T0 }];
    const res = await postJson(server, '/v1/push', { clientID: rep.clientID, mutations: stolen }, admin.token);
    await expectError(res, 403, 'client_mismatch');
    const pulled = await server.app.request(`/v1/pull?clientID=${rep.clientID}`, { headers: { Authorization: `Bearer ${admin.token}` } });
    await expectError(pulled, 403, 'client_mismatch');
    expect((await rowCounts(server.db)).customers).toBe(1);
  });

  it('returns the push response shape of model/sync.ts', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const res = await postJson(
      server,
      '/v1/push',
      { clientID: rep.clientID, mutations: mutations(rep, createCustomer(randomUUID(), 'Acme')) },
      rep.token,
    );
    expect(z.strictObject(PushResponse.shape).parse(await json(res))).toEqual({ lastMutationID: 1, refusals: [] });
  });
});
