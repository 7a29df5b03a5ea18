import type { PageContext, Person } from '@/model/context';
import { firstShownOf, textOf } from './dom';
import { allShown, mailtoAddress, pageContext, phonesInLines, shownText, telPhones } from './crm-dom';
import { emailsIn } from './text';
import { selectorTable } from './selectors';
import type { SiteAdapter } from './types';

/**
 * Any other page the user enabled Sidenote on: whoever its links and visible text name. Cheap on
 * big pages (one capped pass over the text), and blind to app chrome where a signed-in user's
 * own address usually sits.
 */
export const GENERIC_SELECTORS = selectorTable({
  /** The page's own content, when it marks it; else the body. */
  content: ['main, [role="main"]', 'article'],
  /** Chrome: menus and banners (the signed-in user), never read. */
  chrome: ['header', 'nav', '[role="banner"]', '[role="navigation"]'],
  /** Boilerplate left out of the text scan; a footer's mailto links still count (a company's contact address). */
  boilerplate: [
    'header',
    'nav',
    'footer',
    'aside',
    '[role="banner"]',
    '[role="navigation"]',
    '[role="contentinfo"]',
    '[role="complementary"]',
    '[aria-hidden="true"]',
  ],
});

const S = GENERIC_SELECTORS;

/** What is not a selector: budgets. */
export const GENERIC = {
  textLimit: 200_000,
  /** A directory page can list hundreds: the first ones are enough to match a customer. */
  maxPeople: 50,
} as const;

function contentRoot(doc: Document): Element | null {
  return firstShownOf(doc, S.list.content) ?? doc.body;
}

/** People behind the page's mailto links, named by the link text when it is not the address itself. */
function linkedPeople(doc: Document): Person[] {
  const people: Person[] = [];
  for (const link of allShown(doc, 'a[href^="mailto:" i]')) {
    const email = link.closest(S.chrome) ? null : mailtoAddress(link);
    const text = textOf(link);
    if (email) people.push({ email, name: text.includes('@') ? '' : text });
  }
  return people;
}

/** Any site: addresses and phone numbers on screen; the user links the page by hand when nothing is found. */
export const generic: SiteAdapter = {
  site: 'generic',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const root = contentRoot(doc);
    const text = root ? shownText(root, { skip: S.boilerplate, limit: GENERIC.textLimit }) : '';
    // Links first: an address found twice keeps the name its link gave it.
    const seen = new Set<string>();
    const people = [...linkedPeople(doc), ...emailsIn(text).map((email) => ({ email, name: '' }))].filter(
      (p) => !seen.has(p.email) && seen.add(p.email),
    );
    const phones = [...telPhones(doc, S.chrome), ...phonesInLines(text)];
    return pageContext({
      site: 'generic',
      url,
      title: doc.title,
      people: people.slice(0, GENERIC.maxPeople),
      phones,
      layout: people.length || phones.length ? 'recognised' : 'idle',
      view: 'page',
    });
  },
};

// For: any https page the user enabled Sidenote on (wired by the lead through optional host permissions).
// Tested on tests/fixtures/generic/company-page.html.
