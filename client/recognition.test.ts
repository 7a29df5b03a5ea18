import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PageContext } from '@/model/context';
import { recognitionSummary } from '@/server/site-selectors';
import { teamWithTwoMembers, testServer, type TestServer } from '@/server/testing';
import { SidenoteDB } from './db';
import { RecognitionCounter, recognitionKey } from './recognition';
import type { Session } from './session';

let server: TestServer;
let db: SidenoteDB;
let online: boolean;
let session: Session;
let teamId: string;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  server = await testServer();
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
  online = true;
  const team = await teamWithTwoMembers(server);
  teamId = team.teamId;
  session = { serverUrl: 'http://sidenote.test', token: team.rep.token, member: team.rep.member, team: team.rep.team };
});
afterEach(async () => {
  vi.useRealTimers();
  await server.close();
});

const transport: typeof fetch = async (input, init) => {
  if (!online) throw new TypeError('fetch failed');
  return server.app.request(String(input), init);
};

const THREAD = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM3ZmYAZS05ZDk0';
const context = (patch: Partial<PageContext> = {}): PageContext =>
  PageContext.parse({
    site: 'outlook',
    url: THREAD,
    title: 'Pallet pricing',
    people: [],
    layout: 'recognised',
    view: 'readingPane',
    ...patch,
  });
const partial = (url = THREAD) => context({ url, people: [{ email: 'purchasing@northwind-traders.com', name: '' }], missing: ['sender'] });

function counter() {
  return new RecognitionCounter(db, async () => session, { settleMs: 3_000, reportAfterMs: 10_000, transport });
}

async function settle(c: RecognitionCounter, ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
  await c.written();
}

describe('counting pages recognised only in part', () => {
  it('keys a count by site, host, view, layout and what was missing: nothing of the page itself', () => {
    expect(recognitionKey(partial())).toEqual({
      site: 'outlook',
      host: 'outlook.office.com',
      view: 'readingPane',
      layout: 'recognised',
      missing: ['sender'],
    });
    expect(recognitionKey(context({ layout: 'unrecognised' }))).toMatchObject({ layout: 'unrecognised', missing: [] });
    expect(recognitionKey(context())).toBeNull();
    expect(recognitionKey(context({ layout: 'idle' }))).toBeNull();
  });

  it('counts a page once its partial state has held for a while, once per page, and not a page that rendered in time', async () => {
    const c = counter();
    // Rendering: briefly unreadable, then read in full.
    c.observe('view-1', context({ layout: 'unrecognised' }));
    await settle(c, 1_000);
    c.observe('view-1', context({ people: [{ email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' }] }));
    await settle(c, 5_000);
    expect(await c.pending()).toEqual([]);
    // Stays without a sender: counts once, however often it re-reports.
    c.observe('view-1', partial());
    await settle(c, 3_000);
    c.observe('view-1', partial());
    await settle(c, 3_000);
    c.observe('view-2', partial(`${THREAD}-2`));
    await settle(c, 3_000);
    expect(await c.pending()).toEqual([
      { site: 'outlook', host: 'outlook.office.com', view: 'readingPane', layout: 'recognised', missing: ['sender'], count: 2 },
    ]);
  });

  it('forgets a page that closed before its state settled', async () => {
    const c = counter();
    c.observe('view-1', partial());
    c.forget(['view-1']);
    await settle(c, 5_000);
    expect(await c.pending()).toEqual([]);
  });

  it('reports the counts to the team’s server a little later, and keeps them while the server cannot be reached', async () => {
    const c = counter();
    c.observe('view-0', partial(`${THREAD}-0`));
    await settle(c, 3_000);
    await vi.advanceTimersByTimeAsync(10_000);
    await vi.waitFor(async () => expect((await recognitionSummary(server.db, teamId)).counts).toMatchObject([{ count: 1 }]));
    await vi.waitFor(async () => expect(await c.pending()).toEqual([]));
    online = false;
    c.observe('view-1', partial());
    await settle(c, 3_000);
    await vi.advanceTimersByTimeAsync(10_000);
    await c.report();
    expect(await c.pending()).toHaveLength(1);
    online = true;
    await c.report();
    expect(await c.pending()).toEqual([]);
    expect((await recognitionSummary(server.db, teamId)).counts).toMatchObject([{ site: 'outlook', missing: ['sender'], count: 2 }]);
  });
});
