import type { PageContext } from '@/model/context';

/** One host site: how to read who is on screen. Pure reading, no side effects. */
export interface SiteAdapter {
  /** Short stable name, kept with notes as their source (`gmail`, `outlook`…). */
  site: string;
  /** Who the page shows now. Called once per animation frame at most, after DOM changes. */
  detect(doc: Document, url: URL): PageContext;
}
