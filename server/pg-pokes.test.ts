import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PgPokeRelay } from './pg-pokes';
import { testDatabaseUrl } from './testing';

// The relay needs a real PostgreSQL: it runs in the server-pg project only (vitest.config.ts).

const relays: PgPokeRelay[] = [];
afterEach(async () => {
  for (const relay of relays.splice(0)) await relay.close();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function relayOn(url: string) {
  const pokes: string[] = [];
  let resumed = 0;
  const relay = new PgPokeRelay(url, { onPoke: (t) => pokes.push(t), onResume: () => resumed++, retryMs: 50 });
  relays.push(relay);
  return { relay, pokes, resumed: () => resumed };
}

describe('PgPokeRelay (LISTEN/NOTIFY across processes)', () => {
  it("carries a team id from one relay's NOTIFY to every relay listening, the sender's own too", async () => {
    const url = await testDatabaseUrl();
    const a = relayOn(url);
    const b = relayOn(url);
    await a.relay.start();
    await b.relay.start();
    a.relay.notify('team-1');
    await until(() => a.pokes.length > 0 && b.pokes.length > 0);
    expect(b.pokes).toEqual(['team-1']);
    expect(a.pokes).toEqual(['team-1']);
  });

  it('after its listening connection is killed, reconnects, listens again and pokes everyone, then relays again', async () => {
    const url = await testDatabaseUrl();
    const a = relayOn(url);
    const b = relayOn(url);
    await a.relay.start();
    await b.relay.start();
    const pid = await b.relay.listenerPid();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [pid]);
      expect(rows[0]!.ok).toBe(true);
    } finally {
      await admin.end();
    }
    // A poke sent while b was away is lost for b — which is why b pokes every socket on its return.
    await until(() => b.resumed() === 1);
    expect(b.relay.connections).toBe(2);
    expect(await b.relay.listenerPid()).not.toBe(pid);
    a.relay.notify('team-2');
    await until(() => b.pokes.includes('team-2'));
  });

  it('refuses to start when the database cannot be reached, loudly', async () => {
    const url = new URL(await testDatabaseUrl());
    url.pathname = '/no_such_database';
    const relay = relayOn(url.toString()).relay;
    await expect(relay.start()).rejects.toThrow(/no_such_database/);
  });
});
