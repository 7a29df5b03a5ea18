import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { init } from './migrations/0001_init';
import { noteRevisions } from './migrations/0002_note_revisions';
import { tasksAndOwnership } from './migrations/0003_tasks_and_ownership';
import { siteSelectors } from './migrations/0005_site_selectors';
import { serverState } from './migrations/0007_server_state';
import type { Database } from './schema';

// Listed in code rather than read from a folder, so bundling or tsx never changes what runs.
const migrations: Record<string, Migration> = {
  '0001_init': init,
  '0002_note_revisions': noteRevisions,
  '0003_tasks_and_ownership': tasksAndOwnership,
  '0005_site_selectors': siteSelectors,
  '0007_server_state': serverState,
};

const provider: MigrationProvider = {
  getMigrations: async () => migrations,
};

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
