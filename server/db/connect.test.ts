import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connect';
import { migrateToLatest } from './migrate';

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

  it('refuses a postgres:// URL with a clear error', () => {
    expect(() => openDatabase('postgres://sidenote@localhost/sidenote')).toThrow(/PostgreSQL is not supported yet/);
    expect(() => openDatabase('postgresql://sidenote@localhost/sidenote')).toThrow(/PostgreSQL is not supported yet/);
  });
});
