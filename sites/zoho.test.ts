// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zoho, zohoRecord } from './zoho';

/** Puts a fixture page into the test document, as the browser would have parsed it. */
function show(name: string): void {
  document.open();
  document.write(readFileSync(join(import.meta.dirname, '../tests/fixtures/zoho', name), 'utf8'));
  document.close();
}

const CONTACT = 'https://crm.zoho.com/crm/org20071234/tab/Contacts/4876876000000512001';
const detect = (href: string) => zoho.detect(document, new URL(href));

describe('zohoRecord', () => {
  it('reads the module and record id of customer modules', () => {
    expect(zohoRecord('/crm/org20071234/tab/Contacts/4876876000000512001')).toEqual({
      system: 'zoho',
      objectType: 'Contacts',
      id: '4876876000000512001',
    });
    expect(zohoRecord('/crm/org20071234/tab/Potentials/4876876000000700001/canvas/4876876000000090001')?.objectType).toBe('Potentials');
    expect(zohoRecord('/crm/tab/Leads/4876876000000612001')?.objectType).toBe('Leads');
  });
  it('leaves out lists, create forms and other modules', () => {
    expect(zohoRecord('/crm/org20071234/tab/Leads/custom-view/4876876000000087501/list')).toBeNull();
    expect(zohoRecord('/crm/org20071234/tab/Contacts/create')).toBeNull();
    expect(zohoRecord('/crm/org20071234/tab/Cases/4876876000000800001')).toBeNull();
  });
});

describe('zoho.detect', () => {
  it('reads the shown contact: its addresses, phones and account, not related lists or the stale page', () => {
    show('contact-record.html');
    expect(detect(CONTACT)).toEqual({
      site: 'zoho',
      url: CONTACT,
      title: 'Joan Miller',
      people: [
        { email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' },
        { email: 'joan@northwind-traders.cn', name: 'Joan Miller' },
      ],
      selfEmails: [],
      companies: ['Northwind Traders'],
      phones: ['+1 415 555 0100', '138 0013 8000'],
      crm: { system: 'zoho', objectType: 'Contacts', id: '4876876000000512001' },
      layout: 'recognised',
      view: 'record',
      missing: [],
    });
  });

  it('falls back to the header subtitle for the company', () => {
    show('contact-record.html');
    for (const el of document.querySelectorAll('[data-zcqa="value_Account_Name"]')) el.remove();
    document.getElementById('recHeader2')!.textContent = 'Northwind (HK)';
    expect(detect(CONTACT).companies).toEqual(['Northwind (HK)']);
  });

  it('reads an account as the company, with no person', () => {
    show('contact-record.html');
    for (const el of document.querySelectorAll('#recHeader1')) el.textContent = 'Northwind Traders';
    const ctx = detect('https://crm.zoho.eu/crm/org20071234/tab/Accounts/4876876000000512001');
    expect(ctx.companies).toEqual(['Northwind Traders']);
    expect(ctx.people.map((p) => p.name)).toEqual(['', '']);
  });

  it('says unrecognised when the record header is missing, keeping the record', () => {
    show('contact-record.html');
    for (const el of document.querySelectorAll('#recHeader1')) el.remove();
    expect(detect(CONTACT)).toMatchObject({ layout: 'unrecognised', people: [], crm: { id: '4876876000000512001' } });
  });

  it('is idle on list views', () => {
    show('leads-list.html');
    expect(detect('https://crm.zoho.com.cn/crm/org20071234/tab/Leads/custom-view/4876876000000087501/list?page=1')).toMatchObject({
      layout: 'idle',
      people: [],
      crm: null,
    });
  });
});

describe('zoho.rows', () => {
  it('badges shown lead rows by email, else by record id, after the lead link', () => {
    show('leads-list.html');
    const { anchors: rows } = zoho.rows!(
      document,
      new URL('https://crm.zoho.com.cn/crm/org20071234/tab/Leads/custom-view/4876876000000087501/list?page=1&per_page=10'),
    );
    expect(rows.map((r) => [r.element.textContent, r.identity])).toEqual([
      ['王芳', { kind: 'email', value: 'wang.fang@brightway-elec.cn' }],
      ['陈杰', { kind: 'crm', value: 'zoho:Leads:4876876000000612002' }],
    ]);
  });

  it('gives no rows on record pages', () => {
    show('contact-record.html');
    expect(zoho.rows!(document, new URL(CONTACT)).anchors).toEqual([]);
  });
});
