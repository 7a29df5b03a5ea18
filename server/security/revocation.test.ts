import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoinResponse } from '../../model/sync';
import { runAdminCommand } from '../admin';
import { openDatabase } from '../db/connect';
import { startServer, type RunningServer } from '../index';
import { createInvite, createTeam } from '../teams';
import { authenticated } from '../testing-live';

// A revoked device, or a deactivated member's, gets 401 on its next request and its live socket
// is closed at once — over real HTTP and WebSockets against a server listening in this process.

const dir = mkdtempSync(join(tmpdir(), 'sidenote-revoke-'));
const databaseUrl = join(dir, 'sidenote.db');
let server: RunningServer;
let teamId: string;
let admin: JoinResponse;

async function call(path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function joinWith(inviteCode: string, name: string, email: string): Promise<JoinResponse> {
  const res = await fetch(`${server.url}/v1/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ inviteCode, name, email }),
  });
  expect(res.status).toBe(200);
  return JoinResponse.parse(await res.json());
}

/** A new rep with two devices: one joined by invite, one by a device code they made. */
async function repWithTwoDevices(email: string) {
  const { db, close } = openDatabase(databaseUrl);
  const { inviteCode } = await createInvite(db, { teamId, role: 'rep' });
  await close();
  const laptop = await joinWith(inviteCode, 'Ravi', email);
  const { deviceCode } = (await (await call('/v1/devices/code', laptop.token, {})).json()) as { deviceCode: string };
  const phone = await joinWith(deviceCode, 'Ravi', email);
  return { laptop, phone };
}

beforeAll(async () => {
  server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl });
  const { db, close } = openDatabase(databaseUrl);
  const team = await createTeam(db, { name: 'Revocation', domains: [] });
  await close();
  teamId = team.teamId;
  admin = await joinWith(team.inviteCode, 'Ada', 'ada@revoke.test');
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('revocation', () => {
  it('a device revoked by its member: its socket closes at once, its next request is 401, the other device goes on', async () => {
    const { laptop, phone } = await repWithTwoDevices('ravi1@revoke.test');
    const laptopLive = await authenticated(server.url, laptop.token);
    const phoneLive = await authenticated(server.url, phone.token);
    expect((await call(`/v1/devices/${phone.deviceId}/revoke`, laptop.token, {})).status).toBe(200);
    expect(await phoneLive.next('error')).toMatchObject({ code: 'unauthorized' });
    expect(await phoneLive.closed).toBe(1008);
    expect((await call('/v1/devices', phone.token)).status).toBe(401);
    // The laptop is still signed in, and still live.
    expect((await call('/v1/devices', laptop.token)).status).toBe(200);
    laptopLive.socket.send(JSON.stringify({ type: 'ping' }));
    await laptopLive.next('pong');
    laptopLive.socket.close();
  });

  it('a member deactivated by an admin: every socket of theirs closes at once and every device gets 401', async () => {
    const { laptop, phone } = await repWithTwoDevices('ravi2@revoke.test');
    const sockets = [await authenticated(server.url, laptop.token), await authenticated(server.url, phone.token)];
    const res = await call(`/v1/admin/members/${laptop.member.id}`, admin.token, { active: false });
    expect(res.status).toBe(200);
    for (const live of sockets) {
      expect(await live.next('error')).toMatchObject({ code: 'unauthorized' });
      expect(await live.closed).toBe(1008);
    }
    for (const device of [laptop, phone]) expect((await call('/v1/pull?clientID=' + crypto.randomUUID(), device.token)).status).toBe(401);
  });

  it('a member deactivated on the command line: every request is 401 at once, the socket closes at its next ping', async () => {
    const { laptop } = await repWithTwoDevices('ravi3@revoke.test');
    const live = await authenticated(server.url, laptop.token);
    const database = openDatabase(databaseUrl);
    const out = await runAdminCommand(database.db, { command: 'member:deactivate', memberId: laptop.member.id }, { publicUrl: server.url });
    await database.close();
    expect(out).toEqual({ memberId: laptop.member.id, active: false, devicesRevoked: 2 });
    expect((await call('/v1/devices', laptop.token)).status).toBe(401);
    live.socket.send(JSON.stringify({ type: 'ping' }));
    expect(await live.next('error')).toMatchObject({ code: 'unauthorized' });
    expect(await live.closed).toBe(1008);
  });
});
