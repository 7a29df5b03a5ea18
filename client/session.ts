import { z } from 'zod';
import { Member, Team } from '@/model/schemas';
import { STORAGE_KEYS } from './storage-keys';

/** Who this device is signed in as. The token never leaves extension storage. */
export const Session = z.object({
  serverUrl: z.string().url(),
  token: z.string().min(1),
  member: Member,
  team: Team,
});
export type Session = z.infer<typeof Session>;

/** What the UI may know of the session: everything but the token. */
export const PublicSession = Session.omit({ token: true });
export type PublicSession = z.infer<typeof PublicSession>;

const KEY = STORAGE_KEYS.session;

/** Reads the session from `browser.storage.local`; a damaged entry counts as signed out. */
export async function loadSession(): Promise<Session | null> {
  const stored = (await browser.storage.local.get(KEY))[KEY];
  const parsed = Session.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

export async function saveSession(session: Session | null): Promise<void> {
  if (session) await browser.storage.local.set({ [KEY]: session });
  else await browser.storage.local.remove(KEY);
}

export function publicSession(session: Session | null): PublicSession | null {
  if (!session) return null;
  const { token: _token, ...rest } = session;
  return rest;
}
