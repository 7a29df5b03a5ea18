import type { Kysely, Migration } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run against the schema of their own time */

/**
 * The team's published selector file (one per team), and the counts of page views its members'
 * site adapters recognised only in part, per site, host, kind of view and what was missing.
 */
export const siteSelectors: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('team_selectors')
      .addColumn('team_id', 'text', (c) => c.primaryKey().references('teams.id'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('published_at', 'bigint', (c) => c.notNull())
      .addColumn('published_by', 'text')
      .execute();
    await db.schema
      .createTable('recognition_counts')
      .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
      .addColumn('site', 'text', (c) => c.notNull())
      .addColumn('host', 'text', (c) => c.notNull())
      .addColumn('view', 'text', (c) => c.notNull())
      .addColumn('layout', 'text', (c) => c.notNull())
      .addColumn('missing', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('recognition_counts_pk', ['team_id', 'site', 'host', 'view', 'layout', 'missing'])
      .execute();
  },
};
