// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubspot, hubspotRecord } from './hubspot';

/** Puts a fixture page into the test document, as the browser would have parsed it. */
function show(name: string): void {
  document.open();
  document.write(readFileSync(join(import.meta.dirname, '../tests/fixtures/hubspot', name), 'utf8'));
  document.close();
}

const detect = (href: string) => hubspot.detect(document, new URL(href));

describe('hubspotRecord', () => {
  it('reads current and legacy record paths', () => {
    expect(hubspotRecord('/contacts/2468013/record/0-1/51234')).toEqual({ system: 'hubspot', objectType: '0-1', id: '51234' });
    expect(hubspotRecord('/contacts/2468013/record/0-3/77001/view/1')).toEqual({ system: 'hubspot', objectType: '0-3', id: '77001' });
    expect(hubspotRecord('/contacts/2468013/company/9001')).toEqual({ system: 'hubspot', objectType: '0-2', id: '9001' });
    expect(hubspotRecord('/contacts/2468013/contact/51234/')).toEqual({ system: 'hubspot', objectType: '0-1', id: '51234' });
  });
  it('leaves out tickets, custom objects and lists', () => {
    expect(hubspotRecord('/contacts/2468013/record/0-5/300')).toBeNull();
    expect(hubspotRecord('/contacts/2468013/record/2-1234567/300')).toBeNull();
    expect(hubspotRecord('/contacts/2468013/objects/0-1/views/all/list')).toBeNull();
  });
});

describe('hubspot.detect', () => {
  it('reads a contact: its email, phones and associated company, not the timeline or other cards', () => {
    show('contact-record.html');
    expect(detect('https://app.hubspot.com/contacts/2468013/record/0-1/51234')).toEqual({
      site: 'hubspot',
      url: 'https://app.hubspot.com/contacts/2468013/record/0-1/51234',
      title: 'Joan Miller',
      people: [{ email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' }],
      selfEmails: [],
      companies: ['Northwind Traders'],
      phones: ['+1 (415) 555-0100', '+1 415 555 0199'],
      crm: { system: 'hubspot', objectType: '0-1', id: '51234' },
      layout: 'recognised',
      view: 'record',
      missing: [],
    });
  });

  it('leaves out association cards placed in the left sidebar', () => {
    show('contact-record.html');
    const card = document.querySelector('[data-selenium-test="card-id-ASSOCIATION_TABLE/0-1"]')!;
    document.querySelector('[data-scroll-trackable-container="left-sidebar"]')!.append(card);
    expect(detect('https://app.hubspot.com/contacts/2468013/record/0-1/51234').people).toEqual([
      { email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' },
    ]);
  });

  it('falls back to the company property when no company is associated', () => {
    show('contact-record.html');
    document.querySelector('[data-selenium-test="card-id-ASSOCIATION_TABLE/0-2"]')!.remove();
    expect(detect('https://app.hubspot.com/contacts/2468013/contact/51234').companies).toEqual(['Northwind Traders Inc.']);
  });

  it('reads the email from the property input while it is being edited', () => {
    show('contact-record.html');
    document.querySelector('[data-selenium-test="contact-highlight-details"] a')!.remove();
    const field = document.querySelector('[data-selenium-test="property-input-email"]')!;
    field.textContent = '';
    const input = document.createElement('input');
    input.value = 'j.miller@northwind-traders.com';
    field.append(input);
    expect(detect('https://app.hubspot.com/contacts/2468013/record/0-1/51234').people).toEqual([
      { email: 'j.miller@northwind-traders.com', name: 'Joan Miller' },
    ]);
  });

  it('reads a company as itself, leaving its contacts out', () => {
    show('company-record.html');
    const ctx = detect('https://app-eu1.hubspot.com/contacts/2468013/record/0-2/9001');
    expect(ctx).toMatchObject({
      title: 'Northwind Traders',
      people: [],
      companies: ['Northwind Traders'],
      phones: ['+1 415 555 0000'],
      layout: 'recognised',
    });
    expect(ctx.crm).toEqual({ system: 'hubspot', objectType: '0-2', id: '9001' });
  });

  it('reads a deal with its company, leaving its contacts out', () => {
    show('deal-record.html');
    const ctx = detect('https://app.hubspot.com/contacts/2468013/record/0-3/77001');
    expect(ctx).toMatchObject({
      title: 'Northwind Traders - Q3 Pallets',
      people: [],
      companies: ['Northwind Traders'],
      phones: [],
      layout: 'recognised',
    });
    expect(ctx.crm).toEqual({ system: 'hubspot', objectType: '0-3', id: '77001' });
  });

  it('says unrecognised on a record URL without a highlight card, keeping the record', () => {
    show('contacts-list.html');
    const ctx = detect('https://app.hubspot.com/contacts/2468013/record/0-1/51234');
    expect(ctx.layout).toBe('unrecognised');
    expect(ctx.people).toEqual([]);
    expect(ctx.crm).toEqual({ system: 'hubspot', objectType: '0-1', id: '51234' });
  });

  it('is idle on lists and other pages', () => {
    show('contacts-list.html');
    expect(detect('https://app.hubspot.com/contacts/2468013/objects/0-1/views/all/list')).toMatchObject({
      layout: 'idle',
      people: [],
      crm: null,
    });
  });
});

describe('hubspot.rows', () => {
  it('badges each shown contact row by its email, else by record id', () => {
    show('contacts-list.html');
    const { anchors: rows } = hubspot.rows!(document, new URL('https://app.hubspot.com/contacts/2468013/objects/0-1/views/all/list'));
    expect(rows.map((r) => [r.element.getAttribute('href'), r.identity])).toEqual([
      ['/contacts/2468013/record/0-1/51234', { kind: 'email', value: 'joan.miller@northwind-traders.com' }],
      ['/contacts/2468013/record/0-1/51240', { kind: 'email', value: 'li.na@163.com' }],
      ['/contacts/2468013/record/0-1/51241', { kind: 'crm', value: 'hubspot:0-1:51241' }],
    ]);
  });

  it('badges company rows by record id only', () => {
    show('contacts-list.html');
    for (const link of document.querySelectorAll('td[data-table-external-id] a'))
      link.setAttribute('href', link.getAttribute('href')!.replace('/0-1/', '/0-2/'));
    const { anchors: rows } = hubspot.rows!(document, new URL('https://app.hubspot.com/contacts/2468013/objects/0-2/views/all/list'));
    expect(rows.map((r) => r.identity.value)).toEqual(['hubspot:0-2:51234', 'hubspot:0-2:51240', 'hubspot:0-2:51241']);
  });

  it('gives no rows on record pages', () => {
    show('contact-record.html');
    expect(hubspot.rows!(document, new URL('https://app.hubspot.com/contacts/2468013/record/0-1/51234')).anchors).toEqual([]);
  });
});
