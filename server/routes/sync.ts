import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { LookupRequest } from '../../model/lookup';
import { PullQuery, PushRequest } from '../../model/sync';
import { requireActor, type AuthEnv } from '../auth';
import type { ServerDeps } from '../deps';
import { processLookup } from '../lookup';
import { processPull } from '../pull';
import { processPush } from '../push';
import { rejectInvalid } from '../validate';

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
    .get('/pull', auth, zValidator('query', PullQuery, rejectInvalid), async (c) =>
      c.json(await processPull(db, c.get('actor'), c.req.valid('query'))),
    )
    .post('/lookup', auth, zValidator('json', LookupRequest, rejectInvalid), async (c) =>
      c.json(await processLookup(db, c.get('actor'), c.req.valid('json'))),
    );
}
