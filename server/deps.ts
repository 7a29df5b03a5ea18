import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { OnCommit } from './push';

/** What the routes need from the process: the database, the clock, the commit hook. */
export interface ServerDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Called after each commit that changed a team's data; must not throw. */
  onCommit?: OnCommit;
}
