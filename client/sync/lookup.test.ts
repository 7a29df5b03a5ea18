import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCustomer,
  createNote,
  mutations,
  push,
  teamWithTwoMembers,
  testServer,
  type Device,
  type TestServer,
} from '@/server/testing';
import { SidenoteDB } from '../db';
import { resolveCandidate } from '../resolve';
import type { Session } from '../session';
import { SyncEngine } from './engine';
import type { HttpTarget } from './http';
import { lookUpCustomer } from './lookup';
import { pullChanges } from './pull';

// The customer on screen during a first sync, from the real server app in this process.

let server: TestServer;
let admin: Device;
let rep: Device;
let db: SidenoteDB;
const ACME = crypto.randomUUID();
const LOOKUPS = [{ kind: 'domain' as const, value: 'acme.com' }];

const transport: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  return server.app.request(url.pathname + url.search, init);
};
const target = (): HttpTarget => ({ serverUrl: 'http://sidenote.test', token: rep.token, fetch: transport });
const actor = () => ({ memberId: rep.member.id, teamId: rep.team.id, role: rep.member.role });
const bodies = async () => (await db.notes.toArray()).map((n) => n.body).sort();

beforeEach(async () => {
  server = await testServer();
  ({ admin, rep } = await teamWithTwoMembers(server));
  const { refusals } = await push(
    server,
    admin,
    mutations(
      admin,
      createCustomer(ACME, 'Acme', [{ kind: 'domain', value: 'acme.com' }]),
      createNote(crypto.randomUUID(), ACME, 'sent the quote'),
      createNote(crypto.randomUUID(), ACME, 'they asked for 10% off'),
    ),
  );
  expect(refusals).toEqual([]);
  db = new SidenoteDB(`lookup-${crypto.randomUUID()}`);
  await db.setMeta('clientID', crypto.randomUUID());
});
afterEach(async () => {
  db.close();
  await server.close();
});

describe('lookUpCustomer', () => {
  it('brings the customer on screen before the first sync has, and the pull then agrees with it', async () => {
    expect(await resolveCandidate(db, { lookups: LOOKUPS })).toBeNull();
    expect(await lookUpCustomer(db, target(), LOOKUPS)).toBeGreaterThan(0);
    expect((await resolveCandidate(db, { lookups: LOOKUPS }))?.name).toBe('Acme');
    expect(await bodies()).toEqual(['sent the quote', 'they asked for 10% off']);
    // Later changes arrive with the pull, over the early copy.
    await push(
      server,
      admin,
      mutations(admin, { name: 'renameCustomer', args: { customerId: ACME, name: 'Acme 爱克米', eventId: crypto.randomUUID() } }),
    );
    await pullChanges(db, target(), (await db.getMeta<string>('clientID'))!, actor());
    expect((await resolveCandidate(db, { lookups: LOOKUPS }))?.name).toBe('Acme 爱克米');
  });

  it('writes nothing once the pull has passed the answer, so a newer or removed row is never put back', async () => {
    await pullChanges(db, target(), (await db.getMeta<string>('clientID'))!, actor());
    const cookie = (await db.getMeta<number>('cookie'))!;
    await db.setMeta('cookie', cookie + 1);
    await db.notes.clear();
    expect(await lookUpCustomer(db, target(), LOOKUPS)).toBe(0);
    expect(await bodies()).toEqual([]);
  });

  it('leaves rows with pending local changes to the rebase', async () => {
    await lookUpCustomer(db, target(), LOOKUPS);
    await db.customers.update(ACME, { name: 'Renamed here, not yet sent' });
    const row = (await db.customers.get(ACME))!;
    await db.$shadow.put({ table: 'customers', id: ACME, row: { ...row, name: 'Acme' } });
    await lookUpCustomer(db, target(), LOOKUPS);
    expect((await db.customers.get(ACME))?.name).toBe('Renamed here, not yet sent');
  });

  it('is not applied to another history of the server, nor after the local database was reset', async () => {
    await db.setMeta('serverEpoch', 'an-older-history');
    expect(await lookUpCustomer(db, target(), LOOKUPS)).toBe(0);
    await db.setMeta('serverEpoch', undefined);
    await expect(lookUpCustomer(db, target(), LOOKUPS, { epoch: 'before-a-reset' })).rejects.toThrow(/reset/);
    expect(await db.customers.count()).toBe(0);
  });
});

describe('SyncEngine.lookUpDuringFirstSync', () => {
  const session = (): Session => ({ ...rep, serverUrl: 'http://sidenote.test' }) as unknown as Session;

  it('asks only while a first sync is arriving, and once per customer', async () => {
    let asked = 0;
    const counting: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/v1/lookup')) asked++;
      return transport(input, init);
    };
    const engine = new SyncEngine(db, async () => session(), counting);
    await engine.lookUpDuringFirstSync(LOOKUPS);
    expect(asked).toBe(0);
    engine.state.set({ ...engine.state.value, state: 'syncing', progress: { done: 2_000, total: 650_000 } });
    await engine.lookUpDuringFirstSync(LOOKUPS);
    await engine.lookUpDuringFirstSync(LOOKUPS);
    expect(asked).toBe(1);
    expect((await resolveCandidate(db, { lookups: LOOKUPS }))?.name).toBe('Acme');
  });
});
