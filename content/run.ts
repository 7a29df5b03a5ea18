import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SidebarCommandMessage } from '@/client/api';
import type { PageContext } from '@/model/context';
import { withRowProblems } from '@/sites/partial';
import type { BadgeAnchor, SiteAdapter } from '@/sites/types';
import { BadgeRenderer, parseBadges } from './badges';
import { hopMark } from '@/client/hop-marks';
import { pageChannel } from './page-channel';
import { parseSelectors } from './selectors';
import { mountSidebarFrame } from './sidebar-frame';
import type { ViewKind } from './sidebar-layout';

/** A view with one customer on it is a record; one without ('idle': an inbox, a CRM list) a list. */
const VIEW_KINDS: Record<PageContext['layout'], ViewKind> = { recognised: 'record', idle: 'list', unrecognised: 'unrecognised' };

/** The background's sidebar command (the keyboard shortcut, Esc in the sidebar), checked by hand. */
function parseSidebarCommand(raw: unknown): SidebarCommandMessage | null {
  const m = raw as SidebarCommandMessage;
  return m && m.type === 'sidebar' && (m.action === 'toggle' || m.action === 'close') ? m : null;
}

/**
 * Runs a site adapter on this page: mounts the sidebar, then tells the background who is on
 * screen whenever that changes. DOM changes and in-app navigation are batched into one
 * detection per animation frame; nothing is sent while the answer stays the same. The team's
 * selector file, when the background hands one over, replaces the adapter's selectors by key and
 * the page is read again at once.
 */
export function runSiteAdapter(adapter: SiteAdapter, ctx: ContentScriptContext): void {
  const { signal } = ctx;
  const viewId = crypto.randomUUID();
  const badges = new BadgeRenderer();
  let anchors: BadgeAnchor[] = [];
  let last = '';
  let lastRows = '';
  const channel = pageChannel(signal, (raw) => {
    const command = parseSidebarCommand(raw);
    if (command) return frame.command(command.action);
    const selectors = parseSelectors(raw);
    if (selectors) {
      if (selectors.site !== adapter.site || !adapter.selectors.override(selectors.selectors, document)) return;
      last = lastRows = '';
      return schedule();
    }
    const message = parseBadges(raw);
    if (!message || message.viewId !== viewId) return;
    badges.setBadges(message.badges);
    badges.render(anchors);
  });
  const frame = mountSidebarFrame(viewId, adapter.site, signal);

  // A list that keeps changing (a page busy re-rendering) asks the background about its rows at
  // most every 300 ms, the latest rows winning, so the worker does not recompute badges per frame.
  let rowsTimer: number | null = null;
  let rowsSentAt = 0;
  let pendingRows: BadgeAnchor['identity'][] = [];
  const sendRows = (identities: BadgeAnchor['identity'][]) => {
    pendingRows = identities;
    if (rowsTimer) return;
    const flush = () => {
      rowsTimer = null;
      rowsSentAt = Date.now();
      channel.send({ type: 'rows', viewId, identities: pendingRows });
    };
    const wait = rowsSentAt + 300 - Date.now();
    if (wait <= 0) flush();
    else rowsTimer = ctx.setTimeout(flush, wait);
  };
  let scheduled = false;
  const detectNow = () => {
    scheduled = false;
    watchFrames();
    const url = new URL(location.href);
    const rows = adapter.rows?.(document, url);
    const context = withRowProblems(adapter.detect(document, url), rows);
    const key = JSON.stringify(context);
    if (key !== last) {
      last = key;
      hopMark('context-sent');
      channel.send({ type: 'context', viewId, context });
      frame.setView(VIEW_KINDS[context.layout]);
    }
    if (!rows) return;
    // Owner badges: ask about new identities only; draw with what is known meanwhile.
    anchors = rows.anchors;
    const identities = anchors.map((a) => a.identity);
    const rowsKey = JSON.stringify(identities);
    if (rowsKey !== lastRows) {
      lastRows = rowsKey;
      sendRows(identities.slice(0, 1000));
    }
    badges.render(anchors);
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
  // A hash navigation (Gmail's threads) is read at once, not a frame later: the page's own
  // hashchange listeners, registered before ours, have already switched the view; what they
  // render later is caught by the observer. Setting location.hash fires popstate first, with
  // the old view still on screen: its detection waits a task, so the hashchange usually comes
  // first and the background is not sent the old view under the new URL.
  ctx.addEventListener(window, 'hashchange', () => {
    if (!signal.aborted) detectNow();
  });
  ctx.addEventListener(window, 'popstate', () => ctx.setTimeout(schedule, 0));
  detectNow();
}
