import { describe, expect, it } from 'vitest';
import type { CustomerEvent, Member, Note } from '@/model/schemas';
import { questionView } from './views';

const HOUR = 3_600_000;
const member = (id: string, name: string): Member => ({ id, teamId: 't', name, email: `${id}@x.com`, role: 'rep', active: true });
const members = new Map([member('ana', 'Ana Souza'), member('ben', 'Ben Okoro')].map((m) => [m.id, m]));
const note: Note = {
  id: 'q',
  customerId: 'c',
  authorId: 'ana',
  kind: 'question',
  change: null,
  body: 'Still 9.50?',
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: null,
  createdAt: 0,
  editedAt: null,
  deletedAt: null,
  question: { askedOf: 'ben', resolvedAt: null },
};
const reply = (id: string, actorId: string, at: number): CustomerEvent => ({
  id,
  customerId: 'c',
  type: 'answer',
  actorId,
  at,
  from: null,
  to: 'q',
  note: `reply ${id}`,
});

describe('a question as the sidebar shows it', () => {
  it('names whom it asks, threads its replies oldest first (pending ones marked), and says where it stands', () => {
    const view = questionView(note, [reply('r2', 'ben', 2 * HOUR), reply('r1', 'ana', HOUR)], members, {}, new Set(['r2']), 3 * HOUR);
    expect(view).toEqual({
      askedOfId: 'ben',
      askedOfName: 'Ben Okoro',
      state: 'answered',
      escalated: false,
      hours: 24,
      replies: [
        { id: 'r1', authorName: 'Ana Souza', body: 'reply r1', at: HOUR, pending: false },
        { id: 'r2', authorName: 'Ben Okoro', body: 'reply r2', at: 2 * HOUR, pending: true },
      ],
    });
  });

  it('is escalated once unanswered past the team’s limit, and is no question on another note', () => {
    expect(questionView(note, [], members, { questionHours: 2 }, new Set(), 3 * HOUR)).toMatchObject({
      state: 'open',
      escalated: true,
      hours: 2,
    });
    expect(questionView({ ...note, kind: 'note', question: null }, [], members, {})).toBeNull();
  });
});
