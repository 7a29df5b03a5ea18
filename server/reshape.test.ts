import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomer, createNote, mutations, pull, push, teamWithTwoMembers, testServer, T0, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

describe('merging customers and moving addresses', () => {
  it('folds one customer into another with its addresses, notes and follow-ups, and logs it', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      rep,
      mutations(
        rep,
        createCustomer('nw', 'Northwind', [{ kind: 'domain', value: 'northwind-traders.com' }]),
        createCustomer('nwcn', 'Northwind China', [{ kind: 'domain', value: 'northwind-traders.cn' }]),
        createNote('n1', 'nwcn', 'Shanghai office wants samples'),
        { name: 'createTask', args: { id: 't1', customerId: 'nwcn', title: 'Ship samples', dueAt: T0 + 86_400_000 } },
        { name: 'claimCustomer', args: { customerId: 'nwcn', eventId: randomUUID() } },
      ),
    );
    const merged = await push(
      server,
      admin,
      mutations(admin, { name: 'mergeCustomers', args: { fromId: 'nwcn', intoId: 'nw', eventId: randomUUID() } }),
    );
    expect(merged.refusals).toEqual([]);
    const { rows } = await pull(server, rep);
    const byId = Object.fromEntries(rows.customers.map((c) => [c.id, c]));
    expect(byId.nwcn).toMatchObject({ mergedIntoId: 'nw', deletedAt: expect.any(Number) });
    expect(byId.nw).toMatchObject({ ownerId: rep.member.id, deletedAt: null });
    expect(rows.identities.map((i) => [i.value, i.customerId]).sort()).toEqual([
      ['northwind-traders.cn', 'nw'],
      ['northwind-traders.com', 'nw'],
    ]);
    expect(rows.notes[0]).toMatchObject({ id: 'n1', customerId: 'nw' });
    expect(rows.tasks[0]).toMatchObject({ id: 't1', customerId: 'nw' });
    expect(rows.customerEvents.find((e) => e.type === 'merge')).toMatchObject({ customerId: 'nw', from: 'nwcn', note: 'Northwind China' });
    // A note queued offline for the merged customer still lands on the survivor.
    await push(server, admin, mutations(admin, createNote('n2', 'nwcn', 'Late note')));
    expect((await pull(server, rep)).rows.notes.find((n) => n.id === 'n2')?.customerId).toBe('nw');
    const log = await server.db.selectFrom('activity').select('type').where('type', '=', 'customer.merge').execute();
    expect(log).toHaveLength(1);
  });

  it("refuses a rep merging a teammate's customer", async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      admin,
      mutations(
        admin,
        createCustomer('a', 'A', [{ kind: 'domain', value: 'a.com' }]),
        createCustomer('b', 'B', [{ kind: 'domain', value: 'b.com' }]),
        { name: 'claimCustomer', args: { customerId: 'a', eventId: randomUUID() } },
      ),
    );
    const refused = await push(
      server,
      rep,
      mutations(rep, { name: 'mergeCustomers', args: { fromId: 'a', intoId: 'b', eventId: randomUUID() } }),
    );
    expect(refused.refusals[0]).toMatchObject({ code: 'forbidden' });
  });

  it('moves one address to another customer and keeps the move in the history', async () => {
    const { admin } = await teamWithTwoMembers(server);
    await push(
      server,
      admin,
      mutations(
        admin,
        createCustomer('acme', 'Acme', [{ kind: 'email', value: 'buyer@gmail.com' }]),
        createCustomer('globex', 'Globex', [{ kind: 'domain', value: 'globex.com' }]),
      ),
    );
    const identity = (await pull(server, admin)).rows.identities.find((i) => i.value === 'buyer@gmail.com')!;
    await push(
      server,
      admin,
      mutations(admin, { name: 'moveIdentity', args: { identityId: identity.id, toCustomerId: 'globex', eventId: randomUUID() } }),
    );
    const { rows } = await pull(server, admin);
    expect(rows.identities.find((i) => i.id === identity.id)?.customerId).toBe('globex');
    expect(rows.customerEvents.find((e) => e.type === 'move')).toMatchObject({
      customerId: 'globex',
      from: 'acme',
      note: 'buyer@gmail.com (Acme)',
    });
  });
});
