import { z } from '../model/z';
import { ViewId } from './api';
import type { ApiClient } from './port-client';
import { SIDEBAR_KEY_MESSAGE } from './ports';

/** What the content script posts into the sidebar frame it made (content/sidebar-frame.ts). */
export const SidebarKeyMessage = z.strictObject({ type: z.literal(SIDEBAR_KEY_MESSAGE), viewId: ViewId });

/** More keys than a page view ever needs: past these, the host page is flooding the frame. */
const MAX_KEYS = 20;

/**
 * The page view this sidebar frame shows. The host page can post into the frame too, so a key is
 * only a candidate until the background confirms it is a view of this frame's own tab; the first
 * confirmed one is the sidebar's, and nothing posted later changes it. A frame the page made
 * itself never receives a real key, and so never shows anything.
 */
export function receiveSidebarView(api: Pick<ApiClient, 'request'>, win: Window = window): Promise<string> {
  return new Promise((resolve) => {
    const tried = new Set<string>();
    let settled = false;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== win.parent) return;
      const parsed = SidebarKeyMessage.safeParse(event.data);
      if (!parsed.success || tried.has(parsed.data.viewId) || tried.size >= MAX_KEYS) return;
      const { viewId } = parsed.data;
      tried.add(viewId);
      void api.request('openView', { viewId }).then(
        (ok) => {
          if (!ok || settled) return;
          settled = true;
          win.removeEventListener('message', onMessage);
          resolve(viewId);
        },
        () => {}, // Refused: not this tab's view.
      );
    };
    win.addEventListener('message', onMessage);
  });
}
