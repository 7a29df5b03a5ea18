import type { PageContext, Person } from '@/model/context';
import { firstShown, firstShownOf, isShown, textOf } from './dom';
import { mailContext, openMailContext, peopleUnder, personOf } from './mail-dom';
import { selectorTable } from './selectors';
import { emailsIn } from './text';
import type { BadgeAnchor, ListRows, SiteAdapter } from './types';

/**
 * Outlook on the web's DOM, from ../shared/sites.md §2 and "Outlook in other UI languages". Its
 * class names rotate between builds and its ARIA labels are translated (a German pane is
 * "Lesebereich", a Chinese one 阅读窗格), so landmarks are ids, `data-*` attributes, roles and
 * structure; labels come last, in every language Sidenote ships (English, Chinese) and the German
 * seen in the wild. Keys a team's selector file can override (`outlook.<key>`).
 */
export const OUTLOOK_SELECTORS = selectorTable({
  /** The reading pane, by its ids and `data-app-section`; tried in order, the first on screen wins. */
  readingPane: [
    '#ReadingPaneContainerId',
    '#ConversationReadingPaneContainer',
    '[data-app-section="MailReadCompose"]',
    '[data-app-section="ConversationContainer"]',
    '[role="main"][aria-label="Reading Pane"]',
    '[role="main"][aria-label="阅读窗格"]',
    '[role="main"][aria-label="讀取窗格"]',
    '[role="main"][aria-label="Lesebereich"]',
  ],
  /** The subject (toggl); sources disagree on its aria-level, so any heading with a title first. */
  subject: ['[role="heading"][title]'],
  heading: ['[role="heading"]'],
  /** One message of the conversation (Mailvelope): its headings are From/To/date lines, not the subject. */
  message: ['.aVla3', '[aria-label="Email message"]'],
  /** Each message's sender: `span[aria-label^="From: "] > span.OZZZK` (Mailvelope), labelled per language. */
  sender: ['span.OZZZK', '[aria-label^="From:"]', '[aria-label^="发件人"]', '[aria-label^="寄件者"]', '[aria-label^="Von:"]'],
  /**
   * Never people: message bodies (quoted third parties, forwarded headers), inline replies and
   * compose fields, and menus that pop up over the pane.
   */
  notHeader: [
    '[role="document"]',
    '[id^="UniqueMessageBody"]',
    'blockquote',
    '[id*="divRplyFwdMsg"]',
    '[contenteditable="true"]',
    '[role="textbox"]',
    'input',
    'textarea',
    '[role="dialog"]',
    '[role="menu"]',
    '[role="tooltip"]',
  ],
  /** The folder tree's mailbox root is named after the user's address (Mailvelope getUserInfo). */
  self: ['[id^="primaryMailboxRoot"]'],
  /** Message lists, most specific first: search and people pickers are listboxes too. */
  lists: [
    '#MailList [role="listbox"]',
    '[role="listbox"]:has([data-convid])',
    '[role="listbox"][aria-label^="Message list"]',
    '[role="listbox"][aria-label^="邮件列表"]',
    '[role="listbox"]',
  ],
  row: ['[role="option"]'],
  rowSender: ['span[title*="@"]'],
  /** Pop-ups a listbox can sit in without being the message list. */
  notList: ['[role="dialog"]', '[role="combobox"]', '[role="menu"]'],
});

const S = OUTLOOK_SELECTORS;

/** What is not a selector: routes, attribute names, the labels of header lines. */
export const OUTLOOK = {
  /** Routes that name one open item: `/mail/inbox/id/<id>`, `/mail/id/<id>`, `/mail/0/…/id/<id>`, `/mail/deeplink/read/<id>`. */
  itemRoute: /^\/mail\/(?:.+\/)?(?:id|deeplink\/read)\/[^/]+/,
  /** The legacy OWA reader: `/owa/?ItemID=…&viewmodel=ReadMessageItem`. */
  legacyItemParam: 'ItemID',
  /** Mail views; calendar, people and settings show no customer. */
  mailRoute: /^\/(?:mail|owa)(?:\/|$)/,
  selfAttributes: ['data-folder-name', 'title'],
  /** Per-message header headings ("From: X", "Von: X", "发件人: X") are not the subject. */
  headerHeading: /^\s*(?:from|to|cc|bcc|von|an|发件人|收件人|抄送|寄件者|收件者|副本)\s*[:：]/i,
} as const;

function selfEmailsOf(doc: Document): string[] {
  const root = doc.querySelector(S.self);
  return root ? emailsIn(OUTLOOK.selfAttributes.map((attr) => root.getAttribute(attr) ?? '').join(' ')) : [];
}

/**
 * The conversation's subject: a titled heading, else the first heading outside the messages that
 * is not a From/To line (by its text or its accessible label) and names no address; '' when the
 * pane shows none (some layouts show the subject late, or not in the pane at all).
 */
function subjectOf(pane: Element): string {
  for (const titled of pane.querySelectorAll(S.subject)) {
    const title = titled.getAttribute('title')?.trim();
    if (title && !title.includes('@') && !titled.closest(S.message) && !titled.closest(S.notHeader) && isShown(titled)) return title;
  }
  for (const heading of pane.querySelectorAll(S.heading)) {
    const text = textOf(heading);
    if (!text || text.includes('@') || heading.closest(S.message) || heading.closest(S.notHeader)) continue;
    const label = heading.getAttribute('aria-label') ?? heading.querySelector('[aria-label]')?.getAttribute('aria-label') ?? text;
    if (!OUTLOOK.headerHeading.test(label) && !OUTLOOK.headerHeading.test(text) && isShown(heading)) return text;
  }
  return '';
}

/** Each message's sender: the sender element's address (in its text or `title`), else its label's. */
function sendersOf(pane: Element): Person[] {
  const senders: Person[] = [];
  for (const el of pane.querySelectorAll(S.sender)) {
    if (el.closest(S.notHeader) || !isShown(el)) continue;
    const person = personOf(el, ['title', 'aria-label']);
    if (person) senders.push(person);
  }
  return senders;
}

function isItemRoute(url: URL): boolean {
  return OUTLOOK.itemRoute.test(url.pathname) || url.searchParams.has(OUTLOOK.legacyItemParam);
}

/** The message list on screen, if any. */
function messageList(doc: Document): Element | null {
  for (const selector of S.list.lists) {
    const list = firstShown(doc, selector);
    if (list && !list.closest(S.notList)) return list;
  }
  return null;
}

/** Outlook on the web: the conversation in the reading pane, and owner badges on the message list. */
export const outlook: SiteAdapter = {
  site: 'outlook',
  selectors: S,
  // Navigation is pushState, not hashchange: the runtime's MutationObserver sees the pane change,
  // and this reads only the URL path and the DOM, so any re-run gives the current answer.
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'outlook', url: url.href, title: doc.title, selfEmails: selfEmailsOf(doc) };
    // 1. Calendar, people, settings: no customer.
    if (!OUTLOOK.mailRoute.test(url.pathname)) return mailContext(base, { view: '', layout: 'idle' });
    // 2. The reading pane on screen. Without one, a route that names an item means the markup
    //    changed; otherwise nothing is selected.
    const pane = firstShownOf(doc, S.list.readingPane);
    const open = isItemRoute(url);
    if (!pane) return mailContext(base, { view: 'readingPane', layout: open ? 'unrecognised' : 'idle' });
    // 3. Everyone its message headers name, by `title` or text: never the bodies or a reply being
    //    written. A pane that names nobody shows no message (unless the route says one is open).
    const senders = sendersOf(pane);
    const everyone = peopleUnder(pane, S.notHeader);
    if (!senders.length && !everyone.length) return mailContext(base, { view: 'readingPane', layout: open ? 'unrecognised' : 'idle' });
    return openMailContext(base, 'readingPane', { subject: subjectOf(pane), senders, others: everyone });
  },
  rows(doc: Document): ListRows {
    const list = messageList(doc);
    const found: ListRows = { anchors: [], unreadable: 0 };
    if (!list) return found;
    const selves = new Set(selfEmailsOf(doc));
    for (const row of list.querySelectorAll(S.row)) {
      const anchor = rowAnchor(row, selves);
      if (anchor) found.anchors.push(anchor);
      else if (anchor === null) found.unreadable++;
    }
    return found;
  },
};

/** A row's first sender who is not the user; undefined when every address is the user's, null when none shows. */
function rowAnchor(row: Element, selves: Set<string>): BadgeAnchor | null | undefined {
  let seen = false;
  for (const span of row.querySelectorAll(S.rowSender)) {
    const email = personOf(span, ['title'])?.email;
    if (!email) continue;
    seen = true;
    if (!selves.has(email)) return { element: span, identity: { kind: 'email', value: email } };
  }
  return seen ? undefined : null;
}

// For: https://outlook.office.com/mail/, https://outlook.office365.com/mail/, https://outlook.live.com/mail/0/
// (folder lists such as /mail/inbox; open items at /mail/inbox/id/<ItemID>, /mail/id/<ItemID>,
// /mail/deeplink/read/<ItemID>; legacy /owa/?ItemID=…), in English, Chinese and German. Tested on
// tests/fixtures/outlook/reading-pane.html and inbox.html (English and Chinese UI, written from
// sites.md), reading-pane-de.html (the 2025 German mock's shape) and reading-pane-zh.html; not yet
// on a live mailbox.
