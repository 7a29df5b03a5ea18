import { randomUUID } from 'node:crypto';
import { testClient } from 'hono/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from './app';
import {
  createCustomer,
  expectError,
  json,
  mutations,
  postJson,
  pullRequest,
  rowCounts,
  T0,
  teamWithTwoMembers,
  testServer,
  type TestServer,
} from './testing';

let server: TestServer;
beforeEach(async () => {
  server = await testServer();
});
afterEach(() => server.close());

describe('the app', () => {
  it('says it is healthy', async () => {
    const res = await server.app.request('/v1/health');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ok: true });
  });

  it('exposes a typed API (AppType) for hc clients', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const client = testClient(server.app);
    expect(await (await client.v1.health.$get()).json()).toEqual({ ok: true });
    const res = await client.v1.pull.$get(
      { query: { clientID: rep.clientID, cookie: '0' } },
      { headers: { Authorization: `Bearer ${rep.token}` } },
    );
    const body = await res.json();
    expect('cookie' in body && body.cookie).toBe(3);
  });

  it('answers an unknown route with 404 JSON', async () => {
    await expectError(await server.app.request('/v1/nothing-here'), 404, 'not_found');
    await expectError(await server.app.request('/v1/health', { method: 'DELETE' }), 404, 'not_found');
  });

  it('needs a valid, unrevoked token of an active member for push and pull', async () => {
    const { admin, rep } = await teamWithTwoMembers(server);
    const batch = { clientID: rep.clientID, mutations: mutations(rep, createCustomer(randomUUID(), 'Acme')) };
    await expectError(await postJson(server, '/v1/push', batch), 401, 'unauthorized');
    await expectError(await postJson(server, '/v1/push', batch, 'made-up-token'), 401, 'unauthorized');
    await expectError(await pullRequest(server, { ...rep, token: `${rep.token}x` }), 401, 'unauthorized');
    const basic = await server.app.request(`/v1/pull?clientID=${rep.clientID}`, { headers: { Authorization: `Basic ${rep.token}` } });
    await expectError(basic, 401, 'unauthorized');
    expect((await pullRequest(server, rep)).status).toBe(200);

    // Revoked: refused from the next request on.
    await server.db.updateTable('tokens').set({ revoked_at: T0 }).where('member_id', '=', rep.member.id).execute();
    await expectError(await pullRequest(server, rep), 401, 'unauthorized');
    await expectError(await postJson(server, '/v1/push', batch, rep.token), 401, 'unauthorized');

    // A deactivated member's tokens stop working too.
    expect((await pullRequest(server, admin)).status).toBe(200);
    await server.db.updateTable('members').set({ active: 0 }).where('id', '=', admin.member.id).execute();
    await expectError(await pullRequest(server, admin), 401, 'unauthorized');
    expect((await rowCounts(server.db)).customers).toBe(0);
  });

  it('refuses a body over 1 MiB with 413 JSON', async () => {
    const { rep } = await teamWithTwoMembers(server);
    const before = await rowCounts(server.db);
    const huge = { clientID: rep.clientID, mutations: mutations(rep, createCustomer(randomUUID(), 'x'.repeat(MAX_BODY_BYTES))) };
    await expectError(await postJson(server, '/v1/push', huge, rep.token), 413, 'payload_too_large');
    const declared = await server.app.request('/v1/join', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(MAX_BODY_BYTES + 1) },
      body: 'x'.repeat(MAX_BODY_BYTES + 1),
    });
    await expectError(declared, 413, 'payload_too_large');
    expect(await rowCounts(server.db)).toEqual(before);
  });

  it('allows extension origins, and only them, to call it cross-origin', async () => {
    const preflight = (origin: string) =>
      server.app.request('/v1/push', {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,content-type',
        },
      });
    for (const origin of ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe(origin);
      expect(res.headers.get('Access-Control-Allow-Headers')?.toLowerCase().split(',')).toEqual(['authorization', 'content-type']);
      expect(res.headers.get('Access-Control-Allow-Methods')).toContain('POST');
      expect(res.headers.get('Access-Control-Allow-Credentials')).toBeNull();
    }
    for (const origin of ['https://evil.example', 'https://chrome-extension.evil.example', 'null']) {
      expect((await preflight(origin)).headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
    const simple = await server.app.request('/v1/health', { headers: { Origin: 'https://evil.example' } });
    expect(simple.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
