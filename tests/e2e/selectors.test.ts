import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecognitionSummary } from '../../model/selectors';
import { qqmail } from '../../sites/qqmail';
import { openFixture } from '../fixtures/open';
import {
  admin,
  eventually,
  expectText,
  fixture,
  joinTeam,
  launchProfile,
  serveSite,
  serveSitePages,
  sidebarOf,
  startServer,
  testId,
  type Profile,
  type ServerProcess,
} from './harness';

const DE_ITEM = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATMwMAItYjBiZi03YmY3LTAwAi0wMAoAEABjgKbAj7DwSKnW58xs6QY7';
const ZH_ITEM = 'https://outlook.live.com/mail/0/inbox/id/AQQkADAwATM3ZmYAZS05ZDk0LTEwMDItMDACLTAwCgAQAGZhC3ZgAAAAAAAAAAAAAAA%3D';
const EN_ITEM = 'https://outlook.office.com/mail/inbox/id/AAQkADAwATM3ZmYAZS05ZDk0LTEwMDItMDACLTAwCgAQAJ8%2Bh2mNkE6xq5eK4bZpXKE%3D';
const QQ_READ =
  'https://mail.qq.com/cgi-bin/readmail?folderid=1&folderkey=1&t=readmail&mailid=ZC4606-GBXLPmptx6GJ4yF7xGGoY7c&mode=pre&maxage=3600&base=11.27&ver=13079&sid=sL2C4LTRaQ9U1RdN';

/** Pages in layouts and languages the adapters did not know before, each served at its real address. */
const PAGES = [
  {
    name: 'Outlook in German (no ids, no English label, no subject)',
    origin: 'https://outlook.office.com',
    file: 'outlook/reading-pane-de.html',
    url: DE_ITEM,
    customer: 'Mueller Logistik',
  },
  {
    name: 'Outlook.com in Chinese',
    origin: 'https://outlook.live.com',
    file: 'outlook/reading-pane-zh.html',
    url: ZH_ITEM,
    customer: 'Huaxin Pack',
  },
  {
    name: 'Gmail, reading pane split horizontally',
    origin: 'https://mail.google.com',
    file: 'gmail/split-horizontal.html',
    url: 'https://mail.google.com/mail/u/0/#label/Clients',
    customer: 'Andes Import',
  },
  {
    name: 'Gmail with its side panel open',
    origin: 'https://mail.google.com',
    file: 'gmail/side-panel.html',
    url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmvHLrdwnBKqLnrbbWcM',
    customer: 'Huaxin Pack',
  },
  {
    name: 'Gmail, a thread opened from search',
    origin: 'https://mail.google.com',
    file: 'gmail/search-thread.html',
    url: 'https://mail.google.com/mail/u/0/#search/pallet+pricing/FMfcgzQXJWDsKmvHLrdwnBKqLnrbbWcM',
    customer: 'Northwind Traders',
  },
];

describe('site adapters a team keeps current', () => {
  let server: ServerProcess;
  let ana: Profile;
  /** A second admin's device token, for the admin's own HTTP calls. */
  let adminToken: string;

  const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  /** The options page's check, for the pages open now. */
  async function checkPages() {
    const options = await ana.context.newPage();
    await options.goto(ana.url('options.html'));
    await testId(options, 'check-pages').click();
    await testId(options, 'check-page').first().waitFor();
    return options;
  }

  beforeAll(async () => {
    server = await startServer();
    const team = await admin<{ teamId: string; inviteCode: string }>(
      server.databaseUrl,
      'team:create',
      '--name',
      'Sites',
      '--domain',
      'sidenote-demo.com',
    );
    const second = await admin<{ inviteCode: string }>(server.databaseUrl, 'invite:create', '--team', team.teamId, '--role', 'admin');
    const joined = await fetch(`${server.url}/v1/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inviteCode: second.inviteCode, name: 'Ada Admin', email: 'ada.admin@sidenote-demo.com' }),
    });
    adminToken = ((await joined.json()) as { token: string }).token;
    ana = await launchProfile();
    const page = await joinTeam(ana, {
      server: server.url,
      code: team.inviteCode,
      name: 'Ana Souza',
      email: 'ana.souza@sidenote-demo.com',
    });
    await expectText(testId(page, 'joined-as'), 'Ana Souza');
    await page.close();
  });

  afterAll(async () => {
    await ana?.close();
    await server?.stop();
  });

  for (const site of PAGES) {
    it(`names the customer on ${site.name}`, async () => {
      await serveSitePages(ana.context, site.origin, { '*': site.file });
      const page = await ana.context.newPage();
      await page.goto(site.url);
      await expectText(testId(await sidebarOf(page), 'customer-name'), site.customer, 20_000);
      await page.close();
      await ana.context.unroute(`${site.origin}/**`);
    });
  }

  it('reads a QQ Mail readmail page opened alone as jsdom does, the user left out', async () => {
    await serveSitePages(ana.context, 'https://mail.qq.com', { '*': 'qqmail/readmail-alone-2018.html' });
    const page = await ana.context.newPage();
    await page.goto(QQ_READ);
    await expectText(testId(await sidebarOf(page), 'customer-name'), 'Huaxin Pack', 20_000);
    // What the extension found in Chromium is what the unit tests' parse finds.
    const expected = qqmail.detect(await openFixture('qqmail/readmail-alone-2018.html', QQ_READ), new URL(QQ_READ)).people;
    expect(expected.map((p) => p.email)).toEqual(['chen.jing@huaxin-pack.cn', 'liu.yang@huaxin-pack.cn']);
    const options = await checkPages();
    const check = testId(options, 'check-page').filter({ hasText: 'qqmail' }).first();
    await expectText(check.locator('dd').nth(2), expected.map((p) => `${p.name} <${p.email}>`).join(', '));
    await options.close();
    await page.close();
    await ana.context.unroute('https://mail.qq.com/**');
  });

  it('says a page is recognised only in part, and the team’s admin sees it counted on the server', async () => {
    const noSenders = fixture('outlook/reading-pane.html')
      .replaceAll('class="OZZZK"', 'class="Xq3v1"')
      .replaceAll('aria-label="From: ', 'aria-label="');
    await serveSite(ana.context, 'https://outlook.office.com', noSenders);
    const page = await ana.context.newPage();
    await page.goto(EN_ITEM);
    await expectText(testId(await sidebarOf(page), 'customer-name'), 'Northwind Traders', 20_000);
    const options = await checkPages();
    const check = testId(options, 'check-page').filter({ hasText: 'outlook' }).first();
    expect(await check.getAttribute('data-missing')).toBe('sender');
    await expectText(check.getByTestId('check-layout'), /^recognised only in part: no sender found/);
    await options.close();
    // No page content reaches the server: the site, the host, the kind of view, what was missing.
    const counted = await eventually(
      () => api('/v1/recognition').then((r) => RecognitionSummary.parse(r.body).counts),
      (counts) => counts.some((c) => c.missing.includes('sender')),
      'the count of Outlook panes without a sender',
      30_000,
    );
    expect(counted.find((c) => c.missing.includes('sender'))).toMatchObject({
      site: 'outlook',
      host: 'outlook.office.com',
      view: 'readingPane',
      layout: 'recognised',
      missing: ['sender'],
      count: 1,
    });
    // Ana is an admin too: her options page shows the team's counts.
    const report = await ana.context.newPage();
    await report.goto(ana.url('options.html'));
    await testId(report, 'recognition-load').click();
    await expectText(
      testId(report, 'recognition-row').filter({ hasText: 'no sender found' }),
      /outlook\.office\.com.*outlook · readingPane.*no sender found.*1/s,
    );
    await report.close();
    await page.close();
    await ana.context.unroute('https://outlook.office.com/**');
  });

  it('recognises a page whose markup changed once the admin publishes a selector: no rebuild, no reload', async () => {
    const changed = fixture('outlook/reading-pane-de.html').replace(
      'data-app-section="MailReadCompose" aria-label="Lesebereich"',
      'data-app-section="ReadingPaneV2"',
    );
    await serveSite(ana.context, 'https://outlook.office.com', changed);
    const page = await ana.context.newPage();
    await page.goto(DE_ITEM);
    // The built-in selectors no longer find the pane: a marked handle, and the check says so.
    await page.getByRole('button', { name: /page layout not recognised/ }).waitFor({ timeout: 20_000 });
    const before = await checkPages();
    expect(await testId(before, 'check-page').filter({ hasText: 'outlook' }).first().getAttribute('data-layout')).toBe('unrecognised');
    await before.close();

    const published = await api('/v1/selectors', {
      method: 'PUT',
      body: { sites: { outlook: { readingPane: ['[data-app-section="ReadingPaneV2"]'] } } },
    });
    expect(published.status).toBe(200);
    // The server pokes; the background fetches the file and hands it to the open page.
    await page.getByRole('button', { name: /page layout not recognised/ }).waitFor({ state: 'detached', timeout: 20_000 });
    await expectText(testId(await sidebarOf(page), 'customer-name'), 'Mueller Logistik', 20_000);

    // Withdrawn (an empty file), the built-in selectors apply again.
    expect((await api('/v1/selectors', { method: 'PUT', body: { sites: {} } })).status).toBe(200);
    await page.getByRole('button', { name: /page layout not recognised/ }).waitFor({ timeout: 20_000 });
    await page.close();
    await ana.context.unroute('https://outlook.office.com/**');
  });
});
