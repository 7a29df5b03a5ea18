import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './metrics';
import { preparedQuery } from './prepared-query';
import { capturingLogger, expectError, pullRequest, teamWithTwoMembers, testServer, type TestServer } from './testing';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the request log', () => {
  it('writes one JSON line per request, with the route that answered, but none for health checks', async () => {
    const { logger, lines } = capturingLogger();
    server = await testServer({ logger });
    const { rep } = await teamWithTwoMembers(server);
    lines.length = 0;
    expect((await pullRequest(server, rep)).status).toBe(200);
    await server.app.request('/v1/health');
    await server.app.request('/v1/nothing-here');
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toMatchObject([
      { method: 'GET', route: '/v1/pull', path: '/v1/pull', status: 200 },
      { method: 'GET', path: '/v1/nothing-here', status: 404 },
    ]);
    expect(typeof requests[0]!.ms).toBe('number');
  });

  it('logs a failure with its stack and tells the client nothing of it', async () => {
    const { logger, lines } = capturingLogger();
    server = await testServer({ logger });
    const { rep } = await teamWithTwoMembers(server);
    await server.close(); // every query now fails, as a bug or a lost database would
    const res = await pullRequest(server, rep);
    const body = await expectError(res, 500, 'internal');
    const failure = lines.find((l) => l.msg === 'request failed') as { err: { message: string; stack: string }; path: string } | undefined;
    expect(failure?.path).toBe('/v1/pull');
    expect(failure?.err.stack).toMatch(/\n\s+at /);
    expect(JSON.stringify(body)).not.toContain(failure!.err.message);
    expect(JSON.stringify(body)).not.toMatch(/\bat \S+:\d+/);
    server = undefined;
  });
});

describe('GET /v1/health', () => {
  it('answers 503 when the database does not answer', async () => {
    server = await testServer();
    expect((await server.app.request('/v1/health')).status).toBe(200);
    server.advance(1_000);
    await server.close();
    const res = await server.app.request('/v1/health');
    await expectError(res, 503, 'database_unavailable');
    server = undefined;
  });
});

describe('GET /metrics', () => {
  it('is Prometheus text counting requests by route, pushes, pulls and live connections', async () => {
    let live = 3;
    server = await testServer({ metrics: createMetrics({ liveConnections: () => live }) });
    const { rep } = await teamWithTwoMembers(server);
    await pullRequest(server, rep);
    await pullRequest(server, rep);
    live = 2;
    const res = await server.app.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^sidenote_http_requests_total\{method="GET",route="\/v1\/pull",status="200"\} 2$/m);
    expect(text).toMatch(/^sidenote_http_request_duration_seconds_count\{method="GET",route="\/v1\/pull"\} 2$/m);
    expect(text).toMatch(/^sidenote_pulls_total 2$/m);
    expect(text).toMatch(/^sidenote_pushes_total 0$/m);
    expect(text).toMatch(/^sidenote_live_connections 2$/m);
    expect(text).toMatch(/^sidenote_process_cpu_seconds_total /m);
  });

  it('keeps a latency histogram per method and route, its buckets cumulative', async () => {
    const metrics = createMetrics();
    metrics.observeRequest('GET', '/v1/pull', 200, 0.0007);
    metrics.observeRequest('GET', '/v1/pull', 200, 0.02);
    metrics.observeRequest('GET', '/v1/pull', 401, 20);
    const text = await metrics.registry.metrics();
    const bucket = (le: string) =>
      Number(
        new RegExp(
          `^sidenote_http_request_duration_seconds_bucket\\{le="${le.replace('+', '\\+')}",method="GET",route="/v1/pull"\\} (\\d+)$`,
          'm',
        ).exec(text)?.[1],
      );
    expect([bucket('0.0005'), bucket('0.001'), bucket('0.025'), bucket('10'), bucket('+Inf')]).toEqual([0, 1, 2, 2, 3]);
    expect(text).toMatch(/^sidenote_http_request_duration_seconds_sum\{method="GET",route="\/v1\/pull"\} 20\.0207$/m);
    expect(text).toMatch(/^sidenote_http_requests_total\{method="GET",route="\/v1\/pull",status="401"\} 1$/m);
    expect(text).toMatch(/^# TYPE sidenote_http_request_duration_seconds histogram$/m);
  });

  it('wants METRICS_TOKEN when it is set', async () => {
    const token = 'a-metrics-token-of-some-length';
    server = await testServer({ metrics: createMetrics(), metricsToken: token });
    await expectError(await server.app.request('/metrics'), 401, 'unauthorized');
    await expectError(
      await server.app.request('/metrics', { headers: { Authorization: 'Bearer wrong-token-of-some-length' } }),
      401,
      'unauthorized',
    );
    expect((await server.app.request('/metrics', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('does not exist without metrics', async () => {
    server = await testServer();
    await expectError(await server.app.request('/metrics'), 404, 'not_found');
  });
});

describe('preparedQuery', () => {
  it('runs the compiled query with each call’s values, as the builder would', async () => {
    server = await testServer();
    const { rep, admin, teamId: team } = await teamWithTwoMembers(server);
    const nameOf = preparedQuery(['id', 'team'], (db, p) =>
      db.selectFrom('members').select(['name']).where('id', '=', p.id).where('team_id', '=', p.team).where('active', '=', 1),
    );
    expect(await nameOf(server.db, { id: rep.member.id, team })).toEqual([{ name: rep.member.name }]);
    expect(await nameOf(server.db, { id: admin.member.id, team })).toEqual([{ name: admin.member.name }]);
    expect(await nameOf(server.db, { id: admin.member.id, team: 'another team' })).toEqual([]);
  });

  it('refuses a parameter the query never uses', async () => {
    server = await testServer();
    const broken = preparedQuery(['id', 'unused'], (db, p) => db.selectFrom('members').select('name').where('id', '=', p.id));
    await expect(broken(server.db, { id: 'x', unused: 'y' })).rejects.toThrow(/unused never reached/);
  });
});
