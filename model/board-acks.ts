import { ACK_OVERDUE_MS, ackersOf, changeAudience } from './acks';
import { firstAnswer, isLiveQuestion } from './questions';
import type { Customer, CustomerEvent, Note, Task } from './schemas';

/** One member's acknowledgements and answers in the weekly report. */
export interface AckStatsRow {
  memberId: string;
  /** Change notes of the week this member was to acknowledge… */
  toAck: number;
  /** …and those they acknowledged within a day of their writing. */
  ackedWithinDay: number;
  /** Questions of the week asked of this member… */
  asked: number;
  /** …those answered (by anyone but their asker), and the median time to that first answer. */
  answered: number;
  medianAnswerMs: number | null;
}

/** What the counts are read from: the week's change and question notes, and their customers' rows. */
export interface AckStatsInput {
  changes: readonly Note[];
  questions: readonly Note[];
  customers: ReadonlyMap<string, Pick<Customer, 'ownerId'>>;
  tasks: ReadonlyMap<string, readonly Task[]>;
  events: ReadonlyMap<string, readonly CustomerEvent[]>;
}

/** The middle value (the mean of the two middle ones for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The report's "change notes acknowledged within a day" and "questions answered, median time to
 * answer", per member in the order given. A note counts in the week it was written (the caller
 * passes the notes written in [weekStart, weekEnd)), however late it was acknowledged or
 * answered: a Sunday-night change acknowledged on Monday morning is Sunday's week's, on time.
 * Who was to acknowledge a change is its audience today plus whoever acknowledged it (someone who
 * acknowledged and has since left the audience was in it then).
 */
export function acknowledgementStats(memberIds: readonly string[], input: AckStatsInput): AckStatsRow[] {
  const rows = new Map<string, AckStatsRow>(
    memberIds.map((id) => [id, { memberId: id, toAck: 0, ackedWithinDay: 0, asked: 0, answered: 0, medianAnswerMs: null }]),
  );
  const waits = new Map<string, number[]>(memberIds.map((id) => [id, []]));
  for (const note of input.changes) {
    if (note.kind !== 'change' || note.deletedAt !== null || note.visibility !== 'team') continue;
    const customer = input.customers.get(note.customerId);
    if (!customer) continue;
    const events = input.events.get(note.customerId) ?? [];
    const acks = events.filter((e) => e.type === 'ack' && e.to === note.id);
    const audience = new Set([
      ...changeAudience(note, customer, input.tasks.get(note.customerId) ?? [], events),
      ...ackersOf(note.id, events),
    ]);
    audience.delete(note.authorId);
    for (const memberId of audience) {
      const row = rows.get(memberId);
      if (!row) continue;
      row.toAck++;
      const ack = acks.find((e) => e.actorId === memberId);
      if (ack && ack.at - note.createdAt <= ACK_OVERDUE_MS) row.ackedWithinDay++;
    }
  }
  for (const note of input.questions) {
    if (!isLiveQuestion(note)) continue;
    const row = rows.get(note.question.askedOf);
    if (!row) continue;
    row.asked++;
    const answer = firstAnswer(note, input.events.get(note.customerId) ?? []);
    if (answer) {
      row.answered++;
      waits.get(row.memberId)!.push(Math.max(0, answer.at - note.createdAt));
    }
  }
  for (const row of rows.values()) row.medianAnswerMs = median(waits.get(row.memberId)!);
  return [...rows.values()];
}
