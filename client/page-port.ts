import type { Runtime } from 'webextension-polyfill';
import { PageMessage, type BadgesMessage, type RowIdentity } from './api';
import { ownerBadges } from './badges';
import { hopMark } from './hop-marks';
import type { BackgroundState } from './context';
import { watchQuery } from './live';
import { adapterUpkeep } from './page-adapters';
import { Signal } from './signal';

/**
 * One content script's Port: it reports what its page shows (the customer context, the list
 * rows' identities); the background answers with owner badges for the rows, and again
 * whenever an owner changes, so badges update live.
 */
export function servePagePort(port: Runtime.Port, state: BackgroundState): void {
  const views = new Set<string>();
  const upkeep = adapterUpkeep(port, state.siteSelectors, state.recognition);
  const rows = new Signal<Map<string, RowIdentity[]>>(new Map());
  const stopBadges = watchQuery(
    async () => {
      const session = await state.getSession();
      const out: BadgesMessage[] = [];
      for (const [viewId, identities] of rows.value)
        out.push({ type: 'badges', viewId, badges: await ownerBadges(state.db, session, identities) });
      return out;
    },
    [rows, state.session],
    (messages) => {
      for (const message of messages) {
        try {
          port.postMessage(message);
        } catch {
          // The page went away; onDisconnect cleans up.
        }
      }
    },
    (e) => console.error('Sidenote badges:', e),
  );
  port.onMessage.addListener((raw: unknown) => {
    const parsed = PageMessage.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    // A view is its content script's: another Port (another tab) naming it is not heard.
    const owner = state.pagePorts.get(message.viewId);
    if (owner && owner !== port) return;
    views.add(message.viewId);
    state.pagePorts.set(message.viewId, port);
    if (message.type === 'context') {
      hopMark('context-received');
      state.setContext(message, port.sender?.tab?.id);
      upkeep.context(message.viewId, message.context);
    } else rows.set(new Map(rows.value).set(message.viewId, message.identities));
  });
  port.onDisconnect.addListener(() => {
    stopBadges();
    upkeep.close(views);
    state.forgetContexts(views);
  });
}
