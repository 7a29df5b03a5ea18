import type { Person, PageContext } from '@/model/context';
import { firstShown, isShown, textOf } from './dom';
import { mailContext, openMailContext } from './mail-dom';
import { selectorTable } from './selectors';
import type { BadgeAnchor, ListRows, SiteAdapter } from './types';

/**
 * Gmail's DOM, from ../shared/sites.md §1: attributes over minified class names where possible.
 * Keys a team's selector file can override (`gmail.<key>`).
 */
export const GMAIL_SELECTORS = selectorTable({
  /** Only the visible view carries role=main. */
  main: ['div[role="main"]'],
  subject: ['h2.hP'],
  /** Each message's sender (`span.gD`), and a collapsed message's (`.adf`). */
  senders: ['span.gD[email]', '.adf [email]'],
  /** To/Cc recipients (`span.g2`, inside `span.hb`). */
  recipients: ['span.g2[email]', '.hb [email]'],
  /** Message bodies: addresses quoted there are not participants. */
  body: ['.a3s'],
  /** Gmail's own right side panel (Calendar, Keep, Tasks, Contacts, add-ons): never the thread's people. */
  sidePanel: ['[role="complementary"]', '.aUx', '.brC-brG'],
  /** Inbox, label and search rows; in split mode they sit beside (or above) the thread. */
  row: ['tr.zA'],
  /** The row's sender cell: one span per participant, the user's own shown as `name="me"`. */
  rowParticipants: ['td.yX span[email]', '.yW span[email]'],
});

const S = GMAIL_SELECTORS;

/** What is not a selector: routes and the signed-in user in the tab title. */
export const GMAIL = {
  /** A thread id in the route: legacy 16-hex or the newer opaque `FMfcgz…` token (gmail.js). */
  threadId: /^[0-9a-zA-Z]{16,}$/,
  /** Views whose name takes two parts of the route (gmail.js): `#search/<query>/<thread>`, `#label/<name>/<thread>`. */
  twoPartViews: ['search', 'label', 'category', 'advanced-search'],
  /** "Subject - user@example.com - Gmail". */
  selfInTitle: /\s-\s([^\s@]+@[^\s]+)\s-\sGmail$/,
} as const;

/**
 * Whether the route opens one thread: its last part is a thread id and comes after the view's
 * name, so a long one-word search (`#search/northwindtraderspallets`) stays a list. Parts are
 * split before they are decoded: a query or a nested label may hold an encoded `/`.
 */
function isThreadRoute(hash: string): boolean {
  const parts = hash.replace(/^#/, '').split('/');
  const nameParts = (GMAIL.twoPartViews as readonly string[]).includes(parts[0]!) ? 2 : 1;
  return parts.length > nameParts && GMAIL.threadId.test(parts[parts.length - 1]!);
}

function personOfSpan(el: Element): Person {
  return { email: el.getAttribute('email') ?? '', name: el.getAttribute('name') ?? textOf(el) };
}

/** The thread's senders and everyone else it names, outside bodies, list rows and the side panel. */
function participantsIn(thread: Element): { senders: Person[]; others: Person[] } {
  const named = (el: Element) => !el.closest(S.body) && !el.closest(S.row) && !el.closest(S.sidePanel);
  const senderSpans = [...thread.querySelectorAll(S.senders)].filter(named);
  const others = [...thread.querySelectorAll(S.recipients)].filter((el) => named(el) && !senderSpans.includes(el));
  return { senders: senderSpans.map(personOfSpan), others: others.map(personOfSpan) };
}

/** The visible main view: never one inside the side panel, whose apps may mark their own. */
function mainView(doc: Document): Element | null {
  for (const main of doc.querySelectorAll(S.main)) if (!main.closest(S.sidePanel) && isShown(main)) return main;
  return null;
}

/**
 * In split mode the main view also holds the list and may keep an earlier thread hidden in the
 * pane: read only the thread around the visible subject (its nearest ancestor with participants).
 */
function threadAround(subject: Element, main: Element): Element {
  const participants = `${S.senders}, ${S.recipients}`;
  for (let el = subject.parentElement; el && el !== main; el = el.parentElement) {
    if (el.querySelector(participants)) return el;
  }
  return main;
}

/** The first participant of a list row who is not the signed-in user; undefined when all are the user, null when none shows. */
function rowCustomer(row: Element, self: string | undefined): Element | null | undefined {
  let seen = false;
  for (const span of row.querySelectorAll(S.rowParticipants)) {
    const email = span.getAttribute('email')?.trim().toLowerCase();
    if (!email) continue;
    seen = true;
    if (span.getAttribute('name') !== 'me' && email !== self) return span;
  }
  return seen ? undefined : null;
}

/** Gmail: the open thread (full view, either split reading pane, from search), and owner badges on list rows. */
export const gmail: SiteAdapter = {
  site: 'gmail',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const self = GMAIL.selfInTitle.exec(doc.title)?.[1];
    const base = { site: 'gmail', url: url.href, title: doc.title, selfEmails: self ? [self] : [] };
    const threadRoute = isThreadRoute(url.hash);
    const main = mainView(doc);
    // 1. The visible thread's subject. In the split reading pane (vertical or horizontal) the
    //    route stays on the list, and a visible subject beside the list is what tells.
    const subject = main ? firstShown(main, S.subject) : null;
    if (!subject) {
      // A list, search or settings view; or a thread route whose page lacks the thread's anchors.
      const layout = main && threadRoute ? 'unrecognised' : 'idle';
      return mailContext(base, { view: threadRoute ? 'thread' : 'list', layout });
    }
    // 2. Its participants, from the visible view only (hidden views and earlier reading-pane
    //    threads hold stale ones).
    const split = !threadRoute || !!main!.querySelector(S.row);
    const thread = split ? threadAround(subject, main!) : main!;
    return openMailContext(base, split ? 'split' : 'thread', { subject: textOf(subject), ...participantsIn(thread) });
  },
  rows(doc: Document): ListRows {
    const found: ListRows = { anchors: [], unreadable: 0 };
    const main = mainView(doc);
    if (!main) return found;
    const self = GMAIL.selfInTitle.exec(doc.title)?.[1]?.toLowerCase();
    // Tabbed inboxes keep other tabs' tables hidden inside the main view: one visibility check
    // per table keeps a 100-row inbox cheap.
    const tableShown = new Map<Element, boolean>();
    for (const row of main.querySelectorAll(S.row)) {
      const table = row.closest('table') ?? row;
      let shown = tableShown.get(table);
      if (shown === undefined) tableShown.set(table, (shown = isShown(table)));
      if (!shown) continue;
      const span = rowCustomer(row, self);
      if (span === null) found.unreadable++;
      else if (span) found.anchors.push(anchorOf(span));
    }
    return found;
  },
};

function anchorOf(span: Element): BadgeAnchor {
  return { element: span, identity: { kind: 'email', value: span.getAttribute('email')!.trim().toLowerCase() } };
}

// Tested on: https://mail.google.com/mail/u/0/#inbox/<threadId>, #label/<name>/<threadId>,
// #search/<query>/<threadId> (tests/fixtures/gmail/mailbox.html, search-thread.html and
// ../shared/contract/pages/gmail-thread.html); list rows and the split reading pane, vertical and
// horizontal: https://mail.google.com/mail/u/0/#inbox, #label/<name>, #search/<query>
// (tests/fixtures/gmail/inbox-list.html, reading-pane.html, split-horizontal.html); a thread with
// Gmail's right side panel open (side-panel.html).
