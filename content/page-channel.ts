import type { Runtime } from 'webextension-polyfill';
import type { PageMessage } from '@/client/api';
import { PAGE_PORT } from '@/client/ports';

/**
 * The content script's line to the background. The background's worker may stop at any time,
 * closing the Port; the channel reconnects and sends the latest context again, so the sidebar
 * never loses track of the page.
 */
export function pageChannel(signal: AbortSignal, onMessage: (message: unknown) => void = () => {}) {
  let port: Runtime.Port | null = null;
  // The latest message of each type, sent again after a reconnection.
  const latest = new Map<PageMessage['type'], PageMessage>();
  const connect = (): Runtime.Port | null => {
    if (port || signal.aborted) return port;
    try {
      port = browser.runtime.connect({ name: PAGE_PORT });
    } catch {
      return null; // The extension was reloaded: this content script is an orphan now.
    }
    port.onMessage.addListener(onMessage);
    port.onDisconnect.addListener(() => {
      port = null;
      if (!signal.aborted) setTimeout(() => latest.forEach(send), 100);
    });
    return port;
  };
  const send = (message: PageMessage) => {
    latest.set(message.type, message);
    try {
      connect()?.postMessage(message);
    } catch {
      port = null;
    }
  };
  signal.addEventListener('abort', () => port?.disconnect());
  return { send };
}
