import type { Person, PageContext } from '@/model/context';
import { firstShown, textOf } from './dom';
import type { SiteAdapter } from './types';

/** Gmail's DOM, from ../shared/sites.md: attributes over minified class names where possible. */
export const GMAIL = {
  /** A thread's route ends in its id: legacy 16-hex or the newer opaque token. */
  threadRoute: /\/[0-9a-zA-Z]{16,}$/,
  /** Only the visible view carries role=main. */
  main: 'div[role="main"]',
  subject: 'h2.hP',
  /** Senders (`span.gD`) and To/Cc recipients (`span.g2`, inside `span.hb`) of every message. */
  participants: 'span.gD[email], span.g2[email], .hb [email], .adf [email]',
  /** Message bodies: addresses quoted there are not participants. */
  body: '.a3s',
  /** "Subject - user@example.com - Gmail". */
  selfInTitle: /\s-\s([^\s@]+@[^\s]+)\s-\sGmail$/,
} as const;

function peopleIn(main: Element): Person[] {
  const people: Person[] = [];
  for (const el of main.querySelectorAll(GMAIL.participants)) {
    if (el.closest(GMAIL.body)) continue;
    people.push({ email: el.getAttribute('email') ?? '', name: el.getAttribute('name') ?? textOf(el) });
  }
  return people;
}

export const gmail: SiteAdapter = {
  site: 'gmail',
  detect(doc: Document, url: URL): PageContext {
    const route = decodeURIComponent(url.hash.replace(/^#/, ''));
    const self = GMAIL.selfInTitle.exec(doc.title)?.[1];
    const base = { site: 'gmail', url: url.href, title: doc.title, selfEmails: self ? [self] : [], companies: [], phones: [], crm: null };
    // 1. A list, search or settings view: no one customer on screen.
    if (!GMAIL.threadRoute.test(route)) return { ...base, people: [], layout: 'idle' };
    // 2. A thread: its participants, from the visible view only (hidden views hold stale threads).
    const main = firstShown(doc, GMAIL.main);
    const subject = main?.querySelector(GMAIL.subject);
    if (!main || !subject) return { ...base, people: [], layout: main ? 'unrecognised' : 'idle' };
    return { ...base, title: textOf(subject) || doc.title, people: peopleIn(main), layout: 'recognised' };
  },
};

// Tested on: https://mail.google.com/mail/u/0/#inbox/<threadId>, #label/<name>/<threadId>,
// #search/<query>/<threadId> (tests/fixtures and ../shared/contract/pages/gmail-thread.html).
