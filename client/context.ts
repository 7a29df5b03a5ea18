import type { PageContext } from '@/model/context';
import { MutationError } from '@/model/mutators';
import type { Runtime } from 'webextension-polyfill';
import type { PageMessage, SidebarCommandMessage, SyncView } from './api';
import type { SidenoteDB } from './db';
import { loadPrefs } from './prefs';
import { loadSession, migrateLegacySession, type Session } from './session';
import { Signal } from './signal';
import type { RecognitionCounter } from './recognition';
import type { SiteSelectorSync } from './site-selectors';
import type { SyncEngine } from './sync/engine';
import type { Prefs } from './api';

/**
 * What the background's request and subscription handlers share: the database, the session,
 * the pages' contexts, the sync engine. Signals hold what lives outside the database.
 */
export class BackgroundState {
  readonly session = new Signal<Session | null | undefined>(undefined);
  readonly contexts = new Signal<Map<string, PageContext>>(new Map());
  readonly prefs = new Signal<Prefs | undefined>(undefined);
  /** Which tab each page view is in, for the options page's check. */
  readonly tabs = new Map<string, number>();
  /** The Port each page view's content script talks on, to tell it what to do with its sidebar. */
  readonly pagePorts = new Map<string, Runtime.Port>();
  engine!: SyncEngine;
  /** The team's selector file, and the counts of pages recognised only in part (client/page-adapters.ts). */
  siteSelectors!: SiteSelectorSync;
  recognition!: RecognitionCounter;

  constructor(readonly db: SidenoteDB) {}

  /** The move of an older version's session out of `storage.local`, done before the first read. */
  private migrated: Promise<void> | null = null;

  async getSession(): Promise<Session | null> {
    if (this.session.value === undefined) {
      await (this.migrated ??= migrateLegacySession(this.db));
      // Another caller may have set it (a join) meanwhile: that one stays.
      const stored = await loadSession(this.db);
      if (this.session.value === undefined) this.session.set(stored);
    }
    return this.session.value ?? null;
  }

  async requireSession(): Promise<Session> {
    const s = await this.getSession();
    if (!s) throw new MutationError('forbidden', 'Join your team in Sidenote’s options first.');
    return s;
  }

  async getPrefs(): Promise<Prefs> {
    if (this.prefs.value === undefined) this.prefs.set(await loadPrefs());
    return this.prefs.value!;
  }

  async syncView(): Promise<SyncView> {
    return { ...this.engine.state.value, pending: await this.db.$outbox.count() };
  }

  /**
   * Whether `viewId` is a page view of tab `tabId`. A view not heard of yet is waited for a
   * moment: after the worker restarts, a sidebar may ask before its content script has told the
   * new worker of its view again.
   */
  isViewOfTab(viewId: string, tabId: number, waitMs = 3000): Promise<boolean> {
    if (this.tabs.has(viewId)) return Promise.resolve(this.tabs.get(viewId) === tabId);
    return new Promise((resolve) => {
      const done = (answer: boolean) => {
        clearTimeout(timer);
        stop();
        resolve(answer);
      };
      const timer = setTimeout(() => done(false), waitMs);
      const stop = this.contexts.listen(() => {
        if (this.tabs.has(viewId)) done(this.tabs.get(viewId) === tabId);
      });
    });
  }

  /** Records what a page says is on screen. */
  setContext({ viewId, context }: Extract<PageMessage, { type: 'context' }>, tabId?: number): void {
    if (tabId !== undefined) this.tabs.set(viewId, tabId);
    this.contexts.set(new Map(this.contexts.value).set(viewId, context));
  }

  forgetContexts(viewIds: Iterable<string>): void {
    const next = new Map(this.contexts.value);
    for (const id of viewIds) {
      next.delete(id);
      this.tabs.delete(id);
      this.pagePorts.delete(id);
    }
    this.contexts.set(next);
  }

  /** Tells the sidebar of one page view, or of every view in a tab, to toggle or close. */
  commandSidebar(where: { viewId: string } | { tabId: number }, action: SidebarCommandMessage['action']): void {
    const viewIds = 'viewId' in where ? [where.viewId] : [...this.tabs].filter(([, tab]) => tab === where.tabId).map(([view]) => view);
    const message: SidebarCommandMessage = { type: 'sidebar', action };
    for (const port of new Set(viewIds.map((v) => this.pagePorts.get(v)))) {
      try {
        port?.postMessage(message);
      } catch {
        // The page went away; its Port's onDisconnect forgets it.
      }
    }
  }
}
