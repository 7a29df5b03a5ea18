import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import Dexie from 'dexie';
import { TeamSettings } from '@/model/schemas';
import { BackgroundState } from './context';
import { SidenoteDB } from './db';
import { loadSession, migrateLegacySession, saveSession, type Session } from './session';
import { STORAGE_KEYS } from './storage-keys';

const session: Session = {
  serverUrl: 'http://127.0.0.1:8787',
  token: 'tok_3f9a7c1e5b2d4f6a8c0e1b3d5f7a9c1e',
  member: { id: 'ana', teamId: 't1', name: 'Ana Souza', email: 'ana@sidenote-demo.com', role: 'admin', active: true },
  team: { id: 't1', name: 'Export Sales', domains: ['sidenote-demo.com'], settings: TeamSettings.parse({}) },
};

let db: SidenoteDB;
beforeEach(() => {
  fakeBrowser.reset();
  db = new SidenoteDB(`session-${crypto.randomUUID()}`);
});

/** Everything in storage.local, as one string: what a content script could read. */
const everythingInStorage = async () => JSON.stringify(await browser.storage.local.get(null));

describe('the session', () => {
  it('is kept in the background’s IndexedDB, never in storage.local', async () => {
    await saveSession(db, session);
    expect(await loadSession(db)).toEqual(session);
    expect(await everythingInStorage()).not.toContain(session.token);
    await saveSession(db, null);
    expect(await loadSession(db)).toBeNull();
  });

  it('counts a damaged row as signed out', async () => {
    await db.$session.put({ key: 'current', session: { ...session, token: '' } });
    expect(await loadSession(db)).toBeNull();
  });
});

describe('upgrading from a version that kept the session in storage.local', () => {
  it('moves it into $session and removes it from storage.local', async () => {
    await browser.storage.local.set({ [STORAGE_KEYS.legacySession]: session, prefs: { digestHour: 8 } });
    const state = new BackgroundState(db);
    expect(await state.getSession()).toEqual(session);
    expect(await loadSession(db)).toEqual(session);
    expect(await everythingInStorage()).not.toContain(session.token);
    // What else storage.local held stays.
    expect(await browser.storage.local.get('prefs')).toEqual({ prefs: { digestHour: 8 } });
  });

  it('keeps the session already in $session and still removes the old copy', async () => {
    const newer = { ...session, token: 'tok_newer' };
    await saveSession(db, newer);
    await browser.storage.local.set({ [STORAGE_KEYS.legacySession]: session });
    await migrateLegacySession(db);
    expect(await loadSession(db)).toEqual(newer);
    expect(await browser.storage.local.get(STORAGE_KEYS.legacySession)).toEqual({});
  });

  it('removes a damaged old copy without signing in', async () => {
    await browser.storage.local.set({ [STORAGE_KEYS.legacySession]: { token: session.token } });
    await migrateLegacySession(db);
    expect(await loadSession(db)).toBeNull();
    expect(await everythingInStorage()).not.toContain(session.token);
  });

  it('opens a database of version 13 and adds $session beside its rows', async () => {
    const name = `session-upgrade-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(13).stores({ teams: 'id', $state: 'key' });
    await old.table('teams').put(session.team);
    old.close();
    const upgraded = new SidenoteDB(name);
    await browser.storage.local.set({ [STORAGE_KEYS.legacySession]: session });
    await migrateLegacySession(upgraded);
    expect(upgraded.verno).toBeGreaterThanOrEqual(14);
    expect(await upgraded.teams.get('t1')).toEqual(session.team);
    expect(await loadSession(upgraded)).toEqual(session);
    upgraded.close();
  });
});
