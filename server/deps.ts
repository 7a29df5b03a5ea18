import type { Context } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { OnCommit } from './push';
import type { Limiters } from './rate-limit';

/** What the routes need from the process: the database, the clock, the hooks, the guards. */
export interface ServerDeps {
  db: Kysely<Database>;
  now: () => number;
  /** Called after each commit that changed a team's data; must not throw. */
  onCommit?: OnCommit;
  /** Called after a commit that revoked devices: their live sockets close at once. Must not throw. */
  onRevoke?: (deviceIds: readonly string[]) => void;
  limiters: Limiters;
  /** The address a request came from, for rate limits. */
  clientAddress: (c: Context) => string;
  /** The address invite links point at, when set (PUBLIC_URL); else the address the request came to. */
  publicUrl?: string;
}
