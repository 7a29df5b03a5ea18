import { localTimeZone } from '@/model/calendar';
import { useEffect, useRef } from 'preact/hooks';
import type { MemberView } from '@/client/api';
import { quickPickDue } from '@/model/followups';
import { MAX_TASK_TITLE } from '@/model/schemas';
import type { TaskDraft } from './drafts';
import { t } from './i18n';
import { isSaveShortcut, onEscape } from './keys';
import { PICKS } from './due';
import { fromLocalInput, toLocalInput } from './time';

export interface NewTask {
  taskId: string;
  title: string;
  dueAt: number;
  assigneeId: string | null;
  noteId: string | null;
}

interface Props {
  members: MemberView[];
  draft: TaskDraft;
  onDraft(draft: TaskDraft | null): void;
  onSubmit(task: NewTask): Promise<void>;
}

/** The add-follow-up form: what, when (quick picks), who. Esc closes it, keeping what was typed. */
export function TaskForm({ members, draft, onDraft, onSubmit }: Props) {
  const title = useRef<HTMLInputElement>(null);
  useEffect(() => title.current?.focus(), []);
  const due = draft.due || toLocalInput(quickPickDue('tomorrow', Date.now(), localTimeZone()));
  const dueAt = fromLocalInput(due);
  const set = (patch: Partial<TaskDraft>) => onDraft({ ...draft, ...patch });
  const submit = () => {
    if (!draft.title.trim() || dueAt === null) return;
    void onSubmit({
      taskId: crypto.randomUUID(),
      title: draft.title.trim(),
      dueAt,
      assigneeId: draft.assigneeId || null,
      noteId: draft.noteId,
    });
  };
  return (
    <form
      class="task-form"
      aria-label={t('tasks.submit')}
      // Our own checks decide: the browser's would block a due time with seconds (a step mismatch).
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      onKeyDown={(e) => {
        onEscape(() => set({ open: false }))(e);
        if (isSaveShortcut(e)) {
          e.preventDefault();
          submit();
        }
      }}
    >
      <label for="task-title">{t('tasks.what')}</label>
      <input
        ref={title}
        id="task-title"
        data-testid="task-title"
        maxLength={MAX_TASK_TITLE}
        placeholder={t('tasks.placeholder')}
        value={draft.title}
        onInput={(e) => set({ title: e.currentTarget.value })}
      />
      <div class="row">
        <div class="grow">
          <label for="task-due">{t('tasks.due')}</label>
          <input
            id="task-due"
            data-testid="task-due"
            type="datetime-local"
            value={due}
            onInput={(e) => set({ due: e.currentTarget.value })}
          />
        </div>
        <div class="grow">
          <label for="task-assignee">{t('tasks.assignee')}</label>
          <select
            id="task-assignee"
            data-testid="task-assignee"
            value={draft.assigneeId}
            onChange={(e) => set({ assigneeId: e.currentTarget.value })}
          >
            <option value="">{t('tasks.assigneeDefault')}</option>
            {members
              .filter((m) => m.active)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
          </select>
        </div>
      </div>
      <div class="row wrap picks">
        {PICKS.map((pick) => (
          <button
            key={pick}
            type="button"
            class="chip"
            data-testid={`pick-${pick}`}
            onClick={() => set({ due: toLocalInput(quickPickDue(pick, Date.now(), localTimeZone())) })}
          >
            {t(`pick.${pick}`)}
          </button>
        ))}
      </div>
      <div class="row end">
        <button type="button" onClick={() => set({ open: false })}>
          {t('tasks.cancel')}
        </button>
        <button type="submit" class="primary" data-testid="task-submit" disabled={!draft.title.trim() || dueAt === null}>
          {t('tasks.submit')}
        </button>
      </div>
    </form>
  );
}
