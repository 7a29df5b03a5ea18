import { useEffect, useState } from 'preact/hooks';
import type { ApiClient } from '@/client/port-client';
import { errorText, t } from './i18n';

interface Access {
  origin: string | null;
  builtIn: boolean;
  enabled: boolean;
}

/**
 * On a site Sidenote does not know (an in-house CRM, a supplier portal), the user can turn it on
 * from the popup: the browser asks for access to that one site, and the sidebar appears.
 */
export function SiteToggle({ api }: { api: ApiClient }) {
  const [tab, setTab] = useState<{ id: number | null; url: string } | null>(null);
  const [access, setAccess] = useState<Access | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  useEffect(() => {
    void browser.tabs.query({ active: true, currentWindow: true }).then(([active]) => {
      if (active?.url) setTab({ id: active.id ?? null, url: active.url });
    });
  }, []);
  useEffect(() => {
    if (tab) void api.request('siteAccess', { url: tab.url }).then(setAccess);
  }, [api, tab]);
  if (!tab || !access?.origin || access.builtIn) return null;
  const host = new URL(access.origin).host;
  const fail = (e: unknown) => {
    const err = e as { code?: string; message?: string };
    setStatus(errorText(err.code ?? '', err.message ?? String(e)));
  };
  if (access.enabled) {
    return (
      <p class="muted row spread" data-testid="site-on">
        {t('site.on', { host })}
        <button
          type="button"
          onClick={() =>
            void api.request('disableSite', { origin: access.origin! }).then(() => setAccess({ ...access, enabled: false }), fail)
          }
        >
          {t('site.turnOff')}
        </button>
      </p>
    );
  }
  return (
    <p>
      <button
        type="button"
        class="primary"
        data-testid="site-turn-on"
        onClick={async () => {
          // Asked here, in the click: browsers grant site access only in answer to the user.
          const granted = await browser.permissions.request({ origins: [`${access.origin}/*`] });
          if (!granted) return setStatus(t('site.denied', { host }));
          await api
            .request('enableSite', { origin: access.origin!, tabId: tab.id })
            .then(() => setAccess({ ...access, enabled: true }), fail);
        }}
      >
        {t('site.turnOn', { host })}
      </button>
      {status && <span role="status"> {status}</span>}
    </p>
  );
}
