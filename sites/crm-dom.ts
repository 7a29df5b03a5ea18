/**
 * Helpers shared by the CRM and generic site adapters: reading values out of record pages,
 * visible text with a budget, and building a PageContext that stays inside the schema's limits.
 * Reading only.
 */
import type { CrmRecord, MissingPart, PageContext, Person } from '@/model/context';
import { isShown } from './dom';
import { emailsIn, phonesIn } from './text';
import type { ListRows } from './types';

/** Every element matching `selector` under `root` that is shown. */
export function allShown(root: ParentNode, selector: string): Element[] {
  return [...root.querySelectorAll(selector)].filter(isShown);
}

/** Trimmed, non-empty strings without repeats, in order. */
export function uniq(values: Iterable<string | null | undefined>): string[] {
  const seen = new Set<string>();
  for (const v of values) {
    const s = v?.replace(/\s+/g, ' ').trim();
    if (s) seen.add(s);
  }
  return [...seen];
}

/** The address of a mailto link (`mailto:Joan@X.com?subject=Hi` → `joan@x.com`), or null. */
export function mailtoAddress(link: Element): string | null {
  const href = link.getAttribute('href') ?? '';
  let target = href.replace(/^mailto:/i, '').split('?')[0] ?? '';
  try {
    target = decodeURIComponent(target);
  } catch {
    // A malformed escape: read the address as written.
  }
  return emailsIn(target)[0] ?? null;
}

/** True when `el` sits inside an element matching `exclude` (an empty selector excludes nothing). */
function inside(el: Element, exclude: string): boolean {
  return exclude !== '' && el.closest(exclude) !== null;
}

/** Addresses of the shown mailto links under `root`, skipping links inside `exclude`. */
export function mailtoEmails(root: ParentNode, exclude = ''): string[] {
  return uniq(allShown(root, 'a[href^="mailto:" i]').map((a) => (inside(a, exclude) ? null : mailtoAddress(a))));
}

/**
 * A phone number as written in a field labelled as one (`(415) 555-0100`, `+86 138 0013 8000`),
 * or null. Labelled fields hold local formats that `phonesIn` would not trust in running text.
 */
export function asPhone(text: string): string | null {
  const s = text.replace(/\s+/g, ' ').trim();
  const digits = s.replace(/\D/g, '').length;
  return /^\+?[\d\s().\-/]+$/.test(s) && s.length <= 40 && digits >= 6 && digits <= 20 ? s : null;
}

/** Numbers of the shown tel: links under `root`: the link's text when it reads as one, else its href. */
export function telPhones(root: ParentNode, exclude = ''): string[] {
  return uniq(
    allShown(root, 'a[href^="tel:" i]').map((a) => {
      if (inside(a, exclude)) return null;
      return asPhone(a.textContent ?? '') ?? asPhone(decodeURIComponent((a.getAttribute('href') ?? '').slice(4)));
    }),
  );
}

/** Collapsed text of `el`, leaving out what sits inside `skip` (assistive labels, field labels, buttons). */
export function textWithout(el: Element | null | undefined, skip: string): string {
  if (!el) return '';
  const parts: string[] = [];
  // 4 is NodeFilter.SHOW_TEXT: a number, since frames' documents belong to another realm.
  const walker = el.ownerDocument.createTreeWalker(el, 4);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement?.closest(skip)) parts.push(node.textContent ?? '');
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

/** The value of a form control as the user sees it, or '' for controls that hold no text. */
export function controlValue(el: Element): string {
  if (el instanceof HTMLTextAreaElement) return el.value;
  if (el instanceof HTMLInputElement && !/^(hidden|password|checkbox|radio|button|submit|reset|file|image)$/i.test(el.type))
    return el.value;
  return '';
}

const NEVER_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'CANVAS', 'IFRAME', 'OBJECT', 'SELECT', 'BUTTON']);

export interface ShownTextOptions {
  /** Subtrees to leave out (navigation, feeds…). */
  skip?: string;
  /** Stop once this many characters are collected: big pages stay cheap. */
  limit?: number;
  /** Read the values of text inputs and textareas too (forms that show their values in inputs). */
  withInputs?: boolean;
}

/**
 * The text a user can see under `root`: hidden subtrees, scripts, templates and (unless asked)
 * form controls are left out. Whitespace inside text collapses to spaces and only block
 * boundaries become line breaks, so `Joan` in one cell and `joan@x.com` in the next never run
 * together, and `phonesInLines` can keep a number from running into the next line's digits.
 */
export function shownText(root: Element, { skip = '', limit = 200_000, withInputs = false }: ShownTextOptions = {}): string {
  const view = root.ownerDocument.defaultView;
  const parts: string[] = [];
  let length = 0;
  const add = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const walk = (el: Element) => {
    if (length >= limit || NEVER_TEXT.has(el.tagName.toUpperCase()) || (skip && el.matches(skip))) return;
    if (el instanceof HTMLElement && el.hidden) return;
    const style = view?.getComputedStyle(el);
    if (style && (style.display === 'none' || style.visibility === 'hidden')) return;
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      if (withInputs) add(`\n${controlValue(el)}\n`);
      return;
    }
    // Inline-block counts as a block: grid cells laid out side by side must not run together.
    const block = !style || !/^(inline|contents|)$/.test(style.display);
    if (block || el.tagName === 'BR') add('\n');
    for (const child of el.childNodes) {
      if (length >= limit) return;
      if (child.nodeType === Node.TEXT_NODE) add((child.textContent ?? '').replace(/\s+/g, ' '));
      else if (child.nodeType === Node.ELEMENT_NODE) walk(child as Element);
    }
    if (block) add('\n');
  };
  if (isShown(root)) walk(root);
  return parts.join('').slice(0, limit);
}

/** Phone numbers in `shownText` output, line by line: a number never continues on the next line. */
export function phonesInLines(text: string): string[] {
  return uniq(text.split('\n').flatMap(phonesIn));
}

import { crmIdentity } from '@/model/identity';

export { crmIdentity };

/** What an adapter found on a page; `pageContext` turns it into a PageContext. */
export interface Findings {
  site: string;
  url: URL;
  title: string;
  people?: Person[];
  selfEmails?: string[];
  companies?: string[];
  phones?: string[];
  crm?: CrmRecord | null;
  layout: PageContext['layout'];
  /** The kind of view (`record`, `list`…); see PageContext. */
  view?: string;
  missing?: MissingPart[];
}

/**
 * A PageContext cut to the schema's limits (the background rejects anything longer), with
 * people, companies and phones de-duplicated: a page full of addresses must not lose them all.
 */
export function pageContext(found: Findings): PageContext {
  const people: Person[] = [];
  for (const p of found.people ?? []) {
    const email = p.email.trim().toLowerCase();
    if (email.length > 320 || people.some((q) => q.email === email)) continue;
    people.push({ email, name: p.name.replace(/\s+/g, ' ').trim().slice(0, 200) });
  }
  return {
    site: found.site,
    url: found.url.href.slice(0, 4096),
    title: found.title.replace(/\s+/g, ' ').trim().slice(0, 500),
    people: people.slice(0, 200),
    selfEmails: uniq(found.selfEmails ?? []).slice(0, 20),
    companies: uniq(found.companies ?? [])
      .filter((c) => c.length <= 200)
      .slice(0, 20),
    phones: uniq(found.phones ?? [])
      .filter((p) => p.length <= 40)
      .slice(0, 20),
    crm: found.crm ?? null,
    layout: found.layout,
    view: found.view ?? '',
    missing: found.missing ?? [],
  };
}

/** People for the emails of one record: the record's name goes with each of its addresses. */
export function peopleOf(emails: readonly string[], name: string): Person[] {
  return emails.map((email) => ({ email, name }));
}

export interface RecordRowsOptions {
  /** Row elements (`tr, [role="row"]`); rows that contain rows are skipped. */
  row: string;
  /** The record a link's path addresses, or null. */
  recordOf(path: string): CrmRecord | null;
  /** The listed object type: links to other objects in a row (an account, an owner) are not the row's own. */
  objectType: string;
  /** Rows of people: a shown email identifies the row before its record does. */
  byEmail: boolean;
}

/**
 * Badge anchors for list rows that link to their own record: the badge goes after that link,
 * and the row is known by its email (people lists) or else by the record. A data row (one with
 * cells, unlike a header row) without such a link counts as unreadable.
 */
export function recordRows(root: ParentNode, url: URL, options: RecordRowsOptions): ListRows {
  const recordAt = (a: Element) => options.recordOf(new URL(a.getAttribute('href')!, url).pathname);
  const found: ListRows = { anchors: [], unreadable: 0 };
  for (const row of allShown(root, options.row)) {
    if (row.querySelector(options.row)) continue;
    const link = [...row.querySelectorAll('a[href]')].find((a) => recordAt(a)?.objectType === options.objectType);
    if (!link) {
      if (row.querySelector('td, [role="gridcell"], [role="cell"]')) found.unreadable++;
      continue;
    }
    const email = options.byEmail ? (mailtoEmails(row)[0] ?? emailsIn(shownText(row))[0]) : undefined;
    found.anchors.push({
      element: link,
      identity: email ? { kind: 'email', value: email } : { kind: 'crm', value: crmIdentity(recordAt(link)!) },
    });
  }
  return found;
}
