import Dexie from 'dexie';
import { customerCandidates, type PageContext } from '@/model/context';
import type { CandidateView, NoteView, SidebarView, SyncView } from './api';
import type { SidenoteDB } from './db';
import { resolveCandidate, selfOf } from './resolve';
import { publicSession, type Session } from './session';

const NOTES_SHOWN = 200;

/** The ids of notes written here that the server has not confirmed yet. */
async function pendingNoteIds(db: SidenoteDB): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const m of await db.$outbox.toArray()) {
    if (m.name === 'createNote' && typeof m.args === 'object' && m.args !== null && 'id' in m.args) ids.add(String(m.args.id));
  }
  return ids;
}

/** Everything one sidebar shows, read from the local database only. */
export async function sidebarView(
  db: SidenoteDB,
  session: Session | null,
  context: PageContext | null,
  candidateKey: string | null,
  sync: SyncView,
): Promise<SidebarView> {
  const view: SidebarView = {
    session: publicSession(session),
    context: context && { site: context.site, url: context.url, title: context.title, layout: context.layout },
    candidates: [],
    selected: null,
    customer: null,
    notes: [],
    sync,
    refusals: await db.$refusals.filter((r) => !r.seen).toArray(),
  };
  if (!session || !context) return view;

  // 1. Who the page is about, and which of them are customers already.
  const candidates = customerCandidates(context, await selfOf(db, session));
  const customers = await Promise.all(candidates.map((c) => resolveCandidate(db, c)));
  view.candidates = candidates.map((c, i): CandidateView => ({
    key: c.key,
    name: customers[i]?.name ?? c.name,
    customerId: customers[i]?.id ?? null,
    people: c.people,
  }));
  const asked = view.candidates.findIndex((c) => c.key === candidateKey);
  const chosen = asked >= 0 ? asked : Math.max(0, customers.findIndex(Boolean));
  view.selected = view.candidates[chosen] ?? null;
  const customer = customers[chosen];
  if (!customer) return view;

  // 2. The customer, its owner, and its notes newest first, with their authors' names.
  const members = new Map((await db.members.toArray()).map((m) => [m.id, m]));
  view.customer = {
    id: customer.id,
    name: customer.name,
    ownerId: customer.ownerId,
    ownerName: customer.ownerId ? (members.get(customer.ownerId)?.name ?? null) : null,
    stage: customer.stage,
  };
  const pending = await pendingNoteIds(db);
  const notes = await db.notes
    .where('[customerId+createdAt]')
    .between([customer.id, Dexie.minKey], [customer.id, Dexie.maxKey])
    .reverse()
    .filter((n) => n.deletedAt === null)
    .limit(NOTES_SHOWN)
    .toArray();
  view.notes = notes.map((n): NoteView => ({
    id: n.id,
    kind: n.kind,
    body: n.body,
    authorId: n.authorId,
    authorName: members.get(n.authorId)?.name ?? '?',
    createdAt: n.createdAt,
    source: n.source,
    pending: pending.has(n.id),
  }));
  return view;
}
