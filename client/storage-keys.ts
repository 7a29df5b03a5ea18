/**
 * Every `browser.storage.local` key the extension uses, declared once. Content scripts can read
 * this storage, so nothing secret belongs here beyond what each key's owner says.
 */
export const STORAGE_KEYS = {
  /** The signed-in session (client/session.ts). */
  session: 'session',
  /** This device's reminder settings (client/prefs.ts). */
  prefs: 'prefs',
  /** Whether the sidebar is collapsed, per site and kind of view (content/sidebar-layout.ts). */
  sidebarCollapsed: 'sidebarCollapsed:v2',
} as const;
