import type { PageContext } from '@/model/context';
import type { IdentityKind } from '@/model/schemas';

/** A place in a host page's list where an owner badge goes, and whom it stands for. */
export interface BadgeAnchor {
  /** The badge is inserted right after this element. */
  element: Element;
  /** What identifies the customer of this row: usually an email, else a CRM record or phone. */
  identity: { kind: IdentityKind; value: string };
}

/** One host site: how to read who is on screen. Pure reading, no side effects. */
export interface SiteAdapter {
  /** Short stable name, kept with notes as their source (`gmail`, `outlook`…). */
  site: string;
  /** Who the page shows now. Called once per animation frame at most, after DOM changes. */
  detect(doc: Document, url: URL): PageContext;
  /** The list rows on screen that get an owner badge (inbox rows, CRM list views). */
  rows?(doc: Document, url: URL): BadgeAnchor[];
  /**
   * Same-origin iframes whose documents hold the content (QQ Mail's `mainFrame`, NetEase's mail
   * body): the runtime watches their DOM too. `detect` reads them through `contentDocument`.
   */
  frames?: string;
}
