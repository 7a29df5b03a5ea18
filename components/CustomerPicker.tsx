import { useEffect, useState } from 'preact/hooks';
import type { CustomerLite } from '@/client/api';
import type { ApiClient } from '@/client/port-client';
import { t } from './i18n';

/** A search box over the team's customers (the local copy); picking one calls `onPick`. */
export function CustomerPicker({
  api,
  exclude,
  onPick,
  testid,
}: {
  api: ApiClient;
  exclude?: string;
  onPick: (c: CustomerLite) => void;
  testid: string;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<CustomerLite[]>([]);
  useEffect(() => {
    let current = true;
    void api.request('searchCustomers', { query }).then((list) => current && setFound(list.filter((c) => c.id !== exclude)));
    return () => {
      current = false;
    };
  }, [api, query, exclude]);
  return (
    <div>
      <input
        type="search"
        data-testid={`${testid}-search`}
        placeholder={t('link.search')}
        value={query}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <ul class="picker">
        {found.map((c) => (
          <li key={c.id}>
            <button type="button" class="link" data-testid={`${testid}-option`} onClick={() => onPick(c)}>
              {c.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
