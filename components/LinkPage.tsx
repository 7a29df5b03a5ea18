import { useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import { CustomerPicker } from './CustomerPicker';
import { errorText, t } from './i18n';

/** Links the page by hand, for pages where Sidenote finds no one (or finds the wrong one). */
export function LinkPage({ api, viewId, suggestedName }: { api: ApiClient; viewId: string; suggestedName: string }) {
  const [name, setName] = useState(suggestedName);
  const [status, setStatus] = useState<string | null>(null);
  const link = async (customerId: string | null) => {
    try {
      await api.request('linkPage', { viewId, customerId, name: customerId ? null : name });
      setStatus(t('link.done'));
    } catch (e) {
      const err = e as { code?: string; message?: string };
      setStatus(errorText(err.code ?? '', err.message ?? String(e)));
    }
  };
  return (
    <details class="link-page" data-testid="link-page">
      <summary>{t('link.title')}</summary>
      <CustomerPicker api={api} testid="link" onPick={(c) => void link(c.id)} />
      <div class="row">
        <input
          data-testid="link-new-name"
          placeholder={t('link.newPlaceholder')}
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <button type="button" data-testid="link-new" disabled={!name.trim()} onClick={() => void link(null)}>
          {t('link.new', { name: name.trim() || '…' })}
        </button>
      </div>
      {status && <p role="status">{status}</p>}
    </details>
  );
}
