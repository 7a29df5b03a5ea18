import type { CrmRecord, PageContext } from '@/model/context';
import { firstShown, textOf } from './dom';
import {
  allShown,
  controlValue,
  mailtoEmails,
  pageContext,
  peopleOf,
  phonesInLines,
  recordRows,
  shownText,
  telPhones,
  uniq,
} from './crm-dom';
import { emailsIn } from './text';
import { selectorTable } from './selectors';
import type { ListRows, SiteAdapter } from './types';

/**
 * Pipedrive's DOM, from ../shared/sites.md §5. Little of it is public: the URL routes, the deal
 * header's `data-testid="header-title"` and the `- contact details` title suffix (Clockify). The
 * rest is a guess kept deliberately loose: the details sidebar is whatever landmark or
 * `data-testid` says "sidebar", the activity history is left out by the landmarks and test ids it
 * plausibly carries, and addresses and numbers are read from links and visible text alike
 * (Pipedrive may or may not render emails as mailto links).
 */
export const PIPEDRIVE_SELECTORS = selectorTable({
  headerTitle: ['[data-testid="header-title"]'],
  headerTitleText: ['.cui5-editable-text__input'],
  heading: ['h1'],
  page: ['.detailView', 'main', '[role="main"]'],
  details: ['[data-testid*="sidebar"]', '[data-testid*="Sidebar"]', 'aside', '[role="complementary"]'],
  /** App chrome and the activity history: the user, teammates and whoever was emailed. */
  noise: [
    'header',
    'nav',
    '[role="banner"]',
    '[role="navigation"]',
    '[role="feed"]',
    '[data-testid*="flow"]',
    '[data-testid*="history"]',
    '[data-testid*="timeline"]',
    '[data-test="activity-subject"]',
    '[data-cy="subject-field"]',
  ],
  organizationLink: ['a[href*="/organization/"]'],
  listRow: ['[role="row"]', 'tr'],
});

const S = PIPEDRIVE_SELECTORS;

/** What is not a selector: routes and the title's suffix. */
export const PIPEDRIVE = {
  /** `/person/<id>`, `/organization/<id>`, `/deal/<id>`, on `<company>.pipedrive.com` or `app.pipedrive.com`. */
  recordRoute: /^\/(person|organization|deal)\/(\d+)(?:\/|$)/,
  /** `/persons/list…`, `/organizations/list…`. */
  listRoute: /^\/(persons|organizations)\/list(?:\/|$)/,
  /** `Joan Miller - contact details`, `… - Pipedrive`. */
  titleSuffix: /\s+[-–|]\s+(?:contact details|organization details|deal details|pipedrive)\b.*$/i,
} as const;

/** The person, organization or deal a Pipedrive path addresses. */
export function pipedriveRecord(path: string): CrmRecord | null {
  const m = PIPEDRIVE.recordRoute.exec(path);
  return m ? { system: 'pipedrive', objectType: m[1]!, id: m[2]! } : null;
}

function recordName(doc: Document, page: Element): string {
  const header = firstShown(page, S.headerTitle);
  const input = header?.querySelector(S.headerTitleText);
  const fromHeader = input ? controlValue(input) || textOf(input) : textOf(header);
  const heading = allShown(page, S.heading).find((h) => !h.closest(S.noise));
  return fromHeader || textOf(heading) || doc.title.replace(PIPEDRIVE.titleSuffix, '').trim();
}

/** The record's details: the sidebar when there is one, else the page without chrome and history. */
function detailsOf(page: Element): Element {
  return allShown(page, S.details).find((el) => !el.closest(S.noise)) ?? page;
}

/** Pipedrive: persons, organizations and deals, and the persons and organizations lists. */
export const pipedrive: SiteAdapter = {
  site: 'pipedrive',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'pipedrive', url, title: doc.title, view: 'record' };
    const crm = pipedriveRecord(url.pathname);
    if (!crm) return pageContext({ ...base, view: '', layout: 'idle' });
    const page = firstShown(doc, S.page) ?? doc.body;
    // The title suffix alone does not prove the page rendered: a heading or header must be there.
    const rendered = firstShown(page, `${S.headerTitle}, ${S.heading}`);
    const name = rendered ? recordName(doc, page) : '';
    if (!name) return pageContext({ ...base, crm, layout: 'unrecognised' });
    const details = detailsOf(page);
    const text = shownText(details, { skip: S.noise, limit: 50_000 });
    const organization = crm.objectType === 'organization';
    const emails = organization ? [] : uniq([...emailsIn(text), ...mailtoEmails(details, S.noise)]);
    const companies = organization
      ? [name]
      : allShown(details, S.organizationLink)
          .filter((a) => !a.closest(S.noise))
          .map(textOf);
    return pageContext({
      ...base,
      title: name,
      people: peopleOf(emails, crm.objectType === 'person' ? name : ''),
      phones: uniq([...telPhones(details, S.noise), ...phonesInLines(text)]),
      companies,
      crm,
      layout: 'recognised',
    });
  },
  rows(doc: Document, url: URL): ListRows {
    const list = PIPEDRIVE.listRoute.exec(url.pathname)?.[1];
    if (!list) return { anchors: [], unreadable: 0 };
    const objectType = list === 'persons' ? 'person' : 'organization';
    return recordRows(doc, url, { row: S.listRow, recordOf: pipedriveRecord, objectType, byEmail: objectType === 'person' });
  },
};

// For: https://<company>.pipedrive.com/person/<id>, /organization/<id>, /deal/<id>, /persons/list…,
// /organizations/list… (and app.pipedrive.com). Tested on tests/fixtures/pipedrive/*.html only: the
// detail and list markup there is modelled, not captured (see the note at the top).
