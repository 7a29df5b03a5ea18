import type { PageContext } from '@/model/context';
import type { IdentityKind } from '@/model/schemas';
import type { SelectorTable } from './selectors';

/** A place in a host page's list where an owner badge goes, and whom it stands for. */
export interface BadgeAnchor {
  /** The badge is inserted right after this element. */
  element: Element;
  /** What identifies the customer of this row: usually an email, else a CRM record or phone. */
  identity: { kind: IdentityKind; value: string };
}

/** The list rows on screen: anchors for those whose customer could be read, and how many could not. */
export interface ListRows {
  anchors: BadgeAnchor[];
  /** Rows that showed no address (or record) the adapter could read: a list of only these is broken. */
  unreadable: number;
}

/** One host site: how to read who is on screen. Pure reading, no side effects. */
export interface SiteAdapter {
  /** Short stable name, kept with notes as their source (`gmail`, `outlook`…), and the selector file's name for it. */
  site: string;
  /** Who the page shows now. Called once per animation frame at most, after DOM changes. */
  detect(doc: Document, url: URL): PageContext;
  /** The list rows on screen that get an owner badge (inbox rows, CRM list views). */
  rows?(doc: Document, url: URL): ListRows;
  /**
   * Same-origin iframes whose documents hold the content (QQ Mail's `mainFrame`, NetEase's mail
   * body): the runtime watches their DOM too. `detect` reads them through `contentDocument`.
   */
  frames?: string;
  /** The adapter's CSS selectors by key, which the team's selector file can override (sites/selectors.ts). */
  selectors: { readonly builtIn: SelectorTable; override(table: Readonly<Record<string, readonly string[]>>, doc: Document): boolean };
}
