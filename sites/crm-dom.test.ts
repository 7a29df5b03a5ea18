// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { asPhone, crmIdentity, mailtoAddress, pageContext, phonesInLines, shownText, textWithout } from './crm-dom';

function html(markup: string): HTMLElement {
  document.body.innerHTML = markup;
  return document.body;
}

describe('mailtoAddress', () => {
  it('reads the address of a mailto link, decoded and without its query', () => {
    const a = html('<a href="mailto:Joan.Miller%40Northwind-Traders.com?subject=Hi%20there">Joan</a>').querySelector('a')!;
    expect(mailtoAddress(a)).toBe('joan.miller@northwind-traders.com');
    a.setAttribute('href', 'mailto:');
    expect(mailtoAddress(a)).toBeNull();
  });
});

describe('asPhone', () => {
  it('keeps numbers as written and refuses what is not one', () => {
    expect(asPhone(' (415) 555-0100 ')).toBe('(415) 555-0100');
    expect(asPhone('+86 138 0013 8000')).toBe('+86 138 0013 8000');
    expect(asPhone('12345')).toBeNull();
    expect(asPhone('Call me')).toBeNull();
    expect(asPhone('2026-11-29 10:00')).toBeNull();
  });
});

describe('shownText', () => {
  it('leaves out hidden parts, scripts and controls, and breaks lines only between blocks', () => {
    const root = html(`<div><p>Joan <b>Miller</b></p><p>joan@x.com</p><p hidden>old@x.com</p><p style="display:none">gone@x.com</p>
      <script>var a = "s@x.com"</script><input value="typed@x.com" /></div>`);
    const lines = shownText(root)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    expect(lines).toEqual(['Joan Miller', 'joan@x.com']);
    expect(shownText(root, { withInputs: true })).toContain('typed@x.com');
    expect(shownText(root, { skip: 'b' })).not.toContain('Miller');
  });
  it('stops at its limit', () => {
    expect(shownText(html(`<p>${'a'.repeat(500)}</p><p>late@x.com</p>`), { limit: 100 })).toHaveLength(100);
  });
});

describe('phonesInLines', () => {
  it('never joins a number with digits on the next line', () => {
    expect(phonesInLines('+1 415 555 0100\n2026 catalogue')).toEqual(['+1 415 555 0100']);
  });
});

describe('textWithout', () => {
  it('drops the text inside the skipped parts', () => {
    expect(textWithout(html('<a>Northwind<span class="sr">Open preview</span></a>').querySelector('a'), '.sr')).toBe('Northwind');
  });
});

describe('crmIdentity', () => {
  it('is system:id for Salesforce and system:type:id elsewhere', () => {
    expect(crmIdentity({ system: 'salesforce', objectType: 'Contact', id: '003Dn00000A1b2CIAR' })).toBe('salesforce:003Dn00000A1b2CIAR');
    expect(crmIdentity({ system: 'hubspot', objectType: '0-1', id: '123' })).toBe('hubspot:0-1:123');
  });
});

describe('pageContext', () => {
  it('keeps within the schema limits and drops repeats', () => {
    const ctx = pageContext({
      site: 'x',
      url: new URL('https://example.com/'),
      title: 't'.repeat(600),
      people: [
        { email: 'A@x.com', name: 'A' },
        { email: 'a@x.com', name: 'again' },
        ...Array.from({ length: 300 }, (_, i) => ({ email: `p${i}@x.com`, name: '' })),
      ],
      phones: ['1', '1', 'x'.repeat(41), ...Array.from({ length: 30 }, (_, i) => `+1 415 555 ${1000 + i}`)],
      companies: ['Northwind', ' Northwind '],
      layout: 'recognised',
    });
    expect(ctx.title).toHaveLength(500);
    expect(ctx.people).toHaveLength(200);
    expect(ctx.people[0]).toEqual({ email: 'a@x.com', name: 'A' });
    expect(ctx.phones).toHaveLength(20);
    expect(ctx.phones[0]).toBe('1');
    expect(ctx.companies).toEqual(['Northwind']);
    expect(ctx.crm).toBeNull();
  });
});
