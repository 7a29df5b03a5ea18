import type { CrmRecord, PageContext } from '@/model/context';
import { firstShown, textOf } from './dom';
import { allShown, asPhone, mailtoEmails, pageContext, peopleOf, recordRows, telPhones, uniq } from './crm-dom';
import { emailsIn } from './text';
import type { BadgeAnchor, SiteAdapter } from './types';

/**
 * Zoho CRM's DOM, from ../shared/sites.md §5: the CRUX detail-page header (ids and `cxDv…` classes)
 * and `data-zcqa="value_<column>"` on fields. How a field's label and value nest is not public, so
 * fields are found by their `data-zcqa` alone.
 */
export const ZOHO = {
  /** `/crm/org<orgId>/tab/<Module>/<recordId>`, optionally `/canvas/<id>` after it. */
  recordRoute: /^\/crm\/(?:org\d+\/)?tab\/([A-Za-z]+)\/(\d+)(?:\/|$)/,
  /** `/crm/org<orgId>/tab/<Module>/custom-view/<cvid>/list`. */
  listRoute: /^\/crm\/(?:org\d+\/)?tab\/([A-Za-z]+)\/custom-view\/\d+\/list/,
  name: '#recHeader1, .cxDvRecordHeader1',
  /** Shown after the name: the contact's account or the lead's company in the stock layouts (an assumption). */
  subtitle: '#recHeader2, .cxDvRecordHeader2',
  headerEmail: '.cxDvRecordEmail',
  anyField: '[data-zcqa^="value_"]',
  emailFields: '[data-zcqa^="value_"][data-zcqa*="Email"]',
  phoneFields: '[data-zcqa^="value_"][data-zcqa$="Phone"], [data-zcqa="value_Mobile"]',
  /** The company hint, by module: contacts and deals point at an account, a lead names its company. */
  companyField: {
    Contacts: '[data-zcqa="value_Account_Name"]',
    Potentials: '[data-zcqa="value_Account_Name"]',
    Leads: '[data-zcqa="value_Company"]',
  } as Record<string, string>,
  /** Other records on the detail page: related lists and the timeline. */
  others: 'crux-related-list-wrapper, [id*="timeline"], [id*="Timeline"]',
  listRow: 'tr, [role="row"], lyte-exptable-tr',
} as const;

/** Modules whose records are customers; Deals live under the `Potentials` path. */
const MODULES = new Set(['Contacts', 'Leads', 'Accounts', 'Potentials']);
const PEOPLE_MODULES = new Set(['Contacts', 'Leads']);

/** The record a Zoho CRM path addresses, when it is in one of the customer modules. */
export function zohoRecord(path: string): CrmRecord | null {
  const m = ZOHO.recordRoute.exec(path);
  return m && MODULES.has(m[1]!) ? { system: 'zoho', objectType: m[1]!, id: m[2]! } : null;
}

/** The smallest ancestor of the shown header that also holds the record's fields. */
function recordScope(header: Element): Element {
  let scope = header;
  while (scope.parentElement && !scope.querySelector(ZOHO.anyField)) scope = scope.parentElement;
  return scope;
}

/** Shown fields of this record, never of related records. */
function fields(scope: Element, selector: string): Element[] {
  return allShown(scope, selector).filter((el) => !el.closest(ZOHO.others));
}

function companiesOf(scope: Element, module: string, name: string): string[] {
  if (module === 'Accounts') return [name];
  const field = ZOHO.companyField[module];
  const named = field ? uniq(fields(scope, field).map(textOf)) : [];
  return named.length ? named : uniq([textOf(firstShown(scope, ZOHO.subtitle))]);
}

/** Zoho CRM: Contacts, Leads, Accounts and Deals records, and their list views. */
export const zoho: SiteAdapter = {
  site: 'zoho',
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'zoho', url, title: doc.title };
    // 1. Only record pages of the customer modules.
    const crm = zohoRecord(url.pathname);
    if (!crm) return pageContext({ ...base, layout: 'idle' });
    // 2. The record's header; earlier pages may linger hidden, so only a shown one counts.
    const header = firstShown(doc, ZOHO.name);
    const name = textOf(header);
    if (!header || !name) return pageContext({ ...base, crm, layout: 'unrecognised' });
    // 3. Its fields, leaving out related lists and the timeline.
    const scope = recordScope(header);
    const emailText = [firstShown(scope, ZOHO.headerEmail), ...fields(scope, ZOHO.emailFields)].map(textOf);
    const emails = uniq([...emailText.flatMap(emailsIn), ...mailtoEmails(scope, ZOHO.others)]);
    const phones = [...fields(scope, ZOHO.phoneFields).map((el) => asPhone(textOf(el))), ...telPhones(scope, ZOHO.others)];
    return pageContext({
      ...base,
      title: name,
      people: peopleOf(emails, PEOPLE_MODULES.has(crm.objectType) ? name : ''),
      phones: uniq(phones),
      companies: companiesOf(scope, crm.objectType, name),
      crm,
      layout: 'recognised',
    });
  },
  rows(doc: Document, url: URL): BadgeAnchor[] {
    const module = ZOHO.listRoute.exec(url.pathname)?.[1];
    if (!module || !MODULES.has(module)) return [];
    return recordRows(doc, url, { row: ZOHO.listRow, recordOf: zohoRecord, objectType: module, byEmail: PEOPLE_MODULES.has(module) });
  },
};

// For: https://crm.zoho.com/crm/org<orgId>/tab/Contacts|Leads|Accounts|Potentials/<recordId> (and /canvas/<id>),
// …/tab/<Module>/custom-view/<cvid>/list, on crm.zoho.eu, .in, .com.cn and .com.au too.
// Tested on tests/fixtures/zoho/*.html.
