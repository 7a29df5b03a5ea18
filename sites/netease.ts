import type { PageContext, Person } from '@/model/context';
import { isShown, textOf } from './dom';
import { addressesOf, mailContext, peopleInText, personOf } from './mail-dom';
import type { BadgeAnchor, SiteAdapter } from './types';

/**
 * NetEase mail 网易邮箱 (163, 126, vip, 网易企业邮箱), from ../shared/sites.md §7: a Coremail "js6"
 * app routed by hash. Every opened mail, the list and compose are module containers that stay in
 * the DOM as hidden tabs, so only the visible read module is ever read. Ids inside modules start
 * with a timestamp, hence the `[id$=…]` selectors.
 */
export const NETEASE = {
  /** `#module=read.ReadModule|{…}`, usually URL-encoded. */
  readRoute: /(?:^#?|[&|])module=read\.ReadModule(?:$|[|&])/,
  /** `read.ReadModule|{"area":"compose",…}` is a mailto link opening compose, not a mail. */
  composeArea: /"area"\s*:\s*"compose"/,
  readModule: 'div[id^="_dvModuleContainer_read.ReadModule_"]',
  listModule: 'div[id^="_dvModuleContainer_mbox.ListModule_"]',
  subject: 'h1[id$="_h1Subject"], h1[title="邮件标题"]',
  /** Header rows: a `div.fT` label ("发件人：", "收件人：", "抄送人：") and the people after it. */
  headerRow: 'li.fS',
  headerLabel: 'div.fT',
  senderLabel: /^\s*(?:发件人|from)/i,
  recipientLabel: /^\s*(?:收件人|抄送|to|cc)/i,
  recipients: 'div[id$="_dvReadto"] .nui-addr, div[id$="_dvReadcc"] .nui-addr',
  /** One person: `span.nui-addr-name` and `span.nui-addr-email` reading `<address>`. */
  address: '.nui-addr',
  addressEmail: '.nui-addr-email',
  addressName: '.nui-addr-name',
  /** The signed-in user's address (BMail). */
  self: '#spnUid',
  row: 'div[sign="letter"]',
  rowSender: '.nui-user',
  rowAddressAttributes: ['title', 'email', 'data-email'],
} as const;

function personOfAddress(addr: Element): Person | null {
  const email = peopleInText(textOf(addr.querySelector(NETEASE.addressEmail) ?? addr))[0]?.email;
  return email ? { email, name: textOf(addr.querySelector(NETEASE.addressName)) } : null;
}

/** The sender first, then To and Cc: from labelled header rows and the recipient ids alike. */
function headerPeople(module: Element): Person[] {
  const senders: Element[] = [];
  const recipients: Element[] = [...module.querySelectorAll(NETEASE.recipients)];
  for (const row of module.querySelectorAll(NETEASE.headerRow)) {
    const label = textOf(row.querySelector(NETEASE.headerLabel));
    if (NETEASE.senderLabel.test(label)) senders.push(...row.querySelectorAll(NETEASE.address));
    else if (NETEASE.recipientLabel.test(label)) recipients.push(...row.querySelectorAll(NETEASE.address));
  }
  return [...senders, ...recipients].map(personOfAddress).filter((p): p is Person => !!p);
}

function routeOf(url: URL): string {
  try {
    return decodeURIComponent(url.hash);
  } catch {
    return url.hash;
  }
}

function selfEmailsOf(doc: Document): string[] {
  return addressesOf(doc.querySelector(NETEASE.self));
}

/** NetEase 163 / 126 / vip / 网易企业邮箱: the read tab on screen, and owner badges on the list. */
export const netease: SiteAdapter = {
  site: 'netease',
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'netease', url: url.href, title: doc.title, selfEmails: selfEmailsOf(doc) };
    // 1. Home, list and compose: no customer.
    const route = routeOf(url);
    if (!NETEASE.readRoute.test(route) || NETEASE.composeArea.test(route)) return mailContext(base, 'idle');
    // 2. The read module on screen: earlier mails stay in the DOM as hidden tabs.
    const module = [...doc.querySelectorAll(NETEASE.readModule)].find(isShown);
    if (!module) return mailContext(base, 'unrecognised');
    const subject = textOf(module.querySelector(NETEASE.subject));
    const titled = { ...base, title: subject || base.title };
    // 3. Its header rows. The body is an about:blank iframe and never read.
    const people = headerPeople(module);
    return mailContext(titled, people.length ? 'recognised' : 'unrecognised', people);
  },
  rows(doc: Document): BadgeAnchor[] {
    const selves = new Set(selfEmailsOf(doc));
    const anchors: BadgeAnchor[] = [];
    for (const list of doc.querySelectorAll(NETEASE.listModule)) {
      if (!isShown(list)) continue;
      for (const row of list.querySelectorAll(NETEASE.row)) {
        const sender = row.querySelector(NETEASE.rowSender);
        const email = sender && personOf(sender, NETEASE.rowAddressAttributes)?.email;
        if (sender && email && !selves.has(email)) anchors.push({ element: sender, identity: { kind: 'email', value: email } });
      }
    }
    return anchors;
  },
};

// For: https://mail.163.com/js6/main.jsp?sid=…&df=mail163_letter#module=read.ReadModule%7C{…},
// https://mail.126.com/js6/main.jsp?…&df=mail126_letter, https://webmail.vip.163.com/js6/main.jsp?…&df=mailvip,
// https://hwwebmail.mail.163.com/js6/main.jsp, and 网易企业邮箱 at https://qiye.163.com and regional hosts such
// as https://hwmail.qiye.163.com/js6/main.jsp?sid=…&hl=zh_CN#module=read.ReadModule%7C{…} (list views at
// #module=mbox.ListModule%7C{…}). Tested on tests/fixtures/netease/163-read.html and 126-list.html,
// written from sites.md; not yet on a live mailbox.
