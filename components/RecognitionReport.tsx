import { useState } from 'preact/hooks';
import type { Requests, ResultOf } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { relativeTime, fullTime } from './format';
import { errorText, t } from './i18n';
import type { MessageKey } from './messages';

type Summary = ResultOf<Requests['recognitionReport']>;

/**
 * For admins: how often the team's pages were recognised only in part (or not at all), per site,
 * host, kind of view and what was missing. A new row with a growing count is a host changing its
 * markup; a selector file fixes it (README, "When a site changes its markup").
 */
export function RecognitionReport({ api }: { api: ApiClient }) {
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => {
    setError(null);
    api.request('recognitionReport', {}).then(setSummary, (err: { code?: string; message?: string }) => {
      setError(errorText(err.code ?? '', err.message ?? String(err)));
    });
  };
  return (
    <section class="card recognition">
      <h2>{t('recognition.title')}</h2>
      <p class="muted">{t('recognition.intro')}</p>
      <button type="button" data-testid="recognition-load" onClick={load}>
        {t('recognition.load')}
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {summary && summary.counts.length === 0 && <p class="muted">{t('recognition.none')}</p>}
      {summary && summary.counts.length > 0 && (
        <table class="counts">
          <thead>
            <tr>
              <th>{t('recognition.where')}</th>
              <th>{t('recognition.what')}</th>
              <th>{t('recognition.count')}</th>
              <th>{t('recognition.last')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.counts.map((c) => (
              <tr key={`${c.site} ${c.host} ${c.view} ${c.layout} ${c.missing.join()}`} data-testid="recognition-row">
                <td>
                  <strong>{c.host}</strong> <span class="muted">{[c.site, c.view].filter(Boolean).join(' · ')}</span>
                </td>
                <td class="error">
                  {c.layout === 'unrecognised'
                    ? t('recognition.unrecognised')
                    : c.missing.map((part) => t(`check.missing.${part}` as MessageKey)).join(t('check.missing.separator'))}
                </td>
                <td>{c.count}</td>
                <td title={fullTime(c.lastSeenAt)}>{relativeTime(c.lastSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
