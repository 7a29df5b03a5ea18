import type { Person, PageContext } from '@/model/context';
import { firstShown, isShown, textOf } from './dom';
import type { BadgeAnchor, SiteAdapter } from './types';

/** Gmail's DOM, from ../shared/sites.md: attributes over minified class names where possible. */
export const GMAIL = {
  /** A thread's route ends in its id: legacy 16-hex or the newer opaque token. */
  threadRoute: /\/[0-9a-zA-Z]{16,}$/,
  /** Only the visible view carries role=main. */
  main: 'div[role="main"]',
  subject: 'h2.hP',
  /** Reading-pane (split) mode: the list and the open thread share the visible main view. */
  splitPane: '.aia',
  /** Senders (`span.gD`) and To/Cc recipients (`span.g2`, inside `span.hb`) of every message. */
  participants: 'span.gD[email], span.g2[email], .hb [email], .adf [email]',
  /** Message bodies: addresses quoted there are not participants. */
  body: '.a3s',
  /** Inbox, label and search rows; in split mode they sit beside the thread. */
  row: 'tr.zA',
  /** The row's sender cell: one span per participant, the user's own shown as `name="me"`. */
  rowParticipants: 'td.yX span[email], .yW span[email]',
  /** "Subject - user@example.com - Gmail". */
  selfInTitle: /\s-\s([^\s@]+@[^\s]+)\s-\sGmail$/,
} as const;

function peopleIn(main: Element): Person[] {
  const people: Person[] = [];
  for (const el of main.querySelectorAll(GMAIL.participants)) {
    if (el.closest(GMAIL.body) || el.closest(GMAIL.row)) continue;
    people.push({ email: el.getAttribute('email') ?? '', name: el.getAttribute('name') ?? textOf(el) });
  }
  return people;
}

/**
 * In split mode the main view also holds the list and may keep an earlier thread hidden in the
 * pane: read only the thread around the visible subject (its nearest ancestor with participants).
 */
function threadAround(subject: Element, main: Element): Element {
  for (let el = subject.parentElement; el && el !== main; el = el.parentElement) {
    if (el.querySelector(GMAIL.participants)) return el;
  }
  return main;
}

/** The first participant of a list row who is not the signed-in user. */
function rowCustomer(row: Element, self: string | undefined): Element | null {
  for (const span of row.querySelectorAll(GMAIL.rowParticipants)) {
    const email = span.getAttribute('email')?.trim().toLowerCase();
    if (email && span.getAttribute('name') !== 'me' && email !== self) return span;
  }
  return null;
}

/** Gmail: the open thread (full view or reading pane), and owner badges on list rows. */
export const gmail: SiteAdapter = {
  site: 'gmail',
  detect(doc: Document, url: URL): PageContext {
    const route = decodeURIComponent(url.hash.replace(/^#/, ''));
    const self = GMAIL.selfInTitle.exec(doc.title)?.[1];
    const base = { site: 'gmail', url: url.href, title: doc.title, selfEmails: self ? [self] : [], companies: [], phones: [], crm: null };
    const threadRoute = GMAIL.threadRoute.test(route);
    const main = firstShown(doc, GMAIL.main);
    // 1. A list, search or settings view: no one customer on screen, unless the reading pane
    //    beside the list shows a thread (some split modes keep the list's route).
    const split = !!main?.querySelector(GMAIL.splitPane);
    if (!threadRoute && !split) return { ...base, people: [], layout: 'idle' };
    // 2. A thread: its participants, from the visible view only (hidden views and earlier
    //    reading-pane threads hold stale ones).
    const subject = main ? firstShown(main, GMAIL.subject) : null;
    if (!main || !subject) return { ...base, people: [], layout: main && threadRoute ? 'unrecognised' : 'idle' };
    const thread = split ? threadAround(subject, main) : main;
    return { ...base, title: textOf(subject) || doc.title, people: peopleIn(thread), layout: 'recognised' };
  },
  rows(doc: Document): BadgeAnchor[] {
    const main = firstShown(doc, GMAIL.main);
    if (!main) return [];
    const self = GMAIL.selfInTitle.exec(doc.title)?.[1]?.toLowerCase();
    const anchors: BadgeAnchor[] = [];
    // Tabbed inboxes keep other tabs' tables hidden inside the main view: one visibility check
    // per table keeps a 100-row inbox cheap.
    const tableShown = new Map<Element, boolean>();
    for (const row of main.querySelectorAll(GMAIL.row)) {
      const table = row.closest('table') ?? row;
      let shown = tableShown.get(table);
      if (shown === undefined) tableShown.set(table, (shown = isShown(table)));
      const span = shown ? rowCustomer(row, self) : null;
      if (span) anchors.push({ element: span, identity: { kind: 'email', value: span.getAttribute('email')!.trim().toLowerCase() } });
    }
    return anchors;
  },
};

// Tested on: https://mail.google.com/mail/u/0/#inbox/<threadId>, #label/<name>/<threadId>,
// #search/<query>/<threadId> (tests/fixtures and ../shared/contract/pages/gmail-thread.html);
// list rows and the reading pane: https://mail.google.com/mail/u/0/#inbox, #label/<name>,
// #search/<query> (tests/fixtures/gmail/inbox-list.html, reading-pane.html).
