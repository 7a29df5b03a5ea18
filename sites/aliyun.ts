import type { PageContext, Person } from '@/model/context';
import { isShown, textOf } from './dom';
import { mailContext, peopleUnder } from './mail-dom';
import { selectorTable } from './selectors';
import type { SiteAdapter } from './types';

/**
 * Alibaba mail 阿里邮箱 (qiye.aliyun.com/alimail, mail.aliyun.com). ../shared/sites.md §8 found its
 * URLs and compose editor but no markup for the reading pane or the list, so this adapter does not
 * guess class names. It reads the people of labelled header lines instead: wherever a visible
 * text starts with 发件人：/收件人：/抄送：/From:/To:/Cc:, the addresses written next to it (in `title`,
 * `email` or `data-email` attributes, or as text). Compose fields, editors, quoted mail and frames
 * are never read, nor is the message list (its rows carry no such labels). When nothing is found
 * the page reports 'unrecognised' so the user can link it by hand; there is no list-row badge.
 */
export const ALIYUN_SELECTORS = selectorTable({
  /**
   * Never a header line: compose fields and the editor (`.e_editor`, its iframe), quoted mail, and
   * anything hidden by attribute or inline style.
   */
  notHeader: [
    '[contenteditable="true"]',
    '[contenteditable=""]',
    '[role="textbox"]',
    'input',
    'textarea',
    'select',
    'iframe',
    '.e_editor',
    'blockquote',
    '[class*="quote"]',
    '[id*="quote"]',
    '[class*="compose"]',
    '[class*="Compose"]',
    '[hidden]',
    '[style*="display: none"]',
    '[style*="display:none"]',
    'script',
    'style',
    'template',
    'noscript',
  ],
  /** Climbing from a label to the line it heads stops before lists and before long blocks (a body). */
  notLine: ['[role="listbox"]', '[role="grid"]', '[role="list"]', '[role="tree"]', '[role="main"]', 'body'],
  /** A line with a field to type in is a compose form's recipient line, whatever its container's class. */
  formField: ['input', 'textarea', '[contenteditable="true"]', '[contenteditable=""]'],
});

const S = ALIYUN_SELECTORS;

/** What is not a selector: the header labels and how far a line reaches. */
export const ALIYUN = {
  /** A header label with its colon (half or full width); column headings have none. */
  headerLabel: /^\s*(?:发件人|收件人|抄送人?|密送|寄件者|收件者|副本|from|to|cc|bcc|von|an)\s*[:：]/i,
  lineLevels: 4,
  lineMaxText: 1000,
} as const;

/** The line a label heads: its nearest short ancestor that names an address, unless it is a form. */
function lineOf(label: Element): Element | null {
  let el: Element | null = label;
  for (let level = 0; el && level < ALIYUN.lineLevels && !el.matches(S.notLine); level++, el = el.parentElement) {
    if (textOf(el).length > ALIYUN.lineMaxText || el.querySelector(S.formField)) return null;
    if (peopleUnder(el, S.notHeader).length) return el;
  }
  return null;
}

/**
 * Every visible labelled header line's people, in document order. Walks text nodes only and
 * checks exclusions just for the few that look like labels: this runs after every DOM change.
 */
function headerPeople(doc: Document): Person[] {
  const people: Person[] = [];
  const lines = new Set<Element>();
  if (!doc.body) return people;
  // 4 is NodeFilter.SHOW_TEXT: a number, since frames' documents belong to another realm.
  const walker = doc.createTreeWalker(doc.body, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!ALIYUN.headerLabel.test(node.nodeValue ?? '')) continue;
    const label = node.parentElement;
    const line = label && !label.closest(S.notHeader) ? lineOf(label) : null;
    if (!line || lines.has(line) || !isShown(line)) continue;
    lines.add(line);
    people.push(...peopleUnder(line, S.notHeader));
  }
  return people;
}

/** Alibaba mail: labelled header lines of the mail on screen, read without knowing its markup. */
export const aliyun: SiteAdapter = {
  site: 'aliyun',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    // No source shows where the user's own address or the subject is: the team's addresses are
    // dropped later (customerCandidates), and the tab title stands for the page.
    const base = { site: 'aliyun', url: url.href, title: doc.title, selfEmails: [] };
    const people = headerPeople(doc);
    return mailContext(base, { view: 'read', layout: people.length ? 'recognised' : 'unrecognised', people });
  },
};

// For: https://qiye.aliyun.com/alimail/ (routes such as /alimail/entries/v5.1/mail/inbox/all and the
// older #h=<base64 JSON> hashes) and https://mail.aliyun.com/ (its paths are not known). Tested only on
// tests/fixtures/aliyun/mail.html, whose reading-pane markup is invented: no public source shows it.
