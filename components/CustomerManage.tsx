import { useState } from 'preact/hooks';
import type { SidebarView } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { CustomerPicker } from './CustomerPicker';
import { errorOf, t } from './i18n';
import type { MessageKey } from './messages';

/** The customer's addresses and links: move one to another customer, or merge the whole customer into another. */
export function CustomerManage({ api, view }: { api: ApiClient; view: SidebarView }) {
  const [moving, setMoving] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const customer = view.customer;
  if (!customer) return null;
  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setStatus(t('manage.done'));
      setMoving(null);
      setMerging(false);
    } catch (e) {
      setStatus(errorOf(e));
    }
  };
  return (
    <details class="manage">
      <summary>
        {t('manage.title')} ({view.identities.length})
      </summary>
      <ul class="notes">
        {view.identities.map((identity) => (
          <li key={identity.id} class="note" data-testid="identity-item">
            <div class="row spread">
              <span>
                <span class="muted">{t(`identity.${identity.kind}` as MessageKey)}:</span> {identity.value}
              </span>
              <button type="button" class="link" onClick={() => setMoving(moving === identity.id ? null : identity.id)}>
                {t('manage.moveTo')}
              </button>
            </div>
            {moving === identity.id && (
              <CustomerPicker
                api={api}
                testid="move"
                exclude={customer.id}
                onPick={(to) => {
                  if (confirm(t('manage.moveConfirm', { value: identity.value, to: to.name }))) {
                    void run(() =>
                      api.request('moveIdentity', { identityId: identity.id, toCustomerId: to.id, eventId: crypto.randomUUID() }),
                    );
                  }
                }}
              />
            )}
          </li>
        ))}
      </ul>
      <button type="button" data-testid="merge" onClick={() => setMerging(!merging)}>
        {t('manage.merge')}
      </button>
      {merging && (
        <CustomerPicker
          api={api}
          testid="merge"
          exclude={customer.id}
          onPick={(into) => {
            if (confirm(t('manage.mergeConfirm', { from: customer.name, into: into.name }))) {
              void run(() => api.request('mergeCustomers', { fromId: customer.id, intoId: into.id, eventId: crypto.randomUUID() }));
            }
          }}
        />
      )}
      {status && <p role="status">{status}</p>}
    </details>
  );
}
