import { describe, expect, it } from 'vitest';
import { ACK_OVERDUE_MS, changeAudience, overdueChanges, unacknowledgedFor } from './acks';
import type { CustomerEvent, Note, Task } from './schemas';

const note = (id: string, extra: Partial<Note> = {}): Note => ({
  id,
  customerId: 'c1',
  authorId: 'author',
  kind: 'change',
  change: { topic: 'quote', summary: 'now 9 USD' },
  body: 'x',
  visibility: 'team',
  mentions: [],
  pinned: false,
  source: null,
  createdAt: 0,
  editedAt: null,
  deletedAt: null,
  ...extra,
});
const task = (assigneeId: string, extra: Partial<Task> = {}): Task => ({
  id: `t-${assigneeId}`,
  customerId: 'c1',
  title: 't',
  assigneeId,
  dueAt: 1,
  doneAt: null,
  doneBy: null,
  createdBy: 'author',
  createdAt: 0,
  updatedAt: 0,
  noteId: null,
  source: null,
  deletedAt: null,
  ...extra,
});
const ack = (actorId: string, noteId: string): CustomerEvent => ({
  id: `a-${actorId}-${noteId}`,
  customerId: 'c1',
  type: 'ack',
  actorId,
  at: 1,
  from: null,
  to: noteId,
  note: '',
});

describe('who must acknowledge a change', () => {
  it('is the owner and the assignees of open follow-ups, without the author, each once', () => {
    const tasks = [task('li'), task('li', { id: 't2' }), task('done', { doneAt: 5 }), task('gone', { deletedAt: 5 }), task('author')];
    expect(changeAudience(note('n'), { ownerId: 'owner' }, tasks)).toEqual(['li', 'owner']);
    expect(changeAudience(note('n'), { ownerId: null }, [])).toEqual([]);
  });

  it('lists for a member only live team changes they have not acknowledged', () => {
    const notes = [
      note('n1'),
      note('n2'),
      note('plain', { kind: 'note' }),
      note('priv', { visibility: 'private' }),
      note('del', { deletedAt: 3 }),
    ];
    expect(unacknowledgedFor('owner', notes, { ownerId: 'owner' }, [], [ack('owner', 'n2')]).map((n) => n.id)).toEqual(['n1']);
    expect(unacknowledgedFor('author', notes, { ownerId: 'author' }, [], [])).toEqual([]);
  });

  it('names changes still awaited after a day, and whom they await', () => {
    const notes = [note('old'), note('fresh', { createdAt: ACK_OVERDUE_MS }), note('seen')];
    const events = [ack('owner', 'seen'), ack('li', 'seen'), ack('owner', 'old')];
    const out = overdueChanges(notes, { ownerId: 'owner' }, [task('li')], events, ACK_OVERDUE_MS + 1);
    expect(out.map((o) => [o.note.id, o.waiting])).toEqual([['old', ['li']]]);
  });
});
