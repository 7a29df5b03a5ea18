import { beforeEach, describe, expect, it } from 'vitest';
import { emptyRows, PullResponse } from '@/model/sync';
import { SidenoteDB } from './db';
import { mutate } from './mutate';
import { resolveCandidate } from './resolve';
import { dexieStore } from './store';
import { applyPull } from './sync/pull';

const actor = { memberId: 'm-ana', teamId: 't1', role: 'rep' as const };
const T0 = 1_790_000_000_000;
const northwind = {
  id: 'c1',
  name: 'Northwind Traders',
  ownerId: null,
  stage: 'lead' as const,
  createdAt: T0,
  updatedAt: T0,
  deletedAt: null,
  mergedIntoId: null,
};

let db: SidenoteDB;
beforeEach(async () => {
  db = new SidenoteDB(`store-${crypto.randomUUID()}`);
  await db.open();
  const rows = {
    ...emptyRows(),
    customers: [northwind],
    identities: [{ id: 'i1', customerId: 'c1', kind: 'domain', value: 'northwind-traders.com', deletedAt: null }],
  };
  await applyPull(db, PullResponse.parse({ cookie: 1, lastMutationID: 0, more: false, tombstones: [], refusals: [], rows }), actor);
});

const inMutation = <T>(run: () => Promise<T>) => db.transaction('rw', [db.customers, db.$shadow], run);

describe('the mutators’ Dexie store', () => {
  it('keeps the server’s row as the shadow at the first write only, and gives later reads the row written', async () => {
    await inMutation(async () => {
      const store = dexieStore(db);
      const read = await store.get('customers', 'c1');
      await store.put('customers', { ...read!, name: 'Northwind Traders Ltd' });
      await store.put('customers', { ...read!, name: 'Northwind Trading' });
      expect((await store.get('customers', 'c1'))?.name).toBe('Northwind Trading');
    });
    expect((await db.$shadow.get(['customers', 'c1']))?.row).toMatchObject({ name: 'Northwind Traders' });
    expect((await db.customers.get('c1'))?.name).toBe('Northwind Trading');
  });

  it('hands out copies: a mutator changing a row it read changes nothing it reads again, nor the store', async () => {
    await inMutation(async () => {
      const store = dexieStore(db);
      const read = await store.get('customers', 'c1');
      read!.name = 'changed in place';
      expect((await store.get('customers', 'c1'))?.name).toBe('Northwind Traders');
      const written = { ...read!, name: 'Northwind Trading' };
      await store.put('customers', written);
      written.name = 'changed after the write';
      expect((await store.get('customers', 'c1'))?.name).toBe('Northwind Trading');
    });
  });

  it('a second pending change of a row keeps the first one’s shadow (the server’s row, not the first change)', async () => {
    await mutate(db, actor, [{ name: 'renameCustomer', args: { customerId: 'c1', name: 'Northwind Traders Ltd', eventId: 'e1' } }], T0 + 1);
    await mutate(db, actor, [{ name: 'renameCustomer', args: { customerId: 'c1', name: 'Northwind Trading', eventId: 'e2' } }], T0 + 2);
    expect((await db.$shadow.get(['customers', 'c1']))?.row).toMatchObject({ name: 'Northwind Traders' });
    expect((await db.customers.get('c1'))?.name).toBe('Northwind Trading');
  });
});

describe('lookups', () => {
  it('resolve a page’s customer inside a read-only transaction that holds no shadow table (a view’s)', async () => {
    const found = await db.transaction('r', [db.customers, db.identities], () =>
      resolveCandidate(db, { lookups: [{ kind: 'domain', value: 'northwind-traders.com' }] }),
    );
    expect(found?.id).toBe('c1');
  });
});
