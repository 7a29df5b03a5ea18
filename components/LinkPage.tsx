import { useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import { CustomerPicker } from './CustomerPicker';
import { errorOf, t } from './i18n';

/** Links the page by hand, for pages where Sidenote finds no one (or finds the wrong one). The name typed is a draft the sidebar keeps. */
export function LinkPage({ api, viewId, name, onName }: { api: ApiClient; viewId: string; name: string; onName(name: string): void }) {
  const [status, setStatus] = useState<string | null>(null);
  const link = async (customerId: string | null) => {
    try {
      await api.request('linkPage', { viewId, identityId: crypto.randomUUID(), customerId, name: customerId ? null : name });
      setStatus(t('link.done'));
    } catch (e) {
      setStatus(errorOf(e));
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
          onInput={(e) => onName(e.currentTarget.value)}
        />
        <button type="button" data-testid="link-new" disabled={!name.trim()} onClick={() => void link(null)}>
          {t('link.new', { name: name.trim() || '…' })}
        </button>
      </div>
      {status && <p role="status">{status}</p>}
    </details>
  );
}
