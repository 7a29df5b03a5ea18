import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { coversAll, knownSiteOrigins } from './site-access';

/**
 * Asks for access to the mail and CRM sites Sidenote knows when the browser has not granted it:
 * Firefox treats host permissions as optional, so a new install starts without them. In Chrome
 * they come with the install and this shows nothing.
 */
export function SiteAccess() {
  const [origins] = useState(() => knownSiteOrigins(browser.runtime.getManifest()));
  const [granted, setGranted] = useState<boolean | undefined>(undefined);
  const [denied, setDenied] = useState(false);
  useEffect(() => {
    const check = () => void browser.permissions.getAll().then((all) => setGranted(coversAll(all.origins ?? [], origins)));
    check();
    browser.permissions.onAdded.addListener(check);
    browser.permissions.onRemoved.addListener(check);
    return () => {
      browser.permissions.onAdded.removeListener(check);
      browser.permissions.onRemoved.removeListener(check);
    };
  }, [origins]);
  if (granted !== false || origins.length === 0) return null;
  return (
    <section class="card" data-testid="site-access">
      <h2>{t('access.title')}</h2>
      <p>{t('access.why')}</p>
      <p>
        <button
          type="button"
          class="primary"
          data-testid="site-access-grant"
          onClick={async () => {
            // First thing in the click: Firefox grants only in direct answer to the user.
            const ok = await browser.permissions.request({ origins });
            setDenied(!ok);
            if (ok) setGranted(true);
          }}
        >
          {t('access.grant')}
        </button>
      </p>
      {denied && (
        <p role="status" data-testid="site-access-denied">
          {t('access.denied')}
        </p>
      )}
    </section>
  );
}
