import { CUSTOMERS_LISTED, type CustomerLite, type MemberView, type PopupView, type TeamOverview } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { localDateString, localTimeZone } from '@/model/calendar';
import { csvOfWeeklyReport } from '@/model/followups';
import { countText, relativeTime, remainingText } from './format';
import { t } from './i18n';
import { MissedItem } from './MissedItem';
import { useSubscription } from './useSubscription';
import { WeekChart } from './WeekChart';

/**
 * The popup's Team tab, for managers: the team's missed follow-ups by assignee (each opened,
 * reassigned or nudged in place), this week by person, customers with no owner and quiet ones.
 */
export function PopupTeam({ api, view, me }: { api: ApiClient; view: PopupView; me: MemberView }) {
  const { value: team } = useSubscription(api, 'teamOverview', {});
  if (!team) return <p class="muted">{t('popup.loading')}</p>;
  const missedCount = team.missed.reduce((n, group) => n + group.count, 0);
  return (
    <>
      <section aria-labelledby="team-missed-all">
        <h2 id="team-missed-all">
          {t('popup.teamMissed')} ({countText(missedCount)})
        </h2>
        {missedCount === 0 && <p class="muted">{t('popup.noMissed')}</p>}
        {team.missed.map((group) => (
          <div key={group.assigneeId} class="missed-group" data-testid="missed-group">
            <h3 class="row spread">
              <span>
                {group.assigneeName} · {t('popup.missedOf', { count: countText(group.count) })}
              </span>
              {group.escalated > 0 && <span class="pill bad">{t('popup.escalatedCount', { count: countText(group.escalated) })}</span>}
            </h3>
            <ul class="followups">
              {group.items.map((task) => (
                <MissedItem key={task.id} api={api} task={task} members={view.members} me={me} showAssignee={false} />
              ))}
            </ul>
            {group.count > group.items.length && (
              <p class="muted small">{t('popup.more', { count: remainingText(group.count, group.items.length) })}</p>
            )}
          </div>
        ))}
      </section>
      {team.unacked.count > 0 && (
        <section aria-labelledby="team-unacked">
          <h2 id="team-unacked">
            {t('popup.unacked')} ({countText(team.unacked.count)})
          </h2>
          <ul class="customers">
            {team.unacked.items.map((c) => (
              <li key={c.noteId} data-testid="unacked-item">
                <div>
                  <strong>{c.customerName}</strong> · {t(`change.topic.${c.change.topic}`)}: {c.change.summary}
                </div>
                <div class="muted small">
                  {c.authorName} · {relativeTime(c.at)} · {t('popup.unackedWaiting', { names: c.waiting.join(t('list.separator')) })}
                </div>
              </li>
            ))}
          </ul>
          {team.unacked.count > team.unacked.items.length && (
            <p class="muted small">{t('popup.more', { count: remainingText(team.unacked.count, team.unacked.items.length) })}</p>
          )}
        </section>
      )}
      <section aria-labelledby="team-week">
        <h2 id="team-week">{t('popup.thisWeek')}</h2>
        <WeekChart rows={team.week} />
        <button type="button" class="quiet" data-testid="export-csv" onClick={() => exportCsv(team)}>
          {t('popup.exportCsv')}
        </button>
      </section>
      <CustomerList title={t('popup.unowned')} list={team.unowned} testid="unowned-item" />
      <CustomerList title={t('popup.stale', { days: team.settings.staleDays })} list={team.stale} testid="stale-item" />
    </>
  );
}

/** The weekly report as a CSV download, in the same numbers as the chart. */
function exportCsv(team: TeamOverview) {
  const zone = localTimeZone();
  const rows = team.week.map(({ name, ...week }) => ({ name, week }));
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([csvOfWeeklyReport(rows, team.weekStart, zone)], { type: 'text/csv;charset=utf-8' }));
  link.download = `sidenote-weekly-${localDateString(team.weekStart, zone)}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function CustomerList({ title, list, testid }: { title: string; list: { count: number; items: CustomerLite[] }; testid: string }) {
  return (
    <section>
      <h2>
        {title} ({countText(list.count)})
      </h2>
      {list.count === 0 ? (
        <p class="muted">{t('popup.none')}</p>
      ) : (
        <ul class="customers">
          {list.items.slice(0, CUSTOMERS_LISTED).map((c) => (
            <li key={c.id} class="row spread" data-testid={testid}>
              <span>{c.name}</span>
              <span class="muted small">{relativeTime(c.updatedAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {list.count > list.items.length && (
        <p class="muted small">{t('popup.more', { count: remainingText(list.count, list.items.length) })}</p>
      )}
    </section>
  );
}
