import Dexie from 'dexie';
import { followersOf } from '@/model/acks';
import { DAY_MS } from '@/model/calendar';
import { answersTo, questionLimitMs, questionsFor } from '@/model/questions';
import type { CustomerEvent, Member, Note, TeamSettings } from '@/model/schemas';
import type { PopupMention, PopupQuestion } from './api';
import type { SidenoteDB } from './db';

/** Questions older than this are no longer listed nor announced (they stay under their customer). */
const QUESTIONS_WITHIN = 30 * DAY_MS;
/** Mentions and notes on followed customers older than this are not listed nor announced. */
const RECENT = 7 * DAY_MS;

/** The live team notes of one kind written since `since`, through the notes' [kind+createdAt] index. */
export function recentOfKind(db: SidenoteDB, kind: Note['kind'], since: number): Promise<Note[]> {
  return db.notes
    .where('[kind+createdAt]')
    .between([kind, since], [kind, Dexie.maxKey])
    .filter((n) => n.deletedAt === null && n.visibility === 'team')
    .toArray();
}

/** The history lines of each customer, read once per customer. */
async function eventsByCustomer(db: SidenoteDB, customerIds: Iterable<string>): Promise<Map<string, CustomerEvent[]>> {
  const ids = [...new Set(customerIds)];
  const lists = await Promise.all(ids.map((id) => db.customerEvents.where('customerId').equals(id).toArray()));
  return new Map(ids.map((id, i) => [id, lists[i]!]));
}

/**
 * The questions I am to answer: open ones asked of me, and (a manager) those escalated to me,
 * the oldest first, on live customers.
 */
export async function myQuestions(
  db: SidenoteDB,
  memberId: string,
  members: Map<string, Member>,
  settings: Pick<TeamSettings, 'questionHours'>,
  now: number,
): Promise<PopupQuestion[]> {
  const notes = await recentOfKind(db, 'question', now - QUESTIONS_WITHIN);
  const events = await eventsByCustomer(
    db,
    notes.map((n) => n.customerId),
  );
  const out: PopupQuestion[] = [];
  for (const [customerId, lines] of events) {
    const customer = await db.customers.get(customerId);
    if (!customer || customer.deletedAt !== null) continue;
    const mine = notes.filter((n) => n.customerId === customerId);
    for (const { note, reason } of questionsFor(memberId, mine, lines, members.values(), questionLimitMs(settings), now)) {
      out.push({
        noteId: note.id,
        customerName: customer.name,
        authorName: members.get(note.authorId)?.name ?? '?',
        askedOfName: members.get(note.question!.askedOf)?.name ?? '?',
        body: note.body,
        at: note.createdAt,
        reason,
      });
    }
  }
  return out.sort((a, b) => a.at - b.at || a.noteId.localeCompare(b.noteId));
}

/** Answers by others to the questions I asked (the last 30 days), for a notice each. */
export async function answersToMyQuestions(
  db: SidenoteDB,
  memberId: string,
  now: number,
): Promise<{ note: Note; answer: CustomerEvent; customerName: string }[]> {
  const notes = (await recentOfKind(db, 'question', now - QUESTIONS_WITHIN)).filter((n) => n.authorId === memberId);
  const events = await eventsByCustomer(
    db,
    notes.map((n) => n.customerId),
  );
  const out: { note: Note; answer: CustomerEvent; customerName: string }[] = [];
  for (const note of notes) {
    const customerName = (await db.customers.get(note.customerId))?.name ?? '?';
    for (const answer of answersTo(note.id, events.get(note.customerId) ?? [])) {
      if (answer.actorId !== memberId) out.push({ note, answer, customerName });
    }
  }
  return out;
}

/** Notes of the last week that mention me, by others, newest first, but those I marked seen. */
export async function myMentions(db: SidenoteDB, memberId: string, members: Map<string, Member>, now: number): Promise<PopupMention[]> {
  const notes = (await db.notes.where('mentions').equals(memberId).toArray()).filter(
    (n) => n.authorId !== memberId && n.deletedAt === null && n.createdAt > now - RECENT,
  );
  const seen = await db.$read.bulkGet(notes.map((n) => `mention:${n.id}`));
  const unseen = notes.filter((_, i) => !seen[i]);
  const customers = await db.customers.bulkGet(unseen.map((n) => n.customerId));
  return unseen
    .map((n, i) => ({
      noteId: n.id,
      customerName: customers[i]?.name ?? '?',
      authorName: members.get(n.authorId)?.name ?? '?',
      body: n.body,
      at: n.createdAt,
    }))
    .sort((a, b) => b.at - a.at);
}

/**
 * New notes by others on the customers I follow, written since I started following (and within
 * the last week): a follower is told of them. Change notes are left to the acknowledgements.
 */
export async function notesOnFollowed(db: SidenoteDB, memberId: string, now: number): Promise<{ note: Note; customerName: string }[]> {
  const mine = await db.customerEvents
    .where('[actorId+at]')
    .between([memberId, Dexie.minKey], [memberId, Dexie.maxKey])
    .filter((e) => e.type === 'follow')
    .toArray();
  const out: { note: Note; customerName: string }[] = [];
  for (const line of mine) {
    const customer = await db.customers.get(line.customerId);
    if (!customer || customer.deletedAt !== null) continue;
    // Still following: the latest line on the customer says so (model/acks.ts).
    if (!followersOf(await db.customerEvents.where('customerId').equals(customer.id).toArray()).has(memberId)) continue;
    const notes = await db.notes
      .where('[customerId+createdAt]')
      .between([customer.id, Math.max(line.at, now - RECENT)], [customer.id, Dexie.maxKey], false, true)
      .toArray();
    for (const note of notes) {
      if (note.authorId === memberId || note.deletedAt !== null || note.visibility !== 'team' || note.kind === 'change') continue;
      out.push({ note, customerName: customer.name });
    }
  }
  return out;
}
