import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishSelectors } from '@/server/site-selectors';
import { teamWithTwoMembers, testServer, type TestServer } from '@/server/testing';
import { SidenoteDB } from './db';
import type { Session } from './session';
import { SELECTOR_CHECK_MS, SiteSelectorSync } from './site-selectors';

let server: TestServer;
let db: SidenoteDB;
let requests: string[];
let online: boolean;
beforeEach(async () => {
  server = await testServer();
  db = new SidenoteDB(`test-${crypto.randomUUID()}`);
  await db.open();
  requests = [];
  online = true;
});
afterEach(() => server.close());

/** The real app in-process, as the team's server; it can go offline. */
const transport: typeof fetch = async (input, init) => {
  if (!online) throw new TypeError('fetch failed');
  requests.push(new URL(String(input)).pathname + new URL(String(input)).search);
  return server.app.request(String(input), init);
};

async function session(): Promise<{ session: Session; teamId: string }> {
  const { teamId, rep } = await teamWithTwoMembers(server);
  return { teamId, session: { serverUrl: 'http://sidenote.test', token: rep.token, member: rep.member, team: rep.team } };
}

const FILE = { sites: { outlook: { readingPane: ['[data-app-section="ReadingPaneV2"]'] } } };

describe('the team’s selector file in the background', () => {
  it('asks nothing while signed out', async () => {
    const sync = new SiteSelectorSync(db, async () => null, transport);
    await sync.refresh();
    expect([sync.file.value, requests]).toEqual([null, []]);
    expect(await sync.forSite('outlook')).toEqual({});
  });

  it('fetches a published file, hands out each site’s part, and asks again with the version it holds', async () => {
    const { session: s, teamId } = await session();
    const sync = new SiteSelectorSync(db, async () => s, transport);
    const changes: unknown[] = [];
    sync.file.listen((file) => changes.push(file));
    await sync.refresh();
    expect(sync.file.value).toBeNull();

    const { etag } = await publishSelectors(server.db, teamId, FILE);
    await sync.refresh();
    expect(await sync.forSite('outlook')).toEqual(FILE.sites.outlook);
    expect(await sync.forSite('gmail')).toEqual({});
    await sync.refresh();
    expect(requests).toEqual(['/v1/selectors', '/v1/selectors', `/v1/selectors?known=${etag}`]);
    expect(changes).toEqual([FILE]);
  });

  it('checks at most every five minutes unless asked to (a poke)', async () => {
    const { session: s } = await session();
    const sync = new SiteSelectorSync(db, async () => s, transport);
    await sync.refresh();
    await sync.refreshIfStale();
    expect(requests).toHaveLength(1);
    await sync.refresh();
    expect(requests).toHaveLength(2);
    expect(SELECTOR_CHECK_MS).toBe(5 * 60_000);
  });

  it('keeps the file in the local database: a restarted worker hands it out offline, and a failed check changes nothing', async () => {
    const { session: s, teamId } = await session();
    await publishSelectors(server.db, teamId, FILE);
    await new SiteSelectorSync(db, async () => s, transport).refresh();
    online = false;
    const restarted = new SiteSelectorSync(db, async () => s, transport);
    await restarted.refresh();
    expect(await restarted.forSite('outlook')).toEqual(FILE.sites.outlook);
  });

  it('never keeps one team’s file for another, nor after signing out', async () => {
    const first = await session();
    await publishSelectors(server.db, first.teamId, FILE);
    let current: Session | null = first.session;
    const sync = new SiteSelectorSync(db, async () => current, transport);
    await sync.refresh();
    expect(sync.file.value).toEqual(FILE);
    const other = await teamWithTwoMembers(server, 'Other', ['other.example']);
    current = { serverUrl: 'http://sidenote.test', token: other.rep.token, member: other.rep.member, team: other.rep.team };
    await sync.refresh();
    expect(sync.file.value).toBeNull();
    current = null;
    await sync.refresh();
    expect(sync.file.value).toBeNull();
  });
});
