import { describe, expect, it } from 'vitest';
import type { EventView, NoteView, TaskView } from '@/client/api';
import { timelineOf } from './timeline';

const note = (id: string, createdAt: number): NoteView => ({
  id,
  kind: 'note',
  body: id,
  authorId: 'a',
  authorName: 'A',
  createdAt,
  source: null,
  pending: false,
  editedAt: null,
  deletedAt: null,
  deletedByName: null,
  change: null,
  seenBy: null,
  pinned: false,
  doc: { t: 'md', blocks: [] },
});
const event = (id: string, type: EventView['type'], at: number): EventView => ({
  id,
  customerId: 'c',
  type,
  actorId: 'a',
  at,
  from: null,
  to: null,
  note: '',
  actorName: 'A',
  fromName: null,
  toName: null,
});
const task = (id: string, doneAt: number | null): TaskView => ({
  id,
  customerId: 'c',
  title: id,
  assigneeId: 'a',
  dueAt: 0,
  doneAt,
  doneBy: doneAt === null ? null : 'a',
  noteId: null,
  source: null,
  createdBy: 'a',
  assigneeName: 'A',
  customerName: 'C',
  pending: false,
});

describe('timelineOf', () => {
  it('interleaves notes, history lines and follow-ups done, newest first', () => {
    const lines = timelineOf(
      [note('n1', 10), note('n3', 30)],
      [event('claim', 'claim', 5), event('handoff', 'handoff', 20), event('ack', 'ack', 35)],
      [task('open', null), task('done', 25)],
    );
    expect(lines.map((l) => l.id)).toEqual(['event:ack', 'note:n3', 'done:done', 'event:handoff', 'note:n1', 'event:claim']);
  });

  it('leaves out note edits and deletions, which show on the notes themselves', () => {
    const lines = timelineOf([note('n1', 10)], [event('e', 'noteEdit', 11), event('d', 'noteDelete', 12), event('s', 'stage', 13)], []);
    expect(lines.map((l) => l.id)).toEqual(['event:s', 'note:n1']);
  });

  it('is empty for a customer with nothing on it', () => {
    expect(timelineOf([], [], [task('open', null)])).toEqual([]);
  });
});
