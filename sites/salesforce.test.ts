// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { salesforce, salesforceId18, salesforceRecord } from './salesforce';

const ORIGIN = 'https://sidenote-demo.lightning.force.com';

/** Puts a fixture page into the test document, as the browser would have parsed it. */
function show(name: string): void {
  document.open();
  document.write(readFileSync(join(import.meta.dirname, '../tests/fixtures/salesforce', name), 'utf8'));
  document.close();
}

const detect = (path: string) => salesforce.detect(document, new URL(ORIGIN + path));

beforeEach(() => show('contact-record.html'));

describe('salesforceId18', () => {
  it('adds the case-encoding suffix to 15-character ids and keeps 18-character ones', () => {
    expect(salesforceId18('003Dn00000A1b2C')).toBe('003Dn00000A1b2CIAR');
    expect(salesforceId18('003Dn00000A1b2CIAR')).toBe('003Dn00000A1b2CIAR');
    expect(salesforceId18('003dn00000a1b2c')).toBe('003dn00000a1b2cAAA');
  });
});

describe('salesforceRecord', () => {
  it('reads the object from the id prefix, with or without the object in the path', () => {
    expect(salesforceRecord('/lightning/r/Contact/003Dn00000A1b2CIAR/view')).toEqual({
      system: 'salesforce',
      objectType: 'Contact',
      id: '003Dn00000A1b2CIAR',
    });
    expect(salesforceRecord('/lightning/r/003Dn00000A1b2C/view')).toEqual({
      system: 'salesforce',
      objectType: 'Contact',
      id: '003Dn00000A1b2CIAR',
    });
    expect(salesforceRecord('/lightning/r/Opportunity/006Dn00000Pp4RsIAJ/related/OpportunityContactRoles/view')?.objectType).toBe(
      'Opportunity',
    );
    expect(salesforceRecord('/lightning/r/Lead/00QDn00000Zt9WkMAJ/edit')?.objectType).toBe('Lead');
  });
  it('leaves out other objects and other pages', () => {
    expect(salesforceRecord('/lightning/r/Case/500Dn00000Cc1AaIAJ/view')).toBeNull();
    expect(salesforceRecord('/lightning/r/User/005Dn00000Ab1CdIAJ/view')).toBeNull();
    expect(salesforceRecord('/lightning/o/Contact/list')).toBeNull();
    expect(salesforceRecord('/lightning/page/home')).toBeNull();
  });
});

describe('salesforce.detect', () => {
  it('reads the active Contact page only: its email, phones and account', () => {
    expect(detect('/lightning/r/Contact/003Dn00000A1b2CIAR/view')).toEqual({
      site: 'salesforce',
      url: `${ORIGIN}/lightning/r/Contact/003Dn00000A1b2CIAR/view`,
      title: 'Joan Miller',
      people: [{ email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' }],
      selfEmails: [],
      companies: ['Northwind Traders'],
      phones: ['(415) 555-0100', '+1 415 555 0199'],
      crm: { system: 'salesforce', objectType: 'Contact', id: '003Dn00000A1b2CIAR' },
      layout: 'recognised',
      view: 'record',
      missing: [],
    });
  });

  it('ignores mounted pages that are not active even when nothing hides them', () => {
    document.querySelector('style')!.remove();
    const ctx = detect('/lightning/r/Contact/003Dn00000A1b2CIAR/view');
    expect(ctx.title).toBe('Joan Miller');
    expect(ctx.people.map((p) => p.email)).toEqual(['joan.miller@northwind-traders.com']);
    expect(ctx.companies).toEqual(['Northwind Traders']);
  });

  it('follows the active page when Lightning switches back to a mounted one', () => {
    const [stale, current] = document.querySelectorAll('.windowViewMode-normal');
    current!.classList.remove('active');
    stale!.classList.add('active');
    const ctx = detect('/lightning/r/003Dn00000B7xQ2IAJ/view');
    expect(ctx.title).toBe('Liu Yang');
    expect(ctx.people).toEqual([{ email: 'liu.yang@contoso-freight.com', name: 'Liu Yang' }]);
    expect(ctx.companies).toEqual(['Contoso Freight']);
    expect(ctx.phones).toEqual(['+86 21 6123 0000']);
  });

  it('reads a Lead in a console tab, not the other tab mounted beside it', () => {
    show('lead-record.html');
    const ctx = detect('/lightning/r/Lead/00QDn00000Zt9WkMAJ/view');
    expect(ctx.title).toBe('Wang Fang');
    expect(ctx.people).toEqual([{ email: 'wang.fang@brightway-elec.cn', name: 'Wang Fang' }]);
    expect(ctx.companies).toEqual(['Shenzhen Brightway Electronics']);
    expect(ctx.phones).toEqual(['+86 755 8888 1234', '139 1234 5678']);
    expect(ctx.crm).toEqual({ system: 'salesforce', objectType: 'Lead', id: '00QDn00000Zt9WkMAJ' });
    expect(ctx.layout).toBe('recognised');
  });

  it('reads an Account as the company, leaving its related contacts out', () => {
    show('account-record.html');
    const ctx = detect('/lightning/r/Account/001Dn00000Kq3LmIAJ/view');
    expect(ctx.title).toBe('Northwind Traders');
    expect(ctx.people).toEqual([]);
    expect(ctx.companies).toEqual(['Northwind Traders']);
    expect(ctx.phones).toEqual(['(415) 555-0000']);
    expect(ctx.crm).toEqual({ system: 'salesforce', objectType: 'Account', id: '001Dn00000Kq3LmIAJ' });
    expect(ctx.layout).toBe('recognised');
  });

  it('reads an Opportunity with its account, leaving contact roles out', () => {
    show('opportunity-record.html');
    const ctx = detect('/lightning/r/Opportunity/006Dn00000Pp4RsIAJ/view');
    expect(ctx.title).toBe('Northwind Traders - Q3 Pallets');
    expect(ctx.people).toEqual([]);
    expect(ctx.companies).toEqual(['Northwind Traders']);
    expect(ctx.phones).toEqual([]);
    expect(ctx.crm).toEqual({ system: 'salesforce', objectType: 'Opportunity', id: '006Dn00000Pp4RsIAJ' });
  });

  it('keeps the record from the URL but says unrecognised when its header is missing', () => {
    document.querySelector('.windowViewMode-normal.active records-lwc-highlights-panel')!.remove();
    document.querySelector('.windowViewMode-normal.active .slds-tabs_default')!.remove();
    const ctx = detect('/lightning/r/Contact/003Dn00000A1b2CIAR/view');
    expect(ctx.layout).toBe('unrecognised');
    expect(ctx.people).toEqual([]);
    expect(ctx.crm).toEqual({ system: 'salesforce', objectType: 'Contact', id: '003Dn00000A1b2CIAR' });
  });

  it('finds the name under the object label when the header has no title class', () => {
    const title = document.querySelector('.windowViewMode-normal.active h1.slds-page-header__title')!;
    title.className = 'header-name';
    expect(detect('/lightning/r/Contact/003Dn00000A1b2CIAR/view').title).toBe('Joan Miller');
  });

  it('is idle on list views and home pages', () => {
    show('contacts-list.html');
    expect(detect('/lightning/o/Contact/list?filterName=Recent').layout).toBe('idle');
    expect(detect('/lightning/page/home')).toMatchObject({ layout: 'idle', people: [], crm: null });
  });

  it('says unrecognised on a record URL whose page shows something else', () => {
    show('contacts-list.html');
    expect(detect('/lightning/r/Contact/003Dn00000A1b2CIAR/view').layout).toBe('unrecognised');
  });
});

describe('salesforce.rows', () => {
  const rows = (path: string) =>
    salesforce.rows!(document, new URL(ORIGIN + path)).anchors.map((r) => ({ text: r.element.textContent, identity: r.identity }));

  it('badges each row of the active list: by email, else by record id', () => {
    show('contacts-list.html');
    expect(rows('/lightning/o/Contact/list?filterName=Recent')).toEqual([
      { text: 'Joan Miller', identity: { kind: 'email', value: 'joan.miller@northwind-traders.com' } },
      { text: 'Raj Patel', identity: { kind: 'email', value: 'raj.patel@northwind-traders.com' } },
      { text: 'Zhou Min', identity: { kind: 'crm', value: 'salesforce:003Dn00000D8fG1IAJ' } },
    ]);
  });

  it('puts the badge after the name link', () => {
    show('contacts-list.html');
    const [first] = salesforce.rows!(document, new URL(`${ORIGIN}/lightning/o/Contact/list`)).anchors;
    expect(first!.element.tagName).toBe('A');
    expect(first!.element.closest('th')).not.toBeNull();
  });

  it('gives no rows on record pages', () => {
    expect(rows('/lightning/r/Contact/003Dn00000A1b2CIAR/view')).toEqual([]);
  });
});
