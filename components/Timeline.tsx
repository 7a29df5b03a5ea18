import type { EventView, NoteView, TaskView } from '@/client/api';
import { fullTime, relativeTime } from './format';
import { historyText, WITH_NOTE } from './HistoryList';
import { t } from './i18n';
import { NoteEntry } from './NoteList';
import { timelineOf } from './timeline';

type NoteProps = Omit<Parameters<typeof NoteEntry>[0], 'note'>;

interface Props extends NoteProps {
  notes: NoteView[];
  history: EventView[];
  tasks: TaskView[];
  /** Names of the team's members, for who completed a follow-up. */
  memberName(id: string | null): string;
}

/** What each kind of line is, at a glance (the words say it too). */
const ICONS: Partial<Record<EventView['type'] | 'done', string>> = {
  claim: '⇢',
  handoff: '⇢',
  reassign: '⇢',
  transfer: '⇢',
  stage: '➜',
  ack: '✔',
  done: '✓',
  rename: '✎',
  merge: '⇄',
  move: '⇄',
  taskDelete: '✕',
};

/** The customer's one timeline: its notes in full, with compact lines for everything else that happened, newest first. */
export function Timeline({ notes, history, tasks, memberName, ...noteProps }: Props) {
  const entries = timelineOf(notes, history, tasks);
  if (entries.length === 0) return <p class="muted">{t('timeline.empty')}</p>;
  const summaries = new Map(notes.flatMap((n) => (n.change ? [[n.id, n.change.summary] as const] : [])));
  return (
    <ul class="notes timeline" aria-label={t('timeline.title')}>
      {entries.map((entry) => {
        if (entry.kind === 'note') return <NoteEntry key={entry.id} note={entry.note} {...noteProps} />;
        const type = entry.kind === 'done' ? 'done' : entry.event.type;
        const text =
          entry.kind === 'done'
            ? t('timeline.taskDone', { actor: memberName(entry.task.doneBy), title: entry.task.title })
            : entry.event.type === 'ack' && summaries.has(entry.event.to ?? '')
              ? t('timeline.ack', { actor: entry.event.actorName, summary: summaries.get(entry.event.to!)! })
              : historyText(entry.event);
        return (
          <li key={entry.id} class="event" data-testid="timeline-event" data-type={type}>
            <span class="event-icon" aria-hidden="true">
              {ICONS[type] ?? '•'}
            </span>
            <span class="event-text">{text}</span>
            <time title={fullTime(entry.at)}>{relativeTime(entry.at)}</time>
            {entry.kind === 'event' && entry.event.note && WITH_NOTE.has(entry.event.type) && (
              <div class="event-note">“{entry.event.note}”</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
