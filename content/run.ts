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
    watchFrames();
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
  const watch = (doc: Document) => observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  watch(document);
  signal.addEventListener('abort', () => observer.disconnect());
  // Sites that show the mail inside same-origin iframes: watch those documents too, and again
  // each time a frame loads a new one (its URL changes while the top page's does not).
  const framesSeen = new WeakSet<Element>();
  const watchFrames = () => {
    if (!adapter.frames) return;
    for (const frame of document.querySelectorAll<HTMLIFrameElement>(adapter.frames)) {
      if (framesSeen.has(frame)) continue;
      framesSeen.add(frame);
      const attach = () => {
        try {
          if (frame.contentDocument) watch(frame.contentDocument);
        } catch {
          // Cross-origin: not ours to read.
        }
        schedule();
      };
      frame.addEventListener('load', attach, { signal });
      attach();
    }
  };
  ctx.addEventListener(window, 'hashchange', schedule);
  ctx.addEventListener(window, 'popstate', schedule);
  detectNow();
}
