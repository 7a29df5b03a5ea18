import { readPopupSnapshot, type SessionArea } from '@/client/popup-snapshot';
import { showKeptScreen } from '@/components/popup-snapshot';

/**
 * The popup's first script, a classic one (popup.html): it runs while the popup's modules are
 * still loading, and shows the screen kept from the last opening until the live popup renders.
 */
export default defineUnlistedScript(() => {
  // Without the polyfill (this script is kept small): Firefox has `browser`, Chrome `chrome`;
  // both give promises in Manifest V3.
  const ext = globalThis as { browser?: { storage: { session: SessionArea } }; chrome?: { storage: { session: SessionArea } } };
  const area = (ext.browser ?? ext.chrome)?.storage.session;
  const app = document.getElementById('app');
  if (!area || !app) return;
  readPopupSnapshot(area, new Date()).then(
    (snapshot) => snapshot && showKeptScreen(app, snapshot),
    (error: unknown) => console.warn('Sidenote: the popup’s last screen could not be read', error),
  );
});
