import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TeamExport } from './export';
import { importTeam, remapExport } from './import';
import { twoTeams, type TeamIds } from './security/world';
import { createTeam } from './teams';
import { expectError, getWith, join, json, mutations, postJson, pull, push, testServer, type TestServer } from './testing';

let server: TestServer;
let A: TeamIds;
beforeEach(async () => {
  server = await testServer();
  ({ A } = await twoTeams(server));
  // A merge, so an import must order customers; a hand-off, so events name members.
  await push(
    server,
    A.admin,
    mutations(
      A.admin,
      { name: 'mergeCustomers', args: { fromId: A.owned2, intoId: A.owned, eventId: randomUUID() } },
      { name: 'handOffCustomer', args: { customerId: A.owned, toId: A.rep.member.id, note: 'yours now', eventId: randomUUID() } },
      { name: 'setStage', args: { customerId: A.owned, stage: 'quoted', eventId: randomUUID() } },
    ),
  );
});
afterEach(() => server.close());

async function exportOf(token: string): Promise<TeamExport> {
  const res = await getWith(server, '/v1/admin/export?format=json', token);
  expect(res.status).toBe(200);
  return TeamExport.parse(await json(res));
}

describe('export and import', () => {
  it('round-trips: a team exported and imported into an empty team exports the same data, ids aside', async () => {
    const first = await exportOf(A.admin.token);
    expect(first.customers).toHaveLength(3);
    expect(first.notes.map((n) => n.id).sort()).toEqual([A.note, A.privateNote].sort()); // the admin's own private note
    // A new, empty team on the same server; its admin imports the file.
    const { inviteCode } = await createTeam(server.db, { name: 'Empty', domains: [] });
    const admin2 = await join(server, inviteCode, 'Ada Again', A.admin.member.email);
    const res = await postJson(server, '/v1/admin/import', first, admin2.token);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json<{ imported: Record<string, number> }>(res)).imported).toMatchObject({ customers: 3, members: 2, notes: 2 });

    const second = await exportOf(admin2.token);
    expect(second.members.find((m) => m.email === A.admin.member.email)?.id).toBe(admin2.member.id);
    // The hand-off survived with its people: the customer's owner is the rep, by email.
    const owner = second.customers.find((c) => c.name === 'Team A Acme')!.ownerId;
    expect(second.members.find((m) => m.id === owner)?.email).toBe(A.rep.member.email);

    // Through the import's own id map, an export of the imported team equals the original.
    const { inviteCode: third, teamId: thirdTeam } = await createTeam(server.db, { name: 'Empty too', domains: [] });
    const admin3 = await join(server, third, 'Ada', A.admin.member.email);
    const { ids } = await server.db
      .transaction()
      .execute((trx) => importTeam(trx, { teamId: thirdTeam, by: admin3.member.id, now: server.now() }, first));
    expect(new Set(ids.values()).size).toBe(ids.size);
    expect([...ids.values()].filter((id) => ids.has(id))).toEqual([]); // every id is new…
    expect(ids.get(A.admin.member.id)).toBe(admin3.member.id); // …but the importing admin's
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((x, y) => x.id.localeCompare(y.id));
    const tables = (e: TeamExport) => ({
      team: e.team,
      customers: byId(e.customers),
      identities: byId(e.identities),
      notes: byId(e.notes),
      noteRevisions: byId(e.noteRevisions),
      tasks: byId(e.tasks),
      customerEvents: byId(e.customerEvents),
      members: byId(e.members).map((m) => ({ ...m, name: m.id === admin3.member.id ? 'Ada' : m.name })),
    });
    expect(tables(await exportOf(admin3.token))).toEqual(tables(remapExport(first, ids, thirdTeam)));
    // The import is in the log, after the old team's entries.
    expect(second.activity.map((a) => a.type)).toContain('data.imported');
    // Teammates of the new team pull it all.
    const pulled = await pull(server, admin2);
    expect(pulled.rows.customers.map((c) => c.name).sort()).toEqual(first.customers.map((c) => c.name).sort());
  });

  it('imports only into a team with no customers yet', async () => {
    const data = await exportOf(A.admin.token);
    await expectError(await postJson(server, '/v1/admin/import', data, A.admin.token), 409, 'team_not_empty');
  });

  it('refuses a file whose rows do not fit together, writing nothing', async () => {
    const data = await exportOf(A.admin.token);
    const { inviteCode } = await createTeam(server.db, { name: 'Empty', domains: [] });
    const admin2 = await join(server, inviteCode, 'Ada', 'ada2@x.com');
    const broken = { ...data, notes: [{ ...data.notes[0]!, customerId: 'no-such-customer' }] };
    await expectError(await postJson(server, '/v1/admin/import', broken, admin2.token), 400, 'invalid_import');
    expect((await pull(server, admin2)).rows.customers).toEqual([]);
  });

  it('exports each table as CSV that Excel opens in UTF-8, with formulas defused', async () => {
    await push(
      server,
      A.admin,
      mutations(A.admin, { name: 'createNote', args: { id: randomUUID(), customerId: A.owned, body: '=HYPERLINK("x") 报价, "quoted"' } }),
    );
    const res = await getWith(server, '/v1/admin/export?format=csv&table=notes', A.admin.token);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM: Excel then reads UTF-8
    const csv = new TextDecoder().decode(bytes);
    expect(csv.startsWith('id,customerId,authorId,kind,change,body,')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"") 报价, ""quoted"""`);
    await expectError(await getWith(server, '/v1/admin/export?format=csv', A.admin.token), 400, 'invalid_request');
  });
});
