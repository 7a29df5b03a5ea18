import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Customer, Task } from '@/model/schemas';
import { SidenoteDB } from './db';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 25, 12);

const task = (id: string, dueAt: number, doneAt: number | null): Task => ({
  id,
  customerId: 'huaxin',
  title: 'Send the revised quote',
  assigneeId: 'ben',
  dueAt,
  doneAt,
  doneBy: doneAt === null ? null : 'ben',
  createdBy: 'ben',
  createdAt: NOW - 30 * DAY,
  updatedAt: NOW - 30 * DAY,
  noteId: null,
  source: null,
  deletedAt: null,
});
const customer: Customer = {
  id: 'huaxin',
  name: '华信包装',
  ownerId: null,
  stage: 'lead',
  createdAt: NOW - 60 * DAY,
  updatedAt: NOW - DAY,
  deletedAt: null,
  mergedIntoId: null,
};

describe('opening a database an older version installed', () => {
  it('keeps what an installed database held and indexes its follow-ups and customers', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    // The schema as version 7 left it, its key–value table still named $meta.
    old.version(7).stores({
      teams: 'id',
      members: 'id, teamId',
      customers: 'id, ownerId, updatedAt',
      identities: 'id, customerId, [kind+value]',
      notes: 'id, [customerId+createdAt], authorId, *mentions',
      noteRevisions: 'id, noteId, customerId',
      tasks: 'id, customerId, assigneeId, dueAt, [assigneeId+dueAt]',
      customerEvents: 'id, customerId',
      $outbox: 'id',
      $shadow: '[table+id]',
      $refusals: 'mutationID',
      $meta: 'key',
      $notified: 'key',
    });
    await old.table('tasks').bulkPut([task('open', NOW - DAY, null), task('done', NOW - DAY, NOW - 2 * DAY)]);
    await old.table('customers').bulkPut([customer]);
    const line = (id: string, type: string) => ({
      id,
      customerId: 'huaxin',
      type,
      actorId: 'ben',
      at: NOW - DAY,
      from: null,
      to: null,
      note: '',
    });
    await old.table('customerEvents').bulkPut([line('f1', 'follow'), line('u1', 'unfollow'), line('s1', 'stage'), line('a1', 'ack')]);
    await old.table('$meta').bulkPut([
      { key: 'clientID', value: 'c0ffee00-0000-4000-8000-000000000000' },
      { key: 'nextMutationID', value: 42 },
    ]);
    old.close();

    const upgraded = new SidenoteDB(name);
    expect(await upgraded.getMeta('clientID')).toBe('c0ffee00-0000-4000-8000-000000000000');
    expect(await upgraded.getMeta('nextMutationID')).toBe(42);
    expect(await upgraded.tasks.where('openDueAt').below(NOW).primaryKeys()).toEqual(['open']);
    expect(await upgraded.customers.orderBy('unownedUpdatedAt').primaryKeys()).toEqual(['huaxin']);
    // Follow lines are found through their own index; the rest of the history is left out of it.
    expect((await upgraded.customerEvents.orderBy('followOf').primaryKeys()).sort()).toEqual(['f1', 'u1']);
    expect(await upgraded.customerEvents.count()).toBe(4);
    upgraded.close();
    // Opened again, it is left as it is.
    const again = new SidenoteDB(name);
    expect(await again.getMeta('nextMutationID')).toBe(42);
    again.close();
  });

  it('opens from two pages at once, renaming the old table once', async () => {
    const name = `test-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(8).stores({ $meta: 'key', tasks: 'id' });
    await old.table('$meta').put({ key: 'cookie', value: 7 });
    old.close();
    const [a, b] = [new SidenoteDB(name), new SidenoteDB(name)];
    await Promise.all([a.open(), b.open()]);
    expect([await a.getMeta('cookie'), await b.getMeta('cookie')]).toEqual([7, 7]);
    a.close();
    b.close();
  });
});
