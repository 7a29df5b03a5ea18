import type { Runtime } from 'webextension-polyfill';
import type { PageContext } from '@/model/context';
import type { SelectorsMessage } from './api';
import type { RecognitionCounter } from './recognition';
import type { SiteSelectorSync } from './site-selectors';

/**
 * The upkeep of one content script's site adapter, beside its page Port (client/page-port.ts):
 * it hands the page the team's selectors for its site once the page names the site, and again
 * whenever the team publishes a new file; and it counts the page's contexts that were
 * recognised only in part, for the team's admin.
 */
export function adapterUpkeep(port: Runtime.Port, selectors: SiteSelectorSync, recognition: RecognitionCounter) {
  const sites = new Set<string>();
  const send = async (site: string) => {
    const message: SelectorsMessage = { type: 'selectors', site, selectors: await selectors.forSite(site) };
    try {
      port.postMessage(message);
    } catch {
      // The page went away; the Port's onDisconnect cleans up.
    }
  };
  const stopListening = selectors.file.listen(() => sites.forEach((site) => void send(site)));
  return {
    /** A context the page reported. */
    context(viewId: string, context: PageContext): void {
      recognition.observe(viewId, context);
      if (sites.has(context.site)) return;
      sites.add(context.site);
      void send(context.site);
    },
    /** The Port closed. */
    close(viewIds: Iterable<string>): void {
      stopListening();
      recognition.forget(viewIds);
    },
  };
}
