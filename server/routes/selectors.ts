import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { MAX_SELECTOR_FILE_BYTES, RecognitionReport, SelectorFile, SelectorFileQuery } from '../../model/selectors';
import { requireActor, requirePermission, type AuthEnv } from '../auth';
import type { ServerDeps } from '../deps';
import { errorBody } from '../errors';
import { addRecognitionCounts, publishSelectors, readSelectors, recognitionSummary } from '../site-selectors';
import { rejectInvalid } from '../validate';
import { smallerBody } from '../well-formed';

/**
 * The team's selector file (`GET` for every device, `PUT` for admins) and the counts of pages
 * its adapters recognised only in part (`POST` from every device, `GET` for admins).
 */
export function selectorRoutes(deps: ServerDeps) {
  const { db, now, onCommit } = deps;
  const auth = requireActor(deps);
  const admins = requirePermission('changeSettings');
  const fileLimit = smallerBody(MAX_SELECTOR_FILE_BYTES, (c) =>
    c.json(errorBody('payload_too_large', `A selector file is at most ${MAX_SELECTOR_FILE_BYTES / 1024} KiB.`), 413),
  );
  return new Hono<AuthEnv>()
    .get('/selectors', auth, zValidator('query', SelectorFileQuery, rejectInvalid), async (c) =>
      c.json(await readSelectors(db, c.get('actor').teamId, c.req.valid('query').known)),
    )
    .put('/selectors', auth, admins, fileLimit, zValidator('json', SelectorFile, rejectInvalid), async (c) => {
      const actor = c.get('actor');
      const published = await publishSelectors(db, actor.teamId, c.req.valid('json'), { now: now(), by: actor.memberId });
      // Devices fetch the file when poked: the fix reaches open pages within seconds.
      onCommit?.(actor.teamId);
      return c.json(published);
    })
    .post('/recognition', auth, zValidator('json', RecognitionReport, rejectInvalid), async (c) => {
      await addRecognitionCounts(db, c.get('actor').teamId, c.req.valid('json').counts, now());
      return c.json({ ok: true });
    })
    .get('/recognition', auth, admins, async (c) => c.json(await recognitionSummary(db, c.get('actor').teamId)));
}
