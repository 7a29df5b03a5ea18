import { zValidator } from '@hono/zod-validator';
import { Hono, type Context } from 'hono';
import { LookupRequest } from '../../model/lookup';
import { PullQuery, PushRequest } from '../../model/sync';
import { authenticate, requireActor, type AuthEnv } from '../auth';
import { callerForToken, type Caller } from '../devices';
import type { ServerDeps } from '../deps';
import { processLookup } from '../lookup';
import { processPull, pullCaller, PULL_PAGE_ROWS, type PullState } from '../pull';
import { processPush } from '../push';
import { rejectInvalid } from '../validate';

/** The query string as zValidator hands it over: a name given twice is an array (which the schema refuses). */
function queryOf(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(Object.entries(c.req.queries()).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

/**
 * `POST /v1/push`, `GET /v1/pull` and `POST /v1/lookup` (the customer on screen during a first
 * sync), for a signed-in device. Authentication runs per route:
 * middleware `use`d on a sub-app would also guard the sibling routes mounted at /v1.
 */
export function syncRoutes(deps: ServerDeps) {
  const { db, now, onCommit } = deps;
  const auth = requireActor(deps);
  return new Hono<AuthEnv>()
    .post('/push', auth, zValidator('json', PushRequest, rejectInvalid), async (c) =>
      c.json(await processPush(db, c.get('actor'), c.req.valid('json'), now, onCommit, c.get('deviceId'))),
    )
    .get('/pull', async (c) => {
      // Authenticated and parsed here rather than by requireActor and zValidator, so that the
      // token lookup also reads what an up-to-date pull is answered from (one SQLite statement
      // instead of two), and without zValidator's Content-Type check, which builds a Web
      // Headers object of the whole request. The order stays: 401 before 400.
      const query = PullQuery.safeParse(queryOf(c));
      const caller = await authenticate<Caller & { state?: PullState }>(c, deps, (token) =>
        query.success ? pullCaller(db, token, query.data, now()) : callerForToken(db, token, now()),
      );
      rejectInvalid(query);
      return c.json(await processPull(db, c.get('actor'), query.data!, PULL_PAGE_ROWS, caller.state));
    })
    .post('/lookup', auth, zValidator('json', LookupRequest, rejectInvalid), async (c) =>
      c.json(await processLookup(db, c.get('actor'), c.req.valid('json'))),
    );
}
