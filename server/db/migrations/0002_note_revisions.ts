import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their own time */

/** Every edit of a note keeps the text it replaced. */
export const noteRevisions: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('note_revisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('note_id', 'text', (c) => c.notNull().references('notes.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('note_author_id', 'text', (c) => c.notNull())
      .addColumn('visibility', 'text', (c) => c.notNull())
      .addColumn('editor_id', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('note_revisions_team_version').on('note_revisions').columns(['team_id', 'version']).execute();
    await db.schema.createIndex('note_revisions_note').on('note_revisions').columns(['note_id']).execute();
  },
};
