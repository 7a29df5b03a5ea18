import * as z from 'zod/mini';
import { localDateString, localTimeZone } from '@/model/calendar';

/**
 * The popup's last first screen, kept so that its next opening can show it at once, before the
 * background has read the view (a service worker that slept reads it only after it has started and
 * opened the database again). The popup writes it; the background decides whose it may be.
 *
 * It lives in `storage.session`: in memory only, gone when the browser closes, and readable by
 * the extension's own pages and worker but not by content scripts (the browsers' default access
 * level). A snapshot is shown only while it belongs to the session that is signed in now:
 * every change of session (join, leave, a revoked device, the team's settings) makes a new owner
 * and removes the snapshot, and a snapshot written for an owner that has since changed is ignored.
 */

/** The `storage.session` keys, declared once. */
export const SNAPSHOT_KEYS = { snapshot: 'popupSnapshot', owner: 'popupSnapshotOwner' } as const;

/** A snapshot larger than this is not kept (the popup's first screen is a few tens of kB). */
export const SNAPSHOT_MAX_CHARS = 512 * 1024;

/** Who a snapshot may be shown to: the session signed in when it was written. */
export const SnapshotOwner = z.object({
  /** New at every change of session, so a snapshot never outlives the session it was taken in. */
  nonce: z.string().check(z.minLength(1)),
  memberId: z.string(),
  teamId: z.string(),
});
export type SnapshotOwner = z.infer<typeof SnapshotOwner>;

export const PopupSnapshot = z.object({
  owner: SnapshotOwner,
  /** The popup's first screen, as its own DOM serialised it (client-rendered, escaped text). */
  html: z.string().check(z.maxLength(SNAPSHOT_MAX_CHARS)),
  /** The local day it was taken: "due today" and "overdue" are said relative to it. */
  day: z.string(),
  /** The document's language when taken. */
  lang: z.string(),
});
export type PopupSnapshot = z.infer<typeof PopupSnapshot>;

/** The part of a `storage.session` area these functions use (browser.storage.session, chrome's, fakeBrowser's). */
export interface SessionArea {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** The local calendar day of `now` (model/calendar.ts, as the popup's due dates are told). */
const localDay = (now: Date) => localDateString(now.getTime(), localTimeZone());

const sameOwner = (a: SnapshotOwner, b: SnapshotOwner) => a.nonce === b.nonce && a.memberId === b.memberId && a.teamId === b.teamId;

/**
 * Background: the session changed (joined, left, signed out, its team's settings saved). The
 * snapshot goes, and a signed-in session gets a new owner.
 */
export async function renewSnapshotOwner(
  area: SessionArea,
  session: { member: { id: string }; team: { id: string } } | null,
): Promise<void> {
  await area.remove([SNAPSHOT_KEYS.snapshot]);
  if (!session) {
    await area.remove([SNAPSHOT_KEYS.owner]);
    return;
  }
  const owner: SnapshotOwner = { nonce: crypto.randomUUID(), memberId: session.member.id, teamId: session.team.id };
  await area.set({ [SNAPSHOT_KEYS.owner]: owner });
}

/**
 * Background, when it starts: a signed-in session keeps the owner it has (the worker restarts
 * often; its snapshot stays good), or gets one after the browser started; signed out, nothing
 * is kept.
 */
export async function ensureSnapshotOwner(
  area: SessionArea,
  session: { member: { id: string }; team: { id: string } } | null,
): Promise<void> {
  const owner = SnapshotOwner.safeParse((await area.get([SNAPSHOT_KEYS.owner]))[SNAPSHOT_KEYS.owner]);
  if (session && owner.success && owner.data.memberId === session.member.id && owner.data.teamId === session.team.id) return;
  await renewSnapshotOwner(area, session);
}

/**
 * Popup: keeps its first screen for the next opening, if the session it shows is still the one
 * signed in. Returns whether it was kept.
 */
export async function keepPopupSnapshot(
  area: SessionArea,
  shown: { memberId: string; teamId: string; html: string; lang: string },
  now: Date,
): Promise<boolean> {
  if (shown.html.length > SNAPSHOT_MAX_CHARS) return false;
  const owner = SnapshotOwner.safeParse((await area.get([SNAPSHOT_KEYS.owner]))[SNAPSHOT_KEYS.owner]);
  if (!owner.success || owner.data.memberId !== shown.memberId || owner.data.teamId !== shown.teamId) return false;
  const snapshot: PopupSnapshot = { owner: owner.data, html: shown.html, day: localDay(now), lang: shown.lang };
  await area.set({ [SNAPSHOT_KEYS.snapshot]: snapshot });
  return true;
}

/**
 * Popup, as it opens: the snapshot to show, or null when there is none, it is damaged, it was
 * taken on another day, or it is not the signed-in session's.
 */
export async function readPopupSnapshot(area: SessionArea, now: Date): Promise<PopupSnapshot | null> {
  const stored = await area.get([SNAPSHOT_KEYS.snapshot, SNAPSHOT_KEYS.owner]);
  const snapshot = PopupSnapshot.safeParse(stored[SNAPSHOT_KEYS.snapshot]);
  const owner = SnapshotOwner.safeParse(stored[SNAPSHOT_KEYS.owner]);
  if (!snapshot.success || !owner.success) return null;
  if (!sameOwner(snapshot.data.owner, owner.data) || snapshot.data.day !== localDay(now)) return null;
  return snapshot.data;
}
