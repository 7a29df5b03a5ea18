import type { Runtime } from 'webextension-polyfill';
import type { RequestName, SubscriptionName } from './api';

/** What one kind of extension page may ask the background over the data API Port. */
interface CallerSpec {
  /** The page's path in the extension (the sender's URL must be the extension's own origin). */
  readonly page: `/${string}.html`;
  /** Framed in a host page (by our content script), so bound to the page views of its tab. */
  readonly framed: boolean;
  readonly requests: readonly RequestName[];
  readonly subscriptions: readonly SubscriptionName[];
}

/**
 * Every caller of the data API and its vocabulary, declared once: the background refuses any
 * other request or subscription from that caller, and anything from a sender that is not one of
 * these pages (content scripts share the extension's id, not its origin). Content scripts have
 * their own narrow channel instead (client/page-port.ts: page context, row badges, sidebar
 * open/close). A new request goes into the vocabulary of the pages that use it, and no other.
 */
export const CALLERS = {
  /** The sidebar beside a host page: one customer of its own tab, its notes and follow-ups. */
  sidebar: {
    page: '/sidebar.html',
    framed: true,
    requests: [
      'openView',
      'addNote',
      'updateNote',
      'deleteNote',
      'noteRevisions',
      'pinNote',
      'claimCustomer',
      'handOffCustomer',
      'askHandOff',
      'markHandOffRead',
      'setStage',
      'renameCustomer',
      'searchCustomers',
      'search',
      'linkPage',
      'mergeCustomers',
      'moveIdentity',
      'createTask',
      'updateTask',
      'completeTask',
      'deleteTask',
      'dismissRefusal',
      'closeSidebar',
      'acknowledgeChange',
      'answerQuestion',
      'resolveQuestion',
      'followCustomer',
    ],
    subscriptions: ['sidebar'],
  },
  /** The toolbar popup: my follow-ups, the team's for managers, Sidenote on this site or not. */
  popup: {
    page: '/popup.html',
    framed: false,
    requests: [
      'completeTask',
      'updateTask',
      'nudgeTask',
      'siteAccess',
      'enableSite',
      'disableSite',
      'setGoal',
      'acknowledgeChange',
      'answerQuestion',
      'dismissMention',
      'search',
      'customerPage',
    ],
    subscriptions: ['popup', 'teamOverview'],
  },
  /** The options page: joining, devices, reminder settings, the page check, team administration. */
  options: {
    page: '/options.html',
    framed: false,
    requests: [
      'join',
      'leave',
      'setPrefs',
      'checkPages',
      'recognitionReport',
      'myDevices',
      'revokeDevice',
      'makeDeviceCode',
      'adminMembers',
      'createInvite',
      'withdrawInvite',
      'updateMember',
      'memberDeviceCode',
      'updateTeam',
      'updateTeamSettings',
      'transferMember',
      'teamActivity',
      'exportTeamData',
      'importTeamData',
    ],
    subscriptions: ['session', 'prefs', 'team', 'setAside'],
  },
  /** The team's board: customers by stage or owner, goals and the weekly report. */
  board: {
    page: '/board.html',
    framed: false,
    requests: ['boardCards', 'setStage', 'setGoal'],
    subscriptions: ['board', 'weeklyReport'],
  },
} as const satisfies Record<string, CallerSpec>;

export type CallerName = keyof typeof CALLERS;

/** Whether `caller` may make this request or subscription. */
export function mayCall(caller: CallerName, kind: 'request' | 'subscribe', name: string): boolean {
  const spec: CallerSpec = CALLERS[caller];
  return (kind === 'request' ? (spec.requests as readonly string[]) : (spec.subscriptions as readonly string[])).includes(name);
}

/**
 * Which of the extension's pages opened this Port, from what the browser says of its sender
 * (never from anything the sender wrote): its URL must be on the extension's own origin and name
 * one of CALLERS' pages. A content script has the extension's id but the host page's URL: null.
 */
export function callerOf(sender: Runtime.MessageSender | undefined): CallerName | null {
  if (!sender?.url || sender.id !== browser.runtime.id || !isExtensionPage(sender.url)) return null;
  const url = new URL(sender.url);
  for (const [name, spec] of Object.entries(CALLERS) as [CallerName, CallerSpec][]) {
    if (spec.page !== url.pathname) continue;
    // A framed page lives in a host page's tab: without one it is not where it belongs.
    if (spec.framed && sender.tab?.id === undefined) return null;
    return name;
  }
  return null;
}

/** Scheme and host: `URL.origin` is "null" for `chrome-extension:` URLs outside a browser. */
const originOf = (url: URL) => `${url.protocol}//${url.host}`;

/** Whether `url` is one of the extension's own pages (not a host page a content script runs in). */
export function isExtensionPage(url: string | undefined): boolean {
  try {
    return !!url && originOf(new URL(url)) === originOf(new URL(browser.runtime.getURL('/')));
  } catch {
    return false;
  }
}

/** Every page view a call names (`viewId` at any depth of its arguments), to check it is the caller's. */
export function viewIdsIn(args: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 4) return;
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'viewId' && typeof inner === 'string') found.push(inner);
      else walk(inner, depth + 1);
    }
  };
  walk(args, 0);
  return found;
}
