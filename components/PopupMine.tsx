import { localTimeZone } from '@/model/calendar';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { MemberView, PopupView, TaskView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { dueBucket, quickPickDue } from '@/model/followups';
import { countText } from './format';
import { t } from './i18n';
import type { MessageKey } from './messages';
import { MissedItem } from './MissedItem';
import { PopupQuestions } from './PopupQuestions';
import { dueText } from './due';
import { useActionError } from './useActionError';
import { useUndoableDone } from './useUndoableDone';

const GROUPS: { bucket: 'overdue' | 'today' | 'week'; title: MessageKey; testid: string }[] = [
  { bucket: 'overdue', title: 'popup.overdue', testid: 'overdue-item' },
  { bucket: 'today', title: 'popup.today', testid: 'due-today-item' },
  { bucket: 'week', title: 'popup.week', testid: 'week-item' },
];

/**
 * The popup's first screen: for a manager the team's missed follow-ups first, then my own
 * follow-ups to do now (overdue, today, the next 7 days).
 */
export function PopupMine({ api, view, me, onShowTeam }: { api: ApiClient; view: PopupView; me: MemberView; onShowTeam: () => void }) {
  const done = useUndoableDone(api);
  const { error, run } = useActionError();
  const now = Date.now();
  const zone = localTimeZone();
  // Just-done follow-ups stay where they were, with their Undo, though the view has dropped them.
  const shown = [...view.mine.filter((task) => !done.recent.has(task.id)), ...done.recent.values()].sort((a, b) => a.dueAt - b.dueAt);
  const team = view.team;
  return (
    <>
      {team && (
        <section aria-labelledby="team-missed">
          <h2 id="team-missed" class="row spread">
            <span>
              {t('popup.teamMissed')} ({countText(team.count)})
            </span>
            {team.escalated > 0 && <span class="pill bad">{t('popup.escalatedCount', { count: countText(team.escalated) })}</span>}
          </h2>
          {team.count === 0 ? (
            <p class="muted">{t('popup.noMissed')}</p>
          ) : (
            <ul class="followups">
              {team.items.map((task) => (
                <MissedItem key={task.id} api={api} task={task} members={view.members} me={me} />
              ))}
            </ul>
          )}
          {team.count > team.items.length && (
            <button type="button" class="link" onClick={onShowTeam}>
              {t('popup.seeAll', { count: countText(team.count) })}
            </button>
          )}
        </section>
      )}
      {view.acks.length > 0 && (
        <section aria-labelledby="my-acks">
          <h2 id="my-acks">{t('popup.acks')}</h2>
          <ul class="followups">
            {view.acks.map((a) => (
              <li key={a.noteId} class="row spread" data-testid="ack-item">
                <span>
                  <strong>{a.customerName}</strong> ·{' '}
                  {t('change.banner', { author: a.authorName, topic: t(`change.topic.${a.change.topic}`), summary: a.change.summary })}
                </span>
                <button
                  type="button"
                  class="small"
                  data-testid="ack"
                  onClick={() => void run(api.request('acknowledgeChange', { noteId: a.noteId }))}
                >
                  {t('change.ack')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <PopupQuestions api={api} view={view} />
      {shown.length === 0 && <p class="muted">{t(team ? 'popup.nothingMine' : 'popup.nothing')}</p>}
      {GROUPS.map((group) => {
        const tasks = shown.filter((task) => dueBucket({ ...task, doneAt: null, deletedAt: null }, now, zone) === group.bucket);
        if (tasks.length === 0) return null;
        return (
          <section key={group.bucket} aria-labelledby={`mine-${group.bucket}`}>
            <h2 id={`mine-${group.bucket}`}>
              {t(group.title)} ({tasks.length})
            </h2>
            <ul class="followups">
              {tasks.map((task) =>
                done.recent.has(task.id) ? (
                  <DoneRow key={task.id} task={task} onUndo={() => void run(done.undo(task.id))} />
                ) : (
                  <MyTaskRow
                    key={task.id}
                    task={task}
                    testid={group.testid}
                    late={group.bucket === 'overdue'}
                    onDone={() => void run(done.complete(task))}
                    onSnooze={() =>
                      void run(api.request('updateTask', { id: task.id, patch: { dueAt: quickPickDue('tomorrow', Date.now(), zone) } }))
                    }
                  />
                ),
              )}
            </ul>
          </section>
        );
      })}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

interface RowProps {
  task: TaskView;
  testid: string;
  late: boolean;
  onDone: () => void;
  onSnooze: () => void;
}

/** One of my follow-ups: a quiet check to mark it done, what and for whom, when, snooze, its page. */
function MyTaskRow({ task, testid, late, onDone, onSnooze }: RowProps) {
  return (
    <li class="task mine" data-testid={testid}>
      <button
        type="button"
        class="check"
        data-testid="popup-done"
        aria-label={t('popup.markDone', { title: task.title })}
        title={t('popup.markDone', { title: task.title })}
        onClick={onDone}
      />
      <div class="task-body">
        <div class="task-head">
          <strong class="task-customer">{task.customerName}</strong>
          <span class={late ? 'late' : 'muted'}>{dueText(task).text}</span>
        </div>
        <div class="task-title">{task.title}</div>
        <div class="task-actions">
          <button type="button" class="quiet" data-testid="popup-snooze" title={t('popup.snoozeTitle')} onClick={onSnooze}>
            {t('popup.snooze')}
          </button>
          {task.source && /^https?:/.test(task.source.url) && (
            <a class="action" href={task.source.url} target="_blank" rel="noopener noreferrer">
              {t('popup.open')}
            </a>
          )}
        </div>
      </div>
    </li>
  );
}

/** A follow-up just marked done: struck through, with its Undo, which takes the focus. */
function DoneRow({ task, onUndo }: { task: TaskView; onUndo: () => void }) {
  const undo = useRef<HTMLButtonElement>(null);
  // Before the frame paints: the focus is on the Undo the moment it shows.
  useLayoutEffect(() => undo.current?.focus(), []);
  return (
    <li class="task mine done" data-testid="done-item">
      <span class="check checked" aria-hidden="true" />
      <div class="task-body row spread" role="status">
        <span class="task-title">{t('popup.doneUndo', { title: task.title })}</span>
        <button type="button" class="quiet" ref={undo} data-testid="popup-undo" onClick={onUndo}>
          {t('popup.undo')}
        </button>
      </div>
    </li>
  );
}
