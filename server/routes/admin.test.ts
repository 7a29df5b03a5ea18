import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Member } from '../../model/schemas';
import { JoinResponse } from '../../model/sync';
import type { MemberAdminView } from '../../model/admin';
import { DEFAULT_RATE_LIMITS } from '../rate-limit';
import {
  createCustomer,
  expectError,
  getWith,
  join,
  json,
  mutations,
  postJson,
  pull,
  push,
  teamWithThreeRoles,
  testServer,
  TEST_ADDRESS_HEADER,
  type TestServer,
} from '../testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer({ publicUrl: 'https://crm.example.cn/sidenote' });
});
afterEach(() => server.close());

const membersOf = async (token: string) =>
  json<{ members: MemberAdminView[]; invites: { id: string; role: string }[] }>(await getWith(server, '/v1/admin/members', token));

describe('the admin routes', () => {
  it('invite with a role and expiry: the link carries the public address; the invitee joins as a new member', async () => {
    const { admin } = await teamWithThreeRoles(server);
    const res = await postJson(server, '/v1/admin/invites', { role: 'manager', days: 3 }, admin.token);
    const invite = await json<{ inviteCode: string; inviteLink: string; expiresAt: number }>(res);
    expect(invite.inviteLink).toBe(`https://crm.example.cn/sidenote/join#${invite.inviteCode}`);
    expect(invite.expiresAt).toBe(server.now() + 3 * 24 * 3600 * 1000);
    expect((await membersOf(admin.token)).invites).toEqual([expect.objectContaining({ role: 'manager' })]);
    const joined = await join(server, invite.inviteCode, 'Lin', 'lin@sidenote-demo.com');
    expect(joined.member.role).toBe('manager');
    expect((await membersOf(admin.token)).invites).toEqual([]);
  });

  it('withdraws a pending invite', async () => {
    const { admin } = await teamWithThreeRoles(server);
    const { inviteCode, inviteId } = await json<{ inviteCode: string; inviteId: string }>(
      await postJson(server, '/v1/admin/invites', { role: 'rep' }, admin.token),
    );
    expect((await postJson(server, `/v1/admin/invites/${inviteId}/withdraw`, {}, admin.token)).status).toBe(200);
    await expectError(await postJson(server, '/v1/join', { inviteCode, name: 'X', email: 'x@y.com' }), 400, 'invalid_invite');
  });

  it('changes a role; the member and every teammate pull it', async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    const res = await postJson(server, `/v1/admin/members/${rep.member.id}`, { role: 'manager' }, admin.token);
    expect((await json<{ member: Member }>(res)).member.role).toBe('manager');
    const seen = await pull(server, rep);
    expect(seen.rows.members.find((m) => m.id === rep.member.id)?.role).toBe('manager');
  });

  it('deactivates: every device of theirs gets 401 at once, its sockets are closed, their customers are offered for transfer', async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    const customerId = randomUUID();
    await push(
      server,
      rep,
      mutations(rep, createCustomer(customerId, 'Acme'), { name: 'claimCustomer', args: { customerId, eventId: randomUUID() } }),
    );
    const code = await json<{ deviceCode: string }>(
      await postJson(server, `/v1/admin/members/${rep.member.id}/device-code`, {}, admin.token),
    );
    const phone = JoinResponse.parse(
      await json(await postJson(server, '/v1/join', { inviteCode: code.deviceCode, name: 'Ravi', email: rep.member.email })),
    );
    const pendingCode = await json<{ deviceCode: string }>(await postJson(server, '/v1/devices/code', {}, rep.token));

    const res = await postJson(server, `/v1/admin/members/${rep.member.id}`, { active: false }, admin.token);
    const body = await json<{ member: MemberAdminView; revokedDevices: number }>(res);
    expect(body).toMatchObject({ revokedDevices: 2, member: { active: false, ownedCustomers: 1, devices: [] } });
    expect(server.revoked.sort()).toEqual([rep.deviceId, phone.deviceId].sort());
    for (const token of [rep.token, phone.token]) await expectError(await getWith(server, '/v1/devices', token), 401, 'unauthorized');
    // A device code they made before cannot bring them back.
    await expectError(
      await postJson(server, '/v1/join', { inviteCode: pendingCode.deviceCode, name: 'R', email: rep.member.email }),
      400,
      'invalid_invite',
    );
    // Teammates see them inactive; the admin moves their customers with the transfer mutation.
    expect((await pull(server, admin)).rows.members.find((m) => m.id === rep.member.id)?.active).toBe(false);
    const { refusals } = await push(
      server,
      admin,
      mutations(admin, { name: 'transferMember', args: { fromId: rep.member.id, toId: admin.member.id, eventId: randomUUID() } }),
    );
    expect(refusals).toEqual([]);
    expect((await pull(server, admin)).rows.customers[0]?.ownerId).toBe(admin.member.id);
  });

  it('reactivates a member, who signs in again with a device code only', async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    await postJson(server, `/v1/admin/members/${rep.member.id}`, { active: false }, admin.token);
    await postJson(server, `/v1/admin/members/${rep.member.id}`, { active: true }, admin.token);
    await expectError(await getWith(server, '/v1/devices', rep.token), 401, 'unauthorized');
    const { deviceCode } = await json<{ deviceCode: string }>(
      await postJson(server, `/v1/admin/members/${rep.member.id}/device-code`, {}, admin.token),
    );
    const back = JoinResponse.parse(
      await json(await postJson(server, '/v1/join', { inviteCode: deviceCode, name: 'Ravi', email: rep.member.email })),
    );
    expect(back.member.id).toBe(rep.member.id);
  });

  it('keeps one active admin, and nobody changes their own role', async () => {
    const { admin, manager } = await teamWithThreeRoles(server);
    await expectError(await postJson(server, `/v1/admin/members/${admin.member.id}`, { role: 'rep' }, admin.token), 403, 'forbidden');
    await postJson(server, `/v1/admin/members/${manager.member.id}`, { role: 'admin' }, admin.token);
    // Now two admins: the manager-turned-admin may demote the first, but not the other way round after.
    expect((await postJson(server, `/v1/admin/members/${admin.member.id}`, { role: 'rep' }, manager.token)).status).toBe(200);
    const lastAdmin = await postJson(server, `/v1/admin/members/${manager.member.id}`, { active: false }, manager.token);
    await expectError(lastAdmin, 403, 'forbidden');
  });

  it("changes the team's name and own mail domains, pulled by everyone", async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    const res = await postJson(
      server,
      '/v1/admin/team',
      { name: '华信包装 销售部', domains: ['Huaxin.cn', 'www.hx-pack.com'] },
      admin.token,
    );
    expect((await json<{ team: { name: string; domains: string[] } }>(res)).team).toMatchObject({
      name: '华信包装 销售部',
      domains: ['huaxin.cn', 'hx-pack.com'],
    });
    expect((await pull(server, rep)).rows.teams[0]).toMatchObject({ name: '华信包装 销售部', domains: ['huaxin.cn', 'hx-pack.com'] });
    await expectError(await postJson(server, '/v1/admin/team', { domains: ['not a domain'] }, admin.token), 400, 'invalid_domain');
  });

  it('lists members and devices; a member revokes their own device, an admin anyone’s', async () => {
    const { admin, rep, manager } = await teamWithThreeRoles(server);
    const list = await membersOf(admin.token);
    expect(list.members.map((m) => [m.name, m.devices.length])).toEqual([
      ['Ada Admin', 1],
      ['Mei Manager', 1],
      ['Ravi Rep', 1],
    ]);
    // The rep cannot touch the manager's device: to them it does not exist.
    await expectError(await postJson(server, `/v1/devices/${manager.deviceId}/revoke`, {}, rep.token), 404, 'not_found');
    expect((await postJson(server, `/v1/devices/${manager.deviceId}/revoke`, {}, admin.token)).status).toBe(200);
    await expectError(await getWith(server, '/v1/devices', manager.token), 401, 'unauthorized');
    expect((await postJson(server, `/v1/devices/${rep.deviceId}/revoke`, {}, rep.token)).status).toBe(200);
    await expectError(await getWith(server, '/v1/devices', rep.token), 401, 'unauthorized');
    expect(server.revoked).toEqual([manager.deviceId, rep.deviceId]);
  });

  it('logs admin actions in the activity log, for admins only', async () => {
    const { admin, rep } = await teamWithThreeRoles(server);
    server.advance(1000);
    await postJson(server, '/v1/admin/invites', { role: 'rep' }, admin.token);
    server.advance(1000);
    await postJson(server, `/v1/admin/members/${rep.member.id}`, { role: 'manager' }, admin.token);
    server.advance(1000);
    await push(server, admin, mutations(admin, { name: 'updateTeamSettings', args: { patch: { staleDays: 30 } }, at: server.now() }));
    const { entries, cursor } = await json<{
      entries: { type: string; actorName: string | null; payload: Record<string, unknown> }[];
      cursor: string | null;
    }>(await getWith(server, '/v1/admin/activity?limit=4', admin.token));
    expect(entries.map((e) => e.type)).toEqual(['team.settings_changed', 'member.role_changed', 'invite.created', 'member.joined']);
    expect(entries[1]).toMatchObject({ actorName: 'Ada Admin', payload: { memberId: rep.member.id, from: 'rep', to: 'manager' } });
    expect(cursor).not.toBeNull();
    const next = await json<{ entries: { type: string }[] }>(
      await getWith(server, `/v1/admin/activity?after=${encodeURIComponent(cursor!)}`, admin.token),
    );
    expect(next.entries.map((e) => e.type)).toEqual(['member.joined', 'member.joined']);
    await expectError(await getWith(server, '/v1/admin/activity', rep.token), 403, 'forbidden');
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After to an address that joins too often, and to a code tried too often', async () => {
    await server.close();
    server = await testServer({ rateLimits: { ...DEFAULT_RATE_LIMITS, joinsPerAddress: 3, joinsPerCode: 2 } });
    const attempt = (address: string, inviteCode = 'SN-AAAA-AAAA-AAAA') =>
      server.app.request('/v1/join', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TEST_ADDRESS_HEADER]: address },
        body: JSON.stringify({ inviteCode, name: 'Eve', email: 'eve@x.com' }),
      });
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.5', `SN-AAAA-AAAA-AAA${i}`)).status).toBe(400);
    const limited = await attempt('203.0.113.5', 'SN-AAAA-AAAA-AAAX');
    await expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    // Another address may still join; one code tried from many addresses is limited by itself.
    expect((await attempt('203.0.113.6', 'SN-BBBB-BBBB-BBBB')).status).toBe(400);
    expect((await attempt('203.0.113.7', 'SN-BBBB-BBBB-BBBB')).status).toBe(400);
    await expectError(await attempt('203.0.113.8', 'sn bbbb bbbb bbbb'), 429, 'rate_limited');
    // After the window the address may try again.
    server.advance(15 * 60 * 1000 + 1);
    expect((await attempt('203.0.113.5', 'SN-CCCC-CCCC-CCCC')).status).toBe(400);
  });

  it('answers 429 to an address after too many failed sign-ins, before looking the token up', async () => {
    await server.close();
    server = await testServer({ rateLimits: { ...DEFAULT_RATE_LIMITS, failedAuthPerAddress: 2 } });
    const { admin } = await teamWithThreeRoles(server);
    const from = (address: string, token: string) => getWith(server, '/v1/devices', token, { [TEST_ADDRESS_HEADER]: address });
    await expectError(await from('198.51.100.1', 'guess-1'), 401, 'unauthorized');
    await expectError(await from('198.51.100.1', 'guess-2'), 401, 'unauthorized');
    const limited = await from('198.51.100.1', admin.token);
    await expectError(limited, 429, 'rate_limited');
    expect(limited.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect((await from('198.51.100.2', admin.token)).status).toBe(200);
  });
});
