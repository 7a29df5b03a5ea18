/**
 * Every `browser.storage.local` key the extension uses, declared once. Content scripts can read
 * this storage, so nothing secret belongs here: the session (and its token) lives in the
 * background's IndexedDB (`$session`, client/session.ts).
 */
export const STORAGE_KEYS = {
  /**
   * Where versions before Dexie schema 14 kept the session, token included: read once at start to
   * move it into `$session`, then removed (client/session.ts `migrateLegacySession`).
   */
  legacySession: 'session',
  /** This device's reminder settings (client/prefs.ts). */
  prefs: 'prefs',
  /** Whether the sidebar is collapsed, per site and kind of view (content/sidebar-layout.ts). */
  sidebarCollapsed: 'sidebarCollapsed:v2',
} as const;
