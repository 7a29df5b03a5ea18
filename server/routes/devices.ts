import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from '../../model/z';
import { may } from '../../model/permissions';
import { Id } from '../../model/schemas';
import { logAdminAction } from '../audit';
import { requireActor, type AuthEnv } from '../auth';
import type { ServerDeps } from '../deps';
import { findDevice, listDevices, revokeDevices } from '../devices';
import { HttpError } from '../errors';
import { createDeviceCode, inviteLink } from '../invites';
import { publicUrlFor } from '../public-url';
import { EmptyBody, rejectInvalid } from '../validate';

const DeviceParam = z.object({ id: Id });

/**
 * A member's own devices: `GET /v1/devices` lists them, `POST /v1/devices/code` makes a code
 * that signs one more device in as this member, `POST /v1/devices/:id/revoke` signs one out
 * (an admin may revoke any device of the team). Revoked devices' live sockets close at once.
 */
export function deviceRoutes(deps: ServerDeps) {
  const { db, now, onRevoke } = deps;
  const auth = requireActor(deps);
  return new Hono<AuthEnv>()
    .get('/devices', auth, async (c) => {
      const { teamId, memberId } = c.get('actor');
      const devices = await listDevices(db, teamId, memberId);
      return c.json({ devices: devices.map((d) => ({ ...d, current: d.id === c.get('deviceId') })) });
    })
    .post('/devices/code', auth, zValidator('json', EmptyBody, rejectInvalid), async (c) => {
      const actor = c.get('actor');
      const code = await db.transaction().execute(async (trx) => {
        const made = await createDeviceCode(trx, { memberId: actor.memberId, createdBy: actor.memberId }, now());
        await logAdminAction(trx, {
          teamId: actor.teamId,
          actorId: actor.memberId,
          at: now(),
          type: 'device.code_created',
          payload: { memberId: actor.memberId },
        });
        return made;
      });
      return c.json({
        deviceCode: code.deviceCode,
        inviteLink: inviteLink(publicUrlFor(c, deps), code.deviceCode),
        expiresAt: code.expiresAt,
      });
    })
    .post(
      '/devices/:id/revoke',
      auth,
      zValidator('param', DeviceParam, rejectInvalid),
      zValidator('json', EmptyBody, rejectInvalid),
      async (c) => {
        const actor = c.get('actor');
        const { id } = c.req.valid('param');
        const revoked = await db.transaction().execute(async (trx) => {
          const device = await findDevice(trx, actor.teamId, id);
          // Another member's device is, to a non-admin, a device that does not exist.
          if (!device || (device.memberId !== actor.memberId && !may(actor.role, 'manageMembers'))) {
            throw new HttpError(404, 'not_found', 'There is no such device signed in.');
          }
          const ids = await revokeDevices(trx, actor.teamId, { deviceId: id }, now());
          await logAdminAction(trx, {
            teamId: actor.teamId,
            actorId: actor.memberId,
            at: now(),
            type: 'device.revoked',
            payload: { memberId: device.memberId, deviceId: id, label: device.label },
          });
          return ids;
        });
        onRevoke?.(revoked);
        return c.json({ revoked });
      },
    );
}
