import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { customerCandidates } from '@/model/context';
import type { LiveChanges, LiveToClient } from '@/model/live';
import { emptyRows, PullEnvelope } from '@/model/sync';
import { createApp } from '@/server/app';
import { openDatabase } from '@/server/db/connect';
import { migrateToLatest } from '@/server/db/migrate';
import { renewEpoch } from '@/server/epoch';
import { LiveHub } from '@/server/live';
import { createInvite, createTeam } from '@/server/teams';
import { SidenoteDB } from '../db';
import { syncedRow } from '../derived-indexes';
import { addNoteOnCandidate } from '../notes';
import type { Session } from '../session';
import { actorOf, SyncEngine } from './engine';
import { applyLiveChanges, applyPull, readPull } from './pull';
import { currentEpoch, StaleSync } from './recover';

// The sync engine against the real server app in this process, over a SQLite file that a test
// can replace with an older copy (a server restored from a backup).

const SERVER_URL = 'http://sidenote.test/base';
let dir: string;
let file: string;
let server: Awaited<ReturnType<typeof open>>;

async function open() {
  const database = openDatabase(file);
  await migrateToLatest(database.db);
  return { ...database, app: createApp({ db: database.db }) };
}

/** Requests to the server in this process; the path prefix of SERVER_URL must survive. */
const transport: typeof fetch = async (input, init) => {
  const url = new URL(String(input));
  expect(url.pathname.startsWith('/base/v1/')).toBe(true);
  return server.app.request(url.pathname.slice('/base'.length) + url.search, init);
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sidenote-engine-'));
  file = join(dir, 'sidenote.db');
  server = await open();
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

async function device(inviteCode: string, name: string, email: string) {
  const res = await server.app.request('/v1/join', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inviteCode, name, email }),
  });
  const joined = (await res.json()) as Omit<Session, 'serverUrl'>;
  const session: Session = { ...joined, serverUrl: SERVER_URL };
  const db = new SidenoteDB(`engine-${crypto.randomUUID()}`);
  await db.setMeta('clientID', crypto.randomUUID());
  const engine = new SyncEngine(db, async () => session, transport);
  const candidate = customerCandidates(
    { people: [{ email: 'buyer@northwind-traders.com', name: 'Buyer' }] },
    { email, teamDomains: [] },
  )[0]!;
  const write = (body: string) =>
    addNoteOnCandidate(db, actorOf(session), { site: 'gmail', url: 'https://mail.google.com/', title: 't' }, candidate, {
      noteId: crypto.randomUUID(),
      body,
      kind: 'note',
    });
  return { db, engine, session, write };
}

/** A backup as the admin CLI makes it: a copy of the stopped database, given a history of its own. */
async function backupTo(copy: string) {
  copyFileSync(file, copy);
  const backup = openDatabase(copy);
  await renewEpoch(backup.db);
  await backup.close();
}

const bodies = async (db: SidenoteDB) => (await db.notes.toArray()).map((n) => n.body).sort();

describe('SyncEngine recovery', () => {
  it('starts over as a new client after the server is restored from an older backup, and loses nothing pending', async () => {
    const { teamId, inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const ana = await device(inviteCode, 'Ana', 'ana@sidenote-demo.com');
    await ana.write('before the backup');
    await ana.engine.sync();
    // The backup is taken here; then more is written and acknowledged.
    const { inviteCode: benCode } = await createInvite(server.db, { teamId, role: 'rep' });
    const ben = await device(benCode, 'Ben', 'ben@sidenote-demo.com');
    await server.close();
    await backupTo(join(dir, 'backup.db'));
    server = await open();
    await ana.write('after the backup');
    await ana.engine.sync();
    await ben.engine.sync();
    expect(ana.engine.state.value.state).toBe('synced');
    expect(await bodies(ben.db)).toEqual(['after the backup', 'before the backup']);
    const oldClientID = await ana.db.getMeta<string>('clientID');
    // The server is restored from the backup; meanwhile Ana writes offline-style (queued).
    await server.close();
    copyFileSync(join(dir, 'backup.db'), file);
    server = await open();
    await ana.write('while the server was down');
    await ana.engine.sync();
    // Ana's device noticed, took a new clientID, re-sent what was pending and resynced.
    expect(ana.engine.state.value).toMatchObject({ state: 'synced', code: null });
    expect(await ana.db.getMeta<string>('clientID')).not.toBe(oldClientID);
    expect(await ana.db.$outbox.count()).toBe(0);
    // What the restored server holds plus what was pending; the acknowledged-then-lost note is
    // gone with the backup (the server is the authority), and the local copy says so too.
    const onServer = await server.db.selectFrom('notes').select('body').orderBy('body').execute();
    expect(onServer.map((n) => n.body)).toEqual(['before the backup', 'while the server was down']);
    expect(await bodies(ana.db)).toEqual(['before the backup', 'while the server was down']);
    // Ben, whose copy holds the note the restore lost, syncs only after Ana's re-sent change
    // brought the server's version counter back up to his cookie: the database's history (its
    // epoch) tells him his copy is from another one, and he starts over too.
    await ben.engine.sync();
    expect(await bodies(ben.db)).toEqual(['before the backup', 'while the server was down']);
    // A teammate joining now sees the same.
    const { inviteCode: repCode } = await createInvite(server.db, { teamId, role: 'rep' });
    const cleo = await device(repCode, 'Cleo', 'cleo@sidenote-demo.com');
    await cleo.engine.sync();
    expect(await bodies(cleo.db)).toEqual(['before the backup', 'while the server was down']);
  });

  it('recovers from a mutation gap when the server forgot the client entirely', async () => {
    const { inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const ana = await device(inviteCode, 'Ana', 'ana@sidenote-demo.com');
    await ana.write('one');
    await ana.engine.sync();
    // The server lost the client row (and what it had acknowledged): pushing 2 is a gap.
    await server.db.deleteFrom('clients').execute();
    await ana.write('two');
    await ana.engine.sync();
    expect(ana.engine.state.value.state).toBe('synced');
    expect((await server.db.selectFrom('notes').select('body').execute()).map((n) => n.body).sort()).toEqual(['one', 'two']);
  });

  it('drops a pull that began before the database was reset (the user left the team meanwhile)', async () => {
    const { inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
    const ana = await device(inviteCode, 'Ana', 'ana@sidenote-demo.com');
    const epoch = await currentEpoch(ana.db);
    const rows = { ...emptyRows(), notes: [] };
    const envelope = PullEnvelope.parse({
      cookie: 9,
      lastMutationID: 0,
      more: false,
      rows,
      tombstones: [],
      refusals: [],
    });
    // The reset (as leave does it) gives the database a new epoch.
    await ana.db.setMeta('epoch', crypto.randomUUID());
    await expect(applyPull(ana.db, readPull(envelope).response, actorOf(ana.session), { epoch })).rejects.toBeInstanceOf(StaleSync);
    expect(await ana.db.getMeta('cookie')).toBeUndefined();
  });
});

/** Ana and Ben of one team, both synced after Ana's first note. */
async function twoSynced() {
  const { teamId, inviteCode } = await createTeam(server.db, { name: 'Northwind', domains: [] });
  const ana = await device(inviteCode, 'Ana', 'ana@sidenote-demo.com');
  const ben = await device((await createInvite(server.db, { teamId, role: 'rep' })).inviteCode, 'Ben', 'ben@sidenote-demo.com');
  await ana.write('first');
  await ana.engine.sync();
  await ben.engine.sync();
  return { teamId, ana, ben };
}

describe('rows carried by a poke', () => {
  /** Ana and Ben synced; a hub (the server's, on its database) pokes Ben's socket into `inbox`. */
  async function teamWithHub() {
    const { teamId, ana, ben } = await twoSynced();
    const hub = new LiveHub(server.db);
    const inbox: LiveToClient[] = [];
    hub.join(teamId, { actor: actorOf(ben.session), deviceId: 'ben', send: (m) => inbox.push(m), close: () => {} });
    // The first poke only tells the hub where the team stands; the next carries what follows.
    hub.poke(teamId);
    await vi.waitFor(() => expect(inbox).toHaveLength(1));
    const nextPoke = async (): Promise<LiveChanges> => {
      const seen = inbox.length;
      hub.poke(teamId);
      await vi.waitFor(() => expect(inbox).toHaveLength(seen + 1));
      const poke = inbox[seen]!;
      if (poke.type !== 'poke' || !poke.changes) throw new Error('the poke carried no rows');
      return poke.changes;
    };
    return { ana, ben, nextPoke };
  }

  it('shows them without a pull: applied where they follow on, the cookie moved to theirs', async () => {
    const { ana, ben, nextPoke } = await teamWithHub();
    await ana.write('second');
    await ana.engine.sync();
    const changes = await nextPoke();
    expect(changes.after).toBe(await ben.db.getMeta<number>('cookie'));
    // Ben's network is down: only the poke's rows can bring the note.
    const offline = new SyncEngine(
      ben.db,
      async () => ben.session,
      async () => {
        throw new TypeError('Failed to fetch');
      },
    );
    await offline.poked(changes);
    expect(offline.state.value.state).toBe('offline');
    expect(await bodies(ben.db)).toEqual(['first', 'second']);
    expect(await ben.db.getMeta<number>('cookie')).toBe(changes.cookie);
    // Applied once: the same rows again no longer follow on, and the pull agrees.
    expect(await applyLiveChanges(ben.db, changes, actorOf(ben.session))).toBe(false);
    await ben.engine.sync();
    expect(await bodies(ben.db)).toEqual(['first', 'second']);
    expect(await ben.db.getMeta<number>('cookie')).toBe(changes.cookie);
  });

  it('leaves them to the pull when they do not follow on, or when changes of its own are pending', async () => {
    const { ana, ben, nextPoke } = await teamWithHub();
    await ana.write('second');
    await ana.engine.sync();
    const skipped = await nextPoke();
    await ana.write('third');
    await ana.engine.sync();
    // Ben missed the poke before: these rows start after a cookie he does not have.
    const later = await nextPoke();
    expect(later.after).toBe(skipped.cookie);
    expect(await applyLiveChanges(ben.db, later, actorOf(ben.session))).toBe(false);
    expect(await bodies(ben.db)).toEqual(['first']);
    // Ben has a note of his own waiting: only a pull says where it stands among the rows.
    await ben.write('his own');
    expect(await applyLiveChanges(ben.db, skipped, actorOf(ben.session))).toBe(false);
    expect(await bodies(ben.db)).toEqual(['first', 'his own']);
    await ben.engine.poked(later);
    expect(await bodies(ben.db)).toEqual(['first', 'his own', 'second', 'third']);
    expect(await ben.db.$outbox.count()).toBe(0);
  });
});

describe('a pull with nothing new', () => {
  it('writes nothing, so no view that reads the outbox or the cookie is woken for it', async () => {
    const { ana, ben } = await twoSynced();
    let writes = 0;
    const count = () => writes++;
    Dexie.on('storagemutated', count);
    try {
      await ben.engine.sync();
      expect(ben.engine.state.value.state).toBe('synced');
      expect(writes).toBe(0);
      // Something new is applied as before.
      await ana.write('second');
      await ana.engine.sync();
      writes = 0;
      await ben.engine.sync();
      expect(writes).toBeGreaterThan(0);
      expect(await bodies(ben.db)).toEqual(['first', 'second']);
    } finally {
      Dexie.on('storagemutated').unsubscribe(count);
    }
  });
});

describe('readPull', () => {
  it('sets aside a row this client cannot read and applies the rest, moving the cookie on', async () => {
    const db = new SidenoteDB(`readpull-${crypto.randomUUID()}`);
    const good = {
      id: 'c1',
      name: 'Contoso',
      ownerId: null,
      stage: 'lead',
      createdAt: 1,
      updatedAt: 1,
      deletedAt: null,
      mergedIntoId: null,
    };
    const bad = { ...good, id: 'c2', name: 'x'.repeat(201) };
    const envelope = PullEnvelope.parse({
      cookie: 5,
      lastMutationID: 0,
      more: false,
      rows: { ...emptyRows(), customers: [good, bad] },
      tombstones: [{ table: 'nope', id: 'x' }],
      refusals: [],
    });
    const { response, setAside } = readPull(envelope, 42);
    expect(response.rows.customers).toEqual([good]);
    expect(setAside.map((s) => [s.key, s.error])).toEqual([
      ['customers:c2', 'name: Too big: expected string to have <=200 characters'],
      ['tombstones:x', expect.stringContaining('table')],
    ]);
    await applyPull(db, response, { memberId: 'm', teamId: 't', role: 'rep' }, { setAside });
    expect(syncedRow((await db.customers.get('c1'))!)).toEqual(good);
    expect(await db.customers.get('c2')).toBeUndefined();
    expect(await db.getMeta('cookie')).toBe(5);
    expect((await db.$setAside.toArray()).map((s) => s.key).sort()).toEqual(['customers:c2', 'tombstones:x']);
    // The row arrives readable later (a fixed server): it is applied and no longer set aside.
    await applyPull(
      db,
      { ...response, cookie: 6, rows: { ...emptyRows(), customers: [{ ...bad, name: 'Fixed' }] } },
      {
        memberId: 'm',
        teamId: 't',
        role: 'rep',
      },
    );
    expect((await db.customers.get('c2'))?.name).toBe('Fixed');
    expect((await db.$setAside.toArray()).map((s) => s.key)).toEqual(['tombstones:x']);
  });
});
