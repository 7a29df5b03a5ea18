import type { CrmRecord, PageContext } from '@/model/context';
import { textOf } from './dom';
import { allShown, pageContext, phonesInLines, shownText, uniq } from './crm-dom';
import { emailsIn } from './text';
import { selectorTable } from './selectors';
import type { SiteAdapter } from './types';

/**
 * 简道云 Jiandaoyun's DOM, from ../shared/sites.md §5: the record form modal `.fx-form.form-modal`,
 * fields `[data-widgetname]` (a `_widget_<n>` id or the alias a builder set), hash routes
 * `#/app/<appId>` and record links `/app/<appId>/form/<formId>/data/<dataId>`. Fields are
 * user-defined, so there is no email field: addresses, numbers and company names are read from
 * the visible record's fields by content and by label. How a field's label is marked up is not
 * public; the label is taken from a label-like element, else the field's first child.
 */
export const JIANDAOYUN_SELECTORS = selectorTable({
  /** Where an open record shows, most specific first; the last one shown is on top. */
  recordRoots: ['.fx-form.form-modal', '[role="dialog"]', '.fx-form'],
  field: ['[data-widgetname]'],
  label: ['label', '.label-title', '.widget-label', '.field-label', '[class*="label-title"]'],
});

const S = JIANDAOYUN_SELECTORS;

/** What is not a selector: routes and the words of field labels. */
export const JIANDAOYUN = {
  app: /\/app\/([A-Za-z0-9]+)/,
  form: /\/(?:form|entry)\/([A-Za-z0-9]+)/,
  data: /\/data\/([A-Za-z0-9]+)/,
  /** Widget ids say nothing; an alias may (`company_name`). */
  widgetId: /^_widget_\d+$/,
  company: /公司|客户名称|单位|company|customer/i,
  /** Labels about a company that do not hold its name (地址, 电话, 规模…). */
  notCompanyName:
    /地址|电话|手机|邮箱|网址|网站|规模|类型|类别|性质|行业|人数|编号|代码|税号|账号|开户|address|phone|mobile|email|size|type|industry|website|url|number|id$/i,
  contactName: /^(联系人|联系人姓名|姓名|客户联系人|contact|contact name|name)$/i,
} as const;

/** The record a Jiandaoyun URL (path or hash route) addresses, when it names one. */
export function jiandaoyunRecord(url: URL): CrmRecord | null {
  const route = url.pathname + decodeURIComponent(url.hash);
  const data = JIANDAOYUN.data.exec(route)?.[1];
  const form = JIANDAOYUN.form.exec(route)?.[1] ?? JIANDAOYUN.app.exec(route)?.[1];
  return data && form ? { system: 'jiandaoyun', objectType: form, id: data } : null;
}

/** The open record on top, or null when none is shown (list and dashboard pages). */
function visibleRecord(doc: Document): Element | null {
  for (const selector of S.list.recordRoots) {
    const roots = allShown(doc, selector).filter((el) => allShown(el, S.field).length > 0);
    if (roots.length) return roots[roots.length - 1]!;
  }
  return null;
}

interface Field {
  /** The label and the alias, for matching. */
  names: string[];
  value: string;
}

/** A field's label: a label-like element, else its first child when something follows it. */
function labelOf(field: Element): Element | null {
  return field.querySelector(S.label) ?? (field.children.length > 1 ? field.children[0]! : null);
}

/** The leaf fields shown in the record: a subform's own rows are read, not the subform as a whole. */
function fieldsOf(record: Element): Field[] {
  return allShown(record, S.field)
    .filter((el) => !el.querySelector(S.field))
    .map((el) => {
      const label = labelOf(el);
      const alias = el.getAttribute('data-widgetname') ?? '';
      const value = [...el.children].filter((child) => child !== label).map((child) => shownText(child, { withInputs: true }));
      // Required fields mark their label with `*`, and labels may end in a colon.
      const labelText = textOf(label).replace(/^\*\s*|\s*[：:]$/g, '');
      return { names: [labelText, JIANDAOYUN.widgetId.test(alias) ? '' : alias], value: value.join('\n').trim() };
    });
}

function named(field: Field, pattern: RegExp): boolean {
  return field.names.some((n) => n && pattern.test(n));
}

function firstLine(value: string): string {
  const line = value.split('\n').find((l) => l.trim());
  return line ? line.trim() : '';
}

function companiesIn(fields: Field[]): string[] {
  return uniq(
    fields
      .filter((f) => named(f, JIANDAOYUN.company) && !named(f, JIANDAOYUN.notCompanyName))
      .map((f) => firstLine(f.value))
      // Empty fields show placeholders (`—`); a name has letters and is no address or number.
      .filter((v) => /\p{L}/u.test(v) && emailsIn(v).length === 0 && phonesInLines(v).length === 0),
  );
}

/** 简道云 Jiandaoyun: the record open in a form modal or detail panel. */
export const jiandaoyun: SiteAdapter = {
  site: 'jiandaoyun',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const crm = jiandaoyunRecord(url);
    const base = { site: 'jiandaoyun', url, title: doc.title, crm, view: 'record' };
    // 1. Only an open record: the list behind it and hidden templates hold other customers.
    const record = visibleRecord(doc);
    if (!record) return pageContext({ ...base, layout: crm ? 'unrecognised' : 'idle' });
    // 2. Read its fields by content (addresses, numbers) and by label (company, contact name).
    const fields = fieldsOf(record);
    const values = fields.map((f) => f.value).join('\n');
    const emails = emailsIn(values);
    const phones = phonesInLines(values);
    const companies = companiesIn(fields);
    const contact = firstLine(fields.find((f) => named(f, JIANDAOYUN.contactName))?.value ?? '');
    const found = emails.length + phones.length + companies.length > 0;
    return pageContext({
      ...base,
      title: companies[0] ?? (contact || doc.title),
      // The contact's name goes with the first address only: later ones may be other people's (a subform of contacts).
      people: emails.map((email, i) => ({ email, name: i === 0 ? contact : '' })),
      phones,
      companies,
      layout: found ? 'recognised' : 'unrecognised',
    });
  },
};

// For: https://www.jiandaoyun.com/dashboard#/app/<appId>…, …/dashboard/app/<appId>/form/<formId>/data/<dataId>…
// and …/app/<appId>/entry/<entryId> (any *.jiandaoyun.com host). Tested on tests/fixtures/jiandaoyun/*.html,
// whose field markup around [data-widgetname] is modelled, not captured.
