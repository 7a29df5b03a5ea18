import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { PushResponse } from '../../model/sync';
import { admin, startServer, type ServerProcess } from '../e2e/harness';

const NOTES = 1_000;
const BATCH = 5;

/**
 * Durability with a real server process: SIGKILL it while a client pushes 1,000 notes. After a
 * restart every acknowledged note is there; after the client retries from what it knows, all
 * 1,000 exist exactly once.
 */
describe('a server killed with SIGKILL mid-push', () => {
  let server: ServerProcess;
  afterAll(() => server?.stop('SIGKILL'));

  it('keeps every acknowledged note and applies the retried rest exactly once', async () => {
    server = await startServer();
    const team = await admin<{ teamId: string; inviteCode: string }>(
      server.databaseUrl,
      'team:create',
      '--name',
      'Durable',
      '--domain',
      'sidenote-demo.com',
    );
    const joined = await fetch(`${server.url}/v1/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: team.inviteCode, name: 'Ana', email: 'ana@sidenote-demo.com' }),
    });
    const { token } = (await joined.json()) as { token: string };
    const clientID = crypto.randomUUID();
    const mutations = [
      {
        id: 1,
        name: 'createCustomer',
        args: { id: 'acme', name: 'Acme', identities: [{ id: 'acme-domain', kind: 'domain', value: 'acme.com' }] },
        at: Date.now(),
      },
      ...Array.from({ length: NOTES }, (_, i) => ({
        id: i + 2,
        name: 'createNote',
        args: { id: `note-${i + 1}`, customerId: 'acme', body: `Note ${i + 1}` },
        at: Date.now(),
      })),
    ];
    const push = async (from: number): Promise<number> => {
      const res = await fetch(`${server.url}/v1/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ clientID, mutations: mutations.slice(from - 1, from - 1 + BATCH) }),
      });
      if (!res.ok) throw new Error(`push answered ${res.status}`);
      return PushResponse.parse(await res.json()).lastMutationID;
    };

    // 1. Push until the server is killed partway through.
    let acknowledged = 0;
    const killAt = 200 + Math.floor(Math.random() * 400);
    let killed = false;
    while (acknowledged < mutations.length) {
      if (!killed && acknowledged >= killAt) {
        // Kill while a push is in flight: its fate is unknown to the client.
        const inFlight = push(acknowledged + 1).catch(() => null);
        await new Promise((r) => setImmediate(r));
        await server.stop('SIGKILL');
        killed = true;
        const answer = await inFlight;
        if (answer !== null) acknowledged = answer;
        break;
      }
      acknowledged = await push(acknowledged + 1);
    }
    expect(killed).toBe(true);

    // 2. Every acknowledged note survived the kill (read straight from the file).
    const file = new Database(server.databaseUrl, { readonly: true });
    const count = (file.prepare("select count(*) as n from notes where id like 'note-%'").get() as { n: number }).n;
    const present = new Set((file.prepare('select id from notes').all() as { id: string }[]).map((r) => r.id));
    file.close();
    for (let id = 2; id <= acknowledged; id++) expect(present.has(`note-${id - 1}`), `acknowledged note-${id - 1}`).toBe(true);
    expect(count).toBeGreaterThanOrEqual(acknowledged - 1);

    // 3. Restart on the same file; the client resends from what it last heard acknowledged.
    server = await startServer(server.databaseUrl, server.port);
    let last = acknowledged;
    while (last < mutations.length) last = await push(last + 1);

    // 4. All 1,000 notes, each exactly once.
    const after = new Database(server.databaseUrl, { readonly: true });
    const rows = after.prepare("select id from notes where id like 'note-%'").all() as { id: string }[];
    after.close();
    expect(rows).toHaveLength(NOTES);
    expect(new Set(rows.map((r) => r.id)).size).toBe(NOTES);
  });
});
