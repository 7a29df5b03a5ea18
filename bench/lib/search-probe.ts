/**
 * Runs inside an extension page of a profile (bundled by bench/search.ts and evaluated there):
 * the product's own search modules (client/search/) over the extension origin's IndexedDB (a
 * database of the product's schema beside the background's). Exposes `__searchProbe`; every
 * time is performance.now().
 */
import Dexie from 'dexie';
import { SidenoteDB } from '@/client/db';
import { buildTimings, indexStats, queuedKeys } from '@/client/search/index';
import { SearchIndexer } from '@/client/search/indexer';
import { lastSearchTimings, search } from '@/client/search/search';
import type { Customer, Note } from '@/model/schemas';
import { textMaker } from './search-text';

const DAY = 86_400_000;
/** Rows per transaction, as a pull's page writes them. */
const PAGE = 2_000;
/**
 * A database of the product's schema of its own, in the extension origin: the background's
 * indexer never touches it, so what is timed here is this page's work alone.
 */
const db = new SidenoteDB('sidenote-bench-search');

function rows(customers: number, notes: number, seed: number, now: number) {
  const text = textMaker(seed);
  const members = Array.from({ length: 20 }, (_, i) => `member-${i}`);
  const customerRows: Customer[] = Array.from({ length: customers }, (_, i) => ({
    id: `c-${i}`,
    name: text.customerName(),
    ownerId: members[i % members.length]!,
    stage: 'lead',
    createdAt: now - 3 * 365 * DAY,
    updatedAt: now - Math.floor(text.random() * 365 * DAY),
    deletedAt: null,
    mergedIntoId: null,
  }));
  // Three years of notes, oldest first, as a first sync brings them.
  const noteRows = (from: number, to: number): Note[] =>
    Array.from({ length: to - from }, (_, k) => {
      const i = from + k;
      return {
        id: `n-${i}`,
        customerId: `c-${Math.floor(text.random() * customers)}`,
        authorId: members[i % members.length]!,
        kind: 'note',
        change: null,
        body: text.note(),
        visibility: 'team',
        mentions: [],
        pinned: false,
        source: i % 3 === 0 ? { site: 'gmail', url: `https://mail.google.com/mail/u/0/#inbox/${i}`, title: 'Re: quote' } : null,
        createdAt: now - 3 * 365 * DAY + Math.floor((i / notes) * 3 * 365 * DAY),
        editedAt: null,
        deletedAt: null,
      };
    });
  return { customerRows, noteRows };
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

const probe = {
  /**
   * Writes the customers and notes through the product's Dexie (its middlewares: the search
   * queue included), in transactions of a pull page's size. Returns the time spent writing.
   */
  async seed(customers: number, notes: number, seed: number, now: number) {
    const { customerRows, noteRows } = rows(customers, notes, seed, now);
    let writeMs = 0;
    let bytes = 0;
    for (let i = 0; i < customerRows.length; i += PAGE) {
      const page = customerRows.slice(i, i + PAGE);
      writeMs += (await timed(() => db.transaction('rw', db.syncedTables(), () => db.customers.bulkPut(page)))).ms;
    }
    for (let i = 0; i < notes; i += PAGE) {
      const page = noteRows(i, Math.min(notes, i + PAGE));
      for (const n of page) bytes += n.body.length;
      writeMs += (await timed(() => db.transaction('rw', db.syncedTables(), () => db.notes.bulkPut(page)))).ms;
    }
    return { writeMs, averageNoteChars: bytes / notes, queued: await queuedKeys(db) };
  },

  /**
   * What the queue costs a pull: the same notes written to scratch databases of the notes table's
   * schema, once plain, once with the search queue (the product's SidenoteDB), PAGE per transaction.
   */
  async queueCost(notes: number, seed: number, now: number) {
    const { noteRows } = rows(1_000, notes, seed, now);
    const pages: Note[][] = [];
    for (let i = 0; i < notes; i += PAGE) pages.push(noteRows(i, Math.min(notes, i + PAGE)));
    const plain = new Dexie(`bench-plain-${Date.now()}`);
    plain.version(1).stores({ notes: 'id, [customerId+createdAt], *mentions, [authorId+createdAt], [kind+createdAt]' });
    const queued = new SidenoteDB(`bench-queued-${Date.now()}`);
    await Promise.all([plain.open(), queued.open()]);
    let plainMs = 0;
    let queuedMs = 0;
    // Alternating, so that neither has the machine to itself more than the other.
    for (const page of pages) {
      plainMs += (await timed(() => plain.transaction('rw', plain.table('notes'), () => plain.table('notes').bulkPut(page)))).ms;
      queuedMs += (await timed(() => queued.transaction('rw', queued.notes, () => queued.notes.bulkPut(page)))).ms;
    }
    plain.close();
    queued.close();
    await Promise.all([Dexie.delete(plain.name), Dexie.delete(queued.name)]);
    return { plainMs, queuedMs, notes };
  },

  /** Indexes everything queued, as the background does (batches of 16,384), and what it took. */
  async build() {
    const indexer = new SearchIndexer(db, () => false, 0);
    const { ms } = await timed(() => indexer.run());
    return { ms, timings: { ...buildTimings }, stats: await indexStats(db), storage: await navigator.storage.estimate() };
  },

  async storage() {
    return navigator.storage.estimate();
  },

  /** Each query `runs` times, after one run to warm up; the times and how many were found. */
  async queries(list: string[], runs: number) {
    const out: { query: string; ms: number[]; hits: number; first: string | null; candidates: number; timings: Record<string, number> }[] =
      [];
    for (const query of list) {
      const warm = await search(db, query, { viewerId: 'member-0' });
      const ms: number[] = [];
      for (let i = 0; i < runs; i++) ms.push((await timed(() => search(db, query, { viewerId: 'member-0' }))).ms);
      out.push({
        query,
        ms,
        hits: warm.hits.length,
        first: warm.hits[0]?.text.slice(0, 60) ?? null,
        candidates: 0,
        timings: { ...lastSearchTimings },
      });
    }
    return out;
  },
};

export type SearchProbe = typeof probe;
(globalThis as unknown as { __searchProbe: SearchProbe }).__searchProbe = probe;
