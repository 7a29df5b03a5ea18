import type { ApiClient } from '@/client/port-client';
import { t } from './i18n';
import { fullTime } from './format';
import { useSubscription } from './useSubscription';

/** Rows a pull brought that this device could not read: shown so someone can report them. */
export function SetAsideRows({ api }: { api: ApiClient }) {
  const { value: rows } = useSubscription(api, 'setAside', {});
  if (!rows?.length) return null;
  return (
    <section class="card" data-testid="set-aside">
      <h2>{t('setAside.title')}</h2>
      <p>{t('setAside.explain', { count: rows.length })}</p>
      <ul>
        {rows.map((row) => (
          <li key={row.key} data-testid="set-aside-row">
            <code>{row.key}</code> — {row.error} <span class="muted">({fullTime(row.at)})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
