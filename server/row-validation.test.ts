import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkedRow, MutationError, validatingStore, type MutatorStore } from '../model/mutators';
import { PullResponse } from '../model/sync';
import { createCustomer, createNote, mutations, pull, push, teamWithTwoMembers, testServer, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

// Rows a mutator derives (history lines, generated ids) once reached the database unchecked; a
// teammate's client then rejected the whole pull page and the team's sync stopped for good.
describe('every row a mutation writes is parsed before it is written', () => {
  it('moves an address with a 2,000-character value off a customer with a long name, and every client can read the history', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const page = `https://crm.example.com/record/${'x'.repeat(1990)}`;
    const longName = '华'.repeat(200);
    const identityId = randomUUID();
    const first = await push(
      server,
      admin,
      mutations(
        admin,
        { name: 'createCustomer', args: { id: 'a', name: longName, identities: [{ id: identityId, kind: 'url', value: page }] } },
        createCustomer('b', 'Huaxin Pack', [{ kind: 'domain', value: 'huaxin-pack.cn' }]),
        { name: 'moveIdentity', args: { identityId, toCustomerId: 'b', eventId: randomUUID() } },
      ),
    );
    expect(first.refusals).toEqual([]);
    // The teammate's pull parses as the client parses it: nothing in it is unreadable.
    const body = await pull(server, rep);
    expect(PullResponse.safeParse(body).success).toBe(true);
    const move = body.rows.customerEvents.find((e) => e.type === 'move')!;
    expect(move.note.length).toBeLessThanOrEqual(2000);
    expect(move.note.endsWith('…')).toBe(true);
  });

  it('transfers the customers of a member whose ids are at the id limit', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const longId = (c: string) => c.repeat(100);
    await push(
      server,
      rep,
      mutations(rep, createCustomer(longId('c'), 'Contoso', [{ kind: 'domain', value: 'contoso.com' }]), {
        name: 'claimCustomer',
        args: { customerId: longId('c'), eventId: randomUUID() },
      }),
    );
    const eventId = longId('e');
    const transfer = mutations(admin, { name: 'transferMember', args: { fromId: rep.member.id, toId: admin.member.id, eventId } });
    expect((await push(server, admin, transfer)).refusals).toEqual([]);
    const body = await pull(server, rep);
    expect(PullResponse.safeParse(body).success).toBe(true);
    const event = body.rows.customerEvents.find((e) => e.type === 'transfer')!;
    expect(event.id.length).toBeLessThanOrEqual(100);
    expect(body.rows.customers.find((c) => c.id === longId('c'))?.ownerId).toBe(admin.member.id);
    // The same transfer replayed (a new mutation id, same event id) makes no second history entry.
    await push(
      server,
      admin,
      mutations(admin, { name: 'transferMember', args: { fromId: rep.member.id, toId: admin.member.id, eventId } }),
    );
    expect((await pull(server, rep)).rows.customerEvents.filter((e) => e.type === 'transfer')).toHaveLength(1);
  });

  it('gives mutators a store that refuses a row its schema does not read, before anything is written', async () => {
    const { admin } = await teamWithTwoMembers(server);
    await push(server, admin, mutations(admin, createCustomer('c1', 'Contoso'), createNote('n1', 'c1', 'hello')));
    const before = await pull(server, admin);
    // The store a mutator gets refuses the row before the database sees it.
    const writes: unknown[] = [];
    const raw: MutatorStore = {
      get: async () => undefined,
      put: async (_t, row) => void writes.push(row),
      findIdentity: async () => undefined,
      list: async () => [],
    };
    const store = validatingStore(raw);
    const bad = { ...before.rows.notes[0]!, body: 'x'.repeat(20_001) };
    await expect(store.put('notes', bad)).rejects.toBeInstanceOf(MutationError);
    await expect(store.put('notes', bad)).rejects.toMatchObject({ code: 'invalid', params: { table: 'notes', field: 'body' } });
    expect(writes).toEqual([]);
    // A good row passes through as its schema reads it (unknown keys dropped).
    await store.put('notes', { ...before.rows.notes[0]!, extra: 1 } as never);
    expect(writes).toEqual([before.rows.notes[0]]);
    expect(() => checkedRow('customerEvents', {} as never)).toThrow(MutationError);
  });
});
