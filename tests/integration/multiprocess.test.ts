import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveToClient } from '../../model/live';
import { createPgDatabase, startPgCluster, type PgCluster } from '../../server/testing-pg-cluster';
import { authenticated } from '../../server/testing-live';
import { admin, startServer, type ServerProcess } from '../e2e/harness';

// Two real server processes on two ports over one PostgreSQL: a push to one pokes a live socket
// on the other (LISTEN/NOTIFY), also right after the other's listening connection was killed.

let cluster: PgCluster;
let databaseUrl: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  cluster = await startPgCluster();
  databaseUrl = await createPgDatabase(cluster.adminUrl);
  servers.push(await startServer(databaseUrl), await startServer(databaseUrl));
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  cluster?.stop();
});

async function joinAt(url: string, inviteCode: string, email: string): Promise<string> {
  const res = await fetch(`${url}/v1/join`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ inviteCode, name: email, email }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

async function pushAt(url: string, token: string, clientID: string, id: number, name: string, args: unknown): Promise<void> {
  const res = await fetch(`${url}/v1/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ clientID, mutations: [{ id, name, args, at: Date.now() }] }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

describe('several server processes on one PostgreSQL', () => {
  it("pokes B's socket on process 2 after A's push to process 1, and again after process 2's listener was killed", async () => {
    const [one, two] = servers as [ServerProcess, ServerProcess];
    const { teamId, inviteCode } = await admin<{ teamId: string; inviteCode: string }>(databaseUrl, 'team:create', '--name', 'Multi');
    const { inviteCode: repCode } = await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', teamId, '--role', 'rep');
    const a = await joinAt(one.url, inviteCode, 'a@multi.test');
    const b = await joinAt(two.url, repCode, 'b@multi.test');
    const peer = await authenticated(two.url, b);
    const clientA = randomUUID();
    const customerId = randomUUID();
    await pushAt(one.url, a, clientA, 1, 'createCustomer', { id: customerId, name: 'Acme', identities: [] });
    // Process 2's first poke of the team has no earlier one to follow: a plain poke (the client pulls).
    expect(await peer.next('poke')).toEqual({ type: 'poke' });
    /** The bodies of the notes a poke carries (later pokes carry the rows since the one before). */
    const notesIn = (poke: LiveToClient) =>
      poke.type === 'poke' ? (poke.changes?.rows.notes ?? []).map((n) => (n as { body: string }).body) : [];

    // Kill every listening connection (both processes'), then push at once, before they return.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        "select count(pg_terminate_backend(pid)) as n from pg_stat_activity where query ilike 'listen %' and pid <> pg_backend_pid()",
      );
      expect(Number(rows[0]!.n)).toBe(2);
      await pushAt(one.url, a, clientA, 2, 'createNote', { id: randomUUID(), customerId, body: 'Sent while nobody listened' });
      // Process 2 missed that NOTIFY; on reconnecting it pokes every socket it has anyway, with the rows since its last poke.
      // Its listener may come back before the push commits: then that poke carries nothing yet and
      // the push's own NOTIFY brings the note in the next one. Either way the note arrives, once.
      const seen = notesIn(await peer.next('poke'));
      if (seen.length === 0) seen.push(...notesIn(await peer.next('poke')));
      expect(seen).toEqual(['Sent while nobody listened']);
      const pull = await fetch(`${two.url}/v1/pull?${new URLSearchParams({ clientID: randomUUID(), cookie: '0', knownMutationID: '0' })}`, {
        headers: { Authorization: `Bearer ${b}` },
      });
      const body = (await pull.json()) as { rows: { notes: { body: string }[] } };
      expect(body.rows.notes.map((n) => n.body)).toContain('Sent while nobody listened');
      // And listening again: a later push still crosses.
      // Each process reconnects on its own backoff: wait (up to 10 s) until both listen again.
      let listening = 0;
      for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
        const { rows: now } = await client.query<{ n: string }>("select count(*) as n from pg_stat_activity where query ilike 'listen %'");
        listening = Number(now[0]!.n);
        if (listening === 2) break;
      }
      expect(listening).toBe(2);
      await pushAt(one.url, a, clientA, 3, 'createNote', { id: randomUUID(), customerId, body: 'After the reconnect' });
      expect(notesIn(await peer.next('poke'))).toEqual(['After the reconnect']);
    } finally {
      await client.end();
      peer.socket.close();
    }
  });
});
