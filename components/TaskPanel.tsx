import { useEffect, useState } from 'preact/hooks';
import type { SidebarView, TaskView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { daysOverdue, dueBucket, quickPickDue, type QuickPick } from '@/model/followups';
import { MAX_TASK_TITLE } from '@/model/schemas';
import { fullTime } from './format';
import { errorText, locale, t } from './i18n';
import { fromLocalInput, toLocalInput, userTimeZone } from './time';

const PICKS: QuickPick[] = ['today', 'tomorrow', 'in3days', 'nextWeek'];

/** A follow-up's due time in words: "3 d overdue", "today 18:00", "Fri 09:00". */
export function dueText(task: Pick<TaskView, 'dueAt' | 'doneAt'>, now = Date.now()): { text: string; late: boolean } {
  const zone = userTimeZone();
  const bucket = dueBucket({ ...task, deletedAt: null }, now, zone);
  const time = new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(task.dueAt);
  if (bucket === 'overdue') {
    const days = daysOverdue({ ...task, deletedAt: null }, now, zone);
    return { text: days > 0 ? t('tasks.daysOverdue', { days }) : `${t('tasks.overdue')} ${time}`, late: true };
  }
  if (bucket === 'today') return { text: `${t('tasks.dueToday')} ${time}`, late: false };
  const date = new Intl.DateTimeFormat(locale(), { weekday: 'short', month: 'short', day: 'numeric' }).format(task.dueAt);
  return { text: `${date} ${time}`, late: false };
}

export interface TaskDraft {
  title: string;
  noteId: string | null;
}

interface Props {
  api: ApiClient;
  view: SidebarView;
  viewId: string;
  draft: TaskDraft | null;
  onDraftUsed: () => void;
}

/** The customer's follow-ups: complete, snooze, reassign; and a form to add one. */
export function TaskPanel({ api, view, viewId, draft, onDraftUsed }: Props) {
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      const err = e as { code?: string; message?: string };
      setError(t('tasks.error', { message: errorText(err.code ?? '', err.message ?? String(e)) }));
    }
  };
  return (
    <section class="tasks">
      <h2>{t('tasks.title')}</h2>
      {view.tasks.length === 0 && <p class="muted">{t('tasks.empty')}</p>}
      <ul class="notes">
        {view.tasks.map((task) => (
          <TaskRow key={task.id} task={task} view={view} run={run} api={api} />
        ))}
      </ul>
      <TaskForm
        view={view}
        draft={draft}
        onDraftUsed={onDraftUsed}
        onSubmit={(task) => run(() => api.request('createTask', { viewId, ...task }))}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function TaskRow({
  task,
  view,
  run,
  api,
}: {
  task: TaskView;
  view: SidebarView;
  run: (a: () => Promise<unknown>) => Promise<void>;
  api: ApiClient;
}) {
  const due = dueText(task);
  const done = task.doneAt !== null;
  return (
    <li class="note" data-testid="task-item" data-task-id={task.id} data-done={String(done)}>
      <label class="row" style={{ fontWeight: 400, margin: 0 }}>
        <input
          type="checkbox"
          style={{ width: 'auto' }}
          data-testid="task-done"
          checked={done}
          aria-label={done ? t('tasks.reopen') : t('tasks.done')}
          onChange={() => void run(() => api.request('completeTask', { id: task.id, done: !done }))}
        />
        <span style={done ? { textDecoration: 'line-through' } : undefined}>{task.title}</span>
      </label>
      <div class="meta">
        <span class={due.late && !done ? 'error' : ''} title={fullTime(task.dueAt)}>
          {due.text} · {task.assigneeName}
        </span>
      </div>
      {!done && (
        <div class="row task-actions">
          <input
            type="datetime-local"
            aria-label={t('tasks.reschedule')}
            title={t('tasks.reschedule')}
            data-testid="task-reschedule"
            value={toLocalInput(task.dueAt)}
            onChange={(e) => {
              const dueAt = fromLocalInput(e.currentTarget.value);
              if (dueAt !== null && dueAt !== task.dueAt) void run(() => api.request('updateTask', { id: task.id, patch: { dueAt } }));
            }}
          />
          <button
            type="button"
            data-testid="task-snooze"
            onClick={() =>
              void run(() =>
                api.request('updateTask', { id: task.id, patch: { dueAt: quickPickDue('tomorrow', Date.now(), userTimeZone()) } }),
              )
            }
          >
            {t('tasks.snooze')}
          </button>
          <select
            aria-label={t('tasks.assignee')}
            value={task.assigneeId}
            onChange={(e) => void run(() => api.request('updateTask', { id: task.id, patch: { assigneeId: e.currentTarget.value } }))}
          >
            {view.members
              .filter((m) => m.active || m.id === task.assigneeId)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </div>
      )}
    </li>
  );
}

interface NewTask {
  taskId: string;
  candidateKey: string;
  title: string;
  dueAt: number;
  assigneeId: string | null;
  noteId: string | null;
}

function TaskForm({
  view,
  draft,
  onDraftUsed,
  onSubmit,
}: {
  view: SidebarView;
  draft: TaskDraft | null;
  onDraftUsed: () => void;
  onSubmit: (t: NewTask) => Promise<void>;
}) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState(() => toLocalInput(quickPickDue('tomorrow', Date.now(), userTimeZone())));
  const [assigneeId, setAssigneeId] = useState('');
  const [noteId, setNoteId] = useState<string | null>(null);
  useEffect(() => {
    if (!draft) return;
    setTitle(draft.title);
    setNoteId(draft.noteId);
    onDraftUsed();
  }, [draft, onDraftUsed]);
  const dueAt = fromLocalInput(due);
  const selected = view.selected;
  if (!selected) return null;
  return (
    <form
      // Our own checks decide: the browser's would block a due time with seconds (a step mismatch).
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!title.trim() || dueAt === null) return;
        await onSubmit({
          taskId: crypto.randomUUID(),
          candidateKey: selected.key,
          title: title.trim(),
          dueAt,
          assigneeId: assigneeId || null,
          noteId,
        });
        setTitle('');
        setNoteId(null);
      }}
    >
      <label for="task-title">{t('tasks.what')}</label>
      <input
        id="task-title"
        data-testid="task-title"
        maxLength={MAX_TASK_TITLE}
        placeholder={t('tasks.placeholder')}
        value={title}
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <label for="task-due">{t('tasks.due')}</label>
      <input id="task-due" data-testid="task-due" type="datetime-local" value={due} onInput={(e) => setDue(e.currentTarget.value)} />
      <div class="row" style={{ flexWrap: 'wrap', marginTop: '4px' }}>
        {PICKS.map((pick) => (
          <button
            key={pick}
            type="button"
            data-testid={`pick-${pick}`}
            onClick={() => setDue(toLocalInput(quickPickDue(pick, Date.now(), userTimeZone())))}
          >
            {t(`pick.${pick}`)}
          </button>
        ))}
      </div>
      <label for="task-assignee">{t('tasks.assignee')}</label>
      <select id="task-assignee" data-testid="task-assignee" value={assigneeId} onChange={(e) => setAssigneeId(e.currentTarget.value)}>
        <option value="">{t('tasks.assigneeDefault')}</option>
        {view.members
          .filter((m) => m.active)
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </select>
      <div class="row spread" style={{ marginTop: '6px' }}>
        <span />
        <button type="submit" class="primary" data-testid="task-submit" disabled={!title.trim() || dueAt === null}>
          {t('tasks.submit')}
        </button>
      </div>
    </form>
  );
}
