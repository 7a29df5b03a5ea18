/** Port names: kept apart from the schemas so content scripts can import them without zod. */
export const PAGE_PORT = 'sidenote-page';
export const API_PORT = 'sidenote-api';
/**
 * The type of the one message a content script posts into the sidebar frame it made, once the
 * frame has loaded: `{type, viewId}`, its page view's key. It is never in the frame's address,
 * which the host page can read; the background accepts the key only from a sidebar in the tab
 * that reported it.
 */
export const SIDEBAR_KEY_MESSAGE = 'sidenote:view';
