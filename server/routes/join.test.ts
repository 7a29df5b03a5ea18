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

  it('gives a returning member a new device token and keeps their role', async () => {
    const { teamId, inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const laptop = await join(server, inviteCode, 'Ada', 'ada@northwind.com');
    const { inviteCode: adminInvite } = await createInvite(server.db, { teamId, role: 'admin' });
    const phone = await join(server, adminInvite, 'Ada L.', 'ADA@northwind.com');
    expect(phone.member).toEqual({ ...laptop.member, name: 'Ada L.' });
    expect(phone.token).not.toBe(laptop.token);
    // Both devices stay signed in.
    expect((await pull(server, laptop)).rows.members).toEqual([phone.member]);
    expect((await pull(server, phone)).rows.members).toEqual([phone.member]);
  });

  it("refuses a lower invite used with an existing member's address, and keeps the invite", async () => {
    const { teamId, inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    await join(server, inviteCode, 'Ada', 'ada@northwind.com');
    const { inviteCode: repInvite } = await createInvite(server.db, { teamId, role: 'rep' });
    const res = await postJson(server, '/v1/join', { inviteCode: repInvite, name: 'Mallory', email: 'ada@northwind.com' });
    await expectError(res, 403, 'role_mismatch');
    // The invite was not consumed: its rightful owner can still use it.
    const ravi = await join(server, repInvite, 'Ravi', 'ravi@northwind.com');
    expect(ravi.member.role).toBe('rep');
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
