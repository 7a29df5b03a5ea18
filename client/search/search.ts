import type { Customer, Member, Note } from '@/model/schemas';
import type { SidenoteDB } from '../db';
import { isWebPage, lastPageOf, readTogether } from '../views';
import { DOC_CUSTOMER, INDEX_VERSION, MERGE_VERSION, intersectSorted, KEY_BLOCK, noteText, postingsFor, type SegmentMeta } from './index';
import { matchesIn, parseQuery, type ParsedQuery } from './terms';

/** One search result, as the sidebar and the popup show it. */
export interface SearchHitData {
  kind: 'customer' | 'note';
  customerId: string;
  customerName: string;
  /** Spans of the customer's name that match (a customer result). */
  nameMarks: [number, number][];
  noteId: string | null;
  noteKind: Note['kind'] | null;
  authorName: string | null;
  /** The note's text around its first match (whole if short), or the customer's name. */
  text: string;
  /** Spans of `text` that match the query. */
  marks: [number, number][];
  at: number;
  /** The page to open for it: where the note was written, else where its customer was last written about. */
  pageUrl: string | null;
}

export interface SearchOutcome {
  hits: SearchHitData[];
  /** Writes of notes and customers not yet in the index (a first sync still being read): 0 when it is up to date. */
  pending: number;
}

/** Candidates checked in the first round past the hits wanted: a stale version or a hidden note costs no second round. */
const FIRST_ROUND_SPARE = 8;
const SNIPPET = 140;

/** The segment list of each database: new segments read as they come, all of them again after a merge. */
const segmentCache = new WeakMap<SidenoteDB, { version: number; merges: number; segments: SegmentMeta[] }>();

async function segmentsOf(db: SidenoteDB): Promise<SegmentMeta[]> {
  const [versionRow, mergesRow] = await db.$state.bulkGet([INDEX_VERSION, MERGE_VERSION]);
  const version = (versionRow?.value as number | undefined) ?? 0;
  const merges = (mergesRow?.value as number | undefined) ?? 0;
  const cached = segmentCache.get(db);
  if (cached?.version === version) return cached.segments;
  const have = new Map(cached?.merges === merges ? cached.segments.map((s) => [s.first, s]) : []);
  const firsts = (await db.$searchSegments.toCollection().primaryKeys()) as number[];
  const missing = firsts.filter((f) => !have.has(f));
  for (const s of await db.$searchSegments.bulkGet(missing)) if (s) have.set(s.first, s);
  const segments = firsts.flatMap((f) => have.get(f) ?? []);
  segmentCache.set(db, { version, merges, segments });
  return segments;
}

/** Customers first (a name that matches says most), then the most recent; candidates ascending, so segments are walked once. */
function scoresOf(candidates: Uint32Array, segments: SegmentMeta[]): Float64Array {
  const scores = new Float64Array(candidates.length).fill(-Infinity);
  let k = 0;
  for (let i = 0; i < candidates.length; i++) {
    const doc = candidates[i]!;
    while (k < segments.length && doc >= segments[k]!.first + segments[k]!.count) k++;
    const s = segments[k];
    if (!s || doc < s.first) continue;
    const j = doc - s.first;
    scores[i] = s.at[j]! + (s.kinds[j] === DOC_CUSTOMER ? 1e15 : 0);
  }
  return scores;
}

/**
 * The candidates, best first (by score, then the later document), in rounds of `first`, each
 * round twice the one before: a query whose first hits are live checks few rows, one whose near
 * hits are gone still reaches the far ones in a few rounds. Each round is picked from those not
 * yet given with a heap of the round's size, so no round sorts every candidate.
 */
export function* ranked(candidates: Uint32Array, segments: SegmentMeta[], first: number): Generator<number[]> {
  const scores = scoresOf(candidates, segments);
  const above = (i: number, j: number) => scores[i]! > scores[j]! || (scores[i] === scores[j] && candidates[i]! > candidates[j]!);
  let last = -1;
  for (let size = Math.max(1, first), left = candidates.length; left > 0; size *= 2) {
    const round = bestBelow(candidates.length, size, above, last);
    yield round.map((i) => candidates[i]!);
    last = round[round.length - 1]!;
    left -= round.length;
  }
}

/**
 * The `size` best of indices `0 … n − 1` ranking below `bound` (all of them when it is −1), best
 * first: a heap holding the worst of those kept at its root. Walked from the end, where the
 * latest documents are, so most of the others fall below the root at one comparison.
 */
function bestBelow(n: number, size: number, above: (i: number, j: number) => boolean, bound: number): number[] {
  const heap: number[] = [];
  const sink = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let worst = at;
      if (l < heap.length && above(heap[worst]!, heap[l]!)) worst = l;
      if (r < heap.length && above(heap[worst]!, heap[r]!)) worst = r;
      if (worst === at) return;
      [heap[at], heap[worst]] = [heap[worst]!, heap[at]!];
      at = worst;
    }
  };
  for (let i = n - 1; i >= 0; i--) {
    if (bound >= 0 && !above(bound, i)) continue;
    if (heap.length < size) {
      heap.push(i);
      for (let at = heap.length - 1; at > 0;) {
        const parent = (at - 1) >> 1;
        if (!above(heap[parent]!, heap[at]!)) break;
        [heap[at], heap[parent]] = [heap[parent]!, heap[at]!];
        at = parent;
      }
    } else if (above(i, heap[0]!)) {
      heap[0] = i;
      sink(0);
    }
  }
  return heap.sort((a, b) => (above(a, b) ? -1 : 1));
}

/** The keys of these documents (`n:…` / `c:…`). */
async function keysOf(db: SidenoteDB, docs: number[]): Promise<string[]> {
  const blocks = [...new Set(docs.map((d) => Math.floor(d / KEY_BLOCK)))];
  const rows = await db.$searchKeys.bulkGet(blocks);
  const byBlock = new Map(blocks.map((b, i) => [b, rows[i]?.keys ?? []]));
  return docs.map((d) => byBlock.get(Math.floor(d / KEY_BLOCK))![d % KEY_BLOCK] ?? '');
}

/** The customer a (possibly merged) customer lives on as, from those read, or null if it is gone. */
function survivorOf(customer: Customer | null | undefined, known: Map<string, Customer | null>): Customer | null {
  let current = customer ?? null;
  for (let hops = 0; current && (current.mergedIntoId ?? null) !== null && hops < 10; hops++)
    current = known.get(current.mergedIntoId!) ?? null;
  return current && current.deletedAt === null && (current.mergedIntoId ?? null) === null ? current : null;
}

/** Reads the customers named (and those they were merged into) that are not read yet. */
async function readCustomers(db: SidenoteDB, ids: string[], known: Map<string, Customer | null>): Promise<void> {
  let wanted = [...new Set(ids)].filter((id) => !known.has(id));
  for (let hops = 0; wanted.length > 0 && hops < 10; hops++) {
    const rows = await db.customers.bulkGet(wanted);
    rows.forEach((c, i) => known.set(wanted[i]!, c ?? null));
    wanted = [...new Set(rows.flatMap((c) => (c?.mergedIntoId ? [c.mergedIntoId] : [])))].filter((id) => !known.has(id));
  }
}

/** The part of a long text around its first match, with the marks moved with it. */
function snippetOf(text: string, marks: [number, number][]): { text: string; marks: [number, number][] } {
  if (text.length <= SNIPPET) return { text, marks };
  const firstMark = marks[0]?.[0] ?? 0;
  let start = Math.max(0, firstMark - 30);
  // Not in the middle of a surrogate pair.
  if (start > 0 && /[\udc00-\udfff]/.test(text[start]!)) start--;
  let end = Math.min(text.length, start + SNIPPET);
  if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end--;
  const lead = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  const shift = lead.length - start;
  return {
    text: lead + text.slice(start, end) + tail,
    marks: marks
      .filter(([s, e]) => e > start && s < end)
      .map(([s, e]): [number, number] => [Math.max(s, start) + shift, Math.min(e, end) + shift]),
  };
}

/** Where the last search spent its time (milliseconds per phase): for the benchmark. */
export const lastSearchTimings = { segments: 0, postings: 0, rank: 0, check: 0, pages: 0 };

export interface SearchOptions {
  /** The member searching: a private note of anyone else is never shown (none should be here anyway). */
  viewerId: string | null;
  limit?: number;
}

/**
 * Searches every customer's name and every note in the local database. Every term of the query
 * must match (AND): CJK runs as they are written, words by prefix. Each candidate the index
 * gives is checked against its row as it is now, so only what the sidebar would show is found:
 * no deleted note, no note of a deleted customer, a merged customer's notes under the customer
 * it was merged into.
 */
export async function search(db: SidenoteDB, query: string, { viewerId, limit = 20 }: SearchOptions): Promise<SearchOutcome> {
  const parsed = parseQuery(query);
  if (parsed.probes.length === 0) return { hits: [], pending: await db.$searchQueue.count() };
  // Every read in one transaction: one snapshot, and no transaction made and committed per read.
  return readTogether(db, () => searchIn(db, parsed, viewerId, limit), searchTables(db));
}

/** The tables a search reads. */
const searchTables = (db: SidenoteDB) => [
  db.$state,
  db.$searchQueue,
  db.$searchSegments,
  db.$searchPostings,
  db.$searchKeys,
  db.members,
  db.customers,
  db.notes,
];

async function searchIn(db: SidenoteDB, parsed: ParsedQuery, viewerId: string | null, limit: number): Promise<SearchOutcome> {
  Object.assign(lastSearchTimings, { segments: 0, postings: 0, rank: 0, check: 0, pages: 0 });
  let mark = performance.now();
  const lap = (phase: keyof typeof lastSearchTimings) => {
    const now = performance.now();
    lastSearchTimings[phase] = now - mark;
    mark = now;
  };
  // 1. The documents holding every term, from the index.
  const [pending, segments] = await Promise.all([db.$searchQueue.count(), segmentsOf(db)]);
  lap('segments');
  const membersOf = db.members.toArray();
  const lists = await Promise.all(parsed.probes.map((p) => postingsFor(db, p.part, p.text, p.prefix)));
  const candidates = intersectSorted(lists);
  lap('postings');
  // 2. Best first, each checked against the row it stands for, until there are enough.
  const hits: SearchHitData[] = [];
  const seen = new Set<string>();
  const customers = new Map<string, Customer | null>();
  const members = new Map((await membersOf).map((m): [string, Member] => [m.id, m]));
  let first = true;
  for (const round of ranked(candidates, segments, limit + FIRST_ROUND_SPARE)) {
    if (first) lap('rank');
    first = false;
    const keys = await keysOf(db, round);
    const fresh = keys.filter((k) => k && !seen.has(k));
    for (const k of fresh) seen.add(k);
    const noteIds = fresh.filter((k) => k.startsWith('n:')).map((k) => k.slice(2));
    // Notes and the customers found by name side by side; the notes' customers next.
    const [noteRows] = await Promise.all([
      db.notes.bulkGet(noteIds),
      readCustomers(
        db,
        fresh.filter((k) => k.startsWith('c:')).map((k) => k.slice(2)),
        customers,
      ),
    ]);
    const notes = new Map(noteRows.flatMap((n) => (n ? [[n.id, n] as const] : [])));
    // Those their own rows still show, in order; the customers of only as many as are wanted, then more if some are gone.
    const shown = fresh.filter((k) => k.startsWith('c:') || noteShown(notes.get(k.slice(2)), parsed, viewerId));
    for (let next = 0; next < shown.length && hits.length < limit;) {
      const batch = shown.slice(next, (next += limit - hits.length));
      await readCustomers(
        db,
        batch.flatMap((k) => (k.startsWith('n:') ? [notes.get(k.slice(2))!.customerId] : [])),
        customers,
      );
      for (const key of batch) {
        const hit = hitOf(key, notes, customers, parsed, viewerId, members);
        if (hit && !hits.some((h) => h.kind === hit.kind && h.customerId === hit.customerId && h.noteId === hit.noteId)) hits.push(hit);
      }
    }
    if (hits.length >= limit) break;
  }
  lap('check');
  // 3. Where each one opens: the customers' latest notes read side by side.
  const pages = new Map<string, Promise<string | null>>();
  for (const hit of hits) if (!hit.pageUrl && !pages.has(hit.customerId)) pages.set(hit.customerId, lastPageOf(db, hit.customerId));
  const urls = await Promise.all(hits.map((hit) => hit.pageUrl ?? pages.get(hit.customerId)!));
  hits.forEach((hit, i) => (hit.pageUrl = urls[i]!));
  lap('pages');
  return { hits, pending };
}

/** Whether a note's own row lets it be shown: live, the viewer's to see, and still holding the query. */
function noteShown(note: Note | undefined, query: ParsedQuery, viewerId: string | null): note is Note {
  if (!note || note.deletedAt !== null) return false;
  if (note.visibility === 'private' && note.authorId !== viewerId) return false;
  return matchesIn(noteText(note), query).length > 0;
}

/** The result a document's key stands for, if its row still matches and the viewer may see it. */
function hitOf(
  key: string,
  notes: Map<string, Note>,
  customers: Map<string, Customer | null>,
  query: ParsedQuery,
  viewerId: string | null,
  members: Map<string, Member>,
): SearchHitData | null {
  const id = key.slice(2);
  if (key.startsWith('c:')) {
    const customer = customers.get(id);
    if (!customer || customer.deletedAt !== null || (customer.mergedIntoId ?? null) !== null) return null;
    const marks = matchesIn(customer.name, query);
    if (marks.length === 0) return null;
    return {
      kind: 'customer',
      customerId: customer.id,
      customerName: customer.name,
      nameMarks: marks,
      noteId: null,
      noteKind: null,
      authorName: null,
      text: customer.name,
      marks,
      at: customer.updatedAt,
      pageUrl: null,
    };
  }
  const note = notes.get(id);
  if (!noteShown(note, query, viewerId)) return null;
  const customer = survivorOf(customers.get(note.customerId), customers);
  if (!customer) return null;
  const text = noteText(note);
  const marks = matchesIn(text, query);
  const snippet = snippetOf(text, marks);
  return {
    kind: 'note',
    customerId: customer.id,
    customerName: customer.name,
    nameMarks: [],
    noteId: note.id,
    noteKind: note.kind,
    authorName: members.get(note.authorId)?.name ?? null,
    text: snippet.text,
    marks: snippet.marks,
    at: note.createdAt,
    pageUrl: isWebPage(note.source?.url) ? note.source.url : null,
  };
}
