import type { PageContext } from '@/model/context';
import { firstShown, isShown, textOf } from './dom';
import { mailContext, peopleUnder, personOf } from './mail-dom';
import { emailsIn } from './text';
import type { BadgeAnchor, SiteAdapter } from './types';

/**
 * Outlook on the web's DOM, from ../shared/sites.md §2. Its class names rotate between builds, so
 * this reads ids, ARIA roles and labels, and `title` attributes only.
 */
export const OUTLOOK = {
  /** Routes that name one open item: `/mail/inbox/id/<id>`, `/mail/id/<id>`, `/mail/0/…/id/<id>`, `/mail/deeplink/read/<id>`. */
  itemRoute: /^\/mail\/(?:.+\/)?(?:id|deeplink\/read)\/[^/]+/,
  /** The legacy OWA reader: `/owa/?ItemID=…&viewmodel=ReadMessageItem`. */
  legacyItemParam: 'ItemID',
  /** Mail views; calendar, people and settings show no customer. */
  mailRoute: /^\/(?:mail|owa)(?:\/|$)/,
  readingPane:
    '#ReadingPaneContainerId, #ConversationReadingPaneContainer, [role="main"][aria-label="Reading Pane"], [aria-label="Reading Pane"]',
  /** The subject (toggl); sources disagree on its aria-level, so any heading with a title first. */
  subject: '[role="heading"][title]',
  heading: '[role="heading"]',
  /** One message of the conversation (Mailvelope); its headings are From/To/date lines. */
  message: '[aria-label="Email message"]',
  /** Per-message header headings ("From: X", "To: A, B", "Cc: C") are not the subject. */
  headerHeading: /^\s*(?:from|to|cc|bcc|发件人|收件人|抄送)\s*[:：]/i,
  /**
   * Never people: message bodies (quoted third parties, forwarded headers), inline replies and
   * compose fields, and menus that pop up over the pane.
   */
  notHeader:
    '[role="document"], [id^="UniqueMessageBody"], [aria-label="Message body"], blockquote, [id*="divRplyFwdMsg"], ' +
    '[contenteditable="true"], [role="textbox"], input, textarea, [role="dialog"], [role="menu"], [role="tooltip"]',
  /** The folder tree's mailbox root is named after the user's address (Mailvelope getUserInfo). */
  self: '[id^="primaryMailboxRoot"]',
  selfAttributes: ['data-folder-name', 'title'],
  /** Message lists, most specific first: search and people pickers are listboxes too. */
  lists: ['#MailList [role="listbox"]', '[role="listbox"][aria-label^="Message list"]', '[role="listbox"]'],
  row: '[role="option"]',
  rowSender: 'span[title*="@"]',
} as const;

function selfEmailsOf(doc: Document): string[] {
  const root = doc.querySelector(OUTLOOK.self);
  return root ? emailsIn(OUTLOOK.selfAttributes.map((attr) => root.getAttribute(attr) ?? '').join(' ')) : [];
}

/**
 * The conversation's subject: a titled heading, else the first heading outside the messages that
 * is not a From/To line (by its text or its accessible label) and names no address.
 */
function subjectOf(pane: Element): string {
  for (const titled of pane.querySelectorAll(OUTLOOK.subject)) {
    const title = titled.getAttribute('title')!.trim();
    if (title && !title.includes('@') && !titled.closest(OUTLOOK.message) && !titled.closest(OUTLOOK.notHeader) && isShown(titled))
      return title;
  }
  for (const heading of pane.querySelectorAll(OUTLOOK.heading)) {
    const text = textOf(heading);
    if (!text || text.includes('@') || heading.closest(OUTLOOK.message) || heading.closest(OUTLOOK.notHeader)) continue;
    const label = heading.getAttribute('aria-label') ?? heading.querySelector('[aria-label]')?.getAttribute('aria-label') ?? text;
    if (!OUTLOOK.headerHeading.test(label) && !OUTLOOK.headerHeading.test(text) && isShown(heading)) return text;
  }
  return '';
}

/** The reading pane's selectors match nested containers: take the innermost one on screen. */
function innermostShown(doc: Document, selector: string): Element | null {
  const shown = [...doc.querySelectorAll(selector)].filter(isShown);
  return shown.find((pane) => !shown.some((other) => other !== pane && pane.contains(other))) ?? null;
}

function isItemRoute(url: URL): boolean {
  return OUTLOOK.itemRoute.test(url.pathname) || url.searchParams.has(OUTLOOK.legacyItemParam);
}

/** The message list on screen, if any. */
function messageList(doc: Document): Element | null {
  for (const selector of OUTLOOK.lists) {
    const list = firstShown(doc, selector);
    if (list && !list.closest('[role="dialog"], [role="combobox"], [role="menu"]')) return list;
  }
  return null;
}

/** Outlook on the web: the conversation in the reading pane, and owner badges on the message list. */
export const outlook: SiteAdapter = {
  site: 'outlook',
  // Navigation is pushState, not hashchange: the runtime's MutationObserver sees the pane change,
  // and this reads only the URL path and the DOM, so any re-run gives the current answer.
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'outlook', url: url.href, title: doc.title, selfEmails: selfEmailsOf(doc) };
    // 1. Calendar, people, settings: no customer.
    if (!OUTLOOK.mailRoute.test(url.pathname)) return mailContext(base, 'idle');
    // 2. The reading pane on screen, with a message in it. Without one, a route that names an
    //    item means the markup changed; otherwise nothing is selected.
    const pane = innermostShown(doc, OUTLOOK.readingPane);
    const subject = pane ? subjectOf(pane) : '';
    const open = isItemRoute(url);
    if (!pane || !subject) return mailContext(base, open ? 'unrecognised' : 'idle');
    // 3. Everyone its message headers name, by `title` or text: never the bodies or a reply being written.
    const people = peopleUnder(pane, OUTLOOK.notHeader);
    if (!people.length) return mailContext({ ...base, title: subject }, 'unrecognised');
    return mailContext({ ...base, title: subject }, 'recognised', people);
  },
  rows(doc: Document): BadgeAnchor[] {
    const list = messageList(doc);
    if (!list) return [];
    const selves = new Set(selfEmailsOf(doc));
    const anchors: BadgeAnchor[] = [];
    for (const row of list.querySelectorAll(OUTLOOK.row)) {
      for (const span of row.querySelectorAll(OUTLOOK.rowSender)) {
        const email = personOf(span, ['title'])?.email;
        if (!email || selves.has(email)) continue;
        anchors.push({ element: span, identity: { kind: 'email', value: email } });
        break;
      }
    }
    return anchors;
  },
};

// For: https://outlook.office.com/mail/, https://outlook.office365.com/mail/, https://outlook.live.com/mail/0/
// (folder lists such as /mail/inbox; open items at /mail/inbox/id/<ItemID>, /mail/id/<ItemID>,
// /mail/deeplink/read/<ItemID>; legacy /owa/?ItemID=…). Tested on tests/fixtures/outlook/reading-pane.html
// and inbox.html, written from sites.md; not yet on a live mailbox.
