import { dateText } from './format';
import { localTimeZone } from '@/model/calendar';
import { useState } from 'preact/hooks';
import type { MemberView, MissedTaskView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { daysOverdue } from '@/model/followups';
import { t } from './i18n';
import { useActionError } from './useActionError';

interface Props {
  api: ApiClient;
  task: MissedTaskView;
  /** The team, for reassigning. */
  members: MemberView[];
  /** Who is looking: the manager who nudges. */
  me: MemberView;
  /** Whether to say whose it is (not under a heading that already does). */
  showAssignee?: boolean;
}

/**
 * A teammate's missed follow-up, for a manager: what, for whom, how late; opens its page, and
 * is reassigned or nudged (a note that mentions the assignee, who is notified) in place.
 */
export function MissedItem({ api, task, members, me, showAssignee = true }: Props) {
  const [reassigning, setReassigning] = useState(false);
  const [assignTo, setAssignTo] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  // Made once, where the manager first clicked: sending the nudge again never writes it twice.
  const [nudgeId, setNudgeId] = useState<string | null>(null);
  const [nudged, setNudged] = useState(false);
  const { error, run } = useActionError();
  const days = daysOverdue({ ...task, deletedAt: null }, Date.now(), localTimeZone());
  const others = members.filter((m) => m.active && m.id !== task.assigneeId);
  const due = dateText(task.dueAt, 'day');

  const nudge = async () => {
    const noteId = nudgeId ?? crypto.randomUUID();
    setNudgeId(noteId);
    const body = t('popup.nudgeBody', { manager: me.name, title: task.title, customer: task.customerName, due });
    if (await run(api.request('nudgeTask', { taskId: task.id, noteId, body }))) {
      setNudged(true);
      setStatus(t('popup.nudged', { name: task.assigneeName }));
    }
  };
  // Made on no page: its customer's latest page is looked up when asked for, not for every item listed.
  const openCustomerPage = async () => {
    const page = api.request('customerPage', { customerId: task.customerId });
    if (!(await run(page))) return;
    const url = await page;
    if (url) await browser.tabs.create({ url });
    else setStatus(t('search.noPage'));
  };
  const reassign = async (e: Event) => {
    e.preventDefault();
    const to = members.find((m) => m.id === assignTo);
    if (!to) return;
    if (await run(api.request('updateTask', { id: task.id, patch: { assigneeId: to.id } }))) {
      setReassigning(false);
      setStatus(t('popup.reassigned', { name: to.name }));
    }
  };

  return (
    <li class="task missed" data-testid="missed-item">
      <div class="task-head">
        <strong class="task-customer">{task.customerName}</strong>
        <span class="late">
          {days > 0 ? t('tasks.daysOverdue', { days }) : t('tasks.overdue')}
          {task.escalated && <span class="pill bad">{t('popup.escalated')}</span>}
        </span>
      </div>
      <div class="task-title">{task.title}</div>
      {showAssignee && <div class="muted small">{t('popup.assignee', { name: task.assigneeName })}</div>}
      {reassigning ? (
        <form class="task-actions" onSubmit={reassign}>
          <label class="sr-only" for={`reassign-${task.id}`}>
            {t('popup.reassignTo')}
          </label>
          <select
            id={`reassign-${task.id}`}
            data-testid="reassign-to"
            value={assignTo}
            onChange={(e) => setAssignTo(e.currentTarget.value)}
            required
          >
            <option value="" disabled>
              {t('popup.reassignTo')}
            </option>
            {others.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          <button type="submit" class="quiet" data-testid="reassign-submit" disabled={!assignTo}>
            {t('popup.reassignSave')}
          </button>
          <button type="button" class="quiet" onClick={() => setReassigning(false)}>
            {t('popup.cancel')}
          </button>
        </form>
      ) : (
        <div class="task-actions">
          {task.pageUrl ? (
            <a class="action" href={task.pageUrl} target="_blank" rel="noopener noreferrer" data-testid="missed-open">
              {t('popup.open')}
            </a>
          ) : (
            <button type="button" class="quiet" data-testid="missed-open" onClick={() => void openCustomerPage()}>
              {t('popup.open')}
            </button>
          )}
          <button type="button" class="quiet" data-testid="missed-reassign" onClick={() => setReassigning(true)}>
            {t('popup.reassign')}
          </button>
          <button type="button" class="quiet" data-testid="missed-nudge" disabled={nudged} onClick={() => void nudge()}>
            {t('popup.nudge', { name: task.assigneeName })}
          </button>
        </div>
      )}
      {(error ?? status) && (
        <p class={error ? 'error small' : 'ok small'} role={error ? 'alert' : 'status'}>
          {error ?? status}
        </p>
      )}
    </li>
  );
}
