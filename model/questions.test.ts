import { describe, expect, it } from 'vitest';
import { escalationTargets, isEscalated, questionLimitMs, questionState, questionsFor } from './questions';
import type { CustomerEvent, Member, Note } from './schemas';

const HOUR = 3_600_000;
const question = (id: string, askedOf: string, extra: Partial<Note> = {}): Note => ({
  id,
  customerId: 'c1',
  authorId: 'asker',
  kind: 'question',
  change: null,
  question: { askedOf, resolvedAt: null },
  body: 'Is the price still valid?',
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: null,
  createdAt: 0,
  editedAt: null,
  deletedAt: null,
  ...extra,
});
const answer = (id: string, actorId: string, noteId: string, at = 1): CustomerEvent => ({
  id,
  customerId: 'c1',
  type: 'answer',
  actorId,
  at,
  from: null,
  to: noteId,
  note: 'yes',
});
const member = (id: string, role: Member['role'], active = true): Member => ({ id, teamId: 't', name: id, email: `${id}@x`, role, active });
const team = [
  member('asker', 'rep'),
  member('owner', 'rep'),
  member('boss', 'manager'),
  member('root', 'admin'),
  member('gone', 'manager', false),
];

describe('a question', () => {
  it('is open until someone other than its asker answers, then answered, then resolved by its asker', () => {
    const q = question('q', 'owner');
    expect(questionState(q, [])).toBe('open');
    expect(questionState(q, [answer('a0', 'asker', 'q')])).toBe('open');
    expect(questionState(q, [answer('a0', 'asker', 'q'), answer('a1', 'owner', 'q')])).toBe('answered');
    expect(questionState({ ...q, question: { askedOf: 'owner', resolvedAt: 5 } }, [])).toBe('resolved');
  });

  it('escalates past the team limit (24 h unless set) to the active managers and admins but its asker and addressee', () => {
    expect(questionLimitMs({})).toBe(24 * HOUR);
    expect(questionLimitMs({ questionHours: 4 })).toBe(4 * HOUR);
    const q = question('q', 'owner');
    expect(isEscalated(q, [], 24 * HOUR, 24 * HOUR)).toBe(false);
    expect(isEscalated(q, [], 24 * HOUR, 24 * HOUR + 1)).toBe(true);
    expect(isEscalated(q, [answer('a', 'owner', 'q')], 24 * HOUR, 48 * HOUR)).toBe(false);
    expect(escalationTargets(q, team)).toEqual(['boss', 'root']);
    expect(escalationTargets(question('q2', 'boss'), team)).toEqual(['root']);
  });

  it('is on the list of its addressee while open, and on the managers’ once escalated', () => {
    const notes = [
      question('fresh', 'owner', { createdAt: 10 * HOUR }),
      question('old', 'owner'),
      question('answered', 'owner'),
      question('gone', 'owner', { deletedAt: 3 }),
      question('mine', 'boss'),
    ];
    const events = [answer('a', 'owner', 'answered')];
    const now = 25 * HOUR;
    const ids = (m: string) => questionsFor(m, notes, events, team, 24 * HOUR, now).map((q) => `${q.note.id}:${q.reason}`);
    expect(ids('owner')).toEqual(['fresh:asked', 'old:asked']);
    expect(ids('boss')).toEqual(['old:escalated', 'mine:asked']);
    expect(ids('root')).toEqual(['old:escalated', 'mine:escalated']);
    expect(ids('asker')).toEqual([]);
  });
});
