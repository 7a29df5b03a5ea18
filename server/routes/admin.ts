import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { z } from '../../model/z';
import { Id, Role } from '../../model/schemas';
import { logAdminAction } from '../audit';
import { requireActor, requirePermission, type AuthEnv } from '../auth';
import type { ServerDeps } from '../deps';
import { HttpError } from '../errors';
import { CSV_TABLES } from '../../model/admin';
import { exportCsv, exportTeam, TeamExport } from '../export';
import { importTeam } from '../import';
import { createDeviceCode, createInvite, inviteLink, listPendingInvites, withdrawInvite } from '../invites';
import { changeMember, listMembers, MemberPatch } from '../members';
import { publicUrlFor } from '../public-url';
import { InvalidDomainError, TeamPatch, updateTeam } from '../teams';
import { listActivity } from '../activity-log';
import { EmptyBody, rejectInvalid } from '../validate';

const IdParam = z.object({ id: Id });
const NewInviteBody = z.strictObject({ role: Role, days: z._default(z.number().check(z.int(), z.gte(1), z.lte(30)), 7) });
const ExportQuery = z.object({ format: z._default(z.enum(['json', 'csv']), 'json'), table: z.optional(z.enum(CSV_TABLES)) });
const ActivityQuery = z.object({
  after: z.optional(z.string().check(z.maxLength(200))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
});

/**
 * The admin section's routes under `/v1/admin`: members (list, change role, deactivate,
 * device codes), invites, the team's name and domains, the activity log, export and import.
 * Each is authenticated, checked against the permission matrix and scoped to the token's team;
 * writes run in one transaction that bumps the team version when synced rows change, and the
 * commit hooks (poke, closing revoked sockets) run after it.
 */
export function adminRoutes(deps: ServerDeps) {
  const { db, now, onCommit, onRevoke } = deps;
  const auth = requireActor(deps);
  const members = requirePermission('manageMembers');
  const link = (c: Parameters<typeof publicUrlFor>[0], code: string) => inviteLink(publicUrlFor(c, deps), code);

  return new Hono<AuthEnv>()
    .get('/admin/members', auth, members, async (c) => {
      const { teamId } = c.get('actor');
      const [list, invites] = await Promise.all([listMembers(db, teamId), listPendingInvites(db, teamId, now())]);
      return c.json({ members: list, invites });
    })
    .post(
      '/admin/members/:id',
      auth,
      members,
      zValidator('param', IdParam, rejectInvalid),
      zValidator('json', MemberPatch, rejectInvalid),
      async (c) => {
        const actor = c.get('actor');
        const { member, revokedDeviceIds } = await db.transaction().execute((trx) =>
          changeMember(trx, {
            teamId: actor.teamId,
            memberId: c.req.valid('param').id,
            patch: c.req.valid('json'),
            by: actor.memberId,
            now: now(),
          }),
        );
        onCommit?.(actor.teamId);
        onRevoke?.(revokedDeviceIds);
        const view = (await listMembers(db, actor.teamId)).find((m) => m.id === member.id)!;
        return c.json({ member: view, revokedDevices: revokedDeviceIds.length });
      },
    )
    .post(
      '/admin/members/:id/device-code',
      auth,
      members,
      zValidator('param', IdParam, rejectInvalid),
      zValidator('json', EmptyBody, rejectInvalid),
      async (c) => {
        const actor = c.get('actor');
        const memberId = c.req.valid('param').id;
        const code = await db.transaction().execute(async (trx) => {
          const target = await trx
            .selectFrom('members')
            .select('id')
            .where('team_id', '=', actor.teamId)
            .where('id', '=', memberId)
            .where('active', '=', 1)
            .executeTakeFirst();
          if (!target) throw new HttpError(404, 'not_found', 'There is no such active member in this team.');
          const made = await createDeviceCode(trx, { memberId, createdBy: actor.memberId }, now());
          await logAdminAction(trx, {
            teamId: actor.teamId,
            actorId: actor.memberId,
            at: now(),
            type: 'device.code_created',
            payload: { memberId },
          });
          return made;
        });
        return c.json({ deviceCode: code.deviceCode, inviteLink: link(c, code.deviceCode), expiresAt: code.expiresAt });
      },
    )
    .post('/admin/invites', auth, members, zValidator('json', NewInviteBody, rejectInvalid), async (c) => {
      const actor = c.get('actor');
      const { role, days } = c.req.valid('json');
      const invite = await db.transaction().execute(async (trx) => {
        const made = await createInvite(trx, { teamId: actor.teamId, role, ttlDays: days, createdBy: actor.memberId }, now());
        await logAdminAction(trx, {
          teamId: actor.teamId,
          actorId: actor.memberId,
          at: now(),
          type: 'invite.created',
          payload: { role, days, inviteId: made.inviteId },
        });
        return made;
      });
      return c.json({
        inviteId: invite.inviteId,
        inviteCode: invite.inviteCode,
        inviteLink: link(c, invite.inviteCode),
        expiresAt: invite.expiresAt,
      });
    })
    .post(
      '/admin/invites/:id/withdraw',
      auth,
      members,
      zValidator('param', IdParam, rejectInvalid),
      zValidator('json', EmptyBody, rejectInvalid),
      async (c) => {
        const actor = c.get('actor');
        const inviteId = c.req.valid('param').id;
        await db.transaction().execute(async (trx) => {
          if (!(await withdrawInvite(trx, actor.teamId, inviteId, now())))
            throw new HttpError(404, 'not_found', 'There is no such pending invite.');
          await logAdminAction(trx, {
            teamId: actor.teamId,
            actorId: actor.memberId,
            at: now(),
            type: 'invite.withdrawn',
            payload: { inviteId },
          });
        });
        return c.json({ withdrawn: inviteId });
      },
    )
    .post('/admin/team', auth, requirePermission('changeSettings'), zValidator('json', TeamPatch, rejectInvalid), async (c) => {
      const actor = c.get('actor');
      const patch = c.req.valid('json');
      const team = await db.transaction().execute(async (trx) => {
        try {
          const { team, version } = await updateTeam(trx, actor.teamId, patch);
          await logAdminAction(trx, {
            teamId: actor.teamId,
            actorId: actor.memberId,
            at: now(),
            type: 'team.updated',
            version,
            payload: { ...patch },
          });
          return team;
        } catch (error) {
          if (error instanceof InvalidDomainError) throw new HttpError(400, 'invalid_domain', error.message);
          throw error;
        }
      });
      onCommit?.(actor.teamId);
      return c.json({ team });
    })
    .get('/admin/activity', auth, requirePermission('viewActivity'), zValidator('query', ActivityQuery, rejectInvalid), async (c) =>
      c.json(await listActivity(db, c.get('actor').teamId, c.req.valid('query'))),
    )
    .get('/admin/export', auth, requirePermission('exportData'), zValidator('query', ExportQuery, rejectInvalid), async (c) => {
      const actor = c.get('actor');
      const { format, table } = c.req.valid('query');
      if (format === 'csv' && !table) throw new HttpError(400, 'invalid_request', `table: choose one of ${CSV_TABLES.join(', ')}`);
      const data = await exportTeam(db, actor.teamId, actor.memberId, now());
      await db.transaction().execute((trx) =>
        logAdminAction(trx, {
          teamId: actor.teamId,
          actorId: actor.memberId,
          at: now(),
          type: 'data.exported',
          payload: { format, table: table ?? null },
        }),
      );
      if (format === 'json') return c.json(data);
      return c.body(exportCsv(data, table!), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
    })
    .post('/admin/import', auth, requirePermission('exportData'), zValidator('json', TeamExport, rejectInvalid), async (c) => {
      const actor = c.get('actor');
      const { counts } = await db
        .transaction()
        .execute((trx) => importTeam(trx, { teamId: actor.teamId, by: actor.memberId, now: now() }, c.req.valid('json')))
        .catch((error: unknown) => {
          if (error instanceof HttpError) throw error;
          console.error('Import refused:', error instanceof Error ? error.message : error);
          // The file is input: rows that do not fit together (a note on a customer it does not
          // carry) break a constraint, and nothing of the import was written.
          throw new HttpError(
            400,
            'invalid_import',
            'The file’s rows do not fit together (a row refers to one the file does not have). Nothing was imported.',
          );
        });
      onCommit?.(actor.teamId);
      return c.json({ imported: counts });
    });
}
