import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { JoinRequest } from '../../model/sync';
import { tooManyAttempts } from '../auth';
import type { ServerDeps } from '../deps';
import { joinTeam } from '../join';
import { canonicalInviteCode } from '../secrets';
import { rejectInvalid } from '../validate';

/**
 * `POST /v1/join {inviteCode, name, email, deviceLabel?}` → `{token, deviceId, member, team}`;
 * no token needed. Guarded per client address and per code, so neither codes nor a device
 * code's email can be guessed at speed.
 */
export function joinRoutes({ db, now, onCommit, limiters, clientAddress }: ServerDeps) {
  return new Hono().post('/join', zValidator('json', JoinRequest, rejectInvalid), async (c) => {
    const request = c.req.valid('json');
    const address = clientAddress(c);
    const code = canonicalInviteCode(request.inviteCode) ?? request.inviteCode;
    const wait = Math.max(limiters.joinByAddress.retryAfter(address), limiters.joinByCode.retryAfter(code));
    if (wait > 0) throw tooManyAttempts(wait);
    limiters.joinByAddress.hit(address);
    limiters.joinByCode.hit(code);
    const joined = await joinTeam(db, request, now());
    onCommit?.(joined.team.id);
    return c.json(joined);
  });
}
