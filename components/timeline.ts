import type { EventView, NoteView, TaskView } from '@/client/api';

/** One line of a customer's timeline: a note, a history line, or a follow-up done. */
export type TimelineEntry =
  | { kind: 'note'; id: string; at: number; note: NoteView }
  | { kind: 'event'; id: string; at: number; event: EventView }
  | { kind: 'done'; id: string; at: number; task: TaskView };

/**
 * History lines the timeline leaves out: edits and deletions of notes show on the notes themselves
 * ("edited", "deleted by …"); the History list keeps them all.
 */
const SHOWN_ON_NOTES = new Set<EventView['type']>(['noteEdit', 'noteDelete']);

/** The customer's notes, owner and stage changes, acknowledgements and follow-ups done, newest first. */
export function timelineOf(notes: NoteView[], history: EventView[], tasks: TaskView[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...notes.map((note): TimelineEntry => ({ kind: 'note', id: `note:${note.id}`, at: note.createdAt, note })),
    ...history
      .filter((e) => !SHOWN_ON_NOTES.has(e.type))
      .map((event): TimelineEntry => ({ kind: 'event', id: `event:${event.id}`, at: event.at, event })),
    ...tasks.flatMap((task): TimelineEntry[] =>
      task.doneAt === null ? [] : [{ kind: 'done', id: `done:${task.id}`, at: task.doneAt, task }],
    ),
  ];
  return entries.sort((a, b) => b.at - a.at || a.id.localeCompare(b.id));
}
