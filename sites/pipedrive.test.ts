// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipedrive, pipedriveRecord } from './pipedrive';

/** Puts a fixture page into the test document, as the browser would have parsed it. */
function show(name: string): void {
  document.open();
  document.write(readFileSync(join(import.meta.dirname, '../tests/fixtures/pipedrive', name), 'utf8'));
  document.close();
}

const PERSON = 'https://northwind-sales.pipedrive.com/person/1042';
const detect = (href: string) => pipedrive.detect(document, new URL(href));

describe('pipedriveRecord', () => {
  it('reads persons, organizations and deals', () => {
    expect(pipedriveRecord('/person/1042')).toEqual({ system: 'pipedrive', objectType: 'person', id: '1042' });
    expect(pipedriveRecord('/organization/301/')).toEqual({ system: 'pipedrive', objectType: 'organization', id: '301' });
    expect(pipedriveRecord('/deal/88')).toEqual({ system: 'pipedrive', objectType: 'deal', id: '88' });
    expect(pipedriveRecord('/persons/list/user/everyone')).toBeNull();
    expect(pipedriveRecord('/pipeline/1')).toBeNull();
  });
});

describe('pipedrive.detect', () => {
  it('reads a person from the details sidebar, not the history or the top bar', () => {
    show('person.html');
    expect(detect(PERSON)).toEqual({
      site: 'pipedrive',
      url: PERSON,
      title: 'Joan Miller',
      people: [
        { email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' },
        { email: 'jmiller.home@gmail.com', name: 'Joan Miller' },
      ],
      selfEmails: [],
      companies: ['Northwind Traders'],
      phones: ['+1 415 555 0100', '138 0013 8000'],
      crm: { system: 'pipedrive', objectType: 'person', id: '1042' },
      layout: 'recognised',
      view: 'record',
      missing: [],
    });
  });

  it('prefers the details sidebar when the history carries no known marker', () => {
    show('person.html');
    document.querySelector('[data-testid="flow"]')!.removeAttribute('data-testid');
    const ctx = detect(PERSON);
    expect(ctx.people.map((p) => p.email)).toEqual(['joan.miller@northwind-traders.com', 'jmiller.home@gmail.com']);
    expect(ctx.phones).toEqual(['+1 415 555 0100', '138 0013 8000']);
  });

  it('reads a deal title from the header input', () => {
    show('person.html');
    const h1 = document.querySelector('aside h1')!;
    const header = document.createElement('div');
    header.dataset.testid = 'header-title';
    const input = document.createElement('input');
    input.className = 'cui5-editable-text__input';
    input.value = 'Northwind Traders - Q3 Pallets';
    header.append(input);
    h1.replaceWith(header);
    const ctx = detect('https://northwind-sales.pipedrive.com/deal/88');
    expect(ctx.title).toBe('Northwind Traders - Q3 Pallets');
    expect(ctx.people.map((p) => p.name)).toEqual(['', '']);
    expect(ctx.crm).toEqual({ system: 'pipedrive', objectType: 'deal', id: '88' });
  });

  it('reads an organization as the company, without people', () => {
    show('person.html');
    document.querySelector('aside h1')!.textContent = 'Northwind Traders';
    expect(detect('https://northwind-sales.pipedrive.com/organization/301')).toMatchObject({
      title: 'Northwind Traders',
      people: [],
      companies: ['Northwind Traders'],
      layout: 'recognised',
    });
  });

  it('says unrecognised when the record has not rendered, even with the title set', () => {
    show('person.html');
    document.querySelector('.detailView')!.remove();
    expect(detect(PERSON)).toMatchObject({ layout: 'unrecognised', people: [], crm: { objectType: 'person', id: '1042' } });
  });

  it('is idle off record pages', () => {
    show('persons-list.html');
    expect(detect('https://northwind-sales.pipedrive.com/persons/list/user/everyone')).toMatchObject({ layout: 'idle', crm: null });
  });
});

describe('pipedrive.rows', () => {
  it('badges person rows by email, else by record, after the person link', () => {
    show('persons-list.html');
    const { anchors: rows } = pipedrive.rows!(document, new URL('https://northwind-sales.pipedrive.com/persons/list/user/everyone'));
    expect(rows.map((r) => [r.element.textContent, r.identity])).toEqual([
      ['Joan Miller', { kind: 'email', value: 'joan.miller@northwind-traders.com' }],
      ['Zhou Min', { kind: 'crm', value: 'pipedrive:person:1043' }],
    ]);
  });

  it('badges organization rows by record', () => {
    show('persons-list.html');
    const { anchors: rows } = pipedrive.rows!(document, new URL('https://northwind-sales.pipedrive.com/organizations/list'));
    expect(rows.map((r) => [r.element.textContent, r.identity.value])).toEqual([
      ['Northwind Traders', 'pipedrive:organization:301'],
      ['Contoso Freight', 'pipedrive:organization:302'],
    ]);
  });
});
