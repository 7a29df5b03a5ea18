import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createInvite } from './teams';
import { createCustomer, join, mutations, pull, push, teamWithTwoMembers, testServer, T0, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

const acme = createCustomer('acme', 'Acme', [{ kind: 'domain', value: 'acme.com' }]);
const claim = (customerId = 'acme') => ({ name: 'claimCustomer', args: { customerId, eventId: randomUUID() } });
const handOff = (toId: string, note = 'Takes over the Q3 quote', moveTasks = true) => ({
  name: 'handOffCustomer',
  args: { customerId: 'acme', toId, note, moveTasks, eventId: randomUUID() },
});
const task = (id: string, extra: Record<string, unknown> = {}) => ({
  name: 'createTask',
  args: { id, customerId: 'acme', title: `Call back ${id}`, dueAt: T0 + 86_400_000, ...extra },
});

async function threeMembers() {
  const { teamId, admin, rep } = await teamWithTwoMembers(server);
  const other = await join(
    server,
    (await createInvite(server.db, { teamId, role: 'rep' })).inviteCode,
    'Olga Other',
    'olga@sidenote-demo.com',
  );
  return { admin, rep, other };
}

describe('ownership', () => {
  it('lets the first claim win and refuses the second, naming the owner', async () => {
    const { admin, rep, other } = await threeMembers();
    await push(server, admin, mutations(admin, acme));
    expect((await push(server, rep, mutations(rep, claim()))).refusals).toEqual([]);
    const lost = await push(server, other, mutations(other, claim()));
    expect(lost.refusals).toEqual([expect.objectContaining({ code: 'already_owned', params: { owner: 'Ravi Rep', customer: 'Acme' } })]);
    expect(lost.refusals[0]!.message).toBe('Ravi Rep already owns Acme. Ask them for a hand-off.');
    const { rows } = await pull(server, other);
    expect(rows.customers[0]!.ownerId).toBe(rep.member.id);
    expect(rows.customerEvents.map((e) => [e.type, e.to])).toEqual([['claim', rep.member.id]]);
  });

  it('hands off with a required note, moving the open follow-ups with the customer', async () => {
    const { admin, rep, other } = await threeMembers();
    await push(
      server,
      rep,
      mutations(rep, acme, claim(), task('t-open'), task('t-done'), { name: 'completeTask', args: { id: 't-done' } }),
    );
    const noNote = await push(server, rep, mutations(rep, handOff(other.member.id, '   ')));
    expect(noNote.refusals[0]).toMatchObject({ code: 'invalid' });
    expect((await push(server, rep, mutations(rep, handOff(other.member.id)))).refusals).toEqual([]);
    const { rows } = await pull(server, admin);
    expect(rows.customers[0]!.ownerId).toBe(other.member.id);
    expect(Object.fromEntries(rows.tasks.map((t) => [t.id, t.assigneeId]))).toEqual({ 't-open': other.member.id, 't-done': rep.member.id });
    expect(rows.customerEvents.find((e) => e.type === 'handoff')).toMatchObject({
      from: rep.member.id,
      to: other.member.id,
      note: 'Takes over the Q3 quote',
    });
    const log = await server.db.selectFrom('activity').select(['type']).where('customer_id', '=', 'acme').execute();
    expect(log.map((l) => l.type)).toEqual(
      expect.arrayContaining(['customer.owner_changed', 'customer.handoff', 'task.completed', 'task.reassigned']),
    );
  });

  it("refuses a rep handing off a teammate's customer; a manager or admin may reassign it", async () => {
    const { admin, rep, other } = await threeMembers();
    await push(server, rep, mutations(rep, acme, claim()));
    const refused = await push(server, other, mutations(other, handOff(other.member.id)));
    expect(refused.refusals[0]).toMatchObject({ code: 'forbidden', message: 'Only Ravi Rep or a manager can hand off Acme.' });
    expect((await push(server, admin, mutations(admin, handOff(other.member.id)))).refusals).toEqual([]);
    const { rows } = await pull(server, rep);
    expect(rows.customerEvents.map((e) => e.type)).toEqual(['claim', 'reassign']);
  });

  it('transfers every customer and open follow-up of a departing member in one step', async () => {
    const { admin, rep, other } = await threeMembers();
    await push(
      server,
      rep,
      mutations(
        rep,
        acme,
        claim(),
        createCustomer('globex', 'Globex', [{ kind: 'domain', value: 'globex.com' }]),
        claim('globex'),
        task('t1'),
      ),
    );
    const refused = await push(
      server,
      other,
      mutations(other, { name: 'transferMember', args: { fromId: rep.member.id, toId: other.member.id, eventId: randomUUID() } }),
    );
    expect(refused.refusals[0]).toMatchObject({ code: 'forbidden' });
    const done = await push(
      server,
      admin,
      mutations(admin, { name: 'transferMember', args: { fromId: rep.member.id, toId: other.member.id, eventId: randomUUID() } }),
    );
    expect(done.refusals).toEqual([]);
    const { rows } = await pull(server, admin);
    expect(rows.customers.map((c) => c.ownerId)).toEqual([other.member.id, other.member.id]);
    expect(rows.tasks[0]!.assigneeId).toBe(other.member.id);
    expect(rows.customerEvents.filter((e) => e.type === 'transfer')).toHaveLength(2);
  });

  it("changes the stage only to one of the team's stages, and logs it", async () => {
    const { admin } = await threeMembers();
    await push(server, admin, mutations(admin, acme));
    const result = await push(
      server,
      admin,
      mutations(
        admin,
        { name: 'setStage', args: { customerId: 'acme', stage: 'quoted', eventId: randomUUID() } },
        { name: 'setStage', args: { customerId: 'acme', stage: 'bribed', eventId: randomUUID() } },
      ),
    );
    expect(result.refusals).toEqual([expect.objectContaining({ mutationID: 3, code: 'invalid' })]);
    const { rows } = await pull(server, admin);
    expect(rows.customers[0]!.stage).toBe('quoted');
    expect(rows.customerEvents.map((e) => [e.type, e.from, e.to])).toEqual([['stage', 'lead', 'quoted']]);
  });
});

describe('follow-ups', () => {
  it("assigns a new follow-up to the customer's owner by default", async () => {
    const { admin, rep } = await threeMembers();
    await push(server, rep, mutations(rep, acme, claim()));
    await push(server, admin, mutations(admin, task('t1')));
    const { rows } = await pull(server, rep);
    expect(rows.tasks[0]).toMatchObject({ assigneeId: rep.member.id, createdBy: admin.member.id, doneAt: null });
  });

  it('lets only those in charge complete or change it, and merges concurrent changes field by field', async () => {
    const { admin, rep, other } = await threeMembers();
    await push(server, rep, mutations(rep, acme, claim(), task('t1')));
    const refused = await push(server, other, mutations(other, { name: 'completeTask', args: { id: 't1' } }));
    expect(refused.refusals[0]).toMatchObject({ code: 'forbidden' });
    await push(server, admin, mutations(admin, { name: 'updateTask', args: { id: 't1', patch: { assigneeId: other.member.id } } }));
    await push(server, rep, mutations(rep, { name: 'updateTask', args: { id: 't1', patch: { dueAt: T0 + 2 * 86_400_000 } } }));
    const { rows } = await pull(server, other);
    expect(rows.tasks[0]).toMatchObject({ assigneeId: other.member.id, dueAt: T0 + 2 * 86_400_000 });
    await push(server, other, mutations(other, { name: 'completeTask', args: { id: 't1' } }));
    expect((await pull(server, rep)).rows.tasks[0]).toMatchObject({ doneBy: other.member.id, doneAt: expect.any(Number) });
  });
});
