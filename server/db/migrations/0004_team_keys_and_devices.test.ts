import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../connect';
import { migrateTo, migrateToLatest } from '../migrate';

// 0004 rebuilds every table with (team_id, id) foreign keys: the rows of a database made
// before it must all be there after it, and a row pointing into another team must be refused.

let database: OpenDatabase;
afterEach(() => database.close());

async function seedBefore0004(db: OpenDatabase['db']) {
  const team = (id: string) => ({ id, name: id, domains: '[]', settings: '{}', head_version: 5, version: 1, created_at: 1 });
  await db
    .insertInto('teams')
    .values([team('A'), team('B')])
    .execute();
  const member = (id: string, team_id: string) => ({
    id,
    team_id,
    name: id,
    email: `${id}@x.com`,
    role: 'admin',
    active: 1,
    created_at: 1,
    version: 2,
  });
  await db
    .insertInto('members')
    .values([member('a1', 'A'), member('b1', 'B')])
    .execute();
  // Columns of 0001: tokens had no id, invites no id; the old shapes are typed as any here.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema of 0003's time
  const legacy = db as unknown as Kysely<any>;
  await legacy.insertInto('tokens').values({ hash: 'h1', member_id: 'a1', team_id: 'A', created_at: 1, revoked_at: null }).execute();
  await legacy
    .insertInto('invites')
    .values({ code_hash: 'c1', team_id: 'A', role: 'rep', created_at: 1, expires_at: 9e12, used_at: null, used_by_member_id: null })
    .execute();
  await db
    .insertInto('clients')
    .values({ id: 'k1', team_id: 'A', member_id: 'a1', last_mutation_id: 3, created_at: 1, updated_at: 1 })
    .execute();
  await db
    .insertInto('refusals')
    .values({ client_id: 'k1', mutation_id: 2, name: 'x', code: 'invalid', message: 'm', params: '{}', at: 1 })
    .execute();
  const customer = { team_id: 'A', name: 'Acme', stage: 'lead', created_at: 1, updated_at: 1, deleted_at: null, version: 3 };
  await db
    .insertInto('customers')
    .values([
      { ...customer, id: 'cu2', owner_id: 'a1', merged_into_id: null },
      { ...customer, id: 'cu1', owner_id: null, merged_into_id: 'cu2', deleted_at: 2 },
    ])
    .execute();
  await db
    .insertInto('identities')
    .values({ id: 'i1', team_id: 'A', customer_id: 'cu2', kind: 'domain', value: 'acme.com', deleted_at: null, version: 3 })
    .execute();
  await db
    .insertInto('notes')
    .values({
      id: 'n1',
      team_id: 'A',
      customer_id: 'cu2',
      author_id: 'a1',
      kind: 'note',
      change: null,
      body: 'hello',
      visibility: 'team',
      mentions: '[]',
      pinned: 0,
      source: null,
      created_at: 1,
      edited_at: null,
      deleted_at: null,
      version: 4,
    })
    .execute();
  await db
    .insertInto('note_revisions')
    .values({
      id: 'r1',
      team_id: 'A',
      note_id: 'n1',
      customer_id: 'cu2',
      note_author_id: 'a1',
      visibility: 'team',
      editor_id: 'a1',
      body: 'hi',
      at: 2,
      version: 4,
    })
    .execute();
  await db
    .insertInto('tasks')
    .values({
      id: 't1',
      team_id: 'A',
      customer_id: 'cu2',
      title: 'call',
      assignee_id: 'a1',
      due_at: 5,
      done_at: null,
      done_by: null,
      created_by: 'a1',
      created_at: 1,
      updated_at: 1,
      note_id: 'n1',
      source: null,
      deleted_at: null,
      version: 5,
    })
    .execute();
  await db
    .insertInto('customer_events')
    .values({
      id: 'e1',
      team_id: 'A',
      customer_id: 'cu2',
      type: 'claim',
      actor_id: 'a1',
      at: 1,
      from_value: null,
      to_value: 'a1',
      note: '',
      version: 3,
    })
    .execute();
  await db
    .insertInto('activity')
    .values({ id: 'x1', team_id: 'A', version: 3, at: 1, actor_id: 'a1', type: 'customer.created', customer_id: 'cu2', payload: '{}' })
    .execute();
}

const TABLES = [
  'teams',
  'members',
  'tokens',
  'invites',
  'clients',
  'refusals',
  'customers',
  'identities',
  'notes',
  'note_revisions',
  'tasks',
  'customer_events',
  'activity',
];

async function counts(db: OpenDatabase['db']) {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0]!.n);
  return out;
}

describe('migration 0004: team-scoped foreign keys and devices', () => {
  it('keeps every row, gives tokens and invites ids, and refuses a reference into another team', async () => {
    database = openDatabase(':memory:');
    const { db } = database;
    await migrateTo(db, '0003_tasks_and_ownership');
    await seedBefore0004(db);
    const before = await counts(db);
    const notesBefore = await db.selectFrom('notes').selectAll().execute();

    await migrateToLatest(db);

    expect(await counts(db)).toEqual(before);
    // Every note as it was (a later migration's new column aside: 0008's `question`, null on them all).
    const notesAfter = await db.selectFrom('notes').selectAll().execute();
    for (const note of notesAfter) expect(note.question).toBeNull();
    expect(notesAfter.map(({ question: _question, ...rest }) => rest)).toEqual(notesBefore);
    const token = await db.selectFrom('tokens').selectAll().executeTakeFirstOrThrow();
    expect(token).toMatchObject({
      hash: 'h1',
      member_id: 'a1',
      team_id: 'A',
      label: '',
      revoked_at: null,
      id: expect.stringMatching(/^[\w-]{36}$/),
    });
    expect(await db.selectFrom('invites').select(['id', 'member_id']).executeTakeFirstOrThrow()).toMatchObject({ member_id: null });

    // A note of team B on team A's customer, a task of A assigned to B's member: refused.
    const note = { ...notesBefore[0]!, id: 'n2', team_id: 'B', author_id: 'b1' };
    await expect(db.insertInto('notes').values(note).execute()).rejects.toThrow(/FOREIGN KEY/);
    await expect(db.updateTable('tasks').set({ assignee_id: 'b1' }).where('id', '=', 't1').execute()).rejects.toThrow(/FOREIGN KEY/);
    await expect(db.updateTable('customers').set({ owner_id: 'b1' }).where('id', '=', 'cu2').execute()).rejects.toThrow(/FOREIGN KEY/);
    // Within the team, the same writes stand.
    await db
      .insertInto('notes')
      .values({ ...note, team_id: 'A', author_id: 'a1' })
      .execute();
  });
});
