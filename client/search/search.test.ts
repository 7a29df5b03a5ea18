import Dexie from 'dexie';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Customer, Note } from '@/model/schemas';
import { SidenoteDB } from '../db';
import { mutate } from '../mutate';
import { DOC_CUSTOMER, DOC_NOTE, indexBatch, indexStats, mergeSmallSegments, type SegmentMeta } from './index';
import { SearchIndexer } from './indexer';
import { ranked, search } from './search';

const actor = { memberId: 'm-ana', teamId: 't1', role: 'manager' as const };
const T0 = 1_790_000_000_000;

let db: SidenoteDB;
let indexer: SearchIndexer;
beforeEach(async () => {
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
  indexer = new SearchIndexer(db, () => false, 0);
  await db.members.bulkPut([
    { id: 'm-ana', teamId: 't1', name: 'Ana', email: 'ana@example.com', role: 'manager', active: true },
    { id: 'm-li', teamId: 't1', name: '李伟', email: 'li@example.com', role: 'rep', active: true },
  ]);
});

const customer = (id: string, name: string, updatedAt = T0): Customer => ({
  id,
  name,
  ownerId: null,
  stage: 'lead',
  createdAt: T0,
  updatedAt,
  deletedAt: null,
  mergedIntoId: null,
});
const note = (id: string, customerId: string, body: string, createdAt: number, extra: Partial<Note> = {}): Note => ({
  id,
  customerId,
  authorId: 'm-li',
  kind: 'note',
  change: null,
  body,
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: null,
  createdAt,
  editedAt: null,
  deletedAt: null,
  ...extra,
});

/** The results' notes (or customers) by id, in order. */
async function found(query: string): Promise<string[]> {
  await indexer.run();
  return (await search(db, query, { viewerId: 'm-ana' })).hits.map((h) => h.noteId ?? `customer:${h.customerId}`);
}

describe('search', () => {
  beforeEach(async () => {
    await db.customers.bulkPut([customer('huaxin', '华信包装'), customer('acme', 'Acme Trading', T0 + 5)]);
    await db.notes.bulkPut([
      note('n1', 'huaxin', '客户要求下周五前报价，2000件。', T0 + 1),
      note('n2', 'acme', 'Sent the quotation for 2,000 pallets; 等对方确认报价', T0 + 2),
      note('n3', 'acme', 'Contract renewal next month, legal reviews clause 7.', T0 + 3),
    ]);
  });

  it('finds a two-character Chinese query on every customer that holds it, the newest first', async () => {
    expect(await found('报价')).toEqual(['n2', 'n1']);
  });

  it('matches English words by prefix, whatever their case', async () => {
    expect(await found('QUOT')).toEqual(['n2']);
    expect(await found('contract')).toEqual(['n3']);
    expect(await found('ntract')).toEqual([]);
  });

  it('ANDs the terms of a mixed query', async () => {
    expect(await found('报价 pallets')).toEqual(['n2']);
    expect(await found('报价 contract')).toEqual([]);
  });

  it('finds one Chinese character, at the end of a run too', async () => {
    expect(await found('件')).toEqual(['n1']);
    expect(await found('认')).toEqual(['n2']);
  });

  it('puts customers whose name matches first', async () => {
    await db.notes.put(note('n4', 'acme', 'Acme wants samples', T0 + 10));
    expect(await found('acme')).toEqual(['customer:acme', 'n4']);
    const [first] = (await search(db, '华信', { viewerId: 'm-ana' })).hits;
    expect(first).toMatchObject({ kind: 'customer', customerName: '华信包装', nameMarks: [[0, 2]] });
  });

  it('marks what matched in the text it sends', async () => {
    const [hit] = (await search(db, '报价 pallet', { viewerId: 'm-ana' })).hits;
    await indexer.run();
    const [fresh] = (await search(db, '报价 pallet', { viewerId: 'm-ana' })).hits;
    expect(hit ?? fresh).toBeDefined();
    const { text, marks, customerName, authorName } = fresh!;
    expect(marks.map(([s, e]) => text.slice(s, e))).toEqual(['pallet', '报价']);
    expect({ customerName, authorName }).toEqual({ customerName: 'Acme Trading', authorName: '李伟' });
  });

  it('follows edits: the old text is no longer found, the new one is', async () => {
    await mutate(
      db,
      actor,
      [{ name: 'updateNote', args: { id: 'n3', revisionId: crypto.randomUUID(), patch: { body: '合同已续签' } } }],
      T0 + 20,
    );
    expect(await found('contract')).toEqual([]);
    expect(await found('续签')).toEqual(['n3']);
  });

  it('never shows a deleted note or a note of a deleted customer', async () => {
    expect(await found('报价')).toEqual(['n2', 'n1']);
    await mutate(db, actor, [{ name: 'deleteNote', args: { id: 'n2', eventId: crypto.randomUUID() } }], T0 + 20);
    expect(await found('报价')).toEqual(['n1']);
    await db.customers.put({ ...customer('huaxin', '华信包装'), deletedAt: T0 + 30 });
    expect(await found('报价')).toEqual([]);
    expect(await found('华信')).toEqual([]);
  });

  it('shows a merged customer’s notes under the customer it was merged into, and not the merged one', async () => {
    await mutate(
      db,
      actor,
      [{ name: 'mergeCustomers', args: { fromId: 'huaxin', intoId: 'acme', eventId: crypto.randomUUID() } }],
      T0 + 20,
    );
    await indexer.run();
    const { hits } = await search(db, '2000件', { viewerId: 'm-ana' });
    expect(hits.map((h) => [h.noteId, h.customerId, h.customerName])).toEqual([['n1', 'acme', 'Acme Trading']]);
    expect(await found('华信')).toEqual([]);
  });

  it('shows a note still pointing at a merged customer under its survivor', async () => {
    // A note of the merged customer that arrived after the merge (written offline before it).
    await db.customers.put({ ...customer('huaxin', '华信包装'), mergedIntoId: 'acme', deletedAt: T0 + 9 });
    await db.notes.put(note('late', 'huaxin', '晚到的报价', T0 + 30));
    const { hits } = await search(db, '晚到', { viewerId: 'm-ana' });
    await indexer.run();
    const after = (await search(db, '晚到', { viewerId: 'm-ana' })).hits;
    expect(hits.length + after.length).toBe(1);
    expect(after[0]).toMatchObject({ noteId: 'late', customerId: 'acme' });
  });

  it('never shows someone else’s private note', async () => {
    await db.notes.put(note('p1', 'acme', '私下的报价底线', T0 + 40, { visibility: 'private', authorId: 'm-li' }));
    await db.notes.put(note('p2', 'acme', '我的报价底线', T0 + 41, { visibility: 'private', authorId: 'm-ana' }));
    expect(await found('底线')).toEqual(['p2']);
  });

  it('reaches hits far down the ranking when the near ones are deleted or someone else’s', async () => {
    await db.customers.put(customer('far', 'Far Away Ltd'));
    // 200 notes holding the term, newest last; of the 140 newest, every other deleted, the rest private to 李伟.
    await db.notes.bulkPut(
      Array.from({ length: 200 }, (_, i) =>
        note(`far${i}`, 'far', `第${i}份样品清单`, T0 + 100 + i, {
          ...(i >= 60 && i % 2 === 0 ? { deletedAt: T0 + 1_000 } : {}),
          ...(i >= 60 && i % 2 === 1 ? { visibility: 'private' as const } : {}),
        }),
      ),
    );
    const live = Array.from({ length: 60 }, (_, i) => `far${59 - i}`);
    expect(await found('样品')).toEqual(live.slice(0, 20));
    expect((await search(db, '样品', { viewerId: 'm-ana', limit: 50 })).hits.map((h) => h.noteId)).toEqual(live.slice(0, 50));
    // Written by the viewer, the private ones are found in between.
    expect((await search(db, '样品', { viewerId: 'm-li', limit: 3 })).hits.map((h) => h.noteId)).toEqual(['far199', 'far197', 'far195']);
  });

  it('reads more customers in the same round when some of the first are gone', async () => {
    await db.customers.bulkPut([customer('live', 'Live Co'), { ...customer('gone', 'Gone Co'), deletedAt: T0 + 1 }]);
    await db.notes.bulkPut(
      Array.from({ length: 30 }, (_, i) => note(`alt${i}`, i % 3 === 0 ? 'live' : 'gone', `交货期${i}`, T0 + 100 + i)),
    );
    const live = [27, 24, 21, 18, 15, 12, 9, 6, 3, 0].map((i) => `alt${i}`);
    await indexer.run();
    expect((await search(db, '交货', { viewerId: 'm-ana', limit: 4 })).hits.map((h) => h.noteId)).toEqual(live.slice(0, 4));
    expect(await found('交货')).toEqual(live);
  });

  it('gives its result outside its transaction, and its failures', async () => {
    await indexer.run();
    const { hits } = await search(db, '报价', { viewerId: 'm-ana' });
    expect(Dexie.currentTransaction).toBeNull();
    // Written straight after, as the sidebar may: not inside the search's read-only transaction.
    await db.transaction('rw', db.notes, () => db.notes.put(note('n9', 'huaxin', '又一次报价', T0 + 9)));
    expect(hits.map((h) => h.noteId)).toEqual(['n2', 'n1']);
    expect(await found('报价')).toEqual(['n9', 'n2', 'n1']);
    db.close();
    await expect(search(db, '报价', { viewerId: 'm-ana' })).rejects.toThrow();
  });

  it('says how much is still to be indexed', async () => {
    expect((await search(db, '报价', { viewerId: 'm-ana' })).pending).toBeGreaterThan(0);
    await indexer.run();
    expect((await search(db, '报价', { viewerId: 'm-ana' })).pending).toBe(0);
  });
});

describe('the index', () => {
  it('queues every write of a note or customer in the same transaction, and nothing else', async () => {
    await mutate(db, actor, [{ name: 'createCustomer', args: { id: 'c1', name: 'Northwind', identities: [] } }], T0);
    await mutate(db, actor, [{ name: 'createNote', args: { id: 'n1', customerId: 'c1', body: 'hello' } }], T0);
    expect((await db.$searchQueue.toArray()).flatMap((e) => e.keys).sort()).toEqual(['c:c1', 'n:n1']);
    await db.tasks.put({
      id: 't1',
      customerId: 'c1',
      title: 'x',
      assigneeId: 'm-ana',
      dueAt: T0,
      doneAt: null,
      doneBy: null,
      createdBy: 'm-ana',
      createdAt: T0,
      updatedAt: T0,
      noteId: null,
      source: null,
      deletedAt: null,
    });
    expect((await db.$searchQueue.toArray()).flatMap((e) => e.keys)).toHaveLength(2);
  });

  it('keeps a row written again while it was being indexed in the queue', async () => {
    await db.customers.put(customer('x', 'X'));
    await db.notes.put(note('n1', 'x', 'first', T0));
    const read = await db.$searchQueue.orderBy(':id').last();
    // Written again after an indexer read the first write; the indexer then takes off what it read.
    await db.notes.put(note('n1', 'x', 'second', T0));
    await db.$searchQueue.where(':id').belowOrEqual(read!.id!).delete();
    expect((await db.$searchQueue.toArray()).flatMap((e) => e.keys)).toEqual(['n:n1']);
    await indexer.run();
    expect(await found('second')).toEqual(['n1']);
  });

  it('reads the rows of keys queued without their text (an installed copy upgraded)', async () => {
    await db.customers.put(customer('x', 'X'));
    await indexer.run();
    await db.transaction('rw', db.notes, db.$searchQueue, async () => {
      await db.notes.put(note('old', 'x', '升级前的报价', T0));
      await db.$searchQueue.clear();
      await db.$searchQueue.add({ keys: ['n:old'] });
    });
    expect(await found('升级')).toEqual(['old']);
  });

  it('waits while held (a first sync arriving), then indexes', async () => {
    let held = true;
    const waiting = new SearchIndexer(db, () => held, 0);
    await db.customers.put(customer('x', 'X'));
    await waiting.run();
    expect((await indexStats(db)).documents).toBe(0);
    held = false;
    await waiting.run();
    expect((await indexStats(db)).documents).toBe(1);
  });

  it('merges runs of small segments, and finds the same afterwards', async () => {
    await db.customers.put(customer('c', 'Acme'));
    await indexer.run();
    for (let i = 0; i < 20; i++) {
      await db.notes.put(note(`n${i}`, 'c', `第${i}次报价 round ${i}`, T0 + i));
      await indexBatch(db);
    }
    const before = await indexStats(db);
    expect(before.segments).toBe(21);
    const hitsBefore = (await search(db, '报价', { viewerId: 'm-ana', limit: 50 })).hits.map((h) => h.noteId);
    expect(await mergeSmallSegments(db)).toBe(1);
    const after = await indexStats(db);
    expect(after).toMatchObject({ segments: 1, documents: 21, queued: 0 });
    const hitsAfter = (await search(db, '报价', { viewerId: 'm-ana', limit: 50 })).hits.map((h) => h.noteId);
    expect(hitsAfter).toEqual(hitsBefore);
    expect(hitsAfter).toHaveLength(20);
    expect(hitsAfter[0]).toBe('n19');
    expect((await search(db, 'round', { viewerId: 'm-ana', limit: 50 })).hits).toHaveLength(20);
  });

  it('leaves out of a merge the documents indexed again later in it', async () => {
    await db.customers.put(customer('c', 'Acme'));
    await db.notes.put(note('n', 'c', 'version 0', T0));
    await indexBatch(db);
    for (let i = 1; i < 20; i++) {
      await db.notes.put(note('n', 'c', `version ${i}`, T0));
      await indexBatch(db);
    }
    const postings = async () => (await db.$searchPostings.toArray()).reduce((n, c) => n + c.docs.length, 0);
    const before = await postings();
    await mergeSmallSegments(db);
    // 20 versions of one note, each with "version" and its number; only the last one's are left (and the customer's name).
    expect(before).toBe(20 * 2 + 1);
    expect(await postings()).toBe(2 + 1);
    expect(await found('version')).toEqual(['n']);
    expect(await found('acme')).toEqual(['customer:c']);
  });

  it('is emptied with the rest when the device leaves the team', async () => {
    await db.notes.put(note('n1', 'x', 'hello', T0));
    await indexer.run();
    const tables = db.tables.filter((t) => t.name !== '$session');
    await db.transaction('rw', tables, async () => {
      for (const t of tables) await t.clear();
    });
    expect(await indexStats(db)).toMatchObject({ documents: 0, postingRows: 0, queued: 0 });
  });
});

describe('ranking', () => {
  /** The documents numbered from 0, `per` to a segment. */
  const segmentsOf = (ats: number[], kinds: number[], per: number): SegmentMeta[] => {
    const segments: SegmentMeta[] = [];
    for (let first = 0; first < ats.length; first += per) {
      const count = Math.min(per, ats.length - first);
      segments.push({
        first,
        count,
        at: Float64Array.from(ats.slice(first, first + count)),
        kinds: Uint8Array.from(kinds.slice(first, first + count)),
      });
    }
    return segments;
  };

  it('gives every candidate once, customers first, then the newest, in rounds that double', () => {
    const doc = fc.record({ at: fc.integer({ min: 0, max: 50 }), customer: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) });
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (docs, per, first, pick) => {
          const segments = segmentsOf(
            docs.map((d) => d.at),
            docs.map((d) => (d.customer ? DOC_CUSTOMER : DOC_NOTE)),
            per,
          );
          // Some of the documents, ascending, as an intersection of postings gives them.
          const candidates = Uint32Array.from(docs.keys()).filter((d) => (pick >> (d % 31)) & 1 || d % 7 === 0);
          const score = (d: number) => docs[d]!.at + (docs[d]!.customer ? 1e15 : 0);
          const expected = [...candidates].sort((a, b) => score(b) - score(a) || b - a);
          const rounds = [...ranked(candidates, segments, first)];
          expect(rounds.flat()).toEqual(expected);
          rounds.slice(0, -1).forEach((round, i) => expect(round).toHaveLength(first * 2 ** i));
          expect(rounds.at(-1)?.length ?? 0).toBeLessThanOrEqual(first * 2 ** Math.max(0, rounds.length - 1));
        },
      ),
    );
  });

  it('gives nothing for no candidates', () => {
    expect([...ranked(new Uint32Array(0), [], 20)]).toEqual([]);
  });
});
