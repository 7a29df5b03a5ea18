import { useEffect, useState } from 'preact/hooks';
import type { MemberView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import type { ActivityView } from '@/model/admin';
import { failureText } from './attempt';
import { fullTime, relativeTime } from './format';
import { hasMessage, stageName, t } from './i18n';
import type { MessageKey } from './messages';

/** One entry in words: who did what, to whom or to which customer. */
function describe(entry: ActivityView, nameOf: (id: unknown) => string): string {
  const p = entry.payload;
  const role = (r: unknown) => (typeof r === 'string' ? t(`role.${r}` as MessageKey) : '');
  const params: Record<string, string> = {
    name: typeof p.name === 'string' ? p.name : nameOf(p.memberId),
    role: role(p.role),
    from: entry.type === 'member.role_changed' ? role(p.from) : typeof p.from === 'string' ? stageName(p.from) : '',
    to: entry.type === 'member.role_changed' ? role(p.to) : typeof p.to === 'string' ? stageName(p.to) : '',
    toName: nameOf(p.to),
    title: typeof p.title === 'string' ? p.title : '',
  };
  const key = `activity.${entry.type}`;
  return hasMessage(key) ? t(key, params) : entry.type;
}

/** Admins: the team's activity log, newest first, a page at a time. */
export function ActivityLog({ api, members }: { api: ApiClient; members: MemberView[] }) {
  const [entries, setEntries] = useState<ActivityView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = (after: string | null) =>
    api.request('teamActivity', { after }).then(
      (page) => {
        setEntries((old) => (after ? [...old, ...page.entries] : page.entries));
        setCursor(page.cursor);
      },
      (err: unknown) => setStatus(failureText(err)),
    );
  // Anything the team changes may add to the log: read the first page again then.
  useEffect(() => void load(null), [api, members]);
  const nameOf = (id: unknown) => members.find((m) => m.id === id)?.name ?? t('admin.someone');
  return (
    <section class="card" data-testid="admin-activity">
      <h2>{t('admin.activityTitle')}</h2>
      {entries.length === 0 && <p class="muted">{t('admin.activityEmpty')}</p>}
      <ul class="list activity">
        {entries.map((e) => (
          <li key={e.id} data-testid="activity-item" data-type={e.type}>
            <time dateTime={new Date(e.at).toISOString()} title={fullTime(e.at)}>
              {relativeTime(e.at)}
            </time>{' '}
            {/* "Li Lei joined", not "Li Lei Li Lei joined": the actor is named once. */}
            {e.actorId !== e.payload.memberId && (
              <strong>{e.actorName ?? (e.actorId === 'cli' ? t('admin.commandLine') : t('admin.someone'))} </strong>
            )}
            {describe(e, nameOf)}
            {e.customerName && <span class="muted"> · {e.customerName}</span>}
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" class="link" onClick={() => void load(cursor)}>
          {t('admin.activityMore')}
        </button>
      )}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
