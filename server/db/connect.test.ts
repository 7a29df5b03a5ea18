import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { isPostgresUrl, openDatabase } from './connect';
import { migrateToLatest } from './migrate';
import { TEST_DIALECT, testDatabaseUrl } from '../testing';

describe('openDatabase', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidenote-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a SQLite file in a new directory, durable and with foreign keys on', async () => {
    const database = openDatabase(join(dir, 'a', 'b', 'sidenote.db'));
    try {
      expect(database.dialect).toBe('sqlite');
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(database.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(2); // FULL
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
      await migrateToLatest(database.db);
      await migrateToLatest(database.db); // a second run is a no-op
      const tables = await database.db.introspection.getTables();
      expect(
        tables
          .map((t) => t.name)
          .filter((n) => !n.startsWith('kysely_'))
          .sort(),
      ).toEqual([
        'activity',
        'clients',
        'customer_events',
        'customers',
        'identities',
        'invites',
        'members',
        'note_revisions',
        'notes',
        'recognition_counts',
        'refusals',
        'server_state',
        'tasks',
        'team_selectors',
        'teams',
        'tokens',
      ]);
    } finally {
      await database.close();
    }
  });

  it('takes a postgres:// or postgresql:// URL for PostgreSQL, anything else for a SQLite file', () => {
    expect(isPostgresUrl('postgres://sidenote@localhost/sidenote')).toBe(true);
    expect(isPostgresUrl('postgresql://sidenote@localhost/sidenote')).toBe(true);
    expect(isPostgresUrl('./data/postgres.db')).toBe(false);
    expect(isPostgresUrl(':memory:')).toBe(false);
  });

  it('opens the test database of this project, migrates it, and reads bigints back as numbers', async () => {
    const database = openDatabase(await testDatabaseUrl({ migrated: false }));
    try {
      expect(database.dialect).toBe(TEST_DIALECT);
      await migrateToLatest(database.db);
      await database.db
        .insertInto('teams')
        .values({
          id: 't',
          name: 'T',
          domains: '[]',
          settings: '{}',
          head_version: 1_750_000_000_123,
          version: 1,
          created_at: 1_750_000_000_000,
        })
        .execute();
      const row = await database.db.selectFrom('teams').select(['head_version', 'created_at']).executeTakeFirstOrThrow();
      expect(row).toEqual({ head_version: 1_750_000_000_123, created_at: 1_750_000_000_000 });
      if (database.dialect === 'postgres') await expect(database.backup('/tmp/x.db')).rejects.toThrow(/pg_dump/);
    } finally {
      await database.close();
    }
  });
});
