import { randomUUID } from 'node:crypto';
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their own time */

/**
 * Foreign keys become (team_id, id): a row can only point at a row of its own team, so a bug
 * that mixes teams fails closed in the database. Tokens become devices (an id to show and
 * revoke, a label, when last used); an invite can be a device code for an existing member.
 *
 * SQLite cannot add constraints to a table, so every table whose keys change is rebuilt the
 * same way on both databases: (1) create `x__new` with the new constraints, parents first;
 * (2) copy the rows; (3) drop the old tables, children first, so no constraint ever points at
 * a missing row; (4) rename `x__new` to `x` (SQLite rewrites the references to `x__new`,
 * PostgreSQL follows the table itself); (5) recreate the indexes. All in the migration's
 * one transaction: it applies whole or not at all.
 */

type Builder = CreateTableBuilder<string, any>;

/** Each rebuilt table: its columns and constraints, given the names its parents have during the rebuild. */
const TABLES: { name: string; define: (t: Builder, ref: (table: string) => string) => Builder }[] = [
  {
    name: 'members',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('members_pk', ['id'])
        .addUniqueConstraint('members_team_id_unique', ['team_id', 'id'])
        .addUniqueConstraint('members_team_email_unique', ['team_id', 'email'])
        .addForeignKeyConstraint('members_team_fk', ['team_id'], ref('teams'), ['id']),
  },
  {
    name: 'invites',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('code_hash', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('used_at', 'bigint')
        .addColumn('used_by_member_id', 'text')
        // Set for a device code: the member it signs a device in as.
        .addColumn('member_id', 'text')
        // The admin who made it (null: the command line).
        .addColumn('created_by', 'text')
        .addPrimaryKeyConstraint('invites_pk', ['id'])
        .addUniqueConstraint('invites_code_hash_unique', ['code_hash'])
        .addForeignKeyConstraint('invites_team_fk', ['team_id'], ref('teams'), ['id'])
        .addForeignKeyConstraint('invites_used_by_fk', ['team_id', 'used_by_member_id'], ref('members'), ['team_id', 'id'])
        .addForeignKeyConstraint('invites_member_fk', ['team_id', 'member_id'], ref('members'), ['team_id', 'id'])
        .addForeignKeyConstraint('invites_created_by_fk', ['team_id', 'created_by'], ref('members'), ['team_id', 'id']),
  },
  {
    name: 'tokens',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .addPrimaryKeyConstraint('tokens_pk', ['id'])
        .addUniqueConstraint('tokens_hash_unique', ['hash'])
        .addForeignKeyConstraint('tokens_member_fk', ['team_id', 'member_id'], ref('members'), ['team_id', 'id']),
  },
  {
    name: 'clients',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('member_id', 'text', (c) => c.notNull())
        .addColumn('last_mutation_id', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('clients_pk', ['id'])
        .addForeignKeyConstraint('clients_member_fk', ['team_id', 'member_id'], ref('members'), ['team_id', 'id']),
  },
  {
    name: 'refusals',
    define: (t, ref) =>
      t
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('mutation_id', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('refusals_key', ['client_id', 'mutation_id'])
        .addForeignKeyConstraint('refusals_client_fk', ['client_id'], ref('clients'), ['id']),
  },
  {
    name: 'customers',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .addColumn('merged_into_id', 'text')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('customers_pk', ['id'])
        .addUniqueConstraint('customers_team_id_unique', ['team_id', 'id'])
        .addForeignKeyConstraint('customers_team_fk', ['team_id'], ref('teams'), ['id'])
        .addForeignKeyConstraint('customers_owner_fk', ['team_id', 'owner_id'], ref('members'), ['team_id', 'id'])
        .addForeignKeyConstraint('customers_merged_into_fk', ['team_id', 'merged_into_id'], ref('customers'), ['team_id', 'id']),
  },
  {
    name: 'identities',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('deleted_at', 'bigint')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('identities_pk', ['id'])
        .addForeignKeyConstraint('identities_customer_fk', ['team_id', 'customer_id'], ref('customers'), ['team_id', 'id']),
  },
  {
    name: 'notes',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('change', 'text')
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('mentions', 'text', (c) => c.notNull())
        .addColumn('pinned', 'integer', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('edited_at', 'bigint')
        .addColumn('deleted_at', 'bigint')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('notes_pk', ['id'])
        .addUniqueConstraint('notes_team_id_unique', ['team_id', 'id'])
        .addForeignKeyConstraint('notes_customer_fk', ['team_id', 'customer_id'], ref('customers'), ['team_id', 'id'])
        .addForeignKeyConstraint('notes_author_fk', ['team_id', 'author_id'], ref('members'), ['team_id', 'id']),
  },
  {
    name: 'note_revisions',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('note_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('note_author_id', 'text', (c) => c.notNull())
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('editor_id', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('note_revisions_pk', ['id'])
        .addForeignKeyConstraint('note_revisions_note_fk', ['team_id', 'note_id'], ref('notes'), ['team_id', 'id'])
        .addForeignKeyConstraint('note_revisions_customer_fk', ['team_id', 'customer_id'], ref('customers'), ['team_id', 'id'])
        .addForeignKeyConstraint('note_revisions_author_fk', ['team_id', 'note_author_id'], ref('members'), ['team_id', 'id'])
        .addForeignKeyConstraint('note_revisions_editor_fk', ['team_id', 'editor_id'], ref('members'), ['team_id', 'id']),
  },
  {
    name: 'tasks',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text', (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('done_at', 'bigint')
        .addColumn('done_by', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('note_id', 'text')
        .addColumn('source', 'text')
        .addColumn('deleted_at', 'bigint')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('tasks_pk', ['id'])
        .addForeignKeyConstraint('tasks_customer_fk', ['team_id', 'customer_id'], ref('customers'), ['team_id', 'id'])
        .addForeignKeyConstraint('tasks_assignee_fk', ['team_id', 'assignee_id'], ref('members'), ['team_id', 'id'])
        .addForeignKeyConstraint('tasks_done_by_fk', ['team_id', 'done_by'], ref('members'), ['team_id', 'id'])
        .addForeignKeyConstraint('tasks_created_by_fk', ['team_id', 'created_by'], ref('members'), ['team_id', 'id'])
        .addForeignKeyConstraint('tasks_note_fk', ['team_id', 'note_id'], ref('notes'), ['team_id', 'id']),
  },
  {
    name: 'customer_events',
    define: (t, ref) =>
      t
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('from_value', 'text')
        .addColumn('to_value', 'text')
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('customer_events_pk', ['id'])
        .addForeignKeyConstraint('customer_events_customer_fk', ['team_id', 'customer_id'], ref('customers'), ['team_id', 'id'])
        .addForeignKeyConstraint('customer_events_actor_fk', ['team_id', 'actor_id'], ref('members'), ['team_id', 'id']),
  },
];

const REBUILT = new Set(TABLES.map((t) => t.name));
const during = (table: string) => (REBUILT.has(table) ? `${table}__new` : table);

/**
 * Tables copied in JavaScript rather than by `insert … select`: their rows gain an id, which
 * SQL cannot make portably. Both are small (a row per device, a row per invite).
 */
const COPIED_WITH_NEW_IDS: Record<string, (row: any) => object> = {
  tokens: (token) => ({ ...token, id: randomUUID(), label: '', last_used_at: null }),
  invites: (invite) => ({ ...invite, id: randomUUID(), member_id: null, created_by: null }),
};

async function copyRows(db: Kysely<any>, table: string): Promise<void> {
  const withNewId = COPIED_WITH_NEW_IDS[table];
  if (withNewId) {
    for (const row of await db.selectFrom(table).selectAll().execute()) {
      await db.insertInto(`${table}__new`).values(withNewId(row)).execute();
    }
    return;
  }
  const columns = (await db.introspection.getTables()).find((t) => t.name === table)!.columns.map((c) => c.name);
  await db
    .insertInto(`${table}__new`)
    .columns(columns)
    .expression(db.selectFrom(table).select(columns.map((c) => sql.ref(c).as(c))))
    .execute();
}

async function createIndexes(db: Kysely<any>): Promise<void> {
  const versioned = ['members', 'customers', 'identities', 'notes', 'note_revisions', 'tasks', 'customer_events'];
  for (const table of versioned) {
    await db.schema.createIndex(`${table}_team_version`).on(table).columns(['team_id', 'version']).execute();
  }
  // Only live identities must be unique: a removed email may later be added to another customer.
  await db.schema
    .createIndex('identities_team_kind_value')
    .on('identities')
    .columns(['team_id', 'kind', 'value'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
  await db.schema.createIndex('identities_team_customer').on('identities').columns(['team_id', 'customer_id']).execute();
  await db.schema.createIndex('notes_team_customer').on('notes').columns(['team_id', 'customer_id']).execute();
  await db.schema.createIndex('note_revisions_note').on('note_revisions').columns(['team_id', 'note_id']).execute();
  await db.schema.createIndex('tasks_team_customer').on('tasks').columns(['team_id', 'customer_id']).execute();
  await db.schema.createIndex('tasks_team_assignee').on('tasks').columns(['team_id', 'assignee_id']).execute();
  await db.schema.createIndex('customers_team_owner').on('customers').columns(['team_id', 'owner_id']).execute();
  await db.schema.createIndex('customer_events_team_customer').on('customer_events').columns(['team_id', 'customer_id']).execute();
  await db.schema.createIndex('tokens_team_member').on('tokens').columns(['team_id', 'member_id']).execute();
  await db.schema.createIndex('invites_team').on('invites').columns(['team_id', 'created_at']).execute();
  await db.schema.createIndex('activity_team_at').on('activity').columns(['team_id', 'at']).execute();
}

export const teamKeysAndDevices: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    for (const table of TABLES) await table.define(db.schema.createTable(`${table.name}__new`), during).execute();
    for (const table of TABLES) await copyRows(db, table.name);
    for (const table of [...TABLES].reverse()) await db.schema.dropTable(table.name).execute();
    for (const table of TABLES) await db.schema.alterTable(`${table.name}__new`).renameTo(table.name).execute();
    await createIndexes(db);
  },
};
