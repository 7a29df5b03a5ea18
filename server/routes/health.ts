import { Hono } from 'hono';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { errorBody } from '../errors';
import type { Logger } from '../logger';

/** A monitor polling every few seconds still gets a fresh answer; a flood of them costs one query a second. */
const CHECK_EVERY_MS = 1_000;

/**
 * `GET /v1/health`: the process is up and its database answers (used by `npm start`, load
 * balancers and monitors); 503 when the database does not.
 */
export function healthRoutes(db: Kysely<Database>, logger: Logger, now: () => number = Date.now) {
  let lastCheck: { at: number; result: Promise<boolean> } | undefined;
  const databaseAnswers = (): Promise<boolean> => {
    const at = now();
    if (lastCheck && at - lastCheck.at < CHECK_EVERY_MS) return lastCheck.result;
    const result = sql`select 1`.execute(db).then(
      () => true,
      (error: unknown) => {
        logger.error({ err: error }, 'health check: the database did not answer');
        return false;
      },
    );
    lastCheck = { at, result };
    return result;
  };
  return new Hono().get('/health', async (c) =>
    (await databaseAnswers())
      ? c.json({ ok: true as const })
      : c.json(errorBody('database_unavailable', 'The server cannot reach its database.'), 503),
  );
}
