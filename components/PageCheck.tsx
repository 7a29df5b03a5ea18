import { useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import type { ResultOf, Requests } from '@/client/api';
import { t } from './i18n';
import type { MessageKey } from './messages';

type Pages = ResultOf<Requests['checkPages']>;
type Context = Pages[number]['context'];

/** "recognised", or "recognised only in part: no sender found" when the adapter missed a part of the view. */
function layoutText(context: Context): string {
  if (!context.missing.length) return t(`check.layout.${context.layout}` as MessageKey);
  const missing = context.missing.map((part) => t(`check.missing.${part}` as MessageKey)).join(t('check.missing.separator'));
  return t('check.layout.partial', { missing });
}

/** Lists, for every open page running Sidenote, which adapter recognised it and what it found. */
export function PageCheck({ api }: { api: ApiClient }) {
  const [pages, setPages] = useState<Pages | null>(null);
  return (
    <section class="card page-check">
      <h2>{t('check.title')}</h2>
      <button type="button" data-testid="check-pages" onClick={() => void api.request('checkPages', {}).then(setPages)}>
        {t('check.run')}
      </button>
      {pages && pages.length === 0 && <p class="muted">{t('check.none')}</p>}
      {pages?.map(({ context, candidates }, i) => (
        <dl key={i} class="check" data-testid="check-page" data-layout={context.layout} data-missing={context.missing.join(' ')}>
          <dt>{t('check.site')}</dt>
          <dd>
            <strong>{context.site}</strong> <span class="muted">{context.url.slice(0, 120)}</span>
          </dd>
          <dt>{t('check.layout')}</dt>
          <dd class={context.layout === 'unrecognised' || context.missing.length ? 'error' : ''} data-testid="check-layout">
            {layoutText(context)}
          </dd>
          <dt>{t('check.people')}</dt>
          <dd>{context.people.map((p) => (p.name ? `${p.name} <${p.email}>` : p.email)).join(', ') || '—'}</dd>
          {context.crm && (
            <>
              <dt>{t('check.record')}</dt>
              <dd>
                {context.crm.system} {context.crm.objectType} {context.crm.id}
              </dd>
            </>
          )}
          {context.phones.length > 0 && (
            <>
              <dt>{t('check.phones')}</dt>
              <dd>{context.phones.join(', ')}</dd>
            </>
          )}
          <dt>{t('check.customers')}</dt>
          <dd>{candidates.map((c) => `${c.name}${c.customerId ? '' : ` (${t('check.new')})`}`).join(', ') || '—'}</dd>
        </dl>
      ))}
    </section>
  );
}
