import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '@/sites/types';
import { pageChannel } from './page-channel';
import { mountSidebarFrame } from './sidebar-frame';

/**
 * Runs a site adapter on this page: mounts the sidebar, then tells the background who is on
 * screen whenever that changes. DOM changes and in-app navigation are batched into one
 * detection per animation frame; nothing is sent while the answer stays the same.
 */
export function runSiteAdapter(adapter: SiteAdapter, ctx: ContentScriptContext): void {
  const { signal } = ctx;
  const viewId = crypto.randomUUID();
  const channel = pageChannel(signal);
  mountSidebarFrame(viewId, signal);

  let last = '';
  let scheduled = false;
  const detectNow = () => {
    scheduled = false;
    const context = adapter.detect(document, new URL(location.href));
    const key = JSON.stringify(context);
    if (key === last) return;
    last = key;
    channel.send({ type: 'context', viewId, context });
  };
  const schedule = () => {
    if (scheduled || signal.aborted) return;
    scheduled = true;
    // Hidden tabs get no animation frames; they still follow navigation, just less eagerly.
    if (document.hidden) ctx.setTimeout(detectNow, 250);
    else ctx.requestAnimationFrame(detectNow);
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body ?? document.documentElement, { childList: true, subtree: true });
  signal.addEventListener('abort', () => observer.disconnect());
  ctx.addEventListener(window, 'hashchange', schedule);
  ctx.addEventListener(window, 'popstate', schedule);
  detectNow();
}
