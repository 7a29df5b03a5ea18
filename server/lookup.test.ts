import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LookupResponse } from '../model/lookup';
import {
  createCustomer,
  createNote,
  expectError,
  json,
  mutations,
  postJson,
  pull,
  push,
  teamWithTwoMembers,
  testServer,
  type Device,
  type TestServer,
} from './testing';

let server: TestServer;
let alice: Device;
let bob: Device;
beforeEach(async () => {
  server = await testServer();
  ({ admin: alice, rep: bob } = await teamWithTwoMembers(server));
});
afterEach(() => server.close());

async function lookup(device: Device, lookups: { kind: string; value: string }[]): Promise<LookupResponse> {
  const res = await postJson(server, '/v1/lookup', { lookups }, device.token);
  expect(res.status).toBe(200);
  return LookupResponse.parse(await json(res));
}

describe('POST /v1/lookup', () => {
  it('answers with the customer the first matching lookup names, and what its sidebar shows', async () => {
    const acme = randomUUID();
    const other = randomUUID();
    const taskId = randomUUID();
    expect(
      (
        await push(
          server,
          alice,
          mutations(
            alice,
            createCustomer(acme, 'Acme', [{ kind: 'domain', value: 'acme.com' }]),
            createCustomer(other, 'Other', [{ kind: 'domain', value: 'other.com' }]),
            createNote(randomUUID(), acme, 'sent the quote'),
            createNote(randomUUID(), other, 'not about Acme'),
            { name: 'createTask', args: { id: taskId, customerId: acme, title: 'Call back', dueAt: 1_750_100_000_000 } },
            { name: 'claimCustomer', args: { customerId: acme, eventId: randomUUID() } },
          ),
        )
      ).refusals,
    ).toEqual([]);
    const answer = await lookup(bob, [
      { kind: 'email', value: 'nobody@nowhere.com' },
      { kind: 'domain', value: 'acme.com' },
    ]);
    expect(answer.rows.customers.map((c) => c.name)).toEqual(['Acme']);
    expect(answer.rows.identities.map((i) => i.value)).toEqual(['acme.com']);
    expect(answer.rows.notes.map((n) => n.body)).toEqual(['sent the quote']);
    expect(answer.rows.tasks.map((t) => t.id)).toEqual([taskId]);
    expect(answer.rows.customerEvents.map((e) => e.type)).toContain('claim');
    // Stamped with the version a pull from nothing would end at, in the same history.
    const full = await pull(server, bob);
    expect(answer.asOf).toBe(full.cookie);
    expect(answer.epoch).toBe(full.epoch);
  });

  it('follows merges to the customer that remains', async () => {
    const kept = randomUUID();
    const folded = randomUUID();
    const { refusals } = await push(
      server,
      alice,
      mutations(
        alice,
        createCustomer(kept, 'Huaxin Pack', [{ kind: 'domain', value: 'huaxin.cn' }]),
        createCustomer(folded, '华信包装', [{ kind: 'email', value: 'li@hx-pack.com' }]),
        createNote(randomUUID(), kept, 'quote 12 RMB'),
        { name: 'mergeCustomers', args: { fromId: folded, intoId: kept, eventId: randomUUID() } },
      ),
    );
    expect(refusals).toEqual([]);
    const answer = await lookup(bob, [{ kind: 'email', value: 'li@hx-pack.com' }]);
    expect(answer.rows.customers.filter((c) => c.deletedAt === null).map((c) => c.id)).toEqual([kept]);
    expect(answer.rows.identities.map((i) => i.value).sort()).toEqual(['huaxin.cn', 'li@hx-pack.com']);
    expect(answer.rows.notes.map((n) => n.body)).toEqual(['quote 12 RMB']);
  });

  it('brings private notes to their author only', async () => {
    const acme = randomUUID();
    const { refusals } = await push(
      server,
      alice,
      mutations(
        alice,
        createCustomer(acme, 'Acme', [{ kind: 'domain', value: 'acme.com' }]),
        createNote(randomUUID(), acme, 'shared'),
        createNote(randomUUID(), acme, 'my own draft', { visibility: 'private' }),
      ),
    );
    expect(refusals).toEqual([]);
    const asked = [{ kind: 'domain', value: 'acme.com' }];
    expect((await lookup(alice, asked)).rows.notes.map((n) => n.body).sort()).toEqual(['my own draft', 'shared']);
    expect((await lookup(bob, asked)).rows.notes.map((n) => n.body)).toEqual(['shared']);
  });

  it('answers nothing for what names no customer, and refuses what is not a lookup', async () => {
    const answer = await lookup(bob, [{ kind: 'domain', value: 'unknown.example' }]);
    expect(Object.values(answer.rows).every((rows) => rows.length === 0)).toBe(true);
    await expectError(await postJson(server, '/v1/lookup', { lookups: [] }, bob.token), 400, 'invalid_request');
    await expectError(await postJson(server, '/v1/lookup', { lookups: [{ kind: 'fax', value: '1' }] }, bob.token), 400, 'invalid_request');
    await expectError(await postJson(server, '/v1/lookup', { lookups: [{ kind: 'domain', value: 'acme.com' }] }), 401, 'unauthorized');
  });
});
