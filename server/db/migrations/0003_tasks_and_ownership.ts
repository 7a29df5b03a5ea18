import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their own time */

/** Follow-ups, and each customer's ownership and stage history. */
export const tasksAndOwnership: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('tasks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
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
      .execute();
    await db.schema.createIndex('tasks_team_version').on('tasks').columns(['team_id', 'version']).execute();
    await db.schema.createIndex('tasks_team_customer').on('tasks').columns(['team_id', 'customer_id']).execute();
    await db.schema.createIndex('tasks_team_assignee').on('tasks').columns(['team_id', 'assignee_id']).execute();
    await db.schema.createIndex('customers_team_owner').on('customers').columns(['team_id', 'owner_id']).execute();

    await db.schema
      .createTable('customer_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('from_value', 'text')
      .addColumn('to_value', 'text')
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('customer_events_team_version').on('customer_events').columns(['team_id', 'version']).execute();
  },
};
