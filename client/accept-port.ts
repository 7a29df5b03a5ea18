import type { Runtime } from 'webextension-polyfill';
import { API_PORT, PAGE_PORT } from './ports';
import { CALLERS, callerOf, isExtensionPage, type CallerName } from './callers';
import type { BackgroundState } from './context';
import { servePagePort } from './page-port';
import { serveApi, type ApiCaller, type RequestHandlers, type SubscriptionHandlers } from './port-server';

/**
 * An API caller as the background checked it: a framed page (the sidebar) may name only the page
 * views of its own tab; the other pages name none.
 */
function apiCaller(name: CallerName, sender: Runtime.MessageSender, state: BackgroundState): ApiCaller {
  const tabId = sender.tab?.id;
  return {
    name,
    async mayUseViews(viewIds) {
      if (!CALLERS[name].framed || tabId === undefined) return false;
      const answers = await Promise.all(viewIds.map((viewId) => state.isViewOfTab(viewId, tabId)));
      return answers.every(Boolean);
    },
  };
}

/**
 * Decides who a new Port is from, by what the browser says of its sender, and serves it its own
 * channel: content scripts (in a tab, on a host page's URL) the narrow page channel; the
 * extension's pages the data API, each to its own vocabulary (client/callers.ts); anything else
 * is disconnected at once.
 */
export function acceptPort(
  port: Runtime.Port,
  state: BackgroundState,
  handlers: RequestHandlers,
  subscriptions: SubscriptionHandlers,
): void {
  const sender = port.sender;
  // Nothing from web pages or other extensions.
  if (sender?.id !== browser.runtime.id) return port.disconnect();
  if (port.name === PAGE_PORT) {
    if (sender.tab?.id === undefined || isExtensionPage(sender.url)) return port.disconnect();
    return servePagePort(port, state);
  }
  const caller = port.name === API_PORT ? callerOf(sender) : null;
  if (!caller) return port.disconnect();
  serveApi(port, apiCaller(caller, sender, state), handlers, subscriptions);
}
