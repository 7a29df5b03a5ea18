import Dexie, { type Table } from 'dexie';
import type { PageContext } from '@/model/context';
import { ackersOf, changeAudience, followersOf, seenBy, unacknowledgedFor } from '@/model/acks';
import { answersTo, isEscalated, questionHours, questionLimitMs, questionState } from '@/model/questions';
import { canonicalCustomer } from '@/model/mutators';
import { formatNote } from '@/model/note-format';
import type { Customer, CustomerEvent, Member, Note, Task, TeamSettings } from '@/model/schemas';
import type { Refusal } from '@/model/sync';
import type {
  CandidateView,
  EventView,
  MemberView,
  NoteRevisionView,
  NoteView,
  QuestionView,
  SidebarView,
  SyncView,
  TaskView,
} from './api';
import type { SidenoteDB } from './db';
import { pageCandidates, resolveCandidate, selfFrom } from './resolve';
import { publicSession, type Session } from './session';
import { readingStore } from './store';

const NOTES_SHOWN = 200;

/** The ids of rows that mutations named `name` still waiting in the outbox create. */
async function pendingIds(db: SidenoteDB, name: string): Promise<Set<string>> {
  return pendingIn(await db.$outbox.toArray(), name);
}

/** The same, from the outbox as read already. */
function pendingIn(outbox: readonly { name: string; args: unknown }[], name: string): Set<string> {
  const ids = new Set<string>();
  for (const m of outbox) {
    if (m.name === name && typeof m.args === 'object' && m.args !== null && 'id' in m.args) ids.add(String(m.args.id));
  }
  return ids;
}

export function memberViews(members: Map<string, Member>): MemberView[] {
  return [...members.values()]
    .map(({ id, name, email, role, active }) => ({ id, name, email, role, active }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The tables views read. */
const viewTables = (db: SidenoteDB): Table[] => [
  ...[db.teams, db.members, db.customers, db.identities, db.tasks, db.notes, db.customerEvents],
  ...[db.$outbox, db.$read, db.$refusals, db.$awaiting, db.$ackDirty, db.$openDue, db.$openDirty],
];

/**
 * Runs a view's reads in one read-only transaction over the tables views read, rather than one
 * transaction made and committed per read: a Team tab makes a hundred reads, and each
 * transaction is a round of its own for the browser's IndexedDB backend. liveQuery sees the
 * ranges read inside a transaction as outside one.
 *
 * The scope is an `async` function on purpose: only for one does Dexie keep the transaction
 * across native awaits. Should a read still lose it, the transaction ends before the view does
 * and Dexie refuses the result (PrematureCommitError): the view is then read again without one,
 * slower but as correct. `tables` are the tables the reads may touch (a search reads the index's).
 */
export async function readTogether<T>(db: SidenoteDB, read: () => Promise<T>, tables: Table[] = viewTables(db)): Promise<T> {
  try {
    return await db.transaction('r', tables, async () => await read());
  } catch (e) {
    if (!(e instanceof Dexie.PrematureCommitError)) throw e;
    return read();
  }
}

export async function membersById(db: SidenoteDB): Promise<Map<string, Member>> {
  return new Map((await db.members.toArray()).map((m) => [m.id, m]));
}

/** The customers these rows are about, each read once, by id. */
export async function customersById(db: SidenoteDB, rows: readonly { customerId: string }[]): Promise<Map<string, Customer>> {
  const found = await db.customers.bulkGet([...new Set(rows.map((r) => r.customerId))]);
  return new Map(found.flatMap((c) => (c ? [[c.id, c]] : [])));
}

/** Tasks as the UI shows them, with names resolved. */
export async function taskViews(
  db: SidenoteDB,
  tasks: Task[],
  members: Map<string, Member>,
  customers?: Map<string, Customer>,
  pendingTasks?: Set<string>,
): Promise<TaskView[]> {
  const pending = pendingTasks ?? (await pendingIds(db, 'createTask'));
  const names = customers ?? (await customersById(db, tasks));
  return tasks.map((t) => ({
    id: t.id,
    customerId: t.customerId,
    title: t.title,
    assigneeId: t.assigneeId,
    dueAt: t.dueAt,
    doneAt: t.doneAt,
    noteId: t.noteId,
    source: t.source,
    createdBy: t.createdBy,
    doneBy: t.doneBy,
    assigneeName: members.get(t.assigneeId)?.name ?? '?',
    customerName: names.get(t.customerId)?.name ?? '?',
    pending: pending.has(t.id),
  }));
}

const openFirst = (a: Task, b: Task) =>
  Number(a.doneAt !== null) - Number(b.doneAt !== null) || a.dueAt - b.dueAt || a.createdAt - b.createdAt || a.id.localeCompare(b.id);

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
    refusals: [],
    handOff: null,
    acks: [],
    following: false,
    pinned: [],
  };
  if (!session || !context) return view;
  // Each read waits for a round trip to IndexedDB, longer while other work holds the CPU (a
  // poke's rows land just as a sync begins): reads that need nothing of each other go together.
  const [members, team] = await Promise.all([membersById(db), db.teams.get(session.team.id)]);
  view.members = memberViews(members);
  const settings = (team ?? session.team).settings;
  view.stages = settings.stages;

  // 1. Who the page is about, and which of them are customers already.
  const candidates = await pageCandidates(db, context, selfFrom(session, team, members.values()));
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
  const name = (id: string | null) => (id ? (members.get(id)?.name ?? '?') : null);
  const [unsortedEvents, allTasks, identities, refusals, customerNotes, outbox] = await Promise.all([
    db.customerEvents.where('customerId').equals(customer.id).toArray(),
    db.tasks.where('customerId').equals(customer.id).toArray(),
    db.identities.where('customerId').equals(customer.id).toArray(),
    refusalsFor(db, customer.id),
    db.notes.where('customerId').equals(customer.id).toArray(),
    db.$outbox.toArray(),
  ]);
  const events = unsortedEvents.sort((a, b) => b.at - a.at);
  view.history = events.map((e): EventView => ({
    ...e,
    actorName: name(e.actorId) ?? '?',
    fromName: eventName(e, e.from, name),
    toName: eventName(e, e.to, name),
  }));
  const tasks = allTasks.filter((t) => t.deletedAt === null).sort(openFirst);
  view.notes = noteViews(customer, newestOf(customerNotes, NOTES_SHOWN), members, events, tasks, settings, outbox);
  view.tasks = await taskViews(db, tasks, members, new Map([[customer.id, customer]]), pendingIn(outbox, 'createTask'));
  view.identities = identities.filter((i) => i.deletedAt === null).map(({ id, kind, value }) => ({ id, kind, value }));

  // 3. What is for me on this customer: my refused changes, and a hand-off to me not yet read.
  view.refusals = refusals;
  const me = session.member.id;
  const handOff = customer.ownerId === me ? events.find((e) => HANDOFFS.has(e.type) && e.to === me) : undefined;
  if (handOff && handOff.actorId !== me && !(await db.$read.get(`handoff:${handOff.id}`))) {
    view.handOff = { eventId: handOff.id, actorName: name(handOff.actorId) ?? '?', note: handOff.note, at: handOff.at };
  }
  // 4. Change notes I have not acknowledged yet: a banner until I do.
  const changes = customerNotes.filter((n) => n.kind === 'change');
  view.acks = unacknowledgedFor(me, changes, customer, tasks, events)
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((n) => ({ noteId: n.id, authorName: name(n.authorId) ?? '?', change: n.change!, at: n.createdAt }));
  view.following = followersOf(events).has(me);
  // 5. Key facts pinned to the top, however old (the list above stops at the newest notes).
  view.pinned = customerNotes
    .filter((n) => n.pinned && n.deletedAt === null)
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((n) => ({ id: n.id, authorName: name(n.authorId) ?? '?', createdAt: n.createdAt, doc: formatNote(n.kind, n.body) }));
  return view;
}

const HANDOFFS = new Set<CustomerEvent['type']>(['handoff', 'reassign', 'transfer']);

/** What a history line's `from` / `to` stands for in words: a member, a stage or a name as written, or nothing. */
function eventName(e: CustomerEvent, value: string | null, member: (id: string | null) => string | null): string | null {
  switch (e.type) {
    case 'stage':
    case 'rename':
      return value;
    case 'noteEdit':
    case 'noteDelete':
    case 'taskDelete':
      // `from` is the note's author (or follow-up's assignee); `to` the row's id.
      return value === e.from ? member(value) : null;
    default:
      return member(value);
  }
}

/**
 * The customer's notes, newest first. A deleted note stays in its place as a line naming who
 * deleted it (from the history), without its text.
 */
function noteViews(
  customer: Customer,
  notes: Note[],
  members: Map<string, Member>,
  events: CustomerEvent[],
  tasks: Task[],
  settings: Pick<TeamSettings, 'questionHours'>,
  outbox: readonly { name: string; args: unknown }[],
): NoteView[] {
  const who = (ids: string[]) => ids.map((id) => members.get(id)?.name ?? '?');
  const pending = pendingIn(outbox, 'createNote');
  const pendingReplies = pendingIn(outbox, 'answerQuestion');
  const deletedBy = new Map(events.filter((e) => e.type === 'noteDelete' && e.to).map((e) => [e.to!, e.actorId]));
  return notes.map((n): NoteView => {
    const deleter = n.deletedAt === null ? undefined : deletedBy.get(n.id);
    return {
      id: n.id,
      kind: n.kind,
      body: n.deletedAt === null ? n.body : '',
      authorId: n.authorId,
      authorName: members.get(n.authorId)?.name ?? '?',
      createdAt: n.createdAt,
      source: n.source,
      pending: pending.has(n.id),
      editedAt: n.editedAt,
      deletedAt: n.deletedAt,
      deletedByName: deleter ? (members.get(deleter)?.name ?? '?') : null,
      change: n.change,
      pinned: n.pinned,
      doc: formatNote(n.kind, n.deletedAt === null ? n.body : ''),
      seenBy:
        n.kind === 'change' && n.deletedAt === null && n.visibility === 'team'
          ? (({ seen, waiting }) => ({ seen: who(seen), waiting: who(waiting) }))(
              seenBy(changeAudience(n, customer, tasks, events), ackersOf(n.id, events)),
            )
          : null,
      question: n.deletedAt === null ? questionView(n, events, members, settings, pendingReplies) : null,
    };
  });
}

/** A question note's addressee, state and answers (null for any other note). */
export function questionView(
  note: Note,
  events: readonly CustomerEvent[],
  members: Map<string, Member>,
  settings: Pick<TeamSettings, 'questionHours'>,
  pendingReplies: ReadonlySet<string> = new Set(),
  now = Date.now(),
): QuestionView | null {
  if (note.kind !== 'question' || !note.question) return null;
  return {
    askedOfId: note.question.askedOf,
    askedOfName: members.get(note.question.askedOf)?.name ?? '?',
    state: questionState(note, events),
    escalated: isEscalated(note, events, questionLimitMs(settings), now),
    hours: questionHours(settings),
    replies: answersTo(note.id, events).map((e) => ({
      id: e.id,
      authorName: members.get(e.actorId)?.name ?? '?',
      body: e.note,
      at: e.at,
      pending: pendingReplies.has(e.id),
    })),
  };
}

/**
 * The unread refusals of changes to this customer. A refused change may name a customer that
 * has since been folded into this one (two teammates creating it at once), so ids are followed.
 */
async function refusalsFor(db: SidenoteDB, customerId: string): Promise<Refusal[]> {
  const unread = await db.$refusals.filter((r) => !r.seen && (r.customerIds?.length ?? 0) > 0).toArray();
  const store = readingStore(db);
  const mine: Refusal[] = [];
  for (const { mutationID, name, code, message, params, customerIds } of unread) {
    const canonical = await Promise.all(
      customerIds.map((id) =>
        canonicalCustomer(store, id).then(
          (c) => c.id,
          () => id,
        ),
      ),
    );
    if (canonical.includes(customerId)) mine.push({ mutationID, name, code, message, params });
  }
  return mine;
}

/** A note's earlier versions, newest first, with who replaced each. */
export async function noteRevisionViews(db: SidenoteDB, noteId: string): Promise<NoteRevisionView[]> {
  const members = await membersById(db);
  const revisions = await db.noteRevisions.where('noteId').equals(noteId).toArray();
  return revisions
    .sort((a, b) => b.at - a.at)
    .map((r) => ({ id: r.id, body: r.body, at: r.at, editorName: members.get(r.editorId)?.name ?? '?' }));
}

/** The team's members and settings, for the options page. */
export async function teamView(db: SidenoteDB, session: Session | null) {
  if (!session) return null;
  const settings = ((await db.teams.get(session.team.id)) ?? session.team).settings;
  return { members: memberViews(await membersById(db)), settings };
}

/** How far a history line's clock may run behind the note it answers (an acknowledgement). */
const CLOCK_SKEW_MS = 86_400_000;

/**
 * Change notes grouped by their live customer, with what deciding who must acknowledge them
 * takes: the customer (its owner), its open follow-ups (their assignees) and its history lines
 * that bear on them — its follow lines (its followers) and those written since the oldest of the
 * notes (the acknowledgements). Settling every customer's stored acknowledgements
 * (client/awaiting.ts) asks this for hundreds of customers at a team's size, so it reads the
 * whole team's open follow-ups, follow lines and recent lines once (a few IndexedDB getAll
 * requests), never customer by customer.
 */
export async function changesByCustomer(
  db: SidenoteDB,
  changes: Note[],
): Promise<{ customer: Customer; notes: Note[]; tasks: Task[]; events: CustomerEvent[] }[]> {
  if (changes.length === 0) return [];
  const since = Math.min(...changes.map((n) => n.createdAt)) - CLOCK_SKEW_MS;
  // Acknowledgements are written by members; the window is read per member through [actorId+at].
  const actors = (await db.members.toCollection().primaryKeys()) as string[];
  const [tasks, recent, follows] = await Promise.all([
    db.tasks.orderBy('openDueAt').toArray(),
    Promise.all(actors.map((a) => db.customerEvents.where('[actorId+at]').between([a, since], [a, Dexie.maxKey]).toArray())),
    db.customerEvents.orderBy('followOf').toArray(),
  ]);
  const ids = [...new Set(changes.map((n) => n.customerId))];
  const customers = await db.customers.bulkGet(ids);
  const wanted = new Set(ids);
  const byCustomer = <T extends { customerId: string; id: string }>(rows: T[]) => {
    const by = new Map<string, Map<string, T>>();
    for (const row of rows) {
      if (!wanted.has(row.customerId)) continue;
      const list = by.get(row.customerId) ?? by.set(row.customerId, new Map()).get(row.customerId)!;
      list.set(row.id, row);
    }
    return (id: string) => [...(by.get(id)?.values() ?? [])];
  };
  const notesOf = byCustomer(changes);
  const tasksOf = byCustomer(tasks);
  const eventsOf = byCustomer([...follows, ...recent.flat()]);
  return customers.flatMap((customer) =>
    customer && customer.deletedAt === null
      ? [{ customer, notes: notesOf(customer.id), tasks: tasksOf(customer.id), events: eventsOf(customer.id) }]
      : [],
  );
}

/**
 * The newest `limit` of a customer's notes read already, in the order newestNotes reads them
 * from the [customerId+createdAt] index backwards: newest first, ties by id descending.
 */
function newestOf(notes: readonly Note[], limit: number): Note[] {
  return [...notes].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, limit);
}

/**
 * A customer's newest `limit` notes, newest first: one getAll where IndexedDB has getAll's
 * direction (Chromium 141 on; Dexie uses it), else a cursor of `limit` steps.
 */
function newestNotes(db: SidenoteDB, customerId: string, limit: number): Promise<Note[]> {
  return db.notes
    .where('[customerId+createdAt]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .limit(limit)
    .toArray();
}

/** Newest notes of a customer searched for a page to open it on. */
const NOTES_SEARCHED_FOR_PAGE = 5;

export const isWebPage = (url: string | undefined | null): url is string => !!url && /^https?:\/\//.test(url);

/**
 * Where a customer was last written about: the page of one of its newest notes made on one (the
 * popup's missed follow-ups and search results open there).
 */
export async function lastPageOf(db: SidenoteDB, customerId: string): Promise<string | null> {
  const notes = await newestNotes(db, customerId, NOTES_SEARCHED_FOR_PAGE);
  return notes.find((n) => n.deletedAt === null && isWebPage(n.source?.url))?.source?.url ?? null;
}
