import type { CrmRecord, PageContext } from '@/model/context';
import { firstShown, textOf } from './dom';
import { allShown, asPhone, crmIdentity, mailtoAddress, pageContext, peopleOf, textWithout, uniq } from './crm-dom';
import { emailsIn } from './text';
import type { BadgeAnchor, SiteAdapter } from './types';

/** Salesforce Lightning's DOM, from ../shared/sites.md §3 (Salesforce Inspector, toggl, CumulusCI, Fency). */
export const SALESFORCE = {
  /** `/lightning/r/<SObject>/<id>/view|edit|related/…`, or the short `/lightning/r/<id>/view`. */
  recordRoute: /^\/lightning\/r\/(?:([A-Za-z0-9_]+)\/)?([A-Za-z0-9]{18}|[A-Za-z0-9]{15})\/(?:view|edit|related)\b/,
  /** `/lightning/o/<SObject>/list?filterName=…`. */
  listRoute: /^\/lightning\/o\/([A-Za-z0-9_]+)\/list\b/,
  /** Lightning keeps earlier pages mounted; only the active one (normal or console) is current. */
  activeView: 'div.windowViewMode-normal.active, .windowViewMode-maximized.active',
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
  entityLabel: 'div.entityNameTitle',
  entityName: 'lightning-formatted-name, lightning-formatted-text',
  /** Where this record's own fields live: the highlights panel and the detail layout. */
  ownFields:
    'records-lwc-highlights-panel, records-record-layout-item, .forcePageBlockItemView, [data-target-selection-name^="sfdc:RecordField."]',
  /** Older layouts' field wrapper: its underscore trips some selector engines, so it is compared by tag name. */
  flexipageField: 'RECORD_FLEXIPAGE-RECORD-FIELD',
  email: 'lightning-formatted-email a[href^="mailto:" i]',
  /** Email fields that render their value as plain text. */
  emailField: '[data-target-selection-name$=".Email"]',
  phone: 'lightning-formatted-phone',
  /** The company hint, by object: Contact and Opportunity point at an Account, a Lead names its company. */
  companyField: {
    Contact: '[data-target-selection-name$=".AccountId"]',
    Opportunity: '[data-target-selection-name$=".AccountId"]',
    Lead: '[data-target-selection-name$=".Company"]',
  } as Record<string, string>,
  /** Highlights-panel items: label `.slds-text-title`, value `p.fieldComponent`. */
  highlightItem: 'records-highlights-details-item',
  highlightLabel: '.slds-text-title',
  highlightCompany: /^(account name|account|company)$/i,
  /** A field's value element, when the layout marks it. */
  fieldValue: '.test-id__field-value, .slds-form-element__static, p.fieldComponent',
  /** Label text and screen-reader-only text that is not part of a field's value. */
  notValue: '.slds-text-title, .slds-form-element__label, .test-id__field-label, .slds-assistive-text, .assistiveText, button',
  /** List view rows: name link in `th`, email in `a.emailuiFormattedEmail` (Fency). */
  listRow: 'table tbody tr',
  rowName: 'th a[href*="/lightning/r/"]',
  rowEmail: 'a.emailuiFormattedEmail',
} as const;

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
  return firstShown(doc, SALESFORCE.activeView);
}

/** True inside the highlights panel or a detail-layout field: where this record's own values are. */
function inOwnField(el: Element): boolean {
  if (el.closest(SALESFORCE.ownFields)) return true;
  for (let node: Element | null = el; node; node = node.parentElement) if (node.tagName === SALESFORCE.flexipageField) return true;
  return false;
}

/** This record's own field elements matching `selector`: related lists and the activity timeline hold other people. */
function ownFieldsOf(view: Element, selector: string): Element[] {
  return allShown(view, selector).filter(inOwnField);
}

function recordName(view: Element): string {
  for (const selector of SALESFORCE.name) {
    const name = textWithout(firstShown(view, selector), SALESFORCE.notValue);
    if (name) return name;
  }
  const label = firstShown(view, SALESFORCE.entityLabel);
  return textWithout(label?.parentElement?.querySelector(SALESFORCE.entityName), SALESFORCE.notValue);
}

/** A field's value: its marked value element, else its text after the label (the field's first span). */
function fieldValue(field: Element): string {
  const value = field.querySelector(SALESFORCE.fieldValue);
  if (value) return textWithout(value, SALESFORCE.notValue);
  const text = textWithout(field, SALESFORCE.notValue);
  const label = textOf(field.querySelector('span'));
  return label && text.startsWith(label) ? text.slice(label.length).trim() : text;
}

function emailsOf(view: Element): string[] {
  const linked = ownFieldsOf(view, SALESFORCE.email).map(mailtoAddress);
  const written = ownFieldsOf(view, SALESFORCE.emailField).flatMap((el) => emailsIn(fieldValue(el)));
  return uniq([...linked, ...written]);
}

function phonesOf(view: Element): string[] {
  return uniq(ownFieldsOf(view, SALESFORCE.phone).map((el) => asPhone(textOf(el))));
}

function companyOf(view: Element, objectType: string, name: string): string[] {
  if (objectType === 'Account') return [name];
  const field = SALESFORCE.companyField[objectType];
  const fromField = field ? ownFieldsOf(view, field).map(fieldValue) : [];
  const fromHighlights = allShown(view, SALESFORCE.highlightItem)
    .filter((item) => SALESFORCE.highlightCompany.test(textOf(item.querySelector(SALESFORCE.highlightLabel))))
    .map(fieldValue);
  return uniq([...fromField, ...fromHighlights]).slice(0, 1);
}

/** Salesforce Lightning: Contact, Lead, Account and Opportunity records, and their list views. */
export const salesforce: SiteAdapter = {
  site: 'salesforce',
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'salesforce', url, title: doc.title };
    // 1. Home pages, list views and other objects: no one customer on screen.
    const crm = salesforceRecord(url.pathname);
    if (!crm) return pageContext({ ...base, layout: 'idle' });
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
  rows(doc: Document, url: URL): BadgeAnchor[] {
    const list = SALESFORCE.listRoute.exec(url.pathname);
    const view = list && Object.values(OBJECTS).includes(list[1]!) ? activeView(doc) : null;
    if (!view) return [];
    const anchors: BadgeAnchor[] = [];
    for (const row of allShown(view, SALESFORCE.listRow)) {
      const nameLink = row.querySelector(SALESFORCE.rowName);
      const emailLink = row.querySelector(SALESFORCE.rowEmail);
      const email = emailLink ? (mailtoAddress(emailLink) ?? emailsIn(textOf(emailLink))[0]) : undefined;
      const record = nameLink ? salesforceRecord(new URL(nameLink.getAttribute('href')!, url).pathname) : null;
      const element = nameLink ?? emailLink;
      if (!element) continue;
      if (email) anchors.push({ element, identity: { kind: 'email', value: email } });
      else if (record) anchors.push({ element, identity: { kind: 'crm', value: crmIdentity(record) } });
    }
    return anchors;
  },
};

// For: https://<mydomain>.lightning.force.com/lightning/r/<Contact|Lead|Account|Opportunity>/<id>/view
// (also /edit, /related/<List>/view and the short /lightning/r/<id>/view), …/lightning/o/<Object>/list,
// and the same paths on <mydomain>.my.salesforce.com. Tested on tests/fixtures/salesforce/*.html.
