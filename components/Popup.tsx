import { useEffect, useState } from 'preact/hooks';
import type { CustomerLite, PopupView, TaskView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { csvOfWeeklyReport, daysOverdue, dueBucket, isEscalated, quickPickDue, startOfWeek, weeklyStats } from '@/model/followups';
import { localDateString } from '@/model/calendar';
import type { Task } from '@/model/schemas';
import { relativeTime } from './format';
import { errorText, locale, t, type MessageKey } from './i18n';
import { SiteToggle } from './SiteToggle';
import { SyncStatus } from './SyncStatus';
import { dueText } from './due';
import { userTimeZone } from './time';
import { useSubscription } from './useSubscription';
import { WeekChart } from './WeekChart';

/** The toolbar popup: my follow-ups to do now, and for managers the team's misses. */
export function Popup({ api }: { api: ApiClient }) {
  const { value: view } = useSubscription(api, 'popup', {});
  const [tab, setTab] = useState<'mine' | 'team'>('mine');
  useEffect(() => {
    document.documentElement.lang = locale();
  }, []);
  if (!view) return <p class="muted popup">{t('sidebar.waiting')}</p>;
  if (!view.session) {
    return (
      <main class="popup">
        <p class="muted">{t('sidebar.signedOut')}</p>
        <button class="primary" type="button" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('sidebar.openOptions')}
        </button>
      </main>
    );
  }
  return (
    <main class="popup">
      <div class="row spread">
        <strong>{t('app.name')}</strong>
        <SyncStatus sync={view.sync} />
      </div>
      {view.session.member.role !== 'rep' && (
        <div class="row tabs" role="tablist">
          {(['mine', 'team'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={tab === name}
              class={tab === name ? 'primary' : ''}
              data-testid={`tab-${name}`}
              onClick={() => setTab(name)}
            >
              {t(name === 'mine' ? 'popup.mine' : 'popup.team')}
            </button>
          ))}
        </div>
      )}
      <SiteToggle api={api} />
      {tab === 'team' ? <TeamView view={view} api={api} /> : <MineView view={view} api={api} />}
    </main>
  );
}

function MineView({ view, api }: { view: PopupView; api: ApiClient }) {
  const [error, setError] = useState<string | null>(null);
  const now = Date.now();
  const zone = userTimeZone();
  const groups: { key: MessageKey; testid: string; tasks: TaskView[] }[] = [
    { key: 'popup.overdue', testid: 'overdue-item', tasks: [] },
    { key: 'popup.today', testid: 'due-today-item', tasks: [] },
    { key: 'popup.week', testid: 'week-item', tasks: [] },
  ];
  for (const task of view.mine) {
    const bucket = dueBucket({ ...task, deletedAt: null }, now, zone);
    if (bucket === 'overdue') groups[0]!.tasks.push(task);
    else if (bucket === 'today') groups[1]!.tasks.push(task);
    else if (bucket === 'week') groups[2]!.tasks.push(task);
  }
  const run = (action: Promise<unknown>) =>
    action.catch((e: { code?: string; message?: string }) => setError(errorText(e.code ?? '', e.message ?? String(e))));
  if (view.mine.length === 0) return <p class="muted">{t('popup.nothing')}</p>;
  return (
    <>
      {groups.map(
        (g) =>
          g.tasks.length > 0 && (
            <section key={g.key}>
              <h2>
                {t(g.key)} ({g.tasks.length})
              </h2>
              <ul class="notes">
                {g.tasks.map((task) => (
                  <li key={task.id} class="note" data-testid={g.testid}>
                    <div class="row spread">
                      <strong>{task.customerName}</strong>
                      <span class={g.testid === 'overdue-item' ? 'error' : 'muted'}>{dueText(task, now).text}</span>
                    </div>
                    <div>{task.title}</div>
                    <div class="row" style={{ marginTop: '4px' }}>
                      <button
                        type="button"
                        class="primary"
                        data-testid="popup-done"
                        onClick={() => void run(api.request('completeTask', { id: task.id, done: true }))}
                      >
                        {t('tasks.done')}
                      </button>
                      <button
                        type="button"
                        data-testid="popup-snooze"
                        onClick={() =>
                          void run(api.request('updateTask', { id: task.id, patch: { dueAt: quickPickDue('tomorrow', Date.now(), zone) } }))
                        }
                      >
                        {t('tasks.snooze')}
                      </button>
                      {task.source && /^https?:/.test(task.source.url) && (
                        <a href={task.source.url} target="_blank" rel="noopener noreferrer">
                          {t('popup.open')}
                        </a>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            </section>
          ),
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function TeamView({ view, api }: { view: PopupView; api: ApiClient }) {
  const { value: team } = useSubscription(api, 'teamOverview', {});
  if (!team) return <p class="muted">{t('sidebar.waiting')}</p>;
  const now = Date.now();
  const zone = userTimeZone();
  const names = new Map(view.members.map((m) => [m.id, m.name]));
  // Missed follow-ups grouped by the person responsible, most days overdue first.
  const byOwner = new Map<string, TaskView[]>();
  for (const task of team.overdue) byOwner.set(task.assigneeId, [...(byOwner.get(task.assigneeId) ?? []), task]);
  const weekTasks = team.week.map((task): Task => ({ ...task, createdBy: '', createdAt: 0, updatedAt: 0, doneBy: null, deletedAt: null }));
  const stats = weeklyStats(weekTasks, view.members, now, zone);
  const rows = stats.map((week) => ({ name: names.get(week.memberId) ?? '?', week }));
  const exportCsv = () => {
    const csv = csvOfWeeklyReport(rows, startOfWeek(now, zone), zone);
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    link.download = `sidenote-weekly-${localDateString(startOfWeek(now, zone), zone)}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  };
  return (
    <>
      <section>
        <h2>{t('popup.missedByOwner')}</h2>
        {byOwner.size === 0 && <p class="muted">{t('popup.noMissed')}</p>}
        {[...byOwner].map(([ownerId, tasks]) => (
          <div key={ownerId} data-testid="missed-group">
            <strong>
              {names.get(ownerId) ?? '?'} ({tasks.length})
            </strong>
            <ul class="notes">
              {tasks.map((task) => (
                <li key={task.id} class="note" data-testid="missed-item">
                  <div class="row spread">
                    <span>
                      {task.customerName}: {task.title}
                    </span>
                    <span class="error">
                      {t('tasks.daysOverdue', { days: daysOverdue({ ...task, deletedAt: null }, now, zone) })}
                      {isEscalated({ ...task, deletedAt: null }, now, team.settings.escalationDays) && (
                        <span class="pill"> {t('popup.escalated')}</span>
                      )}
                    </span>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
      <CustomerList title={t('popup.unowned')} customers={team.unowned} testid="unowned-item" />
      <CustomerList title={t('popup.stale', { days: team.settings.staleDays })} customers={team.stale} testid="stale-item" />
      <section>
        <h2>{t('popup.thisWeek')}</h2>
        <WeekChart rows={rows} />
        <button type="button" data-testid="export-csv" onClick={exportCsv}>
          {t('popup.exportCsv')}
        </button>
      </section>
    </>
  );
}

function CustomerList({ title, customers, testid }: { title: string; customers: CustomerLite[]; testid: string }) {
  return (
    <section>
      <h2>
        {title} ({customers.length})
      </h2>
      {customers.length === 0 ? (
        <p class="muted">{t('popup.none')}</p>
      ) : (
        <ul class="notes">
          {customers.slice(0, 50).map((c) => (
            <li key={c.id} class="note row spread" data-testid={testid}>
              <span>{c.name}</span>
              <span class="muted">{relativeTime(c.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
