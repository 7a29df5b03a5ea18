import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JoinResponse } from '../../model/sync';
import { createInvite, createTeam } from '../teams';
import { expectError, join, json, postJson, pull, rowCounts, testServer, type TestServer } from '../testing';

const INVALID = 'This invite code is not valid, has expired or was already used. Ask your admin for a new one.';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

describe('POST /v1/join', () => {
  it('trades an invite for a member, a token and the team', async () => {
    const { teamId, inviteCode } = await createTeam(server.db, { name: 'Northwind Sales', domains: ['northwind.com'] });
    const res = await postJson(server, '/v1/join', { inviteCode, name: ' Ada Lovelace ', email: 'Ada@Northwind.com' });
    expect(res.status).toBe(200);
    const body = JoinResponse.parse(await json(res));
    expect(body.member).toMatchObject({ teamId, name: 'Ada Lovelace', email: 'ada@northwind.com', role: 'admin', active: true });
    expect(body.team).toMatchObject({ id: teamId, name: 'Northwind Sales', domains: ['northwind.com'] });
    expect(body.token).toMatch(/^[\w-]{43}$/);
    // The token is stored only as a hash.
    const stored = await server.db.selectFrom('tokens').select('hash').execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.hash).not.toContain(body.token);
    // The new member is synced to the team at a new version.
    const device = { ...body, clientID: crypto.randomUUID(), nextMutationID: 1 };
    const first = await pull(server, device);
    expect(first.rows.members).toEqual([body.member]);
    expect(first.rows.teams).toEqual([body.team]);
    expect(first.cookie).toBe(2);
    expect(server.commits).toEqual([teamId]);
  });

  it('accepts the code however it is typed', async () => {
    const { teamId } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const { inviteCode } = await createInvite(server.db, { teamId, role: 'rep' });
    const typed = ` ${inviteCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')} `;
    const device = await join(server, typed, 'Ravi', 'ravi@northwind.com');
    expect(device.member.role).toBe('rep');
  });

  it('refuses a wrong code with 400 invalid_invite', async () => {
    await createTeam(server.db, { name: 'Northwind', domains: [] });
    for (const inviteCode of ['SN-0000-0000-0000', 'not a code at all']) {
      const error = await expectError(
        await postJson(server, '/v1/join', { inviteCode, name: 'Eve', email: 'eve@x.com' }),
        400,
        'invalid_invite',
      );
      expect(error.message).toBe(INVALID);
    }
    expect((await rowCounts(server.db)).members).toBe(0);
  });

  it('refuses a code that was already used', async () => {
    const { inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    await join(server, inviteCode, 'Ada', 'ada@northwind.com');
    const error = await expectError(
      await postJson(server, '/v1/join', { inviteCode, name: 'Eve', email: 'eve@x.com' }),
      400,
      'invalid_invite',
    );
    expect(error.message).toBe(INVALID);
    expect((await rowCounts(server.db)).members).toBe(1);
  });

  it('refuses an expired code', async () => {
    const { teamId } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const { inviteCode } = await createInvite(server.db, { teamId, role: 'rep', ttlDays: 1 }, server.now());
    server.advance(24 * 60 * 60 * 1000 + 1);
    const error = await expectError(
      await postJson(server, '/v1/join', { inviteCode, name: 'Late', email: 'late@x.com' }),
      400,
      'invalid_invite',
    );
    expect(error.message).toBe(INVALID);
  });

  it('lets only one of two simultaneous joins use a code', async () => {
    const { inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const responses = await Promise.all([
      postJson(server, '/v1/join', { inviteCode, name: 'One', email: 'one@x.com' }),
      postJson(server, '/v1/join', { inviteCode, name: 'Two', email: 'two@x.com' }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 400]);
    const counts = await rowCounts(server.db);
    expect({ members: counts.members, tokens: counts.tokens }).toEqual({ members: 1, tokens: 1 });
  });

  it('never signs an invite in as an existing member, whatever the roles, and keeps the invite', async () => {
    const { teamId, inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const ada = await join(server, inviteCode, 'Ada', 'ada@northwind.com');
    const { inviteCode: repInvite } = await createInvite(server.db, { teamId, role: 'rep' });
    const { inviteCode: adminInvite } = await createInvite(server.db, { teamId, role: 'admin' });
    for (const code of [repInvite, adminInvite]) {
      const res = await postJson(server, '/v1/join', { inviteCode: code, name: 'Mallory', email: 'ADA@northwind.com' });
      const error = await expectError(res, 409, 'already_member');
      expect(error.message).toMatch(/device code/);
    }
    // No token was made for Ada's member id, and the invites still work for their rightful owners.
    expect((await rowCounts(server.db)).tokens).toBe(1);
    expect((await join(server, repInvite, 'Ravi', 'ravi@northwind.com')).member).toMatchObject({ role: 'rep' });
    expect((await join(server, adminInvite, 'Bo', 'bo@northwind.com')).member.id).not.toBe(ada.member.id);
  });

  it('signs a second device in as its member with a device code, given their email', async () => {
    const { inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const laptop = await join(server, inviteCode, 'Ada', 'ada@northwind.com');
    const made = await postJson(server, '/v1/devices/code', {}, laptop.token);
    expect(made.status).toBe(200);
    const { deviceCode, inviteLink } = await json<{ deviceCode: string; inviteLink: string }>(made);
    expect(inviteLink).toBe(`http://localhost/join#${deviceCode}`);

    const wrong = await postJson(server, '/v1/join', { inviteCode: deviceCode, name: 'Eve', email: 'eve@northwind.com' });
    expect((await expectError(wrong, 403, 'email_mismatch')).message).toMatch(/another member/);

    const res = await postJson(server, '/v1/join', {
      inviteCode: deviceCode,
      name: 'Ada',
      email: 'ada@northwind.com',
      deviceLabel: 'Chrome · Windows',
    });
    const phone = JoinResponse.parse(await json(res));
    expect(phone.member).toEqual(laptop.member);
    expect(phone.token).not.toBe(laptop.token);
    expect(phone.deviceId).not.toBe(laptop.deviceId);
    // Both devices stay signed in, each listed with its label.
    const listed = await json<{ devices: { id: string; label: string; current: boolean }[] }>(
      await server.app.request('/v1/devices', { headers: { Authorization: `Bearer ${laptop.token}` } }),
    );
    expect(listed.devices.map((d) => [d.id, d.label, d.current]).sort()).toEqual(
      [
        [laptop.deviceId, '', true],
        [phone.deviceId, 'Chrome · Windows', false],
      ].sort(),
    );
    expect((await pull(server, { ...phone, clientID: crypto.randomUUID(), nextMutationID: 1 })).rows.members).toEqual([laptop.member]);
    // The code is single use.
    await expectError(
      await postJson(server, '/v1/join', { inviteCode: deviceCode, name: 'Ada', email: 'ada@northwind.com' }),
      400,
      'invalid_invite',
    );
  });

  it('refuses an invite with the address of a deactivated member', async () => {
    const { teamId, inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    await join(server, inviteCode, 'Ada', 'ada@northwind.com');
    await server.db.updateTable('members').set({ active: 0 }).where('email', '=', 'ada@northwind.com').execute();
    const { inviteCode: again } = await createInvite(server.db, { teamId, role: 'rep' });
    await expectError(
      await postJson(server, '/v1/join', { inviteCode: again, name: 'Ada', email: 'ada@northwind.com' }),
      409,
      'member_deactivated',
    );
  });

  it('answers a malformed join with 400 invalid_request naming the field', async () => {
    const error = await expectError(
      await postJson(server, '/v1/join', { inviteCode: 'SN-AAAA-AAAA-AAAA', name: 'X', email: 'nope' }),
      400,
      'invalid_request',
    );
    expect(error.message).toMatch(/^email:/);
  });
});
