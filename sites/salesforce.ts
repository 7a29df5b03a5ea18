import type { CrmRecord, PageContext } from '@/model/context';
import { firstShown, textOf } from './dom';
import { allShown, asPhone, crmIdentity, mailtoAddress, pageContext, peopleOf, textWithout, uniq } from './crm-dom';
import { emailsIn } from './text';
import { selectorTable } from './selectors';
import type { ListRows, SiteAdapter } from './types';

/**
 * Salesforce Lightning's DOM, from ../shared/sites.md §3 (Salesforce Inspector, toggl, CumulusCI,
 * Fency). Keys a team's selector file can override (`salesforce.<key>`).
 */
export const SALESFORCE_SELECTORS = selectorTable({
  /** Lightning keeps earlier pages mounted; only the active one (normal or console) is current. */
  activeView: ['div.windowViewMode-normal.active', '.windowViewMode-maximized.active'],
  /** The record's name in its header, most specific first (Account and Opportunity names are text, not names). */
  name: [
    'records-lwc-highlights-panel lightning-formatted-name',
    '.slds-page-header__title lightning-formatted-name',
    'records-lwc-highlights-panel .slds-page-header__title lightning-formatted-text',
    '.slds-page-header__title lightning-formatted-text',
    '.slds-page-header__title .uiOutputText',
    'records-lwc-highlights-panel .slds-page-header__title',
  ],
  /** The object label above the name; page objects read the name from the label's parent. */
  entityLabel: ['div.entityNameTitle'],
  entityName: ['lightning-formatted-name', 'lightning-formatted-text'],
  /** Where this record's own fields live: the highlights panel and the detail layout. */
  ownFields: [
    'records-lwc-highlights-panel',
    'records-record-layout-item',
    '.forcePageBlockItemView',
    '[data-target-selection-name^="sfdc:RecordField."]',
  ],
  email: ['lightning-formatted-email a[href^="mailto:" i]'],
  /** Email fields that render their value as plain text. */
  emailField: ['[data-target-selection-name$=".Email"]'],
  phone: ['lightning-formatted-phone'],
  /** The company hint, by object: Contact and Opportunity point at an Account, a Lead names its company. */
  companyFieldContact: ['[data-target-selection-name$=".AccountId"]'],
  companyFieldOpportunity: ['[data-target-selection-name$=".AccountId"]'],
  companyFieldLead: ['[data-target-selection-name$=".Company"]'],
  /** Highlights-panel items: label `.slds-text-title`, value `p.fieldComponent`. */
  highlightItem: ['records-highlights-details-item'],
  highlightLabel: ['.slds-text-title'],
  /** A field's value element, when the layout marks it. */
  fieldValue: ['.test-id__field-value', '.slds-form-element__static', 'p.fieldComponent'],
  /** Label text and screen-reader-only text that is not part of a field's value. */
  notValue: ['.slds-text-title', '.slds-form-element__label', '.test-id__field-label', '.slds-assistive-text', '.assistiveText', 'button'],
  /** List view rows: name link in `th`, email in `a.emailuiFormattedEmail` (Fency). */
  listRow: ['table tbody tr'],
  rowName: ['th a[href*="/lightning/r/"]'],
  rowEmail: ['a.emailuiFormattedEmail'],
});

const S = SALESFORCE_SELECTORS;

/** What is not a selector: routes, tag names, labels. */
export const SALESFORCE = {
  /** `/lightning/r/<SObject>/<id>/view|edit|related/…`, or the short `/lightning/r/<id>/view`. */
  recordRoute: /^\/lightning\/r\/(?:([A-Za-z0-9_]+)\/)?([A-Za-z0-9]{18}|[A-Za-z0-9]{15})\/(?:view|edit|related)\b/,
  /** `/lightning/o/<SObject>/list?filterName=…`. */
  listRoute: /^\/lightning\/o\/([A-Za-z0-9_]+)\/list\b/,
  /** Older layouts' field wrapper: its underscore trips some selector engines, so it is compared by tag name. */
  flexipageField: 'RECORD_FLEXIPAGE-RECORD-FIELD',
  highlightCompany: /^(account name|account|company)$/i,
} as const;

const COMPANY_FIELD: Record<string, 'companyFieldContact' | 'companyFieldOpportunity' | 'companyFieldLead'> = {
  Contact: 'companyFieldContact',
  Opportunity: 'companyFieldOpportunity',
  Lead: 'companyFieldLead',
};

/** The customer-facing objects Sidenote reads, with the id prefix Salesforce gives each. */
const OBJECTS: Record<string, string> = { '003': 'Contact', '00Q': 'Lead', '001': 'Account', '006': 'Opportunity' };

const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * The 18-character form of a record id. 15-character ids are case-sensitive; the 3 extra
 * characters encode the case of the first 15, so both forms of one record give one identity.
 */
export function salesforceId18(id: string): string {
  const base = id.slice(0, 15);
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(base[chunk * 5 + i]!)) bits |= 1 << i;
    suffix += SUFFIX[bits];
  }
  return base + suffix;
}

/** The record a Lightning path addresses, when it is one of the customer-facing objects. */
export function salesforceRecord(path: string): CrmRecord | null {
  const m = SALESFORCE.recordRoute.exec(path);
  if (!m) return null;
  const id = salesforceId18(m[2]!);
  const objectType = OBJECTS[id.slice(0, 3)];
  // The prefix decides: a path's object name can be a custom object's, or missing altogether.
  if (!objectType || (m[1] && m[1] !== objectType)) return null;
  return { system: 'salesforce', objectType, id };
}

/** Only the current Lightning page: earlier ones stay mounted, inactive. */
function activeView(doc: Document): Element | null {
  return firstShown(doc, S.activeView);
}

/** True inside the highlights panel or a detail-layout field: where this record's own values are. */
function inOwnField(el: Element): boolean {
  if (el.closest(S.ownFields)) return true;
  for (let node: Element | null = el; node; node = node.parentElement) if (node.tagName === SALESFORCE.flexipageField) return true;
  return false;
}

/** This record's own field elements matching `selector`: related lists and the activity timeline hold other people. */
function ownFieldsOf(view: Element, selector: string): Element[] {
  return allShown(view, selector).filter(inOwnField);
}

function recordName(view: Element): string {
  for (const selector of S.list.name) {
    const name = textWithout(firstShown(view, selector), S.notValue);
    if (name) return name;
  }
  const label = firstShown(view, S.entityLabel);
  return textWithout(label?.parentElement?.querySelector(S.entityName), S.notValue);
}

/** A field's value: its marked value element, else its text after the label (the field's first span). */
function fieldValue(field: Element): string {
  const value = field.querySelector(S.fieldValue);
  if (value) return textWithout(value, S.notValue);
  const text = textWithout(field, S.notValue);
  const label = textOf(field.querySelector('span'));
  return label && text.startsWith(label) ? text.slice(label.length).trim() : text;
}

function emailsOf(view: Element): string[] {
  const linked = ownFieldsOf(view, S.email).map(mailtoAddress);
  const written = ownFieldsOf(view, S.emailField).flatMap((el) => emailsIn(fieldValue(el)));
  return uniq([...linked, ...written]);
}

function phonesOf(view: Element): string[] {
  return uniq(ownFieldsOf(view, S.phone).map((el) => asPhone(textOf(el))));
}

function companyOf(view: Element, objectType: string, name: string): string[] {
  if (objectType === 'Account') return [name];
  const field = COMPANY_FIELD[objectType];
  const fromField = field ? ownFieldsOf(view, S[field]).map(fieldValue) : [];
  const fromHighlights = allShown(view, S.highlightItem)
    .filter((item) => SALESFORCE.highlightCompany.test(textOf(item.querySelector(S.highlightLabel))))
    .map(fieldValue);
  return uniq([...fromField, ...fromHighlights]).slice(0, 1);
}

/** Salesforce Lightning: Contact, Lead, Account and Opportunity records, and their list views. */
export const salesforce: SiteAdapter = {
  site: 'salesforce',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'salesforce', url, title: doc.title, view: 'record' };
    // 1. Home pages, list views and other objects: no one customer on screen.
    const crm = salesforceRecord(url.pathname);
    if (!crm) return pageContext({ ...base, view: '', layout: 'idle' });
    // 2. A record: the URL names it; its header must be on screen to read the rest.
    const view = activeView(doc);
    const name = view ? recordName(view) : '';
    if (!view || !name) return pageContext({ ...base, crm, layout: 'unrecognised' });
    // 3. Its own fields only.
    const person = crm.objectType === 'Contact' || crm.objectType === 'Lead';
    return pageContext({
      ...base,
      title: name,
      people: peopleOf(emailsOf(view), person ? name : ''),
      phones: phonesOf(view),
      companies: companyOf(view, crm.objectType, name),
      crm,
      layout: 'recognised',
    });
  },
  rows(doc: Document, url: URL): ListRows {
    const found: ListRows = { anchors: [], unreadable: 0 };
    const list = SALESFORCE.listRoute.exec(url.pathname);
    const view = list && Object.values(OBJECTS).includes(list[1]!) ? activeView(doc) : null;
    if (!view) return found;
    for (const row of allShown(view, S.listRow)) {
      const nameLink = row.querySelector(S.rowName);
      const emailLink = row.querySelector(S.rowEmail);
      const email = emailLink ? (mailtoAddress(emailLink) ?? emailsIn(textOf(emailLink))[0]) : undefined;
      const record = nameLink ? salesforceRecord(new URL(nameLink.getAttribute('href')!, url).pathname) : null;
      const element = nameLink ?? emailLink;
      if (element && email) found.anchors.push({ element, identity: { kind: 'email', value: email } });
      else if (element && record) found.anchors.push({ element, identity: { kind: 'crm', value: crmIdentity(record) } });
      else found.unreadable++;
    }
    return found;
  },
};

// For: https://<mydomain>.lightning.force.com/lightning/r/<Contact|Lead|Account|Opportunity>/<id>/view
// (also /edit, /related/<List>/view and the short /lightning/r/<id>/view), …/lightning/o/<Object>/list,
// and the same paths on <mydomain>.my.salesforce.com. Tested on tests/fixtures/salesforce/*.html.
