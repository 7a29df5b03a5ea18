import type { CrmRecord, PageContext } from '@/model/context';
import { firstShown, textOf } from './dom';
import { allShown, asPhone, mailtoEmails, pageContext, peopleOf, recordRows, telPhones, uniq } from './crm-dom';
import { emailsIn } from './text';
import { selectorTable } from './selectors';
import type { ListRows, SiteAdapter } from './types';

/**
 * Zoho CRM's DOM, from ../shared/sites.md §5: the CRUX detail-page header (ids and `cxDv…` classes)
 * and `data-zcqa="value_<column>"` on fields. How a field's label and value nest is not public, so
 * fields are found by their `data-zcqa` alone.
 */
export const ZOHO_SELECTORS = selectorTable({
  name: ['#recHeader1', '.cxDvRecordHeader1'],
  /** Shown after the name: the contact's account or the lead's company in the stock layouts (an assumption). */
  subtitle: ['#recHeader2', '.cxDvRecordHeader2'],
  headerEmail: ['.cxDvRecordEmail'],
  anyField: ['[data-zcqa^="value_"]'],
  emailFields: ['[data-zcqa^="value_"][data-zcqa*="Email"]'],
  phoneFields: ['[data-zcqa^="value_"][data-zcqa$="Phone"]', '[data-zcqa="value_Mobile"]'],
  /** The company hint, by module: contacts and deals point at an account, a lead names its company. */
  companyFieldContacts: ['[data-zcqa="value_Account_Name"]'],
  companyFieldPotentials: ['[data-zcqa="value_Account_Name"]'],
  companyFieldLeads: ['[data-zcqa="value_Company"]'],
  /** Other records on the detail page: related lists and the timeline. */
  others: ['crux-related-list-wrapper', '[id*="timeline"]', '[id*="Timeline"]'],
  listRow: ['tr', '[role="row"]', 'lyte-exptable-tr'],
});

const S = ZOHO_SELECTORS;

/** What is not a selector: routes. */
export const ZOHO = {
  /** `/crm/org<orgId>/tab/<Module>/<recordId>`, optionally `/canvas/<id>` after it. */
  recordRoute: /^\/crm\/(?:org\d+\/)?tab\/([A-Za-z]+)\/(\d+)(?:\/|$)/,
  /** `/crm/org<orgId>/tab/<Module>/custom-view/<cvid>/list`. */
  listRoute: /^\/crm\/(?:org\d+\/)?tab\/([A-Za-z]+)\/custom-view\/\d+\/list/,
} as const;

const COMPANY_FIELD: Record<string, 'companyFieldContacts' | 'companyFieldPotentials' | 'companyFieldLeads'> = {
  Contacts: 'companyFieldContacts',
  Potentials: 'companyFieldPotentials',
  Leads: 'companyFieldLeads',
};

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
  while (scope.parentElement && !scope.querySelector(S.anyField)) scope = scope.parentElement;
  return scope;
}

/** Shown fields of this record, never of related records. */
function fields(scope: Element, selector: string): Element[] {
  return allShown(scope, selector).filter((el) => !el.closest(S.others));
}

function companiesOf(scope: Element, module: string, name: string): string[] {
  if (module === 'Accounts') return [name];
  const field = COMPANY_FIELD[module];
  const named = field ? uniq(fields(scope, S[field]).map(textOf)) : [];
  return named.length ? named : uniq([textOf(firstShown(scope, S.subtitle))]);
}

/** Zoho CRM: Contacts, Leads, Accounts and Deals records, and their list views. */
export const zoho: SiteAdapter = {
  site: 'zoho',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'zoho', url, title: doc.title, view: 'record' };
    // 1. Only record pages of the customer modules.
    const crm = zohoRecord(url.pathname);
    if (!crm) return pageContext({ ...base, view: '', layout: 'idle' });
    // 2. The record's header; earlier pages may linger hidden, so only a shown one counts.
    const header = firstShown(doc, S.name);
    const name = textOf(header);
    if (!header || !name) return pageContext({ ...base, crm, layout: 'unrecognised' });
    // 3. Its fields, leaving out related lists and the timeline.
    const scope = recordScope(header);
    const emailText = [firstShown(scope, S.headerEmail), ...fields(scope, S.emailFields)].map(textOf);
    const emails = uniq([...emailText.flatMap(emailsIn), ...mailtoEmails(scope, S.others)]);
    const phones = [...fields(scope, S.phoneFields).map((el) => asPhone(textOf(el))), ...telPhones(scope, S.others)];
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
  rows(doc: Document, url: URL): ListRows {
    const module = ZOHO.listRoute.exec(url.pathname)?.[1];
    if (!module || !MODULES.has(module)) return { anchors: [], unreadable: 0 };
    return recordRows(doc, url, { row: S.listRow, recordOf: zohoRecord, objectType: module, byEmail: PEOPLE_MODULES.has(module) });
  },
};

// For: https://crm.zoho.com/crm/org<orgId>/tab/Contacts|Leads|Accounts|Potentials/<recordId> (and /canvas/<id>),
// …/tab/<Module>/custom-view/<cvid>/list, on crm.zoho.eu, .in, .com.cn and .com.au too.
// Tested on tests/fixtures/zoho/*.html.
