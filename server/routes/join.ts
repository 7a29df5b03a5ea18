import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { JoinRequest } from '../../model/sync';
import type { ServerDeps } from '../deps';
import { joinTeam } from '../join';
import { rejectInvalid } from '../validate';

/** `POST /v1/join {inviteCode, name, email}` → `{token, member, team}`; no token needed. */
export function joinRoutes({ db, now, onCommit }: ServerDeps) {
  return new Hono().post('/join', zValidator('json', JoinRequest, rejectInvalid), async (c) => {
    const joined = await joinTeam(db, c.req.valid('json'), now());
    onCommit?.(joined.team.id);
    return c.json(joined);
  });
}
