import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomer, createNote, mutations, pull, push, teamWithTwoMembers, testServer, T0, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

const huaxin = createCustomer('c1', 'Huaxin Pack', [{ kind: 'domain', value: 'huaxin-pack.cn' }]);
const rename = (name: string, eventId: string, customerId = 'c1') => ({ name: 'renameCustomer', args: { customerId, name, eventId } });

/** Corrections (issue 8): every one is kept in the customer's history, saying who made it. */
describe('corrections in the history', () => {
  it('renames a customer, keeping the old name in the history and the audit log; a replay renames once', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(server, rep, mutations(rep, huaxin, rename('华信包装', 'e1')));
    // The same rename sent again (a page re-sent its request) is the same event: nothing more happens.
    await push(server, rep, mutations(rep, rename('华信包装', 'e1')));
    const { rows } = await pull(server, admin);
    expect(rows.customers[0]).toMatchObject({ id: 'c1', name: '华信包装' });
    expect(rows.customerEvents.map((e) => [e.type, e.from, e.to, e.actorId])).toEqual([
      ['rename', 'Huaxin Pack', '华信包装', rep.member.id],
    ]);
    const log = await server.db.selectFrom('activity').select(['type', 'payload']).where('type', '=', 'customer.renamed').execute();
    expect(log.map((l) => JSON.parse(l.payload))).toEqual([{ from: 'Huaxin Pack', to: '华信包装' }]);
  });

  it("refuses a rep renaming a teammate's customer, and lets a manager", async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(server, admin, mutations(admin, huaxin, { name: 'claimCustomer', args: { customerId: 'c1', eventId: 'claim' } }));
    const refused = await push(server, rep, mutations(rep, rename('华信', 'e1')));
    expect(refused.refusals).toEqual([
      expect.objectContaining({ code: 'forbidden', params: { customer: 'Huaxin Pack', action: 'rename' } }),
    ]);
    await push(server, admin, mutations(admin, rename('华信包装', 'e2')));
    expect((await pull(server, rep)).rows.customers[0]!.name).toBe('华信包装');
  });

  it('records who edited and who deleted a team note and a follow-up; a private note leaves no line', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      rep,
      mutations(rep, huaxin, createNote('n1', 'c1', 'Quote 9 USD'), createNote('n2', 'c1', 'My own reminder', { visibility: 'private' }), {
        name: 'createTask',
        args: { id: 't1', customerId: 'c1', title: 'Send samples', dueAt: T0 + 86_400_000 },
      }),
    );
    await push(
      server,
      rep,
      mutations(
        rep,
        { name: 'updateNote', args: { id: 'n1', revisionId: 'r1', patch: { body: 'Quote 8.5 USD' } } },
        { name: 'updateNote', args: { id: 'n2', revisionId: 'r2', patch: { body: 'Still mine' } } },
        { name: 'deleteNote', args: { id: 'n2', eventId: 'd2' } },
      ),
    );
    await push(
      server,
      admin,
      mutations(
        admin,
        { name: 'deleteNote', args: { id: 'n1', eventId: 'd1' } },
        { name: 'deleteTask', args: { id: 't1', eventId: 'd3' } },
      ),
    );
    const { rows } = await pull(server, admin);
    const lines = rows.customerEvents.map((e) => [e.id, e.type, e.actorId, e.from, e.to, e.note]).sort();
    expect(lines).toEqual([
      ['d1', 'noteDelete', admin.member.id, rep.member.id, 'n1', ''],
      ['d3', 'taskDelete', admin.member.id, rep.member.id, 't1', 'Send samples'],
      ['r1', 'noteEdit', rep.member.id, rep.member.id, 'n1', ''],
    ]);
    expect(rows.notes.find((n) => n.id === 'n1')).toMatchObject({ deletedAt: expect.any(Number) });
  });

  it('still deletes a note or follow-up queued by an older client without a history id', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(server, rep, mutations(rep, huaxin, createNote('n1', 'c1', 'Quote 9 USD')));
    expect((await push(server, rep, mutations(rep, { name: 'deleteNote', args: { id: 'n1' } }))).refusals).toEqual([]);
    const { rows } = await pull(server, admin);
    expect(rows.notes[0]!.deletedAt).not.toBeNull();
    expect(rows.customerEvents).toEqual([]);
  });
});
