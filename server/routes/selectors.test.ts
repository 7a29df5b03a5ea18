import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecognitionSummary, SelectorFileResponse } from '../../model/selectors';
import { expectError, json, postJson, teamWithTwoMembers, testServer, type TestServer } from '../testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

function call(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
  return Promise.resolve(
    server.app.request(path, {
      method: init.method ?? 'GET',
      headers: { Authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    }),
  );
}

const FILE = { sites: { outlook: { readingPane: ['[data-app-section="ReadingPaneV2"]', '#ReadingPaneContainerId'] } } };

describe('the team’s selector file', () => {
  it('is published by an admin, pokes the team, and reaches every member; a holder of the version gets no body', async () => {
    const { teamId, admin, rep } = await teamWithTwoMembers(server);
    const none = SelectorFileResponse.parse(await json(await call('/v1/selectors', rep.token)));
    expect(none).toEqual({ etag: null, file: null, publishedAt: null });

    server.commits.length = 0;
    const res = await call('/v1/selectors', admin.token, { method: 'PUT', body: FILE });
    expect(res.status).toBe(200);
    const { etag } = await json<{ etag: string }>(res);
    expect(server.commits).toEqual([teamId]);

    const got = SelectorFileResponse.parse(await json(await call('/v1/selectors', rep.token)));
    expect(got).toEqual({ etag, file: FILE, publishedAt: server.now() });
    const again = SelectorFileResponse.parse(await json(await call(`/v1/selectors?known=${etag}`, rep.token)));
    expect(again).toEqual({ etag, publishedAt: server.now() });
    expect(again.file).toBeUndefined();
  });

  it('may be published by admins only', async () => {
    const { rep } = await teamWithTwoMembers(server);
    await expectError(await call('/v1/selectors', rep.token, { method: 'PUT', body: FILE }), 403, 'forbidden');
    expect(await server.db.selectFrom('team_selectors').selectAll().execute()).toEqual([]);
  });

  it('refuses unknown sites and keys, and selectors a browser would not parse, naming them', async () => {
    const { admin } = await teamWithTwoMembers(server);
    const cases: [unknown, RegExp][] = [
      [{ sites: { hotmail: { pane: ['#a'] } } }, /hotmail is not a site adapter; there are: gmail, outlook/],
      [{ sites: { outlook: { readingPan: ['#a'] } } }, /outlook\.readingPan is not a selector key of outlook; it has: readingPane/],
      [{ sites: { outlook: { readingPane: ['div >'] } } }, /outlook\.readingPane: the selector "div >" is not valid CSS/],
      [{ sites: { outlook: { readingPane: ['a:contains(Re)'] } } }, /pseudo-class :contains/],
      [{ sites: { qqmail: { classicRow: ['[[x'] } } }, /qqmail\.classicRow/],
    ];
    for (const [body, message] of cases) {
      const error = await expectError(await call('/v1/selectors', admin.token, { method: 'PUT', body }), 400, 'invalid_selectors');
      expect(error.message).toMatch(message);
    }
    // Shape errors come from the schema, with the field named.
    const shape = await expectError(
      await call('/v1/selectors', admin.token, { method: 'PUT', body: { sites: { outlook: { readingPane: [] } } } }),
      400,
      'invalid_request',
    );
    expect(shape.message).toMatch(/^sites\.outlook\.readingPane/);
    await expectError(await call('/v1/selectors', admin.token, { method: 'PUT', body: { sites: {}, extra: 1 } }), 400, 'invalid_request');
    expect(await server.db.selectFrom('team_selectors').selectAll().execute()).toEqual([]);
  });

  it('is at most 64 KiB', async () => {
    const { admin } = await teamWithTwoMembers(server);
    const big = JSON.stringify({ sites: { outlook: { readingPane: ['#a'] } }, padding: 'x'.repeat(70 * 1024) });
    await expectError(await call('/v1/selectors', admin.token, { method: 'PUT', body: big }), 413, 'payload_too_large');
  });

  it('is the calling team’s only', async () => {
    const { admin } = await teamWithTwoMembers(server);
    const other = await teamWithTwoMembers(server, 'Other Team', ['other.example']);
    await call('/v1/selectors', admin.token, { method: 'PUT', body: FILE });
    expect(SelectorFileResponse.parse(await json(await call('/v1/selectors', other.rep.token))).etag).toBeNull();
  });
});

describe('recognition counts', () => {
  const COUNT = { site: 'outlook', host: 'outlook.office.com', view: 'readingPane', layout: 'recognised', missing: ['sender'], count: 2 };

  it('add up per site, host, view, layout and what was missing; admins read them, most frequent first', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const unrecognised = {
      ...COUNT,
      view: 'thread',
      site: 'gmail',
      host: 'mail.google.com',
      layout: 'unrecognised',
      missing: [],
      count: 1,
    };
    expect((await postJson(server, '/v1/recognition', { counts: [COUNT, unrecognised] }, rep.token)).status).toBe(200);
    server.advance(60_000);
    expect(
      (await postJson(server, '/v1/recognition', { counts: [{ ...COUNT, count: 3, host: 'Outlook.Office.com' }] }, admin.token)).status,
    ).toBe(200);
    const summary = RecognitionSummary.parse(await json(await call('/v1/recognition', admin.token)));
    expect(summary.counts).toEqual([
      { ...COUNT, count: 5, firstSeenAt: server.now() - 60_000, lastSeenAt: server.now() },
      { ...unrecognised, firstSeenAt: server.now() - 60_000, lastSeenAt: server.now() - 60_000 },
    ]);
    await expectError(await call('/v1/recognition', rep.token), 403, 'forbidden');
  });

  it('carry no page content: anything but the counted fields is refused', async () => {
    const { rep } = await teamWithTwoMembers(server);
    for (const counts of [
      [{ ...COUNT, url: 'https://outlook.office.com/mail/inbox/id/AAQk' }],
      [{ ...COUNT, missing: ['joan.miller'] }],
      [],
    ]) {
      await expectError(await postJson(server, '/v1/recognition', { counts }, rep.token), 400, 'invalid_request');
    }
    expect(await server.db.selectFrom('recognition_counts').selectAll().execute()).toEqual([]);
  });
});
