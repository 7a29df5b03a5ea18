/**
 * Live sync, end to end: a note saved in A's sidebar → shown in B's open sidebar. Two real
 * Chromium profiles with the built extension, one real server process on loopback; A writes
 * on one Northwind thread, B has another Northwind thread open. Timed from the click on A's
 * note-submit (a capturing click listener in A's sidebar) to B's sidebar listing the note (a
 * MutationObserver in B's sidebar), one note at a time.
 */
import { randomBytes } from 'node:crypto';
import type { Frame, Worker } from 'playwright-core';
import { testId } from '../tests/e2e/harness';
import type { Benchmark } from './lib/benchmark';
import { joinedProfiles, openThread, THREADS, writeNote } from './lib/browser';
import { hopLengthAfter, hopLines, marksSince, readHopTimes, type Hop, type HopTimes } from './lib/hops';
import { clickCount, expectNote, lastClickAt, lastClickPerf, noteSeenAt, noteSeenPerf, pollFor, WATCH_NOTES } from './lib/in-page';
import { fmt, percentile } from './lib/stats';

const NOTES = 50;
const WARMUP_NOTES = 3;
const NOTE_TIMEOUT_MS = 10_000;
const P50_BUDGET_MS = 50;
const P95_BUDGET_MS = 150;

interface Delivery {
  /** Click → B's sidebar lists it; null if it did not within NOTE_TIMEOUT_MS. */
  toTeammate: number | null;
  /** Click → A's own sidebar lists it (the optimistic local write). */
  toAuthor: number | null;
  /** The hops' times, the latest few of each name (bench/lib/hops.ts), for the breakdown. */
  times: HopTimes;
}

/**
 * The path's hops, between the product's marks (client/hop-marks.ts) and the bench's own times:
 * each hop from the first time of its start after the click to the first time of its end after
 * that (a mark of a name seen again later, a sync's end reading the view once more, counts not).
 */
const HOPS: Hop[] = [
  { what: 'click in A → A’s background has the note (API Port)', from: 'click', to: 'A:request:addNote' },
  { what: 'A: note and outbox entry written (Dexie)', from: 'A:request:addNote', to: 'A:answered:addNote' },
  { what: 'A: written → sync begins', from: 'A:answered:addNote', to: 'A:sync-start' },
  { what: 'A: push (HTTP, the server’s commit)', from: 'A:sync-start', to: 'A:pushed' },
  // The server pokes once the commit is durable, before it answers the push: B often hears first.
  { what: 'A: sync begins → B poked (push, the server’s commit, the live socket)', from: 'A:sync-start', to: 'B:poke' },
  // The poke carries the rows (server/live.ts): B applies them without a pull's round trip.
  { what: 'B: poke → its rows applied (Dexie)', from: 'B:poke', to: 'B:poke-applied' },
  { what: 'B: poke’s rows applied → note in B’s DOM (view read, API Port, Preact)', from: 'B:poke-applied', to: 'shown' },
  // The read the rows' commit started ends after they are applied (it may begin a moment before the mark).
  { what: 'B: rows applied → the view read with them ends (Dexie)', from: 'B:poke-applied', to: 'B:sidebar-view-read' },
  { what: 'B: view read → sent to the sidebar', from: 'B:sidebar-view-read', to: 'B:sidebar-view-sent' },
  { what: 'B: background → sidebar frame (API Port)', from: 'B:sidebar-view-sent', to: 'B-sidebar:data-received' },
  { what: 'B: view parsed (zod)', from: 'B-sidebar:data-received', to: 'B-sidebar:data-parsed' },
  { what: 'B: parsed → note in the DOM (Preact)', from: 'B-sidebar:data-parsed', to: 'shown' },
  // A poke without rows (or whose rows do not follow on): B pulls them.
  { what: 'B: poke → pull answered (HTTP; a poke whose rows did not apply)', from: 'B:poke', to: 'B:pull-received' },
  { what: 'B: poke → B’s own sync done (its push and pull, after the note)', from: 'B:poke', to: 'B:pulled' },
];

/** Writes one note in A and times its arrival in both sidebars. */
async function deliver(a: Frame, b: Frame, workers: { a: Worker; b: Worker }, body: string): Promise<Delivery> {
  await Promise.all([a.evaluate(expectNote(body)), b.evaluate(expectNote(body))]);
  const clicksBefore = await a.evaluate<number>(clickCount);
  await testId(a, 'note-input').fill(body);
  await testId(a, 'note-submit').click();
  if ((await a.evaluate<number>(clickCount)) !== clicksBefore + 1) throw new Error('the click on note-submit was not seen in the sidebar');
  const clickedAt = await a.evaluate<number>(lastClickAt);
  const [teammate, author] = await Promise.all([
    pollFor<number>(b, noteSeenAt(body), NOTE_TIMEOUT_MS),
    pollFor<number>(a, noteSeenAt(body), NOTE_TIMEOUT_MS),
  ]);
  const times: HopTimes = { click: [await a.evaluate<number>(lastClickPerf)] };
  const seen = await b.evaluate<number | undefined>(noteSeenPerf(body));
  if (seen !== undefined) times.shown = [seen];
  for (const [where, marks] of [
    ['A', await readHopTimes(workers.a)],
    ['B', await readHopTimes(workers.b)],
    ['B-sidebar', await readHopTimes(b)],
  ] as const) {
    for (const [name, at] of Object.entries(marks)) times[`${where}:${name}`] = at;
  }
  return { toTeammate: teammate === null ? null : teammate - clickedAt, toAuthor: author === null ? null : author - clickedAt, times };
}

/** Each name's first time at or after the sample's `start`. */
const firstOfEach = (times: HopTimes, start: string): Record<string, number | undefined> =>
  Object.fromEntries(Object.entries(times).map(([name, at]) => [name, at.find((t) => t >= times[start]![0]!)]));

const spreadOf = (values: (number | null)[]) => {
  // A note that never arrived counts as slower than any that did.
  const samples = values.map((v) => v ?? Infinity);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: percentile(samples, 100) };
};

export const liveLatency: Benchmark = {
  name: 'live-latency',
  title: "Live sync: note saved by A → shown in B's open sidebar",
  needsExtension: true,
  async run(resources, earlier) {
    const { profiles } = await joinedProfiles(resources, 2);
    const [ana, ben] = profiles as [(typeof profiles)[0], (typeof profiles)[0]];
    const run = randomBytes(3).toString('hex');

    // A's first note makes the customer Northwind Traders; B, on another Northwind thread, sees it named so.
    const a = await openThread(ana, THREADS.northwindJoan, 'Northwind Traders');
    await writeNote(a.sidebar, `Live bench ${run}: first note`);
    const b = await openThread(ben, THREADS.northwindRaj, 'Northwind Traders');
    await testId(b.sidebar, 'note-item')
      .filter({ hasText: `Live bench ${run}: first note` })
      .waitFor({ timeout: 20_000 });
    await Promise.all([a.sidebar.evaluate(WATCH_NOTES), b.sidebar.evaluate(WATCH_NOTES)]);
    const [workerA, workerB] = [ana.context.serviceWorkers()[0], ben.context.serviceWorkers()[0]];
    if (!workerA || !workerB) throw new Error('a profile has no extension service worker');
    const workers = { a: workerA, b: workerB };

    for (let i = 1; i <= WARMUP_NOTES; i++) await deliver(a.sidebar, b.sidebar, workers, `Live bench ${run}: warm-up ${i}`);
    const deliveries: Delivery[] = [];
    let missedInARow = 0;
    for (let i = 1; i <= NOTES && missedInARow < 3; i++) {
      const delivery = await deliver(a.sidebar, b.sidebar, workers, `Live bench ${run}: note #${String(i).padStart(3, '0')}`);
      deliveries.push(delivery);
      missedInARow = delivery.toTeammate === null ? missedInARow + 1 : 0;
    }
    if (deliveries.length < NOTES) throw new Error(`3 notes in a row never reached B (after ${deliveries.length} notes)`);

    const teammate = spreadOf(deliveries.map((d) => d.toTeammate));
    const author = spreadOf(deliveries.map((d) => d.toAuthor));
    const missed = deliveries.filter((d) => d.toTeammate === null).length;
    const hops = hopLines(
      deliveries.map((d) => d.times),
      HOPS,
      'click',
      hopLengthAfter,
    );
    const samples = `${NOTES} notes (${missed} missed), after ${WARMUP_NOTES} warm-up`;
    const push = earlier.get('server-push');
    const pushData = push?.data.disk as { notesPerSecond?: number; p99?: number } | undefined;
    const ms = (v: number) => (Number.isFinite(v) ? `${fmt(v)} ms` : 'never (timed out)');
    return {
      rows: [
        { what: 'A saves → B shows, p50', budget: '≤ 50 ms', measured: ms(teammate.p50), samples, pass: teammate.p50 <= P50_BUDGET_MS },
        { what: 'A saves → B shows, p95', budget: '≤ 150 ms', measured: ms(teammate.p95), samples, pass: teammate.p95 <= P95_BUDGET_MS },
        {
          what: "A saves → A's own sidebar shows it, p50 / p95 (information)",
          budget: '—',
          measured: `${ms(author.p50)} / ${ms(author.p95)}`,
          samples,
          pass: null,
        },
        {
          what: 'server push throughput, single-note pushes (information, from server-push)',
          budget: '≥ 1,500 notes/s',
          measured:
            pushData?.notesPerSecond !== undefined
              ? `${fmt(pushData.notesPerSecond)} notes/s, p99 ${fmt(pushData.p99 ?? NaN, 1)} ms (${push!.measuredAt})`
              : 'not measured yet: run server-push',
          samples: 'see server-push',
          pass: null,
        },
      ],
      details: [
        `Two headless Chromium profiles with the built extension, joined to a team on \`npm run server\` (fresh SQLite file) through the options page; the Gmail fixture is served at https://mail.google.com. B’s sidebar stays open on Raj Patel’s thread, A writes in its sidebar on Joan Miller’s (both Northwind Traders). For each note: Playwright fills note-input and clicks note-submit in A; a capturing click listener in A’s sidebar takes Date.now() at the click; a MutationObserver in B’s sidebar takes Date.now() when a note-item with the note’s text appears. The path in between: A’s background writes the note and its outbox entry to Dexie, pushes, the server commits (fsync) and pokes B over /v1/live with the rows since its last poke (B’s share, filtered as B’s pull would be), B’s background writes them to Dexie (they follow on from its cookie), and the sidebar subscription re-renders; B then pulls as always, which finds nothing more. Notes are written one after another, each once the last has arrived.`,
        '',
        'Where the time went, hop by hop (times the product keeps at each hop, `client/hop-marks.ts`, the latest few of each name, in both workers and B’s sidebar, on one clock with `performance.timeOrigin`; each hop from the first time of its start after the click to the first of its end after that):',
        '',
        ...hops.lines,
        '',
        `Slowest delivery: ${ms(teammate.max)}.`,
      ],
      data: {
        notes: NOTES,
        warmup: WARMUP_NOTES,
        hopMedians: hops.medians,
        deliveries: deliveries.map((d) => ({
          toTeammate: d.toTeammate,
          toAuthor: d.toAuthor,
          // Each mark of this note, in ms after the click.
          marks: marksSince(firstOfEach(d.times, 'click'), 'click'),
        })),
        teammate,
        author,
      },
    };
  },
};
