import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { init } from './migrations/0001_init';
import { noteRevisions } from './migrations/0002_note_revisions';
import { tasksAndOwnership } from './migrations/0003_tasks_and_ownership';
import { teamKeysAndDevices } from './migrations/0004_team_keys_and_devices';
import { siteSelectors } from './migrations/0005_site_selectors';
import { serverState } from './migrations/0007_server_state';
import { noteQuestions } from './migrations/0008_note_questions';
import type { Database } from './schema';

// Listed in code rather than read from a folder, so bundling or tsx never changes what runs.
const migrations: Record<string, Migration> = {
  '0001_init': init,
  '0002_note_revisions': noteRevisions,
  '0003_tasks_and_ownership': tasksAndOwnership,
  '0004_team_keys_and_devices': teamKeysAndDevices,
  '0005_site_selectors': siteSelectors,
  '0007_server_state': serverState,
  '0008_note_questions': noteQuestions,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

/** Migrates up to and including `name` only (tests of a migration start from the schema before it). */
export async function migrateTo(db: Kysely<Database>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name);
  if (error) throw error;
}

/** Brings the schema up to date; throws (and applies nothing further) if a migration fails. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  // Branches numbered their migrations apart and landed out of order: a database that ran a
  // later number first still gets the earlier one (each migration stands on its own tables).
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
