import type { Frame } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDatabase, startPgCluster, type PgCluster } from '../../server/testing-pg-cluster';
import {
  admin,
  eventually,
  expectText,
  fixture,
  joinTeam,
  launchProfile,
  openSidebar,
  serveSite,
  startServer,
  testId,
  THREADS,
  type Profile,
  type ServerProcess,
} from './harness';

/**
 * Two real server processes on two ports over one PostgreSQL, two real browser profiles: Ana's
 * extension talks to process 1 only, Ben's to process 2 only, so a note Ana writes can reach
 * Ben's open sidebar live only through LISTEN/NOTIFY between the processes. Then process 2's
 * listening connection is killed, and Ben still gets every note: the one written while nobody
 * listened (process 2 pokes every socket when it listens again) and the next one.
 */
describe('two server processes on one PostgreSQL, a browser on each', () => {
  let cluster: PgCluster;
  let databaseUrl: string;
  let one: ServerProcess;
  let two: ServerProcess;
  let ana: Profile;
  let ben: Profile;
  let sql: pg.Client;

  beforeAll(async () => {
    cluster = await startPgCluster();
    databaseUrl = await createPgDatabase(cluster.adminUrl);
    // Each process names its connections, so the test can find process 2's listener among them.
    [one, two] = await Promise.all([
      startServer(`${databaseUrl}?application_name=sidenote-one`),
      startServer(`${databaseUrl}?application_name=sidenote-two`),
    ]);
    sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    const team = await admin<{ teamId: string; inviteCode: string }>(
      databaseUrl,
      'team:create',
      '--name',
      'Two Processes',
      '--domain',
      'sidenote-demo.com',
    );
    const rep = await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', team.teamId, '--role', 'rep');
    [ana, ben] = await Promise.all([launchProfile(), launchProfile()]);
    for (const [profile, server, code, name, email] of [
      [ana, one, team.inviteCode, 'Ana Souza', 'ana.souza@sidenote-demo.com'],
      [ben, two, rep.inviteCode, 'Ben Okoro', 'ben.okoro@sidenote-demo.com'],
    ] as const) {
      await serveSite(profile.context, 'https://mail.google.com', fixture('gmail/mailbox.html'));
      const page = await joinTeam(profile, { server: server.url, code, name, email });
      await expectText(testId(page, 'joined-as'), name);
      await page.close();
    }
  });

  afterAll(async () => {
    await sql?.end().catch(() => {});
    await Promise.all([ana?.close(), ben?.close()]);
    await Promise.all([one?.stop(), two?.stop()]);
    cluster?.stop();
  });

  /** Backend pids of the connections of process `name` that are LISTENing (its relay's, one when healthy). */
  async function listeners(name: string): Promise<number[]> {
    const { rows } = await sql.query<{ pid: number }>(
      "select pid from pg_stat_activity where application_name = $1 and query ilike 'listen %' and state = 'idle'",
      [name],
    );
    return rows.map((r) => r.pid);
  }

  async function write(sidebar: Frame, body: string) {
    await testId(sidebar, 'note-input').fill(body);
    await testId(sidebar, 'note-submit').click();
    await testId(sidebar, 'note-item').filter({ hasText: body }).waitFor();
  }

  // Well under the client's one-minute alarm: only a live poke brings a note this fast.
  const LIVE = 10_000;

  it("shows Ana's note (sent to process 1) in Ben's open sidebar (served by process 2) without a reload", async () => {
    expect(await listeners('sidenote-one')).toHaveLength(1);
    expect(await listeners('sidenote-two')).toHaveLength(1);
    const b = await openSidebar(ben, THREADS.northwindRaj, 'Northwind Traders');
    const a = await openSidebar(ana, THREADS.northwindJoan, 'Northwind Traders');
    const body = `Across processes: MOQ is 500 pallets (${Date.now()})`;
    await write(a.sidebar, body);
    await testId(b.sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: LIVE });
    await a.page.close();
    await b.page.close();
  });

  it("misses nothing when process 2's listening connection is killed", async () => {
    const b = await openSidebar(ben, THREADS.northwindRaj, 'Northwind Traders');
    const a = await openSidebar(ana, THREADS.northwindJoan, 'Northwind Traders');
    const [killed] = await listeners('sidenote-two');
    expect(killed).toBeTypeOf('number');
    const { rows } = await sql.query<{ ok: boolean }>('select pg_terminate_backend($1) as ok', [killed]);
    expect(rows[0]!.ok).toBe(true);

    // Written at once, while process 2 has no listener (it reconnects after a backoff): its
    // NOTIFY reaches nobody there; process 2 pokes Ben's socket when it listens again.
    const whileDown = `While process 2 was not listening (${Date.now()})`;
    await write(a.sidebar, whileDown);
    await testId(b.sidebar, 'note-item').filter({ hasText: whileDown }).waitFor({ timeout: LIVE });

    // Listening again on a new connection, and the next note crosses as before.
    const [again] = await eventually(
      () => listeners('sidenote-two'),
      (pids) => pids.length === 1,
      'process 2 listening again',
    );
    expect(again).not.toBe(killed);
    const next = `After process 2 listened again (${Date.now()})`;
    await write(a.sidebar, next);
    await testId(b.sidebar, 'note-item').filter({ hasText: next }).waitFor({ timeout: LIVE });
    expect(await listeners('sidenote-one')).toHaveLength(1);
    // Ben's sidebar is served by process 2, Ana's by process 1: neither process restarted.
    expect(one.proc.exitCode).toBeNull();
    expect(two.proc.exitCode).toBeNull();
    await a.page.close();
    await b.page.close();
  });
});
