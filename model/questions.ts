import { may } from './permissions';
import type { CustomerEvent, Member, Note } from './schemas';

/**
 * Questions, the team's feedback channel: a note of kind `question` addressed to one teammate
 * (`note.question.askedOf`). Its answers are history lines of type `answer` (`to` the note's id,
 * `note` the text), so they sync, queue offline and reach the team like any other line. A
 * question is open until someone other than its asker answers, answered after that, and resolved
 * once its asker says so. Open past the team's limit, it escalates to the managers.
 */
export type QuestionState = 'open' | 'answered' | 'resolved';

const HOUR_MS = 60 * 60 * 1000;

/** A question unanswered for a day reaches a manager, unless the team set its own limit. */
export const DEFAULT_QUESTION_HOURS = 24;

/** The team's limit for a first answer, in hours and in milliseconds. */
export const questionHours = (settings: { questionHours?: number | undefined }) => settings.questionHours ?? DEFAULT_QUESTION_HOURS;
export const questionLimitMs = (settings: { questionHours?: number | undefined }) => questionHours(settings) * HOUR_MS;

/** A question's answers, oldest first (ties broken by id, the same order on every device). */
export function answersTo(noteId: string, events: readonly CustomerEvent[]): CustomerEvent[] {
  return events.filter((e) => e.type === 'answer' && e.to === noteId).sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

/** The first answer by someone other than the asker (the asker's own replies add detail, they do not answer). */
export function firstAnswer(note: Pick<Note, 'id' | 'authorId'>, events: readonly CustomerEvent[]): CustomerEvent | undefined {
  return answersTo(note.id, events).find((e) => e.actorId !== note.authorId);
}

export function questionState(note: Pick<Note, 'id' | 'authorId' | 'question'>, events: readonly CustomerEvent[]): QuestionState {
  if (note.question?.resolvedAt != null) return 'resolved';
  return firstAnswer(note, events) ? 'answered' : 'open';
}

/** A live team question. */
export function isLiveQuestion(note: Note): note is Note & { question: NonNullable<Note['question']> } {
  return note.kind === 'question' && !!note.question && note.deletedAt === null && note.visibility === 'team';
}

/** Still unanswered past the team's limit. */
export function isEscalated(note: Note, events: readonly CustomerEvent[], limitMs: number, now: number): boolean {
  return isLiveQuestion(note) && questionState(note, events) === 'open' && now - note.createdAt > limitMs;
}

/**
 * Who an escalated question reaches: the team's active managers and admins, except its asker
 * and the one it was asked of (a question put to a manager goes to the others).
 */
export function escalationTargets(note: Pick<Note, 'authorId' | 'question'>, members: Iterable<Member>): string[] {
  const out: string[] = [];
  for (const m of members) {
    if (!m.active || !may(m.role, 'viewTeam')) continue;
    if (m.id === note.authorId || m.id === note.question?.askedOf) continue;
    out.push(m.id);
  }
  return out.sort();
}

/** Why a question is on this member's list: asked of them, or escalated to them. */
export type QuestionReason = 'asked' | 'escalated';

/**
 * The live, unanswered questions this member is to answer: those asked of them, and (for a
 * manager) those escalated to them. Resolved or answered ones drop off.
 */
export function questionsFor(
  memberId: string,
  notes: readonly Note[],
  events: readonly CustomerEvent[],
  members: Iterable<Member>,
  limitMs: number,
  now: number,
): { note: Note; reason: QuestionReason }[] {
  const team = [...members];
  const out: { note: Note; reason: QuestionReason }[] = [];
  for (const note of notes) {
    if (!isLiveQuestion(note) || questionState(note, events) !== 'open') continue;
    if (note.question.askedOf === memberId) out.push({ note, reason: 'asked' });
    else if (isEscalated(note, events, limitMs, now) && escalationTargets(note, team).includes(memberId)) {
      out.push({ note, reason: 'escalated' });
    }
  }
  return out;
}
