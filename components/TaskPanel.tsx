import { localTimeZone } from '@/model/calendar';
import { may } from '@/model/permissions';
import { useState } from 'preact/hooks';
import type { MemberView, SidebarView, TaskView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { quickPickDue } from '@/model/followups';
import type { Member } from '@/model/schemas';
import type { TaskDraft } from './drafts';
import { fullTime } from './format';
import { dueText, PICKS } from './due';
import { errorOf, t } from './i18n';
import { initials } from './initials';
import { focusOnMount, onEscape } from './keys';
import { Menu, type MenuItem } from './Menu';
import { TaskForm, type NewTask } from './TaskForm';
import { fromLocalInput, toLocalInput } from './time';

interface Props {
  api: ApiClient;
  view: SidebarView;
  me: Pick<Member, 'id' | 'role'>;
  /** The follow-up being written for this customer (kept per customer by the sidebar). */
  draft: TaskDraft | null;
  onDraft(draft: TaskDraft | null): void;
  onCreate(task: NewTask): Promise<unknown>;
}

type Run = (action: () => Promise<unknown>) => Promise<boolean>;

/**
 * The customer's follow-ups, one line each, their actions behind a menu; done ones folded away;
 * "+ Add follow-up" opens the form.
 */
export function TaskPanel({ api, view, me, draft, onDraft, onCreate }: Props) {
  const [error, setError] = useState<string | null>(null);
  const run: Run = async (action) => {
    setError(null);
    try {
      await action();
      return true;
    } catch (e) {
      setError(t('tasks.error', { message: errorOf(e) }));
      return false;
    }
  };
  const open = view.tasks.filter((task) => task.doneAt === null);
  const done = view.tasks.filter((task) => task.doneAt !== null);
  const formOpen = draft?.open ?? false;
  return (
    <section class="tasks" aria-labelledby="tasks-title">
      <div class="section-head">
        <h2 id="tasks-title">{open.length ? t('tasks.count', { count: open.length }) : t('tasks.title')}</h2>
        {!formOpen && (
          <button
            type="button"
            class="link"
            data-testid="add-followup"
            aria-expanded={false}
            onClick={() => onDraft({ open: true, title: draft?.title ?? '', due: draft?.due ?? '', assigneeId: '', noteId: null })}
          >
            {t('tasks.add')}
          </button>
        )}
      </div>
      {formOpen && draft && (
        <TaskForm
          members={view.members}
          draft={draft}
          onDraft={onDraft}
          onSubmit={async (task) => {
            if (await run(() => onCreate(task))) onDraft(null);
          }}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {open.length === 0 && !formOpen && <p class="muted empty">{t('tasks.empty')}</p>}
      <ul class="task-list">
        {open.map((task) => (
          <TaskRow key={task.id} task={task} members={view.members} me={me} run={run} api={api} />
        ))}
      </ul>
      {done.length > 0 && (
        <details class="done-tasks">
          <summary>{t('tasks.doneFolded', { count: done.length })}</summary>
          <ul class="task-list">
            {done.map((task) => (
              <TaskRow key={task.id} task={task} members={view.members} me={me} run={run} api={api} />
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

interface RowProps {
  task: TaskView;
  members: MemberView[];
  me: Props['me'];
  run: Run;
  api: ApiClient;
}

function TaskRow({ task, members, me, run, api }: RowProps) {
  const [editing, setEditing] = useState<'reschedule' | 'reassign' | 'delete' | null>(null);
  const due = dueText(task);
  const done = task.doneAt !== null;
  const update = (patch: { dueAt?: number; assigneeId?: string }) =>
    void run(() => api.request('updateTask', { id: task.id, patch })).then((ok) => ok && setEditing(null));
  const items: MenuItem[] = done
    ? []
    : [
        {
          label: t('tasks.snooze'),
          testid: 'task-snooze',
          onSelect: () => update({ dueAt: quickPickDue('tomorrow', Date.now(), localTimeZone()) }),
        },
        { label: `${t('tasks.reschedule')}…`, testid: 'task-reschedule-open', onSelect: () => setEditing('reschedule') },
        { label: t('tasks.reassignTo'), testid: 'task-reassign-open', onSelect: () => setEditing('reassign') },
      ];
  // The mutators' rule: its creator, or a manager or admin (model/mutators/tasks.ts).
  if (task.createdBy === me.id || may(me.role, 'changeOthersFollowUps')) {
    items.push({ label: t('tasks.delete'), testid: 'task-delete', danger: true, onSelect: () => setEditing('delete') });
  }
  return (
    <li class="task" data-testid="task-item" data-task-id={task.id} data-done={String(done)}>
      <div class="task-line">
        <input
          type="checkbox"
          data-testid="task-done"
          checked={done}
          aria-label={`${done ? t('tasks.reopen') : t('tasks.done')}: ${task.title}`}
          onChange={() => void run(() => api.request('completeTask', { id: task.id, done: !done }))}
        />
        <span class={done ? 'title done' : 'title'} title={task.title}>
          {task.title}
        </span>
        <span class={due.late && !done ? 'due late' : 'due'} title={fullTime(task.dueAt)}>
          {due.text}
        </span>
        <span
          class="avatar"
          title={t('tasks.assignedTo', { name: task.assigneeName })}
          aria-label={t('tasks.assignedTo', { name: task.assigneeName })}
        >
          {initials(task.assigneeName)}
        </span>
        {items.length > 0 && <Menu label={t('tasks.menu', { title: task.title })} testid="task-menu" items={items} />}
      </div>
      {editing && (
        <div class="task-edit" onKeyDown={onEscape(() => setEditing(null))}>
          {editing === 'reschedule' && <Reschedule task={task} onPick={(dueAt) => update({ dueAt })} />}
          {editing === 'reassign' && (
            <select
              data-testid="task-reassign"
              aria-label={t('tasks.assignee')}
              value={task.assigneeId}
              ref={focusOnMount}
              onChange={(e) => update({ assigneeId: e.currentTarget.value })}
            >
              {members
                .filter((m) => m.active || m.id === task.assigneeId)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          )}
          {editing === 'delete' && (
            <div class="confirm">
              <span>{t('tasks.deleteConfirm')}</span>
              <button
                type="button"
                class="danger"
                data-testid="task-delete-confirm"
                ref={focusOnMount}
                onClick={() => void run(() => api.request('deleteTask', { id: task.id, eventId: crypto.randomUUID() }))}
              >
                {t('tasks.delete')}
              </button>
            </div>
          )}
          <button type="button" class="link" onClick={() => setEditing(null)}>
            {t('tasks.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}

function Reschedule({ task, onPick }: { task: TaskView; onPick(dueAt: number): void }) {
  return (
    <div class="row wrap">
      <input
        type="datetime-local"
        aria-label={t('tasks.reschedule')}
        data-testid="task-reschedule"
        value={toLocalInput(task.dueAt)}
        onChange={(e) => {
          const dueAt = fromLocalInput(e.currentTarget.value);
          if (dueAt !== null && dueAt !== task.dueAt) onPick(dueAt);
        }}
      />
      {PICKS.map((pick) => (
        <button key={pick} type="button" class="chip" onClick={() => onPick(quickPickDue(pick, Date.now(), localTimeZone()))}>
          {t(`pick.${pick}`)}
        </button>
      ))}
    </div>
  );
}
