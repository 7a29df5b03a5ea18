import type { PageContext, Person } from '@/model/context';
import { isShown, textOf } from './dom';
import { addressesOf, mailContext, openMailContext, peopleInText, personOf } from './mail-dom';
import { selectorTable } from './selectors';
import type { ListRows, SiteAdapter } from './types';

/**
 * NetEase mail 网易邮箱 (163, 126, vip, 网易企业邮箱), from ../shared/sites.md §7: a Coremail "js6"
 * app routed by hash. Every opened mail, the list and compose are module containers that stay in
 * the DOM as hidden tabs, so only the visible read module is ever read. Ids inside modules start
 * with a timestamp, hence the `[id$=…]` selectors.
 */
export const NETEASE_SELECTORS = selectorTable({
  readModule: ['div[id^="_dvModuleContainer_read.ReadModule_"]'],
  listModule: ['div[id^="_dvModuleContainer_mbox.ListModule_"]'],
  subject: ['h1[id$="_h1Subject"]', 'h1[title="邮件标题"]'],
  /**
   * The sender's row of the full header, which comes first in it; `_liReadOutfrom` is by analogy
   * with the recipients' `_liReadOutto` and not in a source.
   */
  senderRow: ['li[id$="_liReadOutfrom"]', 'ul[id$="_ulFull"] > li.fS:first-child'],
  /** Header rows: a `div.fT` label ("发件人：", "收件人：", "抄送人：") and the people after it. */
  headerRow: ['li.fS'],
  headerLabel: ['div.fT'],
  recipients: ['div[id$="_dvReadto"] .nui-addr', 'div[id$="_dvReadcc"] .nui-addr'],
  /** One person: `span.nui-addr-name` and `span.nui-addr-email` reading `<address>`. */
  address: ['.nui-addr'],
  addressEmail: ['.nui-addr-email'],
  addressName: ['.nui-addr-name'],
  /** The signed-in user's address (BMail). */
  self: ['#spnUid'],
  row: ['div[sign="letter"]'],
  rowSender: ['.nui-user'],
});

const S = NETEASE_SELECTORS;

/** What is not a selector: routes, attribute names, header labels. */
export const NETEASE = {
  /** `#module=read.ReadModule|{…}`, usually URL-encoded. */
  readRoute: /(?:^#?|[&|])module=read\.ReadModule(?:$|[|&])/,
  /** `read.ReadModule|{"area":"compose",…}` is a mailto link opening compose, not a mail. */
  composeArea: /"area"\s*:\s*"compose"/,
  senderLabel: /^\s*(?:发件人|寄件者|from)/i,
  recipientLabel: /^\s*(?:收件人|抄送|收件者|副本|to|cc)/i,
  rowAddressAttributes: ['title', 'email', 'data-email'],
} as const;

function personOfAddress(addr: Element): Person | null {
  const email = peopleInText(textOf(addr.querySelector(S.addressEmail) ?? addr))[0]?.email;
  return email ? { email, name: textOf(addr.querySelector(S.addressName)) } : null;
}

const peopleOf = (addresses: Iterable<Element>) => [...addresses].map(personOfAddress).filter((p): p is Person => !!p);

/** The sender, then To and Cc: from the sender's row, the recipient ids, and labelled header rows alike. */
function headerPeople(module: Element): { senders: Person[]; others: Person[] } {
  const senders = new Set<Element>();
  const recipients = new Set<Element>(module.querySelectorAll(S.recipients));
  for (const row of module.querySelectorAll(S.senderRow)) row.querySelectorAll(S.address).forEach((a) => senders.add(a));
  // Labels last: they are translated, the ids are not.
  for (const row of module.querySelectorAll(S.headerRow)) {
    const label = textOf(row.querySelector(S.headerLabel));
    const into = NETEASE.senderLabel.test(label) ? senders : NETEASE.recipientLabel.test(label) ? recipients : null;
    row.querySelectorAll(S.address).forEach((a) => into?.add(a));
  }
  return { senders: peopleOf(senders), others: peopleOf([...recipients].filter((a) => !senders.has(a))) };
}

function routeOf(url: URL): string {
  try {
    return decodeURIComponent(url.hash);
  } catch {
    return url.hash;
  }
}

function selfEmailsOf(doc: Document): string[] {
  return addressesOf(doc.querySelector(S.self));
}

/** NetEase 163 / 126 / vip / 网易企业邮箱: the read tab on screen, and owner badges on the list. */
export const netease: SiteAdapter = {
  site: 'netease',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'netease', url: url.href, title: doc.title, selfEmails: selfEmailsOf(doc) };
    // 1. Home, list and compose: no customer.
    const route = routeOf(url);
    if (!NETEASE.readRoute.test(route) || NETEASE.composeArea.test(route)) return mailContext(base, { view: 'list', layout: 'idle' });
    // 2. The read module on screen: earlier mails stay in the DOM as hidden tabs.
    const module = [...doc.querySelectorAll(S.readModule)].find(isShown);
    if (!module) return mailContext(base, { view: 'read', layout: 'unrecognised' });
    // 3. Its header rows. The body is an about:blank iframe and never read.
    return openMailContext(base, 'read', { subject: textOf(module.querySelector(S.subject)), ...headerPeople(module) });
  },
  rows(doc: Document): ListRows {
    const selves = new Set(selfEmailsOf(doc));
    const found: ListRows = { anchors: [], unreadable: 0 };
    for (const list of doc.querySelectorAll(S.listModule)) {
      if (!isShown(list)) continue;
      for (const row of list.querySelectorAll(S.row)) {
        const sender = row.querySelector(S.rowSender);
        const email = sender && personOf(sender, NETEASE.rowAddressAttributes)?.email;
        if (!sender || !email) found.unreadable++;
        else if (!selves.has(email)) found.anchors.push({ element: sender, identity: { kind: 'email', value: email } });
      }
    }
    return found;
  },
};

// For: https://mail.163.com/js6/main.jsp?sid=…&df=mail163_letter#module=read.ReadModule%7C{…},
// https://mail.126.com/js6/main.jsp?…&df=mail126_letter, https://webmail.vip.163.com/js6/main.jsp?…&df=mailvip,
// https://hwwebmail.mail.163.com/js6/main.jsp, and 网易企业邮箱 at https://qiye.163.com and regional hosts such
// as https://hwmail.qiye.163.com/js6/main.jsp?sid=…&hl=zh_CN#module=read.ReadModule%7C{…} (list views at
// #module=mbox.ListModule%7C{…}). Tested on tests/fixtures/netease/163-read.html and 126-list.html,
// written from sites.md; not yet on a live mailbox.
