import { describe, expect, it } from 'vitest';
import { companyNameFromDomain, isFreeMail, isTeamDomain, normalizeEmail, normalizeIdentity } from './identity';

describe('normalizeEmail', () => {
  it('lower-cases and strips brackets and mailto', () => {
    expect(normalizeEmail(' <Joan.Miller@Northwind-Traders.com> ')).toBe('joan.miller@northwind-traders.com');
    expect(normalizeEmail('mailto:Li.Lei@163.com')).toBe('li.lei@163.com');
  });
  it('rejects what is not an address', () => {
    expect(normalizeEmail('me')).toBeNull();
    expect(normalizeEmail('a@b')).toBeNull();
    expect(normalizeEmail('two words@x.com')).toBeNull();
  });
});

describe('free mail and team domains', () => {
  it('knows the Chinese and global providers', () => {
    for (const d of [
      'qq.com',
      '163.com',
      '126.com',
      'sina.com',
      'sohu.com',
      'foxmail.com',
      'yeah.net',
      'aliyun.com',
      '139.com',
      'gmail.com',
      'outlook.com',
      'hotmail.com',
      'yahoo.com',
      'icloud.com',
      'proton.me',
    ]) {
      expect(isFreeMail(d), d).toBe(true);
    }
    expect(isFreeMail('northwind-traders.com')).toBe(false);
    expect(isFreeMail('WWW.QQ.COM')).toBe(true);
  });
  it('treats subdomains of the team domain as the team', () => {
    expect(isTeamDomain('eu.sidenote-demo.com', ['sidenote-demo.com'])).toBe(true);
    expect(isTeamDomain('notsidenote-demo.com', ['sidenote-demo.com'])).toBe(false);
  });
});

describe('companyNameFromDomain', () => {
  it('makes a readable name', () => {
    expect(companyNameFromDomain('northwind-traders.com')).toBe('Northwind Traders');
    expect(companyNameFromDomain('mail.acme.co.uk')).toBe('Acme');
    expect(companyNameFromDomain('haier.com.cn')).toBe('Haier');
    expect(companyNameFromDomain('www.contoso.io')).toBe('Contoso');
  });
});

describe('normalizeIdentity', () => {
  it('normalizes each kind', () => {
    expect(normalizeIdentity('domain', 'WWW.Acme.com.')).toBe('acme.com');
    expect(normalizeIdentity('domain', 'not a domain')).toBeNull();
    expect(normalizeIdentity('crm', 'Salesforce:003AbC')).toBe('salesforce:003AbC');
    expect(normalizeIdentity('url', 'https://WWW.Example.com/a/?x=1#/record/7')).toBe('https://example.com/a?x=1#/record/7');
    expect(normalizeIdentity('url', 'https://example.com/a#')).toBe('https://example.com/a');
    expect(normalizeIdentity('url', 'javascript:alert(1)')).toBeNull();
    expect(normalizeIdentity('phone', '+86 138-0013-8000')).toBe('13800138000');
  });
});

describe('normalizePhone', () => {
  it('spells a Chinese number one way however it is written', () => {
    for (const raw of ['138 0013 8000', '+86 138-0013-8000', '0086 13800138000', '8613800138000'])
      expect(normalizeIdentity('phone', raw), raw).toBe('13800138000');
    for (const raw of ['021-62345678', '+86 21 6234 5678', '(021) 6234-5678'])
      expect(normalizeIdentity('phone', raw), raw).toBe('02162345678');
  });
  it('keeps other international numbers with their country code', () => {
    expect(normalizeIdentity('phone', '+1 (415) 555-0100')).toBe('+14155550100');
    expect(normalizeIdentity('phone', '0044 20 7946 0958')).toBe('+442079460958');
    expect(normalizeIdentity('phone', '12-34')).toBeNull();
  });
});
