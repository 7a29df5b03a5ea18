import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveToClient } from '../model/live';
import { openDatabase } from './db/connect';
import { startServer, type RunningServer } from './index';
import { LIVE_MAX_ROWS, LiveHub, type LiveSocket } from './live';
import { connect } from './testing-live';
import { createCustomer, mutations, pull, push, pushPrivateAndShared, teamWithTwoMembers, testServer, type Device } from './testing';
import { createInvite, createTeam } from './teams';

// The live socket against a real server process's listener (in this process), over real TCP.

describe('GET /v1/live', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sidenote-live-'));
  const databaseUrl = join(dir, 'sidenote.db');
  let server: RunningServer;
  let tokens: string[];

  beforeAll(async () => {
    const { db, close } = openDatabase(databaseUrl);
    server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl });
    const { teamId, inviteCode } = await createTeam(db, { name: 'Live', domains: [] });
    const second = (await createInvite(db, { teamId, role: 'rep' })).inviteCode;
    await close();
    tokens = [];
    for (const [code, email] of [
      [inviteCode, 'a@live.test'],
      [second, 'b@live.test'],
    ]) {
      const res = await fetch(`${server.url}/v1/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ inviteCode: code, name: email, email }),
      });
      tokens.push(((await res.json()) as { token: string }).token);
    }
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The first member's device creates a customer (one push), which commits and pokes. */
  async function pushCustomer(id: string, name: string) {
    const push = await fetch(`${server.url}/v1/push`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${tokens[0]}` },
      body: JSON.stringify({
        clientID: crypto.randomUUID(),
        mutations: [{ id: 1, name: 'createCustomer', args: { id, name, identities: [] }, at: Date.now() }],
      }),
    });
    expect(push.status).toBe(200);
  }

  it("pokes a teammate's socket after a commit, and answers pings", async () => {
    const peer = await connect(server.url, 'chrome-extension://abcdefghijklmnop');
    peer.socket.send(JSON.stringify({ type: 'auth', token: tokens[1] }));
    await peer.next('ready');
    peer.socket.send(JSON.stringify({ type: 'ping' }));
    await peer.next('pong');
    await pushCustomer('c1', 'Acme');
    expect(await peer.next('poke')).toEqual({ type: 'poke' });
    peer.socket.close();
  });

  it("does not poke the device whose push it was (it pulls after pushing), but pokes its teammate's", async () => {
    const author = await connect(server.url, 'chrome-extension://abcdefghijklmnop');
    author.socket.send(JSON.stringify({ type: 'auth', token: tokens[0] }));
    await author.next('ready');
    const peer = await connect(server.url, 'chrome-extension://abcdefghijklmnop');
    peer.socket.send(JSON.stringify({ type: 'auth', token: tokens[1] }));
    await peer.next('ready');
    await pushCustomer('c-author', 'Gamma');
    expect(await peer.next('poke')).toEqual({ type: 'poke' });
    // The poke went out in one tick: had the author been poked, it would be read before this pong.
    author.socket.send(JSON.stringify({ type: 'ping' }));
    await author.next('pong');
    expect(author.inbox).toEqual([]);
    author.socket.close();
    peer.socket.close();
  });

  it('carries the rows committed since its last poke to the team, after the first', async () => {
    const peer = await connect(server.url, 'chrome-extension://abcdefghijklmnop');
    peer.socket.send(JSON.stringify({ type: 'auth', token: tokens[1] }));
    await peer.next('ready');
    await pushCustomer('c-first', 'First');
    // The first poke since the team's socket joined has no version to start from: pull.
    expect(await peer.next('poke')).toEqual({ type: 'poke' });
    await pushCustomer('c-next', 'Next');
    const poke = await peer.next('poke');
    if (poke.type !== 'poke' || !poke.changes) throw new Error('the second poke carried no rows');
    expect(poke.changes.cookie).toBeGreaterThan(poke.changes.after);
    expect(poke.changes.rows.customers).toEqual([expect.objectContaining({ id: 'c-next', name: 'Next' })]);
    peer.socket.close();
  });

  it('registers a socket once when two auth messages arrive back to back: one poke per commit', async () => {
    const peer = await connect(server.url, 'chrome-extension://abcdefghijklmnop');
    peer.socket.send(JSON.stringify({ type: 'auth', token: tokens[1] }));
    peer.socket.send(JSON.stringify({ type: 'auth', token: tokens[1] }));
    await peer.next('ready');
    await pushCustomer('c2', 'Beta');
    await peer.next('poke');
    // A second registration would have sent its poke before the server reads this ping.
    peer.socket.send(JSON.stringify({ type: 'ping' }));
    await peer.next('pong');
    expect(peer.inbox).toEqual([]);
    peer.socket.close();
  });

  it('closes a socket that sends a wrong token, with the reason in words', async () => {
    const peer = await connect(server.url);
    peer.socket.send(JSON.stringify({ type: 'auth', token: 'nope' }));
    expect(await peer.next('error')).toMatchObject({ code: 'unauthorized' });
    expect(await peer.closed).toBe(1008);
  });

  it('refuses a socket opened by a web page', async () => {
    const peer = await connect(server.url, 'https://evil.example');
    expect(await peer.next('error')).toMatchObject({ code: 'forbidden_origin' });
    expect(await peer.closed).toBe(1008);
  });

  it('closes on a malformed message', async () => {
    const peer = await connect(server.url);
    peer.socket.send('{"type":"subscribe-to-everything"}');
    expect(await peer.next('error')).toMatchObject({ code: 'invalid_request' });
    expect(await peer.closed).toBe(1008);
  });
});

describe('LiveHub with the database', () => {
  /** A socket that keeps what it is sent. */
  function socketOf(device: Device, inbox: LiveToClient[]): LiveSocket {
    const actor = { memberId: device.member.id, teamId: device.team.id, role: device.member.role };
    return { actor, deviceId: device.deviceId, send: (m) => inbox.push(m), close: () => {} };
  }

  it("pokes each member with their share of the rows since the last poke, as their pull from the last poke's head has it", async () => {
    const server = await testServer();
    try {
      const { teamId, admin, rep } = await teamWithTwoMembers(server);
      const hub = new LiveHub(server.db);
      const toAdmin: LiveToClient[] = [];
      const toRep: LiveToClient[] = [];
      hub.join(teamId, socketOf(admin, toAdmin));
      hub.join(teamId, socketOf(rep, toRep));
      hub.poke(teamId);
      await vi.waitFor(() => expect(toRep).toHaveLength(1));
      expect(toAdmin).toEqual([{ type: 'poke' }]);
      const before = (await pull(server, admin)).cookie;

      const { shared } = await pushPrivateAndShared(server, rep);
      hub.poke(teamId);
      await vi.waitFor(() => expect(toAdmin).toHaveLength(2));
      await vi.waitFor(() => expect(toRep).toHaveLength(2));
      for (const [device, inbox] of [
        [admin, toAdmin],
        [rep, toRep],
      ] as const) {
        const pulled = await pull(server, device, before);
        const poke = inbox[1]!;
        if (poke.type !== 'poke') throw new Error('not a poke');
        expect(poke.changes).toEqual({ after: before, cookie: pulled.cookie, epoch: pulled.epoch, rows: pulled.rows, tombstones: [] });
      }
      const adminPoke = toAdmin[1]!;
      expect(adminPoke.type === 'poke' && adminPoke.changes?.rows.notes.map((n) => (n as { id: string }).id)).toEqual([shared]);
      expect(JSON.stringify(adminPoke)).not.toContain('churn');
    } finally {
      await server.close();
    }
  });

  it('pokes without rows past LIVE_MAX_ROWS changes, or when nothing changed: the clients pull', async () => {
    const server = await testServer();
    try {
      const { teamId, admin, rep } = await teamWithTwoMembers(server);
      const hub = new LiveHub(server.db);
      const inbox: LiveToClient[] = [];
      hub.join(teamId, socketOf(admin, inbox));
      hub.poke(teamId);
      await vi.waitFor(() => expect(inbox).toHaveLength(1));
      hub.poke(teamId);
      await vi.waitFor(() => expect(inbox).toHaveLength(2));
      const batch = Array.from({ length: LIVE_MAX_ROWS + 1 }, (_, i) => createCustomer(randomUUID(), `Customer ${i}`));
      // Two pushes (one carries 100 at most), between two pokes.
      await push(server, rep, mutations(rep, ...batch.slice(0, 50)));
      await push(server, rep, mutations(rep, ...batch.slice(50)));
      hub.poke(teamId);
      await vi.waitFor(() => expect(inbox).toHaveLength(3));
      expect(inbox).toEqual([{ type: 'poke' }, { type: 'poke' }, { type: 'poke' }]);
    } finally {
      await server.close();
    }
  });
});
