import type { CrmRecord, PageContext } from '@/model/context';
import { firstShown, textOf } from './dom';
import { allShown, asPhone, controlValue, crmIdentity, mailtoEmails, pageContext, peopleOf, telPhones, uniq } from './crm-dom';
import { emailsIn } from './text';
import { selectorTable } from './selectors';
import type { ListRows, SiteAdapter } from './types';

/**
 * HubSpot's DOM, from ../shared/sites.md §4 (toggl, Clockify, Selenium page objects):
 * `data-selenium-test` hooks first. Keys a team's selector file can override (`hubspot.<key>`).
 */
export const HUBSPOT_SELECTORS = selectorTable({
  /** The highlight card at the top of the left sidebar, in its known wrappers. */
  highlight: [
    '[data-card-type="OBJECT_HIGHLIGHT"]',
    '[data-selenium-component="ProfileHighlightContainer"]',
    '[data-test-id="record-highlight-main-content"]',
  ],
  leftSidebar: ['[data-scroll-trackable-container="left-sidebar"]'],
  title: ['[data-selenium-test="highlightTitle"]'],
  /** Property fields follow `property-input-<internal name>`; shown as text, or as inputs while edited. */
  email: ['[data-selenium-test="property-input-email"]'],
  phone: ['[data-selenium-test="property-input-phone"]', '[data-selenium-test="property-input-mobilephone"]'],
  companyProperty: ['[data-selenium-test="property-input-company"]'],
  /** Association cards list other records (a contact's companies, a company's contacts). */
  association: ['[data-selenium-test^="card-id-ASSOCIATION"]'],
  companyCardLink: ['[data-selenium-test="card-id-ASSOCIATION_TABLE/0-2"] [data-selenium-test="company-chicklet-title-link"]'],
  /** List rows: the name cell (toggl), the record link and label inside it. */
  rowNameCell: ['td[data-table-external-id*="name-"]'],
  rowLink: ['a[href*="/record/0-"]', 'a[href*="/contact/"]', 'a[href*="/company/"]', 'a[href*="/deal/"]'],
  rowLabel: ['[data-test-id="truncated-object-label"]'],
});

const S = HUBSPOT_SELECTORS;

/** What is not a selector: routes. */
export const HUBSPOT = {
  /** `/contacts/<portal>/record/0-1/<id>`, or the legacy `/contacts/<portal>/contact/<id>`. */
  recordRoute: /^\/contacts\/\d+\/(?:record\/(0-\d+)|(contact|company|deal))\/(\d+)/,
  /** `/contacts/<portal>/objects/0-1/views/<view>/list`. */
  listRoute: /^\/contacts\/\d+\/objects\/(0-\d+)\/views\/[^/]+\/list/,
} as const;

/** Legacy path names and the object type ids they stand for; the customer-facing objects only. */
const LEGACY_TYPES: Record<string, string> = { contact: '0-1', company: '0-2', deal: '0-3' };
const CUSTOMER_TYPES = new Set(['0-1', '0-2', '0-3']);

/** The contact, company or deal a HubSpot path addresses. */
export function hubspotRecord(path: string): CrmRecord | null {
  const m = HUBSPOT.recordRoute.exec(path);
  const objectType = m ? (m[1] ?? LEGACY_TYPES[m[2]!]) : undefined;
  if (!m || !objectType || !CUSTOMER_TYPES.has(objectType)) return null;
  return { system: 'hubspot', objectType, id: m[3]! };
}

/** What a property field shows: an input's value while edited, else its text. */
function propertyValues(root: ParentNode, selector: string): string[] {
  return allShown(root, selector).map((el) => {
    const control = el.matches('input, textarea') ? el : el.querySelector('input, textarea');
    return control ? controlValue(control) : textOf(el);
  });
}

/** The record's own card area: the left sidebar (highlight and about cards), else the highlight card. */
function ownArea(doc: Document): Element | null {
  return firstShown(doc, S.leftSidebar) ?? firstShown(doc, S.highlight);
}

function companiesOf(doc: Document, area: Element, objectType: string, name: string): string[] {
  if (objectType === '0-2') return [name];
  const associated = uniq(allShown(doc, S.companyCardLink).map(textOf));
  return associated.length ? associated : uniq(propertyValues(area, S.companyProperty));
}

/** HubSpot CRM: contact, company and deal records, and object list views. */
export const hubspot: SiteAdapter = {
  site: 'hubspot',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'hubspot', url, title: doc.title, view: 'record' };
    // 1. Not a contact, company or deal: nothing to read.
    const crm = hubspotRecord(url.pathname);
    if (!crm) return pageContext({ ...base, view: '', layout: 'idle' });
    // 2. The record's name from its highlight card; without it the page is not what we know.
    const area = ownArea(doc);
    const name = textOf(area && firstShown(area, S.title));
    if (!area || !name) return pageContext({ ...base, crm, layout: 'unrecognised' });
    // 3. Addresses and numbers from the record's own cards, never from association cards or the timeline.
    const emails =
      crm.objectType === '0-1' ? uniq([...propertyValues(area, S.email).flatMap(emailsIn), ...mailtoEmails(area, S.association)]) : [];
    const phones = [...propertyValues(area, S.phone).map(asPhone), ...telPhones(area, S.association)];
    return pageContext({
      ...base,
      title: name,
      people: peopleOf(emails, name),
      phones: uniq(phones),
      companies: companiesOf(doc, area, crm.objectType, name),
      crm,
      layout: 'recognised',
    });
  },
  rows(doc: Document, url: URL): ListRows {
    const found: ListRows = { anchors: [], unreadable: 0 };
    const list = HUBSPOT.listRoute.exec(url.pathname);
    if (!list || !CUSTOMER_TYPES.has(list[1]!)) return found;
    for (const cell of allShown(doc, S.rowNameCell)) {
      const link = cell.querySelector(S.rowLink);
      const element = link ?? cell.querySelector(S.rowLabel);
      if (!element) {
        found.unreadable++;
        continue;
      }
      // Only contacts are people: a company or deal row's stray address is not its identity.
      const row = cell.closest('tr, [role="row"]') ?? cell;
      const email = list[1] === '0-1' ? (mailtoEmails(row)[0] ?? emailsIn(textOf(row))[0]) : undefined;
      const record = link ? hubspotRecord(new URL(link.getAttribute('href')!, url).pathname) : null;
      if (email) found.anchors.push({ element, identity: { kind: 'email', value: email } });
      else if (record) found.anchors.push({ element, identity: { kind: 'crm', value: crmIdentity(record) } });
      else found.unreadable++;
    }
    return found;
  },
};

// For: https://app.hubspot.com/contacts/<portal>/record/0-1|0-2|0-3/<id>, the legacy
// /contacts/<portal>/contact|company|deal/<id>, /contacts/<portal>/objects/0-1/views/<view>/list, and the
// same paths on app-eu1.hubspot.com and app-na2.hubspot.com. Tested on tests/fixtures/hubspot/*.html.
