import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNote, getWith, mutations, postJson, pull, push, testServer, type Device, type TestServer } from '../testing';
import { twoTeams, type TeamIds } from './world';

// A private note reaches no other member in any form — admins included: not its text, not its
// id, not a tombstone, not its revisions, not a moved "last activity" on its customer, not in
// the activity log, not in an export.

let server: TestServer;
let A: TeamIds;
beforeEach(async () => {
  server = await testServer();
  ({ A } = await twoTeams(server));
});
afterEach(() => server.close());

/** Everything a member can read of the team, as one text. */
async function everythingVisibleTo(device: Device): Promise<string> {
  const parts = [JSON.stringify(await pull(server, { ...device, clientID: randomUUID() }))];
  // The customer on screen during a first sync (POST /v1/lookup).
  const lookup = await postJson(server, '/v1/lookup', { lookups: [{ kind: 'domain', value: A.ownedDomain }] }, device.token);
  expect(lookup.status).toBe(200);
  parts.push(await lookup.text());
  for (const path of ['/v1/admin/activity?limit=200', '/v1/admin/export?format=json', '/v1/admin/members', '/v1/devices']) {
    const res = await getWith(server, path, device.token);
    if (res.status === 200) parts.push(await res.text());
  }
  for (const table of ['notes', 'noteRevisions', 'activity', 'customers', 'tasks']) {
    const res = await getWith(server, `/v1/admin/export?format=csv&table=${table}`, device.token);
    if (res.status === 200) parts.push(await res.text());
  }
  return parts.join('\n');
}

describe('private notes', () => {
  it('reach their author only: no teammate of any role sees the note, its revision or a tombstone', async () => {
    const mine = await everythingVisibleTo(A.admin);
    expect(mine).toContain(A.privateText);
    for (const teammate of [A.manager, A.rep]) {
      const seen = await everythingVisibleTo(teammate);
      for (const secret of [A.privateNote, A.revision, A.privateText, 'draft']) expect(seen).not.toContain(secret);
    }
  });

  it('stay hidden from an admin who is not their author, in the pull, the activity log and every export', async () => {
    // The rep writes a private note; the admin reads everything an admin can.
    const noteId = randomUUID();
    const revisionId = randomUUID();
    const before = (await pull(server, A.admin)).rows.customers.find((c) => c.id === A.owned)!;
    server.advance(60_000);
    const { refusals } = await push(
      server,
      A.rep,
      mutations(
        A.rep,
        {
          ...createNote(noteId, A.owned, 'between us: they will sign if we drop the setup fee', { visibility: 'private' }),
          at: server.now(),
        },
        { name: 'updateNote', args: { id: noteId, revisionId, patch: { body: 'between us: 10% off', pinned: true } }, at: server.now() },
      ),
    );
    expect(refusals).toEqual([]);
    const seen = await everythingVisibleTo(A.admin);
    for (const secret of [noteId, revisionId, 'between us', 'setup fee']) expect(seen).not.toContain(secret);
    // Its customer's last activity did not move: "quiet customers" reveal nothing.
    const after = (await pull(server, A.admin)).rows.customers.find((c) => c.id === A.owned)!;
    expect(after.updatedAt).toBe(before.updatedAt);
    // The rep sees their own.
    expect(await everythingVisibleTo(A.rep)).toContain('between us: 10% off');
  });

  it('cannot be edited, deleted, pinned or used for a follow-up by anyone else, admins included', async () => {
    for (const other of [A.admin, A.manager, A.rep].filter((d) => d.member.id !== A.admin.member.id)) {
      const { refusals } = await push(
        server,
        other,
        mutations(
          other,
          { name: 'updateNote', args: { id: A.privateNote, revisionId: randomUUID(), patch: { pinned: true } } },
          { name: 'deleteNote', args: { id: A.privateNote } },
          { name: 'createTask', args: { id: randomUUID(), customerId: A.owned, title: 'x', dueAt: 1, noteId: A.privateNote } },
        ),
      );
      expect(refusals.map((r) => r.code)).toEqual(['not_found', 'not_found', 'not_found']);
    }
  });

  it('give teammates nothing when their author pins or deletes one: no row, no tombstone, no moved customer', async () => {
    // Teammates who have pulled everything so far.
    const cookies = new Map<string, number>();
    for (const teammate of [A.manager, A.rep]) cookies.set(teammate.member.id, (await pull(server, teammate)).cookie);
    const before = (await pull(server, A.rep)).rows.customers.find((c) => c.id === A.owned)!;
    server.advance(60_000);
    const { refusals } = await push(
      server,
      A.admin,
      mutations(
        A.admin,
        { name: 'updateNote', args: { id: A.privateNote, revisionId: randomUUID(), patch: { pinned: true } } },
        { name: 'deleteNote', args: { id: A.privateNote, eventId: randomUUID() } },
      ),
    );
    expect(refusals).toEqual([]);
    for (const teammate of [A.manager, A.rep]) {
      const changes = await pull(server, teammate, cookies.get(teammate.member.id));
      expect(JSON.stringify(changes)).not.toContain(A.privateNote);
      expect(changes.tombstones).toEqual([]);
      expect(Object.values(changes.rows).flat()).toEqual([]);
    }
    const after = (await pull(server, A.rep)).rows.customers.find((c) => c.id === A.owned)!;
    expect(after.updatedAt).toBe(before.updatedAt);
    // Its author sees it deleted.
    const own = (await pull(server, A.admin)).rows.notes.find((n) => n.id === A.privateNote);
    expect(own?.deletedAt).not.toBeNull();
  });
});
