import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ackersOf, changeAudience, seenBy } from '@/model/acks';
import { createCustomer, mutations, pull, push, teamWithTwoMembers, testServer, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

const changeNote = (id: string, customerId: string, visibility: 'team' | 'private' = 'team') => ({
  name: 'createNote',
  args: { id, customerId, kind: 'change', change: { topic: 'quote', summary: 'Price now 9 USD' }, body: 'New quote', visibility },
});
const ack = (noteId: string) => ({ name: 'acknowledgeChange', args: { noteId } });

describe('acknowledging a change note', () => {
  it('records one ack line per member, however often it is sent, and the author sees who has seen it', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    // The rep's customer (a creator owns what they create): the rep is the audience of the admin's change.
    await push(server, rep, mutations(rep, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }])));
    await push(server, rep, mutations(rep, { name: 'claimCustomer', args: { customerId: 'c1', eventId: 'e-claim' } }));
    await push(server, admin, mutations(admin, changeNote('n1', 'c1')));
    const before = await pull(server, admin);
    const customer = before.rows.customers.find((c) => c.id === 'c1')!;
    const note = before.rows.notes.find((n) => n.id === 'n1')!;
    const audience = changeAudience(note, customer, before.rows.tasks);
    expect(audience).toEqual([rep.member.id]);
    expect(seenBy(audience, ackersOf('n1', before.rows.customerEvents))).toEqual({ seen: [], waiting: [rep.member.id] });

    const res = await push(server, rep, mutations(rep, ack('n1'), ack('n1')));
    expect(res.refusals).toEqual([]);
    const after = await pull(server, admin);
    const acks = after.rows.customerEvents.filter((e) => e.type === 'ack');
    expect(acks).toEqual([expect.objectContaining({ customerId: 'c1', actorId: rep.member.id, to: 'n1' })]);
    expect(seenBy(audience, ackersOf('n1', after.rows.customerEvents))).toEqual({ seen: [rep.member.id], waiting: [] });
  });

  it('refuses acknowledging a plain note, and a private change is nobody else’s to see', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      admin,
      mutations(
        admin,
        createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }]),
        { name: 'createNote', args: { id: 'plain', customerId: 'c1', body: 'hello' } },
        changeNote('secret', 'c1', 'private'),
      ),
    );
    const res = await push(server, rep, mutations(rep, ack('plain'), ack('secret'), ack('missing')));
    expect(res.refusals.map((r) => r.code)).toEqual(['invalid', 'not_found', 'not_found']);
    const { rows } = await pull(server, admin);
    expect(rows.customerEvents.filter((e) => e.type === 'ack')).toEqual([]);
  });
});
