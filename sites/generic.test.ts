// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { generic } from './generic';

/** Puts a fixture page into the test document, as the browser would have parsed it. */
function show(name: string): void {
  document.open();
  document.write(readFileSync(join(import.meta.dirname, '../tests/fixtures/generic', name), 'utf8'));
  document.close();
}

const PAGE = 'https://www.northwind-traders.com/contact';
const detect = () => generic.detect(document, new URL(PAGE));

beforeEach(() => show('company-page.html'));

describe('generic.detect', () => {
  it('reads linked and written addresses and numbers, skipping chrome, hidden parts, scripts and inputs', () => {
    expect(detect()).toEqual({
      site: 'generic',
      url: PAGE,
      title: 'Contact us · Northwind Traders',
      people: [
        { email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' },
        { email: 'info@northwind-traders.com', name: '' },
        { email: 'support@northwind-traders.com', name: '' },
      ],
      selfEmails: [],
      companies: [],
      phones: ['+1 415 555 0100', '021-61234567', '13800138000'],
      crm: null,
      layout: 'recognised',
      view: 'page',
      missing: [],
    });
  });

  it('reads the body when the page marks no main content', () => {
    const main = document.querySelector('main')!;
    const div = document.createElement('div');
    div.append(...main.childNodes);
    main.replaceWith(div);
    expect(detect().people.map((p) => p.email)).toEqual([
      'joan.miller@northwind-traders.com',
      'info@northwind-traders.com',
      'support@northwind-traders.com',
    ]);
  });

  it('is idle when the page names nobody', () => {
    document.body.replaceChildren();
    const p = document.createElement('p');
    p.textContent = 'Nothing to see here, order 2026112900123.';
    document.body.append(p);
    expect(detect()).toMatchObject({ people: [], phones: [], layout: 'idle' });
  });

  it('stops reading after its text budget on big pages', () => {
    const filler = document.createElement('p');
    filler.textContent = 'x '.repeat(150_000);
    document.querySelector('main')!.prepend(filler);
    const emails = detect().people.map((p) => p.email);
    expect(emails).toContain('joan.miller@northwind-traders.com');
    expect(emails).not.toContain('support@northwind-traders.com');
  });

  it('keeps at most 50 people', () => {
    const list = document.createElement('p');
    list.textContent = Array.from({ length: 80 }, (_, i) => `rep${i}@northwind-traders.com`).join(', ');
    document.querySelector('main')!.append(list);
    expect(detect().people).toHaveLength(50);
  });
});
