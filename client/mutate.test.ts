import { beforeEach, describe, expect, it } from 'vitest';
import { MutationError } from '@/model/mutators';
import { emptyRows, PullResponse } from '@/model/sync';
import { SidenoteDB } from './db';
import { mutate } from './mutate';
import { applyPull } from './sync/pull';

const actor = { memberId: 'm-ana', teamId: 't1', role: 'rep' as const };
const T0 = 1_790_000_000_000;

let db: SidenoteDB;
beforeEach(async () => {
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
});

const newCustomer = (id: string, domain: string) => ({
  name: 'createCustomer' as const,
  args: { id, name: 'Northwind Traders', identities: [{ id: `i-${id}`, kind: 'domain' as const, value: domain }] },
});
const newNote = (id: string, customerId: string, body = 'hello') => ({ name: 'createNote' as const, args: { id, customerId, body } });

function pull(partial: Omit<Partial<PullResponse>, 'rows'> & { rows?: Partial<PullResponse['rows']> }): PullResponse {
  // Parsed, so the fields a test does not name get the wire's defaults.
  return PullResponse.parse({
    cookie: 1,
    lastMutationID: 0,
    more: false,
    tombstones: [],
    refusals: [],
    ...partial,
    rows: { ...emptyRows(), ...partial.rows },
  });
}

describe('mutate', () => {
  it('shows the change and queues it in one transaction', async () => {
    const ids = await mutate(db, actor, [newCustomer('c1', 'northwind-traders.com'), newNote('n1', 'c1')], T0);
    expect(ids).toEqual([1, 2]);
    expect(await db.notes.get('n1')).toMatchObject({ customerId: 'c1', authorId: 'm-ana', body: 'hello', createdAt: T0 });
    expect((await db.$outbox.toArray()).map((m) => [m.id, m.name])).toEqual([
      [1, 'createCustomer'],
      [2, 'createNote'],
    ]);
    expect(await mutate(db, actor, [newNote('n2', 'c1')], T0)).toEqual([3]);
  });

  it('queues nothing and shows nothing when the local data already refuses the change', async () => {
    await expect(mutate(db, actor, [newCustomer('c1', 'acme.com'), newNote('n1', 'nobody')], T0)).rejects.toBeInstanceOf(MutationError);
    expect(await db.$outbox.count()).toBe(0);
    expect(await db.customers.count()).toBe(0);
    expect(await db.getMeta('nextMutationID')).toBeUndefined();
  });
});

describe('applyPull (rebase)', () => {
  it('replaces optimistic rows with the server’s and keeps pending mutations applied on top', async () => {
    await mutate(db, actor, [newCustomer('c1', 'northwind-traders.com'), newNote('n1', 'c1', 'first')], T0);
    await mutate(db, actor, [newNote('n2', 'c1', 'second')], T0 + 1);
    // The server has done mutations 1 and 2, and renamed the customer meanwhile.
    const serverCustomer = {
      id: 'c1',
      name: 'Northwind Traders Ltd',
      ownerId: null,
      stage: 'lead',
      createdAt: T0,
      updatedAt: T0,
      deletedAt: null,
      mergedIntoId: null,
    };
    const serverNote = { ...(await db.notes.get('n1'))! };
    await applyPull(db, pull({ cookie: 7, lastMutationID: 2, rows: { customers: [serverCustomer], notes: [serverNote] } }), actor);
    expect((await db.$outbox.toArray()).map((m) => m.id)).toEqual([3]);
    expect((await db.customers.get('c1'))?.name).toBe('Northwind Traders Ltd');
    expect(await db.notes.get('n2')).toMatchObject({ body: 'second', customerId: 'c1' });
    expect(await db.getMeta('cookie')).toBe(7);
    expect(await db.getMeta('lastMutationID')).toBe(2);
  });

  it('undoes an optimistic change the server refused', async () => {
    await mutate(db, actor, [newCustomer('c1', 'acme.com'), newNote('n1', 'c1')], T0);
    const refusal = { mutationID: 2, name: 'createNote', code: 'forbidden', message: 'no', params: {} };
    const serverCustomer = {
      id: 'c1',
      name: 'Northwind Traders',
      ownerId: null,
      stage: 'lead',
      createdAt: T0,
      updatedAt: T0,
      deletedAt: null,
      mergedIntoId: null,
    };
    await applyPull(db, pull({ lastMutationID: 2, rows: { customers: [serverCustomer] }, refusals: [refusal] }), actor);
    expect(await db.notes.get('n1')).toBeUndefined();
    expect(await db.$outbox.count()).toBe(0);
    expect(await db.$refusals.get(2)).toMatchObject({ code: 'forbidden', seen: false });
  });

  it('folds a customer made here into the one a teammate made first', async () => {
    await mutate(db, actor, [newCustomer('mine', 'northwind-traders.com'), newNote('n1', 'mine')], T0);
    // A teammate's customer for the same domain arrives before our mutations were pushed.
    const theirs = {
      id: 'theirs',
      name: 'Northwind',
      ownerId: null,
      stage: 'lead',
      createdAt: T0 - 5,
      updatedAt: T0 - 5,
      deletedAt: null,
      mergedIntoId: null,
    };
    const identity = { id: 'i-theirs', customerId: 'theirs', kind: 'domain' as const, value: 'northwind-traders.com', deletedAt: null };
    await applyPull(db, pull({ lastMutationID: 0, rows: { customers: [theirs], identities: [identity] } }), actor);
    expect(await db.customers.get('mine')).toMatchObject({ mergedIntoId: 'theirs' });
    expect(await db.notes.get('n1')).toMatchObject({ customerId: 'theirs' });
    expect(await db.identities.where('[kind+value]').equals(['domain', 'northwind-traders.com']).count()).toBe(1);
  });
});
