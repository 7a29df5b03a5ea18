import type { CrmRecord, PageContext } from '@/model/context';
import { firstShown, isShown, textOf } from './dom';
import { allShown, controlValue, pageContext, phonesInLines, shownText, uniq } from './crm-dom';
import { emailsIn } from './text';
import { selectorTable } from './selectors';
import type { SiteAdapter } from './types';

/**
 * 金蝶云星空 Kingdee's HTML5 client, from ../shared/sites.md §9. Only the entry URL and the
 * customer form id `BD_Customer` (viewed by `Number`) are known; the client opens forms as tabs
 * inside one page and NO source shows their markup. So everything below is a guess kept loose:
 * the open form is the shown tab panel (ARIA roles first, then common tab-widget classes), fields
 * are found by their label text (客户名称, 名称, 编码…) and read from the input or element beside
 * the label, and addresses and numbers are read from all the form's visible text and inputs.
 * When none of that finds anything the page is reported 'unrecognised', for manual linking.
 */
export const KINGDEE_SELECTORS = selectorTable({
  /** The open tab's panel, most trusted first. */
  panels: ['[role="tabpanel"]', '.k-content.k-state-active', '.tab-pane.active'],
  activeTab: ['[role="tab"][aria-selected="true"]', '[role="tab"].active'],
  /** A customer form says so by its form id somewhere, or by its tab title (`客户 - 修改`). */
  customerFormId: ['[data-formid="BD_Customer"]', '[formid="BD_Customer"]', '[id*="BD_Customer"]'],
  /** Label-like elements: a leaf whose whole text is a label. Not `th`: a list's column headers label many rows. */
  labelCandidates: ['label', 'span', 'div', 'td'],
  control: ['input', 'textarea'],
});

const S = KINGDEE_SELECTORS;

/** What is not a selector: the client's path and the words of field labels. */
export const KINGDEE = {
  /** `/k3cloud/html5/Index.aspx` (path case varies). */
  clientPath: /\/k3cloud\/html5\//i,
  customerTab: /^客户(?!分类|类别|列表|组)/,
  customerName: /^客户名称$/,
  /** On a customer form its own name and number fields are called just 名称 and 编码. */
  formName: /^名称$/,
  formNumber: /^(客户)?编码$/,
  /** How far up from a label to look for its value beside it. */
  labelDepth: 3,
} as const;

/** The shown, outermost tab panel: inner tabs (基本信息, 联系人) are part of the form. */
function openForm(doc: Document): Element | null {
  for (const selector of S.list.panels) {
    const panel = allShown(doc, selector).find((el) => !el.parentElement?.closest(selector));
    if (panel) return panel;
  }
  return null;
}

/** The value beside a label: the next element's input value or text, looking up a few levels. */
function valueBeside(label: Element): string {
  let node: Element | null = label;
  for (let depth = 0; node && depth < KINGDEE.labelDepth; depth++, node = node.parentElement) {
    const next = node.nextElementSibling;
    if (!next || next.tagName === 'TH') continue;
    const control = next.matches(S.control) ? next : next.querySelector(S.control);
    const value = (control ? controlValue(control) : textOf(next)).trim();
    if (value) return value;
  }
  return '';
}

/** Values of the shown fields whose label matches `pattern`, in page order. */
function fieldValues(form: Element, pattern: RegExp): string[] {
  // Text first, visibility after: the check for hidden ancestors is the costly part.
  const labels = [...form.querySelectorAll(S.labelCandidates)].filter(
    (el) => el.children.length === 0 && pattern.test(textOf(el).replace(/[*：:\s]/g, '')) && isShown(el),
  );
  return uniq(labels.map(valueBeside));
}

function customerForm(doc: Document, form: Element): boolean {
  return (
    form.querySelector(S.customerFormId) !== null ||
    form.matches(S.customerFormId) ||
    KINGDEE.customerTab.test(textOf(firstShown(doc, S.activeTab)))
  );
}

/** 金蝶云星空 Kingdee Cloud Galaxy: the form open in the HTML5 client's active tab. */
export const kingdee: SiteAdapter = {
  site: 'kingdee',
  selectors: S,
  detect(doc: Document, url: URL): PageContext {
    const base = { site: 'kingdee', url, title: doc.title, view: 'form' };
    // 1. Only the HTML5 client; its login and other pages hold no customer.
    if (!KINGDEE.clientPath.test(url.pathname)) return pageContext({ ...base, view: '', layout: 'idle' });
    // 2. The form in the active tab; tabs opened earlier stay in the page, hidden.
    const form = openForm(doc);
    if (!form) return pageContext({ ...base, layout: 'unrecognised' });
    // 3. Its customer name and number by label; addresses and numbers from all it shows.
    const isCustomer = customerForm(doc, form);
    const companies = uniq([...fieldValues(form, KINGDEE.customerName), ...(isCustomer ? fieldValues(form, KINGDEE.formName) : [])]);
    const number = isCustomer ? fieldValues(form, KINGDEE.formNumber)[0] : undefined;
    const crm: CrmRecord | null = number ? { system: 'kingdee', objectType: 'BD_Customer', id: number } : null;
    const text = shownText(form, { withInputs: true, limit: 100_000 });
    const emails = emailsIn(text);
    const phones = phonesInLines(text);
    const found = companies.length + emails.length + phones.length > 0 || crm !== null;
    return pageContext({
      ...base,
      title: companies[0] ?? (textOf(firstShown(doc, S.activeTab)) || doc.title),
      people: emails.map((email) => ({ email, name: '' })),
      phones,
      companies,
      crm,
      layout: found ? 'recognised' : 'unrecognised',
    });
  },
};

// For: https://<tenant>.ik3cloud.com/k3cloud/html5/Index.aspx (also /K3Cloud/…, and on-premises hosts under
// *.kingdee.com). Tested on tests/fixtures/kingdee/customer-form.html only, whose markup is modelled, not captured.
