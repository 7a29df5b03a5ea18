/**
 * Memory: the JS heap the extension adds to a Gmail tab, and the JS heap of its background
 * (service worker) with a large team's local data.
 *
 * - Gmail tab: the mailbox fixture at https://mail.google.com, one thread open, in a profile
 *   with the extension (joined, the sidebar showing the customer and a few notes) and in one
 *   without it. The tab's page process holds the page and the content script (an isolated world
 *   of the same V8 isolate); the sidebar is an extension frame, which Chromium runs in the
 *   extension's own process. Each is measured after a full garbage collection (CDP
 *   `HeapProfiler.collectGarbage`, then `Runtime.getHeapUsage`).
 * - Background: the service worker's isolate, reached over the browser's DevTools endpoint
 *   (its DevToolsActivePort), after a GC: once joined with an empty store, then with a large
 *   store written straight into the extension's IndexedDB (customers, identities, notes and
 *   open follow-ups, as bench/board.ts does), after the worker was stopped and started again
 *   by the next page that needs it, with a Gmail thread of a stored customer open, and after
 *   the popup (whose views the background computes over the store) was opened, and closed again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Frame, Page } from 'playwright-core';
import WebSocket from 'ws';
import { expectText, fixture, sidebarOf, testId, type Profile } from '../tests/e2e/harness';
import type { Benchmark } from './lib/benchmark';
import { joinedProfiles, plainProfile, threadUrl, THREADS, writeNote } from './lib/browser';
import { fmt, median } from './lib/stats';

const ROUNDS = 5;
/** Let timers, the first sync and the sidebar's own work settle before measuring. */
const SETTLE_MS = 1_500;
/** The large store, scaled by BENCH_STORE_SCALE like local-store (1 = the issue's team size). */
const SCALE = Number(process.env.BENCH_STORE_SCALE ?? 1);
const STORE = {
  customers: Math.round(50_000 * SCALE),
  notes: Math.round(500_000 * SCALE),
  tasks: Math.round(100_000 * SCALE),
};

interface Heap {
  used: number;
  total: number;
}

async function heapOf(session: CDPSession): Promise<Heap> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize, totalSize } = await session.send('Runtime.getHeapUsage');
  return { used: usedSize, total: totalSize };
}

const MB = (bytes: number) => `${fmt(bytes / 1e6, 1)} MB`;

/** A raw DevTools connection to one target (the service worker), over the browser's endpoint. */
class RawTarget {
  private id = 0;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
      const call = message.id === undefined ? undefined : this.waiting.get(message.id);
      if (!call) return;
      this.waiting.delete(message.id!);
      if (message.error) call.reject(new Error(message.error.message));
      else call.resolve(message.result);
    });
  }

  static async open(url: string): Promise<RawTarget> {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new RawTarget(socket);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.id;
    this.socket.send(JSON.stringify({ id, method, params }));
    return new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject }));
  }

  async heap(): Promise<Heap> {
    await this.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await this.send<{ usedSize: number; totalSize: number }>('Runtime.getHeapUsage');
    return { used: usedSize, total: totalSize };
  }

  close(): void {
    this.socket.close();
  }
}

/** The extension's service worker as a DevTools target of the profile's browser (started by the harness with a DevTools port). */
async function serviceWorker(profileDir: string, extensionId: string): Promise<RawTarget> {
  const [port] = readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      type: string;
      url: string;
      webSocketDebuggerUrl: string;
    }[];
    const worker = targets.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
    if (worker) return RawTarget.open(worker.webSocketDebuggerUrl);
    if (Date.now() > deadline) throw new Error('the extension’s service worker is not a DevTools target');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Writes a large team's data into the extension's database (run in an extension page); shapes as bench/board.ts. */
function seed([customers, notes, tasks]: [number, number, number]): Promise<void> {
  const STAGES = ['lead', 'qualified', 'quoted', 'negotiating', 'won', 'lost'];
  const DAY = 86_400_000;
  const now = Date.now();
  const OWNERS = 10;
  const put = (db: IDBDatabase, stores: string[], write: (tx: IDBTransaction) => void) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction(stores, 'readwrite');
      write(tx);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('sidenote');
    open.onerror = () => reject(open.error);
    open.onsuccess = async () => {
      const db = open.result;
      try {
        // Every tenth follow-up is the signed-in member's, so the popup's first screen has some.
        const me = await new Promise<string>((resolve, reject) => {
          const get = db.transaction('$session').objectStore('$session').get('current');
          get.onsuccess = () => resolve((get.result as { session: { member: { id: string } } }).session.member.id);
          get.onerror = () => reject(get.error);
        });
        await put(db, ['customers', 'identities', 'members'], (tx) => {
          for (let m = 0; m < OWNERS; m++) {
            tx.objectStore('members').put({
              id: `owner-${m}`,
              teamId: 'bench',
              name: `Owner ${m}`,
              email: `o${m}@sidenote-demo.com`,
              role: 'rep',
              active: true,
            });
          }
          for (let i = 0; i < customers; i++) {
            const updatedAt = now - (i % 60) * DAY - i;
            const ownerId = i % 7 === 0 ? null : `owner-${i % OWNERS}`;
            const stage = STAGES[i % STAGES.length];
            tx.objectStore('customers').put({
              id: `c-${i}`,
              name: `Customer ${i} Trading Co.`,
              ownerId,
              stage,
              createdAt: updatedAt,
              updatedAt,
              deletedAt: null,
              mergedIntoId: null,
              liveUpdatedAt: updatedAt,
              liveStage: stage,
              liveOwner: ownerId ?? '',
              ...(ownerId === null ? { unownedUpdatedAt: updatedAt } : {}),
            });
            tx.objectStore('identities').put({
              id: `i-${i}`,
              customerId: `c-${i}`,
              kind: 'domain',
              value: `customer-${i}.example`,
              deletedAt: null,
            });
          }
        });
        // Notes in batches: one transaction of 500,000 puts holds them all in memory at once.
        for (let from = 0; from < notes; from += 50_000) {
          await put(db, ['notes'], (tx) => {
            for (let i = from; i < Math.min(notes, from + 50_000); i++) {
              tx.objectStore('notes').put({
                id: `n-${i}`,
                customerId: `c-${i % customers}`,
                authorId: `owner-${i % OWNERS}`,
                kind: 'note',
                change: null,
                body: `Call ${i}: they asked about delivery times and the price for 500 units; follow up next week.`,
                visibility: 'team',
                mentions: [],
                pinned: false,
                source: null,
                createdAt: now - (i % 365) * DAY - i,
                editedAt: null,
                deletedAt: null,
              });
            }
          });
        }
        await put(db, ['tasks'], (tx) => {
          for (let i = 0; i < tasks; i++) {
            const dueAt = now + ((i % 20) - 10) * DAY;
            tx.objectStore('tasks').put({
              id: `t-${i}`,
              customerId: `c-${(i * 2) % customers}`,
              title: `Follow up ${i}`,
              assigneeId: i % 10 === 0 ? me : `owner-${i % OWNERS}`,
              dueAt,
              doneAt: null,
              doneBy: null,
              createdBy: `owner-${i % OWNERS}`,
              createdAt: now - 30 * DAY,
              updatedAt: now - 30 * DAY,
              noteId: null,
              source: null,
              deletedAt: null,
              openDueAt: dueAt,
            });
          }
        });
        db.close();
        resolve();
      } catch (error) {
        reject(error as Error);
      }
    };
  });
}

async function openThread(profile: Profile, hash: string, customer: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await profile.context.newPage();
  await page.goto(threadUrl(hash));
  const sidebar = await sidebarOf(page);
  await expectText(testId(sidebar, 'customer-name'), customer, 30_000);
  return { page, sidebar };
}

export const memory: Benchmark = {
  name: 'memory',
  title: 'Memory: the JS heap the extension adds to a Gmail tab, and its background’s with a large store',
  needsExtension: true,
  timeoutMs: 10 * 60_000,
  async run(resources) {
    const { profiles } = await joinedProfiles(resources, 1, undefined, { devtoolsPort: true });
    const profile = profiles[0]!;

    // 1. A Gmail tab, with the extension: a thread open, its sidebar with a few notes.
    const first = await openThread(profile, THREADS.northwindJoan, 'Northwind Traders');
    for (let i = 1; i <= 3; i++) await writeNote(first.sidebar, `Memory bench note ${i}: pallets, lead times and the price list.`);
    await first.page.close();
    const withExtension: { page: Heap; sidebar: Heap }[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      const { page, sidebar } = await openThread(profile, THREADS.northwindJoan, 'Northwind Traders');
      await testId(sidebar, 'note-item').first().waitFor();
      await page.waitForTimeout(SETTLE_MS);
      const pageHeap = await heapOf(await profile.context.newCDPSession(page));
      const sidebarHeap = await heapOf(await profile.context.newCDPSession(sidebar));
      if (round > 0) withExtension.push({ page: pageHeap, sidebar: sidebarHeap }); // the first warms caches
      await page.close();
    }

    // 2. The same tab without the extension.
    const plain = await plainProfile(resources, fixture('gmail/mailbox.html'));
    const without: Heap[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      const page = await plain.newPage();
      await page.goto(threadUrl(THREADS.northwindJoan));
      await page.waitForTimeout(SETTLE_MS);
      const heap = await heapOf(await plain.newCDPSession(page));
      if (round > 0) without.push(heap);
      await page.close();
    }

    // 3. The background: empty store, then the large one.
    const worker = async () => {
      const target = await serviceWorker(profile.dir, profile.extensionId);
      try {
        return await target.heap();
      } finally {
        target.close();
      }
    };
    const emptyStore = await worker();
    const seeder = await profile.context.newPage();
    await seeder.goto(profile.url('options.html'));
    // Offline from here: the seeded rows are local only, and a pull must not disturb them.
    await profile.context.setOffline(true);
    // tsx (esbuild, keepNames) wraps named functions in `__name(…)`: give the page a no-op one.
    await seeder.evaluate('globalThis.__name = (f) => f');
    const seedStart = Date.now();
    await seeder.evaluate(seed, [STORE.customers, STORE.notes, STORE.tasks] as [number, number, number]);
    const seedS = (Date.now() - seedStart) / 1000;
    // A fresh worker: what it holds comes from using the store, not from the seeding page.
    const cdp = await profile.context.newCDPSession(seeder);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await seeder.close();
    const tab = await openThread(profile, THREADS.northwindJoan, 'Northwind Traders');
    await tab.page.waitForTimeout(SETTLE_MS);
    const largeStore = await worker();
    const popup = await profile.context.newPage();
    await popup.goto(profile.url('popup.html'));
    // Measured either way; the details say whether the popup's first item had shown by then.
    const popupShown = await popup
      .locator('[data-testid="overdue-item"], [data-testid="due-today-item"]')
      .first()
      .waitFor({ timeout: 60_000 })
      .then(
        () => true,
        () => false,
      );
    await popup.waitForTimeout(SETTLE_MS);
    const afterPopup = await worker();
    await popup.close();
    await tab.page.waitForTimeout(SETTLE_MS);
    // What the background keeps once the popup is gone (its subscriptions end with it).
    const popupClosed = await worker();
    await tab.page.close();

    const pageAdded = median(withExtension.map((m) => m.page.used)) - median(without.map((h) => h.used));
    const sidebarUsed = median(withExtension.map((m) => m.sidebar.used));
    const storeLabel = `${fmt(STORE.customers)} customers, ${fmt(STORE.notes)} notes, ${fmt(STORE.tasks)} open follow-ups`;
    return {
      rows: [
        {
          what: 'JS heap the content script adds to the Gmail tab’s page (with − without the extension, after GC, median)',
          budget: 'reported',
          measured: MB(pageAdded),
          samples: `${ROUNDS} openings each`,
          pass: null,
        },
        {
          what: 'JS heap of the sidebar frame (the extension’s process, only this extension page open, after GC, median)',
          budget: 'reported',
          measured: MB(sidebarUsed),
          samples: `${ROUNDS} openings`,
          pass: null,
        },
        {
          what: 'the tab’s page heap without / with the extension (information)',
          budget: '—',
          measured: `${MB(median(without.map((h) => h.used)))} / ${MB(median(withExtension.map((m) => m.page.used)))}`,
          samples: `${ROUNDS} openings each`,
          pass: null,
        },
        {
          what: `background (service worker) JS heap with the large store (${storeLabel}): a thread open / the popup open / the popup closed again (after GC)`,
          budget: 'reported',
          measured: `${MB(largeStore.used)} / ${MB(afterPopup.used)} / ${MB(popupClosed.used)}`,
          samples: '1 run',
          pass: null,
        },
        {
          what: 'background JS heap with an empty store (joined, idle; information)',
          budget: '—',
          measured: MB(emptyStore.used),
          samples: '1 run',
          pass: null,
        },
      ],
      details: [
        `Heaps are V8’s used heap (\`Runtime.getHeapUsage\`) right after a full GC (\`HeapProfiler.collectGarbage\`), so they count what is kept, not garbage waiting. The page’s heap holds Gmail’s fixture page and the content script’s isolated world (one isolate per page process); the sidebar frame is a chrome-extension:// page, which Chromium runs in the extension’s process, so its heap is counted apart. Per opening, with the extension (page / sidebar): ${withExtension.map((m) => `${MB(m.page.used)} / ${MB(m.sidebar.used)}`).join('; ')}. Without: ${without.map((h) => MB(h.used)).join('; ')}.`,
        '',
        `The large store was written straight into the extension’s IndexedDB in ${fmt(seedS, 1)} s (${storeLabel}, ${fmt(STORE.customers)} domain identities), offline; the worker was then stopped (CDP \`ServiceWorker.stopAllWorkers\`) and started again by a Gmail thread of a stored customer; its heap measured after the sidebar showed, then after popup.html showed its first overdue or due-today item (the popup’s views are computed in the background)${popupShown ? '' : ' — this run it had shown none after 60 s, so that heap is of a popup still waiting'}, and once the popup was closed again. Heap total (used + free in V8’s pages) at those points: ${MB(largeStore.total)} / ${MB(afterPopup.total)} / ${MB(popupClosed.total)}; empty store ${MB(emptyStore.total)}.`,
      ],
      data: { withExtension, without, emptyStore, largeStore, afterPopup, popupClosed, popupShown, seedS, store: STORE },
    };
  },
};
