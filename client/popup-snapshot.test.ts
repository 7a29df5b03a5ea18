import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SidenoteDB } from './db';
import {
  ensureSnapshotOwner,
  keepPopupSnapshot,
  readPopupSnapshot,
  renewSnapshotOwner,
  SNAPSHOT_KEYS,
  SNAPSHOT_MAX_CHARS,
} from './popup-snapshot';
import { saveSession, type Session } from './session';
import { TEST_TEAM } from './testing-db';

const ana = { member: { id: 'ana' }, team: { id: 't1' } };
const ben = { member: { id: 'ben' }, team: { id: 't1' } };
const NOON = new Date(2026, 11, 4, 12);
const area = () => fakeBrowser.storage.session;
const screenOf = (who: typeof ana, html = '<main class="popup">Call Northwind back</main>') => ({
  memberId: who.member.id,
  teamId: who.team.id,
  html,
  lang: 'en',
});

beforeEach(() => {
  fakeBrowser.reset();
});

describe('the popup’s kept screen', () => {
  it('is shown to the session it was taken in, on the same day', async () => {
    await renewSnapshotOwner(area(), ana);
    expect(await keepPopupSnapshot(area(), screenOf(ana), NOON)).toBe(true);
    const kept = await readPopupSnapshot(area(), new Date(2026, 11, 4, 23, 59));
    expect(kept?.html).toBe('<main class="popup">Call Northwind back</main>');
    expect(kept?.lang).toBe('en');
  });

  it('is not shown the next day: "due today" would be wrong', async () => {
    await renewSnapshotOwner(area(), ana);
    await keepPopupSnapshot(area(), screenOf(ana), NOON);
    expect(await readPopupSnapshot(area(), new Date(2026, 11, 5, 0, 1))).toBeNull();
  });

  it('goes with the session: signed out, or another one signed in, nothing is shown', async () => {
    await renewSnapshotOwner(area(), ana);
    await keepPopupSnapshot(area(), screenOf(ana), NOON);
    await renewSnapshotOwner(area(), null);
    expect(await readPopupSnapshot(area(), NOON)).toBeNull();
    expect(await area().get(null)).toEqual({});

    await renewSnapshotOwner(area(), ana);
    await keepPopupSnapshot(area(), screenOf(ana), NOON);
    await renewSnapshotOwner(area(), ben);
    expect(await readPopupSnapshot(area(), NOON)).toBeNull();
  });

  it('is not kept for a screen of another member than the one signed in (a view drawn before the session changed)', async () => {
    await renewSnapshotOwner(area(), ben);
    expect(await keepPopupSnapshot(area(), screenOf(ana), NOON)).toBe(false);
    await renewSnapshotOwner(area(), null);
    expect(await keepPopupSnapshot(area(), screenOf(ana), NOON)).toBe(false);
    expect(await area().get(SNAPSHOT_KEYS.snapshot)).toEqual({});
  });

  it('taken under an owner since renewed (the same member joined again) is not shown', async () => {
    await renewSnapshotOwner(area(), ana);
    const owner = (await area().get(SNAPSHOT_KEYS.owner))[SNAPSHOT_KEYS.owner];
    await renewSnapshotOwner(area(), ana);
    // A popup that read the old owner just before the renewal writes under it.
    await area().set({ [SNAPSHOT_KEYS.snapshot]: { owner, html: '<main>old</main>', day: '2026-12-04', lang: 'en' } });
    expect(await readPopupSnapshot(area(), NOON)).toBeNull();
  });

  it('survives the worker starting again, and is dropped if the session there is not its own', async () => {
    await renewSnapshotOwner(area(), ana);
    await keepPopupSnapshot(area(), screenOf(ana), NOON);
    await ensureSnapshotOwner(area(), ana);
    expect(await readPopupSnapshot(area(), NOON)).not.toBeNull();
    await ensureSnapshotOwner(area(), ben);
    expect(await readPopupSnapshot(area(), NOON)).toBeNull();
    await ensureSnapshotOwner(area(), null);
    expect(await area().get(null)).toEqual({});
  });

  it('reads a damaged or oversized record as nothing', async () => {
    await renewSnapshotOwner(area(), ana);
    const owner = (await area().get(SNAPSHOT_KEYS.owner))[SNAPSHOT_KEYS.owner];
    for (const damaged of [
      { owner, html: 42, day: '2026-12-04', lang: 'en' },
      'a string',
      { owner: { nonce: '' }, html: '', day: '', lang: '' },
    ]) {
      await area().set({ [SNAPSHOT_KEYS.snapshot]: damaged });
      expect(await readPopupSnapshot(area(), NOON)).toBeNull();
    }
    expect(await keepPopupSnapshot(area(), screenOf(ana, 'x'.repeat(SNAPSHOT_MAX_CHARS + 1)), NOON)).toBe(false);
  });

  it('is dropped by every change of session saved in the background (join, leave, the team’s settings)', async () => {
    const db = new SidenoteDB(`snapshot-${crypto.randomUUID()}`);
    const session: Session = {
      serverUrl: 'http://127.0.0.1:8787',
      token: 'tok_3f9a7c1e5b2d4f6a8c0e1b3d5f7a9c1e',
      member: { id: 'ana', teamId: 't1', name: 'Ana Souza', email: 'ana@sidenote-demo.com', role: 'admin', active: true },
      team: TEST_TEAM,
    };
    await saveSession(db, session);
    expect(await keepPopupSnapshot(area(), screenOf(ana), NOON)).toBe(true);
    await saveSession(db, { ...session, team: { ...session.team, name: 'Export Sales EU' } });
    expect(await readPopupSnapshot(area(), NOON)).toBeNull();
    expect(await keepPopupSnapshot(area(), screenOf(ana), NOON)).toBe(true);
    await saveSession(db, null);
    expect(await readPopupSnapshot(area(), NOON)).toBeNull();
    expect(await keepPopupSnapshot(area(), screenOf(ana), NOON)).toBe(false);
    db.close();
  });
});
