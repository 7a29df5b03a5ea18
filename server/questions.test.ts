import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeAudience, followersOf } from '@/model/acks';
import { questionState } from '@/model/questions';
import { createCustomer, mutations, pull, push, teamWithThreeRoles, testServer, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

const question = (id: string, customerId: string, askedOf: string, extra: Record<string, unknown> = {}) => ({
  name: 'createNote',
  args: { id, customerId, kind: 'question', question: { askedOf }, body: 'Is the 9.50 USD price still valid in March?', ...extra },
});

describe('questions on the server', () => {
  it('a rep asks the owner; the owner answers (once, however often it is sent); the asker resolves', async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    await push(server, admin, mutations(admin, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }])));
    const asked = await push(server, rep, mutations(rep, question('q1', 'c1', admin.member.id)));
    expect(asked.refusals).toEqual([]);
    let rows = (await pull(server, admin)).rows;
    const note = rows.notes.find((n) => n.id === 'q1')!;
    expect(note).toMatchObject({ kind: 'question', authorId: rep.member.id, question: { askedOf: admin.member.id, resolvedAt: null } });
    expect(questionState(note, rows.customerEvents)).toBe('open');

    const answer = { name: 'answerQuestion', args: { id: 'a1', noteId: 'q1', body: 'Yes, until the end of March.' } };
    expect((await push(server, admin, mutations(admin, answer, answer))).refusals).toEqual([]);
    rows = (await pull(server, rep)).rows;
    expect(rows.customerEvents.filter((e) => e.type === 'answer')).toEqual([
      expect.objectContaining({ id: 'a1', actorId: admin.member.id, to: 'q1', note: 'Yes, until the end of March.' }),
    ]);
    expect(
      questionState(
        rows.notes.find((n) => n.id === 'q1')!,
        rows.customerEvents,
      ),
    ).toBe('answered');

    // Only the asker resolves it.
    const resolve = { name: 'resolveQuestion', args: { noteId: 'q1' } };
    expect((await push(server, admin, mutations(admin, resolve))).refusals.map((r) => r.code)).toEqual(['forbidden']);
    expect((await push(server, rep, mutations(rep, resolve))).refusals).toEqual([]);
    rows = (await pull(server, admin)).rows;
    expect(
      questionState(
        rows.notes.find((n) => n.id === 'q1')!,
        rows.customerEvents,
      ),
    ).toBe('resolved');
  });

  it('refuses a private question, one to oneself or to nobody, an answer to a plain note, and a taken answer id', async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    await push(server, admin, mutations(admin, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }])));
    const res = await push(
      server,
      rep,
      mutations(
        rep,
        question('q-private', 'c1', admin.member.id, { visibility: 'private' }),
        question('q-self', 'c1', rep.member.id),
        question('q-nobody', 'c1', 'no-such-member'),
        { name: 'createNote', args: { id: 'q-none', customerId: 'c1', kind: 'question', body: 'to whom?' } },
        { name: 'createNote', args: { id: 'plain', customerId: 'c1', body: 'hello' } },
        { name: 'answerQuestion', args: { id: 'a-plain', noteId: 'plain', body: 'an answer' } },
        question('q1', 'c1', admin.member.id),
        { name: 'answerQuestion', args: { id: 'a1', noteId: 'q1', body: 'mine' } },
      ),
    );
    expect(res.refusals.map((r) => r.code)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid']);
    // Someone else's answer id is theirs: refused, never overwritten.
    const taken = await push(
      server,
      admin,
      mutations(admin, { name: 'answerQuestion', args: { id: 'a1', noteId: 'q1', body: 'rewritten' } }),
    );
    expect(taken.refusals.map((r) => r.code)).toEqual(['conflict']);
    const { rows } = await pull(server, admin);
    expect(rows.notes.map((n) => n.id).sort()).toEqual(['plain', 'q1']);
    expect(rows.customerEvents.filter((e) => e.type === 'answer').map((e) => [e.id, e.note])).toEqual([['a1', 'mine']]);
  });

  it('a private note of someone else is not there to answer or resolve', async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    await push(
      server,
      admin,
      mutations(admin, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }]), {
        name: 'createNote',
        args: { id: 'secret', customerId: 'c1', body: 'between us', visibility: 'private' },
      }),
    );
    const res = await push(
      server,
      rep,
      mutations(
        rep,
        { name: 'answerQuestion', args: { id: 'a1', noteId: 'secret', body: 'peek' } },
        { name: 'resolveQuestion', args: { noteId: 'secret' } },
      ),
    );
    expect(res.refusals.map((r) => r.code)).toEqual(['not_found', 'not_found']);
    expect((await pull(server, rep)).rows.customerEvents.filter((e) => e.to === 'secret')).toEqual([]);
  });
});

describe('following a customer', () => {
  it('is one line per member, rewritten when they stop; a follower is in the change audience', async () => {
    const { admin, manager, rep } = await teamWithThreeRoles(server);
    await push(server, admin, mutations(admin, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }])));
    const follow = (on: boolean) => ({ name: 'followCustomer', args: { customerId: 'c1', follow: on } });
    expect((await push(server, rep, mutations(rep, follow(true), follow(true)))).refusals).toEqual([]);
    expect((await push(server, manager, mutations(manager, follow(false)))).refusals).toEqual([]);
    let rows = (await pull(server, admin)).rows;
    const lines = rows.customerEvents.filter((e) => e.type === 'follow' || e.type === 'unfollow');
    expect(lines.map((e) => [e.type, e.actorId])).toEqual([['follow', rep.member.id]]);
    const customer = rows.customers.find((c) => c.id === 'c1')!;
    expect(changeAudience({ authorId: admin.member.id }, customer, [], rows.customerEvents)).toEqual([rep.member.id]);

    await push(server, rep, mutations(rep, follow(false)));
    rows = (await pull(server, admin)).rows;
    expect(rows.customerEvents.filter((e) => e.type === 'follow' || e.type === 'unfollow').map((e) => e.type)).toEqual(['unfollow']);
    expect([...followersOf(rows.customerEvents)]).toEqual([]);
  });
});
