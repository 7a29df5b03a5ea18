/**
 * Helpers shared by the webmail adapters (Outlook, QQ Mail, NetEase, Alibaba): reading people
 * out of mail headers, same-origin frames, and building a PageContext inside the schema's limits.
 * Reading only.
 */
import type { MissingPart, PageContext, Person } from '@/model/context';
import { textOf } from './dom';
import { emailsIn } from './text';

// PageContext's schema caps (model/context.ts): the background rejects a context over them.
const MAX_PEOPLE = 200;
const MAX_NAME = 200;
const MAX_TITLE = 500;

/**
 * A header label in front of the people it names, in the languages users read their mail in:
 * `From:`, `Von:`, `发件人：`, `寄件者：`…
 */
const HEADER_LABEL = /^\s*(?:from|to|cc|bcc|von|an|kopie|发件人|收件人|抄送人?|密送|发给|寄件者|收件者|副本)\s*[:：]\s*/i;
const QUOTES = /^["'“”‘’\s]+|["'“”‘’\s]+$/g;
/** Header lists separate people with ASCII or full-width commas and semicolons. */
const SEPARATORS = /[,;，；、\n]+/;

function cleanName(raw: string): string {
  const name = raw.replace(HEADER_LABEL, '').replace(/\s+/g, ' ').replace(QUOTES, '');
  return emailsIn(name).length ? '' : name.slice(0, MAX_NAME);
}

/**
 * The people a header line names, in order: `Name <a@b>`, `"Name" <a@b>`, `<a@b>` or `a@b`,
 * separated by commas or semicolons (ASCII or full-width). A leading label (`From:`, `发件人：`)
 * is not part of the first name.
 */
export function peopleInText(text: string): Person[] {
  const people: Person[] = [];
  for (const part of text.split(SEPARATORS)) {
    const angle = part.lastIndexOf('<');
    for (const email of emailsIn(part)) people.push({ email, name: angle > 0 ? cleanName(part.slice(0, angle)) : '' });
  }
  return people;
}

/**
 * The person an element stands for: the first of `attributes` that holds an address (`a@b` or
 * `Name <a@b>`), else its text. When the attribute gives no name, the element's text does,
 * as in `<span title="joan@x.com">Joan Miller</span>`.
 */
export function personOf(el: Element, attributes: readonly string[]): Person | null {
  const text = textOf(el);
  const fromText = peopleInText(text)[0];
  for (const attr of attributes) {
    const person = peopleInText(el.getAttribute(attr) ?? '')[0];
    if (!person) continue;
    if (person.name) return person;
    if (fromText) return { email: person.email, name: fromText.email === person.email ? fromText.name : '' };
    return { email: person.email, name: cleanName(text) };
  }
  return fromText ?? null;
}

/**
 * Names missing from a text node (`<joan@x.com>` in its own span after the name's span) taken
 * from the text of its nearest ancestors, up to a table row's depth.
 */
function withNames(people: Person[], parent: Element | null): Person[] {
  return people.map((person) => {
    let el = parent;
    for (let depth = 0; !person.name && el && depth < 3; depth++, el = el.parentElement) {
      const name = peopleInText(textOf(el)).find((p) => p.email === person.email)?.name;
      if (name) return { email: person.email, name };
    }
    return person;
  });
}

/** Attributes that hold one person's address on the sites we read. */
const ADDRESS_ATTRIBUTES = ['email', 'data-email', 'title'] as const;
/** Subtrees that are never on screen, whatever the site's stylesheet says. */
const NEVER_SHOWN = '[hidden], [style*="display: none"], [style*="display:none"], script, style, template, noscript';
// Numbers rather than `NodeFilter.*` and `Node.*`: documents in frames belong to another realm.
const SHOW_ELEMENTS_AND_TEXT = 0x1 | 0x4;
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const FILTER_ACCEPT = 1;
const FILTER_REJECT = 2;

/**
 * Everyone named inside `root` by an address attribute (`email`, `data-email`, `title`) or by
 * text, in document order, skipping subtrees that match `skip` (message bodies, quoted mail,
 * compose fields) and subtrees hidden by attribute or inline style.
 */
export function peopleUnder(root: Element, skip: string): Person[] {
  const people: Person[] = [];
  const excluded = `${NEVER_SHOWN}, ${skip}`;
  const walker = root.ownerDocument.createTreeWalker(root, SHOW_ELEMENTS_AND_TEXT, {
    acceptNode: (node) => (node.nodeType === ELEMENT_NODE && (node as Element).matches(excluded) ? FILTER_REJECT : FILTER_ACCEPT),
  });
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType === TEXT_NODE) {
      if (node.nodeValue?.includes('@')) people.push(...withNames(peopleInText(node.nodeValue), node.parentElement));
      continue;
    }
    const el = node as Element;
    if (el === root && el.matches(excluded)) break;
    if (!ADDRESS_ATTRIBUTES.some((attr) => el.getAttribute(attr)?.includes('@'))) continue;
    const person = personOf(el, ADDRESS_ATTRIBUTES);
    if (person) people.push(person);
  }
  return people;
}

/**
 * The address an element holds, lower-cased: in the first of its attributes that holds one,
 * whatever its name (`fa` on QQ Mail's row checkbox, `e` on its name span, `email`, `title`…),
 * else in its text. So a selector alone says where a list row's address is, and a selector file
 * can move it without a release.
 */
export function addressIn(el: Element): string | undefined {
  for (const attr of el.attributes) {
    const email = attr.value.includes('@') ? emailsIn(attr.value)[0] : undefined;
    if (email) return email;
  }
  return emailsIn(textOf(el))[0];
}

/** Addresses written in an element's text (`#useraddr`, `#spnUid`…), lower-cased. */
export function addressesOf(el: Element | null | undefined): string[] {
  return el ? emailsIn(`${textOf(el)} ${el.getAttribute('title') ?? ''}`) : [];
}

/**
 * `people` once per address (lower-cased), keeping the first non-empty name (cut to the schema's
 * length), without the user's own addresses.
 */
export function distinctPeople(people: Iterable<Person>, selfEmails: readonly string[]): Person[] {
  const selves = new Set(selfEmails.map((e) => e.toLowerCase()));
  const byEmail = new Map<string, Person>();
  for (const { email, name } of people) {
    const key = email.trim().toLowerCase();
    if (!key || selves.has(key)) continue;
    const trimmed = name.trim().slice(0, MAX_NAME);
    const seen = byEmail.get(key);
    if (!seen) byEmail.set(key, { email: key, name: trimmed });
    else if (!seen.name) seen.name = trimmed;
  }
  return [...byEmail.values()].slice(0, MAX_PEOPLE);
}

/**
 * The document of the first same-origin iframe matching `selector` that has loaded one, else
 * null (absent, still loading, or cross-origin).
 */
export function frameDocument(doc: Document, selector: string): Document | null {
  for (const frame of doc.querySelectorAll<HTMLIFrameElement>(selector)) {
    try {
      if (frame.contentDocument?.body) return frame.contentDocument;
    } catch {
      // Cross-origin: not ours to read.
    }
  }
  return null;
}

/** What every webmail context starts from: nobody on screen yet. */
export type MailContextBase = Pick<PageContext, 'site' | 'url' | 'title' | 'selfEmails'>;

/** What a mail adapter saw on one view: see `mailContext`. */
export interface MailView {
  /** The adapter's name for the kind of view (`readingPane`, `list`…). */
  view: string;
  layout: PageContext['layout'];
  people?: Person[];
  missing?: MissingPart[];
}

/** A PageContext for a mail page, inside the schema's limits; the user never counts among `people`. */
export function mailContext(base: MailContextBase, { view, layout, people = [], missing = [] }: MailView): PageContext {
  return {
    ...base,
    title: base.title.slice(0, MAX_TITLE),
    people: distinctPeople(people, base.selfEmails),
    selfEmails: base.selfEmails.slice(0, 20),
    companies: [],
    phones: [],
    crm: null,
    layout,
    view,
    missing,
  };
}

/** The people and subject an adapter read from an open mail. */
export interface MailRead {
  subject: string;
  /** Who sent the mail (or each message of the thread), as the adapter's sender selectors found them. */
  senders: Person[];
  /** Everyone else the headers name. */
  others: Person[];
}

/**
 * An open mail: recognised when its headers name anyone, and then only in part when its sender
 * or its subject was not found (the markup changed under one of the adapter's selectors). The
 * user's own address counts as a sender found: a mail the user sent is read in full.
 */
export function openMailContext(base: MailContextBase, view: string, { subject, senders, others }: MailRead): PageContext {
  const people = [...senders, ...others];
  if (!people.length) return mailContext({ ...base, title: subject || base.title }, { view, layout: 'unrecognised' });
  const missing: MissingPart[] = [];
  if (!senders.length) missing.push('sender');
  if (!subject) missing.push('subject');
  return mailContext({ ...base, title: subject || base.title }, { view, layout: 'recognised', people, missing });
}
