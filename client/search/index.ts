import Dexie, { type Table } from 'dexie';
import type { Customer, Note } from '@/model/schemas';
import type { SidenoteDB } from '../db';
import { partitionOf, termsOf } from './terms';

/*
 * The search index: an inverted index of every live note and customer in the local database,
 * kept in IndexedDB in segments, as search engines keep theirs (Lucene's, SQLite FTS's).
 *
 * - A *document* is one version of a note (its text and change summary) or of a customer (its
 *   name), numbered in the order indexed. An edit indexes the note again under a new number; the
 *   old number stays until its segment is merged, and a search checks every hit against the row
 *   as it is now (client/search/search.ts), so a stale or deleted document is never shown.
 * - A *segment* is the documents of one indexing batch, numbered `first … first + count − 1`.
 *   Its postings are stored per partition (`[part+first]`): one row holds, for every term of that
 *   partition found in the segment, the sorted numbers of the documents holding it. A query term
 *   reads its partition's rows across all segments in one range, in segment order, so each term's
 *   list comes out sorted without a sort.
 * - Batches follow the queue (client/search/queue.ts): the index waits until a first sync has
 *   arrived and then reads it in batches of BATCH documents, so a first sync makes few large
 *   segments; a live note makes a small one, and runs of MERGE_RUN small segments are merged.
 */

/** One segment's postings for one partition. */
export interface PostingsChunk {
  part: string;
  first: number;
  /** The partition's terms found in the segment, sorted, joined by "\n" (no term holds one). */
  terms: string;
  /** `docs.slice(ends[i − 1] ?? 0, ends[i])` are the documents of term i, ascending. */
  ends: Uint32Array;
  docs: Uint32Array;
}

/** One segment's documents: what ranking needs without reading the rows. */
export interface SegmentMeta {
  first: number;
  count: number;
  /** When each was written (a note's creation, a customer's last activity). */
  at: Float64Array;
  /** 0: a note, 1: a customer. */
  kinds: Uint8Array;
}

/** The keys (`n:<noteId>`, `c:<customerId>`) of 256 consecutive document numbers, from `block × 256`. */
export interface KeyBlock {
  block: number;
  keys: string[];
}

export const KEY_BLOCK = 256;
/** Documents per indexing batch at most. */
export const BATCH = 16_384;
/** Segments smaller than this are merged once MERGE_RUN of them follow each other. */
const SMALL_SEGMENT = 4_096;
const MERGE_RUN = 16;

export const DOC_NOTE = 0;
export const DOC_CUSTOMER = 1;
const NEXT_DOC = 'searchNextDoc';
/** Bumped with every change of the index, so readers know when their cached segment list is stale. */
export const INDEX_VERSION = 'searchVersion';
/** Bumped with every merge: a segment's row then changes under the same key. */
export const MERGE_VERSION = 'searchMerges';

/** The searchable text of a note: its body and, for a change note, its summary. */
export function noteText(note: Note): string {
  return note.change ? `${note.change.summary}\n${note.body}` : note.body;
}

const isLiveCustomer = (c: Customer) => c.deletedAt === null && (c.mergedIntoId ?? null) === null;

/** What the index keeps of a row: its kind, its date for ranking, its text; null when it has no live row. */
export interface QueuedDoc {
  kind: number;
  at: number;
  text: string;
}

interface Doc extends QueuedDoc {
  key: string;
}

/** The document a written note (`n`) or customer (`c`) makes, or null when it is deleted or merged. */
export function documentOf(prefix: 'n' | 'c', row: Note & Customer): QueuedDoc | null {
  if (prefix === 'n') return row.deletedAt === null ? { kind: DOC_NOTE, at: row.createdAt, text: noteText(row) } : null;
  return isLiveCustomer(row) ? { kind: DOC_CUSTOMER, at: row.updatedAt, text: row.name } : null;
}

/**
 * Rows by id, read as one range when they are most of the rows in it (a first sync queues
 * nearly every note, and one range read is far cheaper than thousands of single gets).
 */
async function rowsById<T extends { id: string }>(table: Table<T, string>, ids: string[]): Promise<(T | undefined)[]> {
  if (ids.length < 500) return table.bulkGet(ids);
  const sorted = [...ids].sort();
  const range = table.where(':id').between(sorted[0]!, sorted[sorted.length - 1]!, true, true);
  if ((await range.count()) > 2 * ids.length) return table.bulkGet(ids);
  const wanted = new Set(ids);
  return (await range.toArray()).filter((row) => wanted.has(row.id));
}

/** The documents the queued keys stand for now: live notes and customers (a deleted one has none). */
async function docsOf(db: SidenoteDB, keys: string[]): Promise<Doc[]> {
  const noteIds = keys.filter((k) => k.startsWith('n:')).map((k) => k.slice(2));
  const customerIds = keys.filter((k) => k.startsWith('c:')).map((k) => k.slice(2));
  const [notes, customers] = await Promise.all([rowsById(db.notes, noteIds), rowsById(db.customers, customerIds)]);
  const docs: Doc[] = [];
  for (const n of notes) if (n && n.deletedAt === null) docs.push({ key: `n:${n.id}`, kind: DOC_NOTE, at: n.createdAt, text: noteText(n) });
  for (const c of customers) if (c && isLiveCustomer(c)) docs.push({ key: `c:${c.id}`, kind: DOC_CUSTOMER, at: c.updatedAt, text: c.name });
  return docs;
}

/** A segment's postings, per partition, for documents numbered from `first`. */
function postingsOf(docs: Doc[], first: number): PostingsChunk[] {
  const byTerm = new Map<string, number[]>();
  docs.forEach((doc, i) => {
    for (const term of termsOf(doc.text)) {
      const list = byTerm.get(term);
      if (list) list.push(first + i);
      else byTerm.set(term, [first + i]);
    }
  });
  return chunksOf(byTerm, first);
}

/** Rows of postings from term → ascending document numbers, grouped by partition. */
function chunksOf(byTerm: Map<string, ArrayLike<number>>, first: number): PostingsChunk[] {
  const byPart = new Map<string, string[]>();
  for (const term of byTerm.keys()) {
    const part = partitionOf(term);
    const terms = byPart.get(part);
    if (terms) terms.push(term);
    else byPart.set(part, [term]);
  }
  const chunks: PostingsChunk[] = [];
  for (const [part, terms] of byPart) {
    terms.sort();
    const ends = new Uint32Array(terms.length);
    let total = 0;
    terms.forEach((term, i) => (ends[i] = total += byTerm.get(term)!.length));
    const docs = new Uint32Array(total);
    terms.forEach((term, i) => docs.set(byTerm.get(term)!, i === 0 ? 0 : ends[i - 1]));
    chunks.push({ part, first, terms: terms.join('\n'), ends, docs });
  }
  return chunks;
}

/** The tables the index writes, for its transactions. */
const indexTables = (db: SidenoteDB) => [db.$searchQueue, db.$searchPostings, db.$searchSegments, db.$searchKeys, db.$state];

/** Writes the document keys of numbers `first …` into their blocks (the first block may be shared with the last segment). */
async function writeKeys(db: SidenoteDB, first: number, keys: string[]): Promise<void> {
  const blocks = new Map<number, string[]>();
  const firstBlock = Math.floor(first / KEY_BLOCK);
  const existing = await db.$searchKeys.get(firstBlock);
  if (existing) blocks.set(firstBlock, existing.keys);
  keys.forEach((key, i) => {
    const n = first + i;
    const block = Math.floor(n / KEY_BLOCK);
    let list = blocks.get(block);
    if (!list) blocks.set(block, (list = []));
    list[n % KEY_BLOCK] = key;
  });
  await db.$searchKeys.bulkPut([...blocks].map(([block, list]) => ({ block, keys: Array.from(list, (k) => k ?? '') })));
}

/** Where indexing spends its time (milliseconds per phase, summed over batches in this context): for the benchmark. */
export const buildTimings = { readQueue: 0, readRows: 0, postings: 0, write: 0 };

/** How many keys the queue holds (entries are small: their keys are what takes room). */
export async function queuedKeys(db: SidenoteDB): Promise<number> {
  let n = 0;
  await db.$searchQueue.each((entry) => (n += entry.keys.length));
  return n;
}

/**
 * The first queue entries holding about `max` keys (at least one entry): for each key its latest
 * document as written (null: gone; undefined: to be read from its row).
 */
async function takeQueue(db: SidenoteDB, max: number): Promise<{ lastId: number; docs: Map<string, QueuedDoc | null | undefined> } | null> {
  const docs = new Map<string, QueuedDoc | null | undefined>();
  let lastId: number | null = null;
  for (let offset = 0; docs.size < max; offset += 16) {
    const entries = await db.$searchQueue.offset(offset).limit(16).toArray();
    for (const entry of entries) {
      if (docs.size >= max) break;
      // In order: a later write of a key replaces what an earlier one queued.
      entry.keys.forEach((key, i) => docs.set(key, entry.docs ? entry.docs[i] : undefined));
      lastId = entry.id!;
    }
    if (entries.length < 16) break;
  }
  return lastId === null ? null : { lastId, docs };
}

/** The documents of a batch: as queued, and read from their rows where the queue has only the key. */
async function docsOfBatch(db: SidenoteDB, queued: Map<string, QueuedDoc | null | undefined>): Promise<Doc[]> {
  const docs: Doc[] = [];
  const unread: string[] = [];
  for (const [key, doc] of queued) {
    if (doc === undefined) unread.push(key);
    else if (doc) docs.push({ key, ...doc });
  }
  if (unread.length > 0) docs.push(...(await docsOf(db, unread)));
  // Oldest first, so that document numbers follow time within a segment as across them.
  return docs.sort((a, b) => a.at - b.at);
}

/** Reads about `max` queued keys and indexes them as one segment. Returns how many keys it took. */
export async function indexBatch(db: SidenoteDB, max = BATCH): Promise<number> {
  let mark = performance.now();
  const lap = (phase: keyof typeof buildTimings) => {
    const now = performance.now();
    buildTimings[phase] += now - mark;
    mark = now;
  };
  // 1. What is queued, and the rows as they are now (read apart from the write, so pulls need not wait on it).
  const taken = await takeQueue(db, max);
  lap('readQueue');
  if (!taken) return 0;
  const docs = await docsOfBatch(db, taken.docs);
  lap('readRows');
  await db.transaction('rw', indexTables(db), async () => {
    // 2. Numbered from where the index is, inside the write: two indexers (two pages) never share a number.
    const first = (await db.getMeta<number>(NEXT_DOC)) ?? 0;
    if (docs.length > 0) {
      const chunks = postingsOf(docs, first);
      lap('postings');
      await db.$searchPostings.bulkPut(chunks);
      await db.$searchSegments.put({
        first,
        count: docs.length,
        at: Float64Array.from(docs, (d) => d.at),
        kinds: Uint8Array.from(docs, (d) => d.kind),
      });
      await writeKeys(
        db,
        first,
        docs.map((d) => d.key),
      );
      await db.setMeta(NEXT_DOC, first + docs.length);
    }
    // 3. Off the queue: a row written again since has a later entry, and is read again in the next batch.
    await db.$searchQueue.where(':id').belowOrEqual(taken.lastId).delete();
    await db.setMeta(INDEX_VERSION, ((await db.getMeta<number>(INDEX_VERSION)) ?? 0) + 1);
  });
  lap('write');
  return taken.docs.size;
}

/** Merges each run of MERGE_RUN or more consecutive small segments into one. Returns how many runs it merged. */
export async function mergeSmallSegments(db: SidenoteDB): Promise<number> {
  const segments = await db.$searchSegments.orderBy('first').toArray();
  const runs: SegmentMeta[][] = [];
  let run: SegmentMeta[] = [];
  for (const s of segments) {
    if (s.count < SMALL_SEGMENT) run.push(s);
    else run = [];
    if (run.length === 1) runs.push(run);
  }
  let merged = 0;
  for (const r of runs.filter((r) => r.length >= MERGE_RUN)) {
    await mergeRun(db, r);
    merged++;
  }
  return merged;
}

/**
 * The documents of `first … first + count − 1` indexed again later in that range (a customer
 * written with each of its notes, a note edited or confirmed by the server): their postings go.
 */
async function supersededIn(db: SidenoteDB, first: number, count: number): Promise<Set<number>> {
  const from = Math.floor(first / KEY_BLOCK);
  const blocks = await db.$searchKeys
    .where('block')
    .between(from, Math.floor((first + count - 1) / KEY_BLOCK), true, true)
    .toArray();
  const latest = new Map<string, number>();
  const dead = new Set<number>();
  for (const { block, keys } of blocks) {
    keys.forEach((key, i) => {
      const doc = block * KEY_BLOCK + i;
      if (!key || doc < first || doc >= first + count) return;
      const earlier = latest.get(key);
      if (earlier !== undefined) dead.add(earlier);
      latest.set(key, doc);
    });
  }
  return dead;
}

/** One segment in place of consecutive ones: their postings joined per term (documents indexed again since left out), in order. */
async function mergeRun(db: SidenoteDB, run: SegmentMeta[]): Promise<void> {
  await db.transaction('rw', indexTables(db), async () => {
    const firsts = run.map((s) => s.first);
    const chunks = await db.$searchPostings.where('first').anyOf(firsts).toArray();
    const dead = await supersededIn(
      db,
      firsts[0]!,
      run.reduce((n, s) => n + s.count, 0),
    );
    const byTerm = new Map<string, number[]>();
    // Segment order first, so every term's list stays ascending.
    chunks.sort((a, b) => a.first - b.first);
    for (const chunk of chunks) {
      chunk.terms.split('\n').forEach((term, i) => {
        const docs = chunk.docs.subarray(i === 0 ? 0 : chunk.ends[i - 1], chunk.ends[i]);
        let list = byTerm.get(term);
        if (!list) byTerm.set(term, (list = []));
        for (const d of docs) if (!dead.has(d)) list.push(d);
      });
    }
    for (const [term, list] of byTerm) if (list.length === 0) byTerm.delete(term);
    const first = firsts[0]!;
    await db.$searchPostings.bulkDelete(chunks.map((c) => [c.part, c.first] as [string, number]));
    await db.$searchPostings.bulkPut(chunksOf(byTerm, first));
    const count = run.reduce((n, s) => n + s.count, 0);
    const at = new Float64Array(count);
    const kinds = new Uint8Array(count);
    let offset = 0;
    for (const s of run) {
      at.set(s.at, offset);
      kinds.set(s.kinds, offset);
      offset += s.count;
    }
    await db.$searchSegments.bulkDelete(firsts);
    await db.$searchSegments.put({ first, count, at, kinds });
    await db.setMeta(INDEX_VERSION, ((await db.getMeta<number>(INDEX_VERSION)) ?? 0) + 1);
    await db.setMeta(MERGE_VERSION, ((await db.getMeta<number>(MERGE_VERSION)) ?? 0) + 1);
  });
}

/** The index's size: documents, segments, rows and bytes of postings. */
export async function indexStats(db: SidenoteDB) {
  let postingsBytes = 0;
  let termsBytes = 0;
  let rows = 0;
  await db.$searchPostings.each((c) => {
    rows++;
    postingsBytes += c.docs.byteLength + c.ends.byteLength;
    termsBytes += c.terms.length * 2;
  });
  const segments = await db.$searchSegments.toArray();
  return {
    documents: segments.reduce((n, s) => n + s.count, 0),
    segments: segments.length,
    postingRows: rows,
    postingsBytes,
    termsBytes,
    queued: await queuedKeys(db),
  };
}

/** The documents holding a term (`prefix`: any term starting with `text`), ascending, across every segment. */
export async function postingsFor(db: SidenoteDB, part: string, text: string, prefix: boolean): Promise<Uint32Array> {
  const chunks = await db.$searchPostings.where('[part+first]').between([part, Dexie.minKey], [part, Dexie.maxKey]).toArray();
  const pieces: Uint32Array[] = [];
  for (const chunk of chunks) {
    const terms = chunk.terms.split('\n');
    const found: Uint32Array[] = [];
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      if (prefix ? term.startsWith(text) : term === text) found.push(chunk.docs.subarray(i === 0 ? 0 : chunk.ends[i - 1], chunk.ends[i]));
      else if (!prefix && term > text) break;
    }
    pieces.push(found.length === 1 ? found[0]! : unionSorted(found));
  }
  return concat(pieces);
}

function concat(pieces: Uint32Array[]): Uint32Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint32Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of pieces) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** The union of ascending lists, ascending, each number once. */
export function unionSorted(lists: Uint32Array[]): Uint32Array {
  if (lists.length === 0) return new Uint32Array(0);
  const all = concat(lists).sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.subarray(0, n);
}

/** The numbers in every one of the ascending lists, ascending. */
export function intersectSorted(lists: Uint32Array[]): Uint32Array {
  if (lists.length === 0) return new Uint32Array(0);
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let result = sorted[0]!;
  for (const other of sorted.slice(1)) {
    const out = new Uint32Array(result.length);
    let n = 0;
    let j = 0;
    for (let i = 0; i < result.length && j < other.length; i++) {
      const v = result[i]!;
      while (j < other.length && other[j]! < v) j++;
      if (other[j] === v) out[n++] = v;
    }
    result = out.subarray(0, n);
    if (n === 0) break;
  }
  return result;
}
