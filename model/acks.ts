import type { Customer, CustomerEvent, Note, Task } from './schemas';

/** A day: a change still unacknowledged after this is listed in the manager's Team view. */
export const ACK_OVERDUE_MS = 24 * 60 * 60 * 1000;

/**
 * The members following a customer: each has one `follow` line on it (rewritten to `unfollow`
 * when they stop), so the lines of its history say it.
 */
export function followersOf(events: readonly CustomerEvent[]): Set<string> {
  // The latest line of each member decides (an imported team's lines carry new ids, so one
  // member may have an old `follow` beside a newer `unfollow`).
  const latest = new Map<string, CustomerEvent>();
  for (const e of events) {
    if (e.type !== 'follow' && e.type !== 'unfollow') continue;
    const seen = latest.get(e.actorId);
    if (!seen || e.at > seen.at || (e.at === seen.at && e.type === 'unfollow')) latest.set(e.actorId, e);
  }
  return new Set([...latest.values()].filter((e) => e.type === 'follow').map((e) => e.actorId));
}

/**
 * Who must acknowledge a change note on this customer: its owner, the assignees of its open
 * follow-ups and its followers (from its history lines), never the note's own author.
 */
export function changeAudience(
  note: Pick<Note, 'authorId'>,
  customer: Pick<Customer, 'ownerId'>,
  tasks: readonly Task[],
  events: readonly CustomerEvent[] = [],
): string[] {
  const people = new Set<string>();
  if (customer.ownerId) people.add(customer.ownerId);
  for (const t of tasks) if (t.doneAt === null && t.deletedAt === null) people.add(t.assigneeId);
  for (const id of followersOf(events)) people.add(id);
  people.delete(note.authorId);
  return [...people].sort();
}

/** Acknowledgements are history lines of type `ack` whose `to` is the note's id. */
export function ackersOf(noteId: string, events: readonly CustomerEvent[]): Set<string> {
  return new Set(events.filter((e) => e.type === 'ack' && e.to === noteId).map((e) => e.actorId));
}

/** "Seen by 3 of 4 — waiting for Li Wei": who of the audience has acknowledged, who is awaited. */
export function seenBy(audience: readonly string[], ackers: ReadonlySet<string>): { seen: string[]; waiting: string[] } {
  return { seen: audience.filter((m) => ackers.has(m)), waiting: audience.filter((m) => !ackers.has(m)) };
}

/**
 * The live team change notes on this customer someone still has to acknowledge, each with who:
 * what the popup (mine to acknowledge), the reminders and the manager's Team view (left for more
 * than a day) all read, and what client/awaiting.ts stores.
 */
export function awaitingChanges(
  notes: readonly Note[],
  customer: Pick<Customer, 'ownerId'>,
  tasks: readonly Task[],
  events: readonly CustomerEvent[],
): { note: Note; waiting: string[] }[] {
  const out: { note: Note; waiting: string[] }[] = [];
  for (const note of notes) {
    if (note.kind !== 'change' || note.deletedAt !== null || note.visibility !== 'team') continue;
    const { waiting } = seenBy(changeAudience(note, customer, tasks, events), ackersOf(note.id, events));
    if (waiting.length) out.push({ note, waiting });
  }
  return out;
}

/** The live team change notes this member still has to acknowledge. */
export function unacknowledgedFor(
  memberId: string,
  notes: readonly Note[],
  customer: Pick<Customer, 'ownerId'>,
  tasks: readonly Task[],
  events: readonly CustomerEvent[],
): Note[] {
  return awaitingChanges(notes, customer, tasks, events)
    .filter(({ waiting }) => waiting.includes(memberId))
    .map(({ note }) => note);
}

/** Changes somebody has left unacknowledged for longer than a day (the manager's Team view). */
export function overdueChanges(
  notes: readonly Note[],
  customer: Pick<Customer, 'ownerId'>,
  tasks: readonly Task[],
  events: readonly CustomerEvent[],
  now: number,
): { note: Note; waiting: string[] }[] {
  return awaitingChanges(notes, customer, tasks, events).filter(({ note }) => now - note.createdAt >= ACK_OVERDUE_MS);
}
