import type { PageContext, Person } from '@/model/context';
import { firstShown, isShown, textOf } from './dom';
import { addressesOf, frameDocument, mailContext, peopleInText, peopleUnder, personOf, type MailContextBase } from './mail-dom';
import type { BadgeAnchor, SiteAdapter } from './types';

/**
 * Tencent Exmail 腾讯企业邮 and QQ Mail, from ../shared/sites.md §6. The classic frame UI (Exmail,
 * old QQ Mail) shows lists and mails inside the same-origin `mainFrame` while the top URL stays on
 * `frame_html`; the new QQ Mail (wx.mail.qq.com) is a single page with a reader pane.
 */
export const QQMAIL = {
  /** The classic UI's content frame (BMail, Selenium scripts). */
  frame: 'iframe#mainFrame, iframe[name="mainFrame"]',
  readRoute: '/cgi-bin/readmail',
  listRoute: '/cgi-bin/mail_list',
  /** The user's own address, in the classic top document. */
  classicSelf: '#useraddr',
  /** The header block above the body; people in it carry their address in `e`. */
  classicHeader: 'div.readmailinfo',
  classicMail: '#mainmail',
  classicPeople: 'span[e]',
  classicSubject: '#subject, .sub_title',
  /** Body, quoted history, quick reply and compose: never the mail's own participants. */
  classicNotHeader: '#contentDiv, #mailContentContainer, includetail, #QuickReplyPart, #attachment, form#frm',
  /** List rows; the hidden mailid checkbox's `sh` holds the counterpart's full address. */
  classicRow: 'div.toarea table.i',
  classicRowAddress: 'input[name="mailid"][sh]',
  /** The name cell; the badge goes after its <nobr> name when there is one. */
  classicRowSenderName: 'td.tl nobr',
  classicRowSender: 'td.tl',

  newApp: 'wx.mail.qq.com',
  newSelf: '.profile-user-info .user-email',
  newReader: '.mail-detail-basic',
  newReaderPane: '.mail-list-page-reader, .mail-list-reader-wrap',
  newSubject: '.mail-detail-subject .mail-subject-text',
  /** The sender's `.cmp-account-email` reads `<a@b>`; recipient chips may carry `data-email`. */
  newPeople: '.cmp-account-email, [data-email]',
  newNick: '.cmp-account-nick',
  /** The reader's quick reply and any compose page hold addresses being written, not read. */
  newNotHeader:
    '.mail-detail-reply, .mail-replay-editor-wrap, .reply-editor, .mail-compose-page, .mail-detail-content, .reader-body-children',
  newReadRoute: /^#\/read\//,
  newList: '.mail-list-page',
  newRow: '.mail-list-page-item[data-mailid]',
  newRowSender: '.mail-sender',
  rowAddressAttributes: ['email', 'data-email', 'title'],
} as const;

/** The frame document at `route`, or the top document when it was opened there directly. */
function classicDocument(doc: Document, url: URL, route: string): Document | null {
  if (url.pathname.startsWith(route)) return doc;
  const frame = frameDocument(doc, QQMAIL.frame);
  return frame?.location.pathname.startsWith(route) ? frame : null;
}

/** A header span: its address in `e`, its name in the text before any `<address>`. */
function classicPerson(span: Element): Person {
  const name = textOf(span)
    .replace(/<[^>]*>/g, '')
    .trim();
  return { email: span.getAttribute('e')!.trim(), name: peopleInText(name).length ? '' : name };
}

function detectClassic(doc: Document, url: URL, base: MailContextBase): PageContext {
  const mail = classicDocument(doc, url, QQMAIL.readRoute);
  if (!mail) return mailContext(base, 'idle');
  const subject = textOf(mail.querySelector(QQMAIL.classicSubject));
  const titled = { ...base, title: subject || base.title };
  const header = mail.querySelector(QQMAIL.classicHeader) ?? mail.querySelector(QQMAIL.classicMail);
  if (!header) return mailContext(titled, 'unrecognised');
  // The sender comes first in the header, then 收件人 and 抄送.
  const spans = [...header.querySelectorAll(QQMAIL.classicPeople)].filter((span) => !span.closest(QQMAIL.classicNotHeader));
  // Header markup varies between builds: without `e` attributes, read `Name <address>` text.
  const people = spans.length ? spans.map(classicPerson) : peopleUnder(header, QQMAIL.classicNotHeader);
  return mailContext(titled, people.length ? 'recognised' : 'unrecognised', people);
}

/** The nickname shown with an address: the nearest `.cmp-account-nick` that belongs to it alone. */
function nickOf(el: Element, reader: Element): string {
  for (let box = el.parentElement; box && box !== reader; box = box.parentElement) {
    const nicks = box.querySelectorAll(QQMAIL.newNick);
    if (nicks.length) return nicks.length === 1 && box.querySelectorAll(QQMAIL.newPeople).length === 1 ? textOf(nicks[0]) : '';
  }
  return '';
}

function detectNew(doc: Document, url: URL, base: MailContextBase): PageContext {
  // The reader opens beside the list without a URL change, so the DOM decides.
  const reader = firstShown(doc, QQMAIL.newReader);
  if (!reader) return mailContext(base, QQMAIL.newReadRoute.test(url.hash) ? 'unrecognised' : 'idle');
  const pane = reader.closest(QQMAIL.newReaderPane) ?? doc;
  const subject = textOf(firstShown(pane, QQMAIL.newSubject));
  const titled = { ...base, title: subject || base.title };
  const people: Person[] = [];
  for (const el of reader.querySelectorAll(QQMAIL.newPeople)) {
    if (el.closest(QQMAIL.newNotHeader)) continue;
    const nick = nickOf(el, reader);
    const person = personOf(el, ['data-email']);
    if (person) people.push({ email: person.email, name: nick || person.name });
  }
  return mailContext(titled, people.length ? 'recognised' : 'unrecognised', people);
}

function classicRows(doc: Document, url: URL, selves: Set<string>): BadgeAnchor[] {
  const list = classicDocument(doc, url, QQMAIL.listRoute);
  if (!list) return [];
  const anchors: BadgeAnchor[] = [];
  for (const row of list.querySelectorAll(QQMAIL.classicRow)) {
    // The shown name is truncated: the address is only in `sh` (or the cell's title on Sent).
    const address =
      row.querySelector(QQMAIL.classicRowAddress)?.getAttribute('sh') ?? row.querySelector('td.tl[title]')?.getAttribute('title') ?? '';
    const email = peopleInText(address)[0]?.email;
    const sender = row.querySelector(QQMAIL.classicRowSenderName) ?? row.querySelector(QQMAIL.classicRowSender);
    if (email && sender && !selves.has(email)) anchors.push({ element: sender, identity: { kind: 'email', value: email } });
  }
  return anchors;
}

function newRows(doc: Document, selves: Set<string>): BadgeAnchor[] {
  const anchors: BadgeAnchor[] = [];
  for (const list of doc.querySelectorAll(QQMAIL.newList)) {
    if (!isShown(list)) continue;
    for (const row of list.querySelectorAll(QQMAIL.newRow)) {
      const sender = row.querySelector(QQMAIL.newRowSender);
      // Rows that show only a nickname cannot be told apart: no badge rather than a guess.
      const email = sender && personOf(sender, QQMAIL.rowAddressAttributes)?.email;
      if (sender && email && !selves.has(email)) anchors.push({ element: sender, identity: { kind: 'email', value: email } });
    }
  }
  return anchors;
}

function selfEmailsOf(doc: Document, url: URL): string[] {
  return addressesOf(doc.querySelector(url.hostname === QQMAIL.newApp ? QQMAIL.newSelf : QQMAIL.classicSelf));
}

/** Tencent Exmail and QQ Mail, classic frame UI and the new wx.mail.qq.com app. */
export const qqmail: SiteAdapter = {
  site: 'qqmail',
  frames: QQMAIL.frame,
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'qqmail', url: url.href, title: doc.title, selfEmails: selfEmailsOf(doc, url) };
    return url.hostname === QQMAIL.newApp ? detectNew(doc, url, base) : detectClassic(doc, url, base);
  },
  rows(doc: Document, url: URL): BadgeAnchor[] {
    const selves = new Set(selfEmailsOf(doc, url));
    return url.hostname === QQMAIL.newApp ? newRows(doc, selves) : classicRows(doc, url, selves);
  },
};

// For: https://exmail.qq.com/cgi-bin/frame_html?sid=… (mainFrame at /cgi-bin/readmail?…&mailid=… and
// /cgi-bin/mail_list?…&folderid=…), https://en.exmail.qq.com/cgi-bin/frame_html, the same frame UI on
// https://mail.qq.com/cgi-bin/frame_html and a mail opened directly at https://mail.qq.com/cgi-bin/readmail?…,
// and the new QQ Mail at https://wx.mail.qq.com/home/index?sid=…#/list/<folder>/<page>. Tested on
// tests/fixtures/qqmail/*.html, written from sites.md; not yet on a live mailbox.
