import { describe, expect, it } from 'vitest';
import { customerCandidates, PageContext } from './context';

const self = { email: 'ana.souza@sidenote-demo.com', teamDomains: ['sidenote-demo.com'] };
const people = (...list: [string, string][]) => list.map(([email, name]) => ({ email, name }));

describe('customerCandidates', () => {
  it('groups external people by company domain and leaves the team out', () => {
    const c = customerCandidates(
      {
        people: people(
          ['joan.miller@northwind-traders.com', 'Joan Miller'],
          ['ana.souza@sidenote-demo.com', 'Ana Souza'],
          ['purchasing@Northwind-Traders.com', 'Northwind Purchasing'],
          ['ben@eu.sidenote-demo.com', 'Ben'],
        ),
      },
      self,
    );
    expect(c).toHaveLength(1);
    expect(c[0]).toMatchObject({
      key: 'domain:northwind-traders.com',
      name: 'Northwind Traders',
      identities: [{ kind: 'domain', value: 'northwind-traders.com' }],
    });
    expect(c[0]!.lookups).toEqual([
      { kind: 'email', value: 'joan.miller@northwind-traders.com' },
      { kind: 'email', value: 'purchasing@northwind-traders.com' },
      { kind: 'domain', value: 'northwind-traders.com' },
    ]);
  });

  it('makes each free-mail writer their own customer, never by domain', () => {
    const c = customerCandidates({ people: people(['li.lei@163.com', '李雷'], ['han.meimei@163.com', '韩梅梅']) }, self);
    expect(c.map((x) => [x.key, x.name])).toEqual([
      ['email:li.lei@163.com', '李雷'],
      ['email:han.meimei@163.com', '韩梅梅'],
    ]);
    expect(c[0]!.lookups).toEqual([{ kind: 'email', value: 'li.lei@163.com' }]);
  });

  it('never makes the signed-in user or a teammate on free mail a customer', () => {
    const exporter = { email: 'boss@163.com', teamDomains: [], teamEmails: ['colleague@163.com'] };
    const ctx = PageContext.parse({
      site: 'netease',
      url: 'https://mail.163.com/',
      title: '',
      people: people(['boss@163.com', 'Me'], ['colleague@163.com', 'Colleague'], ['buyer@gmail.com', 'Buyer']),
      selfEmails: ['boss@163.com'],
    });
    expect(customerCandidates(ctx, exporter).map((x) => x.key)).toEqual(['email:buyer@gmail.com']);
  });

  it('skips text that is not an address', () => {
    expect(customerCandidates({ people: people(['me', 'me'], ['', '']) }, self)).toEqual([]);
  });

  it('makes a CRM record one customer, looked up by email, then record id, then phone, then domain', () => {
    const c = customerCandidates(
      {
        people: people(['Joan.Miller@northwind-traders.com', 'Joan Miller'], ['ana.souza@sidenote-demo.com', 'Ana']),
        crm: { system: 'salesforce', objectType: 'Contact', id: '003Dn00000A1b2CIAR' },
        phones: ['+86 138 0013 8000'],
        companies: ['Northwind Traders Ltd'],
        title: 'Joan Miller',
      },
      self,
    );
    expect(c).toEqual([
      {
        key: 'crm:salesforce:003Dn00000A1b2CIAR',
        name: 'Northwind Traders Ltd',
        lookups: [
          { kind: 'email', value: 'joan.miller@northwind-traders.com' },
          { kind: 'crm', value: 'salesforce:003Dn00000A1b2CIAR' },
          { kind: 'phone', value: '13800138000' },
          { kind: 'domain', value: 'northwind-traders.com' },
        ],
        identities: [
          { kind: 'crm', value: 'salesforce:003Dn00000A1b2CIAR' },
          { kind: 'email', value: 'joan.miller@northwind-traders.com' },
          { kind: 'phone', value: '13800138000' },
        ],
        people: [{ email: 'joan.miller@northwind-traders.com', name: 'Joan Miller' }],
      },
    ]);
  });

  it('looks a page with only phone numbers up by phone, named by its company field', () => {
    const c = customerCandidates(
      { people: [], phones: ['021-6234 5678', '138 0013 8000'], companies: ['上海华通贸易有限公司'], title: '客户详情' },
      self,
    );
    expect(c).toEqual([
      {
        key: 'phone:02162345678',
        name: '上海华通贸易有限公司',
        lookups: [
          { kind: 'phone', value: '02162345678' },
          { kind: 'phone', value: '13800138000' },
        ],
        identities: [
          { kind: 'phone', value: '02162345678' },
          { kind: 'phone', value: '13800138000' },
        ],
        people: [],
      },
    ]);
  });

  it('cuts a name taken from the page to what a customer name allows', () => {
    const title = `Huaxin Pack ${'华'.repeat(600)}`.slice(0, 500);
    const [candidate] = customerCandidates({ people: [], phones: ['+86 138 0013 8000'], title }, self);
    expect(candidate!.name.length).toBeLessThanOrEqual(200);
    expect(candidate!.name.startsWith('Huaxin Pack 华')).toBe(true);
    const [crm] = customerCandidates({ people: [], crm: { system: 'kingdee', objectType: 'customer', id: '7' }, title }, self);
    expect(crm!.name.length).toBeLessThanOrEqual(200);
  });
});
