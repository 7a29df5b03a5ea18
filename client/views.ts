import Dexie from 'dexie';
import type { PageContext } from '@/model/context';
import type { Customer, Member, Task } from '@/model/schemas';
import type { CandidateView, EventView, MemberView, NoteView, SidebarView, SyncView, TaskView } from './api';
import type { SidenoteDB } from './db';
import { pageCandidates, resolveCandidate, selfOf } from './resolve';
import { publicSession, type Session } from './session';

const NOTES_SHOWN = 200;

/** The ids of rows that mutations named `name` still waiting in the outbox create. */
async function pendingIds(db: SidenoteDB, name: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const m of await db.$outbox.toArray()) {
    if (m.name === name && typeof m.args === 'object' && m.args !== null && 'id' in m.args) ids.add(String(m.args.id));
  }
  return ids;
}

export function memberViews(members: Map<string, Member>): MemberView[] {
  return [...members.values()]
    .map(({ id, name, email, role, active }) => ({ id, name, email, role, active }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function membersById(db: SidenoteDB): Promise<Map<string, Member>> {
  return new Map((await db.members.toArray()).map((m) => [m.id, m]));
}

/** Tasks as the UI shows them, with names resolved. */
export async function taskViews(
  db: SidenoteDB,
  tasks: Task[],
  members: Map<string, Member>,
  customers?: Map<string, Customer>,
): Promise<TaskView[]> {
  const pending = await pendingIds(db, 'createTask');
  const names =
    customers ?? new Map((await db.customers.bulkGet([...new Set(tasks.map((t) => t.customerId))])).flatMap((c) => (c ? [[c.id, c]] : [])));
  return tasks.map((t) => ({
    id: t.id,
    customerId: t.customerId,
    title: t.title,
    assigneeId: t.assigneeId,
    dueAt: t.dueAt,
    doneAt: t.doneAt,
    noteId: t.noteId,
    source: t.source,
    assigneeName: members.get(t.assigneeId)?.name ?? '?',
    customerName: names.get(t.customerId)?.name ?? '?',
    pending: pending.has(t.id),
  }));
}

const openFirst = (a: Task, b: Task) => Number(a.doneAt !== null) - Number(b.doneAt !== null) || a.dueAt - b.dueAt;

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
    tasks: [],
    history: [],
    identities: [],
    members: [],
    stages: [],
    sync,
    refusals: await db.$refusals.filter((r) => !r.seen).toArray(),
  };
  if (!session || !context) return view;
  const members = await membersById(db);
  view.members = memberViews(members);
  view.stages = ((await db.teams.get(session.team.id)) ?? session.team).settings.stages;

  // 1. Who the page is about, and which of them are customers already.
  const candidates = await pageCandidates(db, context, await selfOf(db, session));
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

  // 2. The customer, its owner, its notes newest first, its follow-ups and its history.
  view.customer = {
    id: customer.id,
    name: customer.name,
    ownerId: customer.ownerId,
    ownerName: customer.ownerId ? (members.get(customer.ownerId)?.name ?? null) : null,
    stage: customer.stage,
  };
  const pendingNotes = await pendingIds(db, 'createNote');
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
    pending: pendingNotes.has(n.id),
  }));
  const tasks = (await db.tasks.where('customerId').equals(customer.id).toArray()).filter((t) => t.deletedAt === null).sort(openFirst);
  view.tasks = await taskViews(db, tasks, members, new Map([[customer.id, customer]]));
  view.identities = (await db.identities.where('customerId').equals(customer.id).toArray())
    .filter((i) => i.deletedAt === null)
    .map(({ id, kind, value }) => ({ id, kind, value }));
  const name = (id: string | null) => (id ? (members.get(id)?.name ?? '?') : null);
  view.history = (await db.customerEvents.where('customerId').equals(customer.id).toArray())
    .sort((a, b) => b.at - a.at)
    .map((e): EventView => ({
      ...e,
      actorName: name(e.actorId) ?? '?',
      fromName: e.type === 'stage' ? e.from : name(e.from),
      toName: e.type === 'stage' ? e.to : name(e.to),
    }));
  return view;
}

/** The team's members and settings, for the options page. */
export async function teamView(db: SidenoteDB, session: Session | null) {
  if (!session) return null;
  const settings = ((await db.teams.get(session.team.id)) ?? session.team).settings;
  return { members: memberViews(await membersById(db)), settings };
}
