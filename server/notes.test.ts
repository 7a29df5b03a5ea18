import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCustomer, createNote, mutations, pull, push, teamWithTwoMembers, testServer, type TestServer } from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

const edit = (id: string, revisionId: string, patch: Record<string, unknown>) => ({ name: 'updateNote', args: { id, revisionId, patch } });

describe('note edits and deletions', () => {
  it('keeps every earlier text as a revision, readable by the team', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      rep,
      mutations(rep, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }]), createNote('n1', 'c1', 'Quote: 10 USD')),
    );
    await push(server, rep, mutations(rep, edit('n1', 'r1', { body: 'Quote: 9.50 USD' }), edit('n1', 'r2', { body: 'Quote: 9 USD' })));
    const seen = await pull(server, admin);
    expect(seen.rows.notes).toEqual([expect.objectContaining({ id: 'n1', body: 'Quote: 9 USD', editedAt: expect.any(Number) })]);
    expect(seen.rows.noteRevisions.map((r) => [r.id, r.body, r.editorId])).toEqual([
      ['r1', 'Quote: 10 USD', rep.member.id],
      ['r2', 'Quote: 9.50 USD', rep.member.id],
    ]);
    const log = await server.db.selectFrom('activity').select('type').where('type', '=', 'note.edited').execute();
    expect(log).toHaveLength(2);
  });

  it("refuses a rep editing a teammate's text, but lets them pin it; a manager may edit", async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      admin,
      mutations(admin, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }]), createNote('n1', 'c1', 'Contract signed')),
    );
    const refused = await push(
      server,
      rep,
      mutations(rep, edit('n1', 'r1', { body: 'Contract lost' }), edit('n1', 'r2', { pinned: true })),
    );
    expect(refused.refusals).toEqual([expect.objectContaining({ mutationID: 1, code: 'forbidden' })]);
    expect(refused.lastMutationID).toBe(2);
    const after = await pull(server, admin);
    expect(after.rows.notes[0]).toMatchObject({ body: 'Contract signed', pinned: true });
    const { refusals } = await push(server, admin, mutations(admin, edit('n1', 'r3', { body: 'Contract signed 2026-11-28' })));
    expect(refusals).toEqual([]);
  });

  it('marks a deleted note deleted and keeps its text for the archive', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      rep,
      mutations(rep, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }]), createNote('n1', 'c1', 'Wrong customer')),
    );
    await push(server, rep, mutations(rep, { name: 'deleteNote', args: { id: 'n1' } }, { name: 'deleteNote', args: { id: 'n1' } }));
    const { rows } = await pull(server, admin);
    expect(rows.notes[0]).toMatchObject({ id: 'n1', body: 'Wrong customer', deletedAt: expect.any(Number) });
    const log = await server.db.selectFrom('activity').select('type').where('type', '=', 'note.deleted').execute();
    expect(log).toHaveLength(1);
  });

  it("never sends a private note's revisions to anyone but its author", async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      rep,
      mutations(
        rep,
        createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }]),
        createNote('n1', 'c1', 'my margin is 30%', { visibility: 'private' }),
      ),
    );
    await push(server, rep, mutations(rep, edit('n1', 'r1', { body: 'my margin is 25%' })));
    const theirs = await pull(server, admin);
    expect(theirs.rows.notes).toEqual([]);
    expect(theirs.rows.noteRevisions).toEqual([]);
    expect(theirs.tombstones).toEqual([]);
    expect(JSON.stringify(theirs)).not.toMatch(/"(n1|r1)"/);
    const mine = await pull(server, rep);
    expect(mine.rows.noteRevisions.map((r) => r.body)).toEqual(['my margin is 30%']);
    // The admin cannot edit what they cannot see.
    const { refusals } = await push(server, admin, mutations(admin, edit('n1', 'r9', { body: 'x' })));
    expect(refusals[0]).toMatchObject({ code: 'not_found' });
  });

  it('converges when two people edit one note: field by field, in server order', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    await push(
      server,
      rep,
      mutations(rep, createCustomer('c1', 'Acme', [{ kind: 'domain', value: 'acme.com' }]), createNote('n1', 'c1', 'v1')),
    );
    await push(server, admin, mutations(admin, edit('n1', 'ra', { pinned: true })));
    await push(server, rep, mutations(rep, edit('n1', 'rb', { body: 'v2' })));
    const a = await pull(server, admin);
    const b = await pull(server, rep);
    expect(a.rows.notes).toEqual(b.rows.notes);
    expect(a.rows.notes[0]).toMatchObject({ body: 'v2', pinned: true });
  });
});
