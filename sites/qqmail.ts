import type { PageContext, Person } from '@/model/context';
import { firstShown, isShown, outermost, textOf } from './dom';
import {
  addressIn,
  addressesOf,
  frameDocument,
  mailContext,
  openMailContext,
  peopleInText,
  peopleUnder,
  personOf,
  type MailContextBase,
} from './mail-dom';
import { selectorTable } from './selectors';
import type { ListRows, SiteAdapter } from './types';

/**
 * Tencent Exmail 腾讯企业邮 and QQ Mail, from ../shared/sites.md §6. The classic frame UI (Exmail,
 * old QQ Mail) shows lists and mails inside the same-origin `mainFrame` while the top URL stays on
 * `frame_html`; the new QQ Mail (wx.mail.qq.com) is a single page with a reader pane. Keys a
 * team's selector file can override (`qqmail.<key>`).
 */
export const QQMAIL_SELECTORS = selectorTable({
  /** The classic UI's content frame (BMail, Selenium scripts). */
  frame: ['iframe#mainFrame', 'iframe[name="mainFrame"]'],
  /** The user's own address, in the classic top document (absent on a readmail page opened alone). */
  classicSelf: ['#useraddr'],
  /** Inline scripts, where a readmail page opened alone names the user: `var g_uin="<QQ number>"`. */
  classicUinScript: ['script:not([src])'],
  /** The header block above the body; people in it carry their address in `e`. */
  classicHeader: ['div.readmailinfo'],
  classicMail: ['#mainmail'],
  classicPeople: ['span[e]'],
  /** The sender's span: in the header's second table (the first holds the subject), or around its `fromaddr`. */
  classicSender: ['.readmailinfo > table:nth-of-type(2) span[e]', 'span[e]:has([fromaddr])'],
  classicSubject: ['#subject', '.sub_title'],
  /** Body, quoted history, quick reply and compose: never the mail's own participants. */
  classicNotHeader: ['#contentDiv', '#mailContentContainer', 'includetail', '#QuickReplyPart', '#attachment', 'form#frm'],
  /**
   * List rows. Each row's table nests a second `table.i` (saved 2018 pages): only the outermost
   * match is a row, whatever a selector file says.
   */
  classicRow: ['div.toarea > table.i', 'div.toarea table.i'],
  /**
   * Where a row's address is, first found wins: the checkbox's `fa` (2018 pages) or `sh` (Exmail
   * notes), the name cell's `span[e]`, or the cell's title on Sent. Whichever attribute of the
   * element holds an address is read.
   */
  classicRowAddress: ['input[name="mailid"][fa]', 'input[name="mailid"][sh]', 'td.tl span[e]', 'td.tl[title]'],
  /** The name cell; the badge goes after its <nobr> name when there is one. */
  classicRowSenderName: ['td.tl nobr'],
  classicRowSender: ['td.tl'],

  newSelf: ['.profile-user-info .user-email'],
  newReader: ['.mail-detail-basic'],
  newReaderPane: ['.mail-list-page-reader', '.mail-list-reader-wrap'],
  newSubject: ['.mail-detail-subject .mail-subject-text'],
  /** The sender: the first header item (idx 58659667335). */
  newSender: ['.basic-body-item:first-child .cmp-account-email'],
  /** The sender's `.cmp-account-email` reads `<a@b>`; recipient chips may carry `data-email`. */
  newPeople: ['.cmp-account-email', '[data-email]'],
  newNick: ['.cmp-account-nick'],
  /** The reader's quick reply and any compose page hold addresses being written, not read. */
  newNotHeader: [
    '.mail-detail-reply',
    '.mail-replay-editor-wrap',
    '.reply-editor',
    '.mail-compose-page',
    '.mail-detail-content',
    '.reader-body-children',
  ],
  newList: ['.mail-list-page'],
  newRow: ['.mail-list-page-item[data-mailid]'],
  newRowSender: ['.mail-sender'],
});

const S = QQMAIL_SELECTORS;

/** What is not a selector: hosts, routes, attribute names, the inline variable naming the user. */
export const QQMAIL = {
  readRoute: '/cgi-bin/readmail',
  listRoute: '/cgi-bin/mail_list',
  newApp: 'wx.mail.qq.com',
  /** QQ Mail proper: there a QQ number is an address at qq.com (Exmail's numbers are not). */
  qqHost: 'mail.qq.com',
  uin: /\bg_uin\s*=\s*["'](\d{5,12})["']/,
  newReadRoute: /^#\/read\//,
  rowAddressAttributes: ['email', 'data-email', 'title'],
} as const;

/** The frame document at `route`, or the top document when it was opened there directly. */
function classicDocument(doc: Document, url: URL, route: string): Document | null {
  if (url.pathname.startsWith(route)) return doc;
  const frame = frameDocument(doc, S.frame);
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
  if (!mail) return mailContext(base, { view: 'classicList', layout: 'idle' });
  // A mail opened on its own page has no #useraddr: the user is named only in an inline script.
  const titled = { ...base, selfEmails: base.selfEmails.length ? base.selfEmails : uinAddress(mail, url) };
  const subject = textOf(mail.querySelector(S.classicSubject));
  const header = mail.querySelector(S.classicHeader) ?? mail.querySelector(S.classicMail);
  if (!header) return mailContext({ ...titled, title: subject || base.title }, { view: 'classicRead', layout: 'unrecognised' });
  // The sender comes first in the header, then 收件人 and 抄送.
  const inHeader = (span: Element) => !span.closest(S.classicNotHeader);
  const senders = [...header.querySelectorAll(S.classicSender)].filter(inHeader);
  const spans = [...header.querySelectorAll(S.classicPeople)].filter((span) => inHeader(span) && !senders.includes(span));
  // Header markup varies between builds: without `e` attributes, read `Name <address>` text.
  const others = spans.length || senders.length ? spans.map(classicPerson) : peopleUnder(header, S.classicNotHeader);
  return openMailContext(titled, 'classicRead', { subject, senders: senders.map(classicPerson), others });
}

/** `<uin>@qq.com` from a QQ Mail page's `var g_uin="…"`; Exmail's numbers are no address. */
function uinAddress(mail: Document, url: URL): string[] {
  if (url.hostname !== QQMAIL.qqHost && mail.location.hostname !== QQMAIL.qqHost) return [];
  for (const script of mail.querySelectorAll(S.classicUinScript)) {
    const uin = QQMAIL.uin.exec(script.textContent ?? '')?.[1];
    if (uin) return [`${uin}@qq.com`];
  }
  return [];
}

/** The nickname shown with an address: the nearest `.cmp-account-nick` that belongs to it alone. */
function nickOf(el: Element, reader: Element): string {
  for (let box = el.parentElement; box && box !== reader; box = box.parentElement) {
    const nicks = box.querySelectorAll(S.newNick);
    if (nicks.length) return nicks.length === 1 && box.querySelectorAll(S.newPeople).length === 1 ? textOf(nicks[0]) : '';
  }
  return '';
}

function detectNew(doc: Document, url: URL, base: MailContextBase): PageContext {
  // The reader opens beside the list without a URL change, so the DOM decides.
  const reader = firstShown(doc, S.newReader);
  if (!reader) return mailContext(base, { view: 'newReader', layout: QQMAIL.newReadRoute.test(url.hash) ? 'unrecognised' : 'idle' });
  const pane = reader.closest(S.newReaderPane) ?? doc;
  const subject = textOf(firstShown(pane, S.newSubject));
  const senders: Person[] = [];
  const others: Person[] = [];
  for (const el of reader.querySelectorAll(S.newPeople)) {
    if (el.closest(S.newNotHeader)) continue;
    const nick = nickOf(el, reader);
    const person = personOf(el, ['data-email']);
    if (person) (el.matches(S.newSender) ? senders : others).push({ email: person.email, name: nick || person.name });
  }
  return openMailContext(base, 'newReader', { subject, senders, others });
}

function classicRows(doc: Document, url: URL, selves: Set<string>): ListRows {
  const list = classicDocument(doc, url, QQMAIL.listRoute);
  const found: ListRows = { anchors: [], unreadable: 0 };
  if (!list) return found;
  // A list opened on its own page, like a mail, names the user only in its inline script.
  if (!selves.size) uinAddress(list, url).forEach((self) => selves.add(self));
  for (const row of outermost(list, S.classicRow)) {
    // The shown name is truncated: the address is in an attribute (see `classicRowAddress`).
    const holder = S.list.classicRowAddress.map((selector) => row.querySelector(selector)).find(Boolean);
    const email = holder ? addressIn(holder) : undefined;
    const sender = row.querySelector(S.classicRowSenderName) ?? row.querySelector(S.classicRowSender);
    if (!email || !sender) found.unreadable++;
    else if (!selves.has(email)) found.anchors.push({ element: sender, identity: { kind: 'email', value: email } });
  }
  return found;
}

function newRows(doc: Document, selves: Set<string>): ListRows {
  const found: ListRows = { anchors: [], unreadable: 0 };
  for (const list of doc.querySelectorAll(S.newList)) {
    if (!isShown(list)) continue;
    for (const row of list.querySelectorAll(S.newRow)) {
      const sender = row.querySelector(S.newRowSender);
      // Rows that show only a nickname cannot be told apart: no badge rather than a guess.
      const email = sender && personOf(sender, QQMAIL.rowAddressAttributes)?.email;
      if (!sender || !email) found.unreadable++;
      else if (!selves.has(email)) found.anchors.push({ element: sender, identity: { kind: 'email', value: email } });
    }
  }
  return found;
}

function selfEmailsOf(doc: Document, url: URL): string[] {
  return addressesOf(doc.querySelector(url.hostname === QQMAIL.newApp ? S.newSelf : S.classicSelf));
}

/** Tencent Exmail and QQ Mail, classic frame UI and the new wx.mail.qq.com app. */
export const qqmail: SiteAdapter = {
  site: 'qqmail',
  selectors: S,
  get frames() {
    return S.frame;
  },
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'qqmail', url: url.href, title: doc.title, selfEmails: selfEmailsOf(doc, url) };
    return url.hostname === QQMAIL.newApp ? detectNew(doc, url, base) : detectClassic(doc, url, base);
  },
  rows(doc: Document, url: URL): ListRows {
    const selves = new Set(selfEmailsOf(doc, url));
    return url.hostname === QQMAIL.newApp ? newRows(doc, selves) : classicRows(doc, url, selves);
  },
};

// For: https://exmail.qq.com/cgi-bin/frame_html?sid=… (mainFrame at /cgi-bin/readmail?…&mailid=… and
// /cgi-bin/mail_list?…&folderid=…), https://en.exmail.qq.com/cgi-bin/frame_html, the same frame UI on
// https://mail.qq.com/cgi-bin/frame_html and a mail opened on its own at https://mail.qq.com/cgi-bin/readmail?…,
// and the new QQ Mail at https://wx.mail.qq.com/home/index?sid=…#/list/<folder>/<page>. Tested on
// tests/fixtures/qqmail/*.html: exmail-*.html and wx-new.html written from sites.md, classic-list-2018.html
// and readmail-alone-2018.html in the shape of classic QQ Mail pages saved in 2018 (nested row tables,
// `fa` and `span[e]`, `var g_uin`, `<!--</span-->` comments); not yet on a live mailbox.
