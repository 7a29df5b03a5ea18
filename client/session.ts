import { z } from '../model/z';
import { Member, Team } from '@/model/schemas';
import type { SidenoteDB } from './db';
import { renewSnapshotOwner } from './popup-snapshot';
import { STORAGE_KEYS } from './storage-keys';

/** Who this device is signed in as. The token never leaves the background. */
export const Session = z.object({
  serverUrl: z.string().check(z.url()),
  token: z.string().check(z.minLength(1)),
  member: Member,
  team: Team,
});
export type Session = z.infer<typeof Session>;

/** What the UI may know of the session: everything but the token. */
export const PublicSession = z.omit(Session, { token: true });
export type PublicSession = z.infer<typeof PublicSession>;

/** The one row of the `$session` table. */
const CURRENT = 'current';

/**
 * Reads the session from the background's own IndexedDB (`$session`): content scripts can read
 * `browser.storage.local`, but not the extension origin's IndexedDB. A damaged row counts as
 * signed out.
 */
export async function loadSession(db: SidenoteDB): Promise<Session | null> {
  const parsed = Session.safeParse((await db.$session.get(CURRENT))?.session);
  return parsed.success ? parsed.data : null;
}

/** Every change of session goes through here: the popup's last screen (client/popup-snapshot.ts) goes with the old one. */
export async function saveSession(db: SidenoteDB, session: Session | null): Promise<void> {
  if (session) await db.$session.put({ key: CURRENT, session: Session.parse(session) });
  else await db.$session.delete(CURRENT);
  await renewSnapshotOwner(browser.storage.session, session);
}

/**
 * Moves a session an older version kept in `storage.local` into `$session`, and removes it from
 * `storage.local` in any case. The stored one wins over a damaged or missing row only: a session
 * already in `$session` is the newer one.
 */
export async function migrateLegacySession(db: SidenoteDB): Promise<void> {
  const key = STORAGE_KEYS.legacySession;
  const stored = (await browser.storage.local.get(key))[key];
  if (stored === undefined) return;
  const legacy = Session.safeParse(stored);
  if (legacy.success && !(await loadSession(db))) await saveSession(db, legacy.data);
  await browser.storage.local.remove(key);
}

export function publicSession(session: Session | null): PublicSession | null {
  if (!session) return null;
  const { token: _token, ...rest } = session;
  return rest;
}
