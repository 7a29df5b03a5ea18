import { copyFileSync, existsSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { seedStore } from '../../bench/lib/store-seed';
import { openDatabase } from '../../server/db/connect';
import { renewEpoch } from '../../server/epoch';
import {
  admin,
  eventually,
  expectText,
  joinTeam,
  launchProfile,
  openSidebar,
  startServer,
  testId,
  THREADS,
  twoTeammates,
  type Profile,
  type ServerProcess,
} from './harness';

/**
 * Sync recovers by itself: after the server is restored from an older backup, and when a user
 * leaves (or switches) teams while a large pull is still arriving.
 */

/** What the extension's own database holds, read from one of its pages. */
async function localRows(page: Page, table: string): Promise<{ id: string; body?: string; name?: string }[]> {
  return page.evaluate(
    (name) =>
      new Promise<{ id: string }[]>((done, fail) => {
        const open = indexedDB.open('sidenote');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(name, 'readonly').objectStore(name).getAll();
          request.onsuccess = () => {
            done(request.result as { id: string }[]);
            db.close();
          };
          request.onerror = () => fail(request.error);
        };
      }),
    table,
  );
}

/**
 * Puts the backup in the stopped server's place. The server's own process may still be closing
 * its database just after `npm run server` exited (it checkpoints the WAL into the file and
 * deletes it): that is waited for, a few seconds at most, so it neither writes over the copy nor
 * removes a file from under us.
 */
async function replaceDatabase(databaseUrl: string, from: string) {
  for (let waited = 0; existsSync(databaseUrl + '-wal') && waited < 5_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  for (const suffix of ['-wal', '-shm']) rmSync(databaseUrl + suffix, { force: true });
  copyFileSync(from, databaseUrl);
}

describe('sync recovery', () => {
  let server: ServerProcess | undefined;
  const profiles: Profile[] = [];
  afterEach(async () => {
    await Promise.all(profiles.splice(0).map((p) => p.close()));
    await server?.stop();
  });

  it('recovers after the server is restored from an older backup, and loses nothing that was pending', { timeout: 300_000 }, async () => {
    const team = await twoTeammates('Restore Sales');
    server = team.server;
    profiles.push(team.ana, team.ben);
    const write = async (sidebar: Awaited<ReturnType<typeof openSidebar>>['sidebar'], body: string) => {
      await testId(sidebar, 'note-input').fill(body);
      await testId(sidebar, 'note-submit').click();
      await testId(sidebar, 'note-item').filter({ hasText: body }).waitFor();
    };
    const a = await openSidebar(team.ana, THREADS.northwindJoan, 'Northwind Traders');
    const b = await openSidebar(team.ben, THREADS.northwindRaj, 'Northwind Traders');
    await write(a.sidebar, 'Kept: the quote is 4.20 per unit');
    await testId(b.sidebar, 'note-item').filter({ hasText: 'Kept:' }).waitFor({ timeout: 20_000 });

    // The nightly backup.
    const backup = `${server.databaseUrl}.backup`;
    await server.stop();
    copyFileSync(server.databaseUrl, backup);
    // The server may not have checkpointed its WAL: the backup takes it too.
    if (existsSync(`${server.databaseUrl}-wal`)) copyFileSync(`${server.databaseUrl}-wal`, `${backup}-wal`);
    const copy = openDatabase(backup);
    await renewEpoch(copy.db);
    await copy.close();
    server = await startServer(server.databaseUrl, server.port);

    // After the backup: acknowledged, then lost when the server is restored.
    await write(a.sidebar, 'Lost with the backup');
    await testId(b.sidebar, 'note-item').filter({ hasText: 'Lost with the backup' }).waitFor({ timeout: 30_000 });
    await expectText(testId(a.sidebar, 'sync-status'), 'Synced', 30_000);

    // The disk fails; the server comes back from last night's backup. Meanwhile Ana writes.
    await server.stop();
    await replaceDatabase(server.databaseUrl, backup);
    await write(a.sidebar, 'Written while the server was down');
    server = await startServer(server.databaseUrl, server.port);

    // Ana's device starts over as a new client and sends what was pending; Ben's drops what the
    // server no longer has. Both end up with exactly the server's notes.
    await testId(b.sidebar, 'note-item').filter({ hasText: 'Written while the server was down' }).waitFor({ timeout: 90_000 });
    await expectText(testId(a.sidebar, 'sync-status'), 'Synced', 60_000);
    for (const sidebar of [a.sidebar, b.sidebar]) {
      await eventually(
        async () => (await testId(sidebar, 'note-item').allTextContents()).join('\n'),
        (text) => text.includes('Kept:') && text.includes('Written while the server was down') && !text.includes('Lost with the backup'),
        'the restored server’s notes plus the pending one',
        60_000,
      );
    }
  });

  it('lands nothing of the old team when the user leaves and joins another team during a large pull', async () => {
    server = await startServer();
    const { databaseUrl } = server;
    const big = await admin<{ teamId: string; inviteCode: string }>(
      databaseUrl,
      'team:create',
      '--name',
      'Big Team',
      '--domain',
      'big.example',
    );
    const small = await admin<{ teamId: string; inviteCode: string }>(
      databaseUrl,
      'team:create',
      '--name',
      'Small Team',
      '--domain',
      'small.example',
    );
    const joinHttp = async (inviteCode: string, name: string, email: string) => {
      const res = await fetch(`${server!.url}/v1/join`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inviteCode, name, email }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { token: string; member: { id: string } };
    };
    const seeder = await joinHttp(big.inviteCode, 'Big Admin', 'admin@big.example');
    const smallAdmin = await joinHttp(small.inviteCode, 'Small Admin', 'admin@small.example');
    // The small team has one customer with one note.
    const push = await fetch(`${server.url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${smallAdmin.token}` },
      body: JSON.stringify({
        clientID: crypto.randomUUID(),
        mutations: [
          {
            id: 1,
            name: 'createCustomer',
            args: {
              id: 'small-c',
              name: 'Small Customer',
              identities: [{ id: crypto.randomUUID(), kind: 'domain', value: 'smallco.com' }],
            },
            at: Date.now(),
          },
          {
            id: 2,
            name: 'createNote',
            args: { id: 'small-n', customerId: 'small-c', body: 'The only note of the small team' },
            at: Date.now(),
          },
        ],
      }),
    });
    expect(push.status).toBe(200);
    // The big team's three years of history, written while the server is stopped.
    await server.stop();
    await seedStore(databaseUrl, {
      teamId: big.teamId,
      memberIds: [seeder.member.id],
      scale: { customers: 3_000, notes: 40_000, tasks: 3_000 },
      now: Date.now(),
    });
    server = await startServer(databaseUrl, server.port);
    const bigRep = await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', big.teamId, '--role', 'rep');
    const smallRep = await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', small.teamId, '--role', 'rep');

    const ana = await launchProfile();
    profiles.push(ana);
    const options = await joinTeam(ana, { server: server.url, code: bigRep.inviteCode, name: 'Ana Souza', email: 'ana@big.example' });
    await expectText(testId(options, 'joined-as'), 'Ana Souza', 20_000);
    // The big pull is under way: some of its notes have arrived, not all.
    const arrived = await eventually(
      async () => (await localRows(options, 'notes')).length,
      (n) => n > 0,
      'the first pages of the big pull',
      60_000,
    );
    expect(arrived).toBeLessThan(40_000);
    options.once('dialog', (dialog) => void dialog.accept());
    await testId(options, 'leave').click();
    await testId(options, 'server-url').fill(server.url);
    await testId(options, 'invite-code').fill(smallRep.inviteCode);
    await testId(options, 'display-name').fill('Ana Souza');
    await testId(options, 'member-email').fill('ana@small.example');
    await testId(options, 'join').click();
    await expectText(testId(options, 'joined-as'), 'Ana Souza', 20_000);

    // Only the small team's data, now and after the old pull would have finished.
    await eventually(
      async () => (await localRows(options, 'notes')).map((n) => n.body),
      (bodies) => bodies.length === 1 && bodies[0] === 'The only note of the small team',
      'the small team’s one note, alone',
      60_000,
    );
    await new Promise((r) => setTimeout(r, 5_000));
    expect((await localRows(options, 'notes')).map((n) => n.id)).toEqual(['small-n']);
    expect((await localRows(options, 'customers')).map((c) => c.id)).toEqual(['small-c']);
    const teams = await localRows(options, 'teams');
    expect(teams.map((t) => t.id)).toEqual([small.teamId]);
  });
});
