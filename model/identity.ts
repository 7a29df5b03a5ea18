import type { IdentityKind } from './schemas';

/**
 * Mail providers whose domain says nothing about the company: a person writing from one of
 * these is their own customer. Chinese providers first, since many of our users sell from China.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'qq.com',
  'vip.qq.com',
  'foxmail.com',
  '163.com',
  'vip.163.com',
  '126.com',
  'vip.126.com',
  'yeah.net',
  '188.com',
  'sina.com',
  'sina.cn',
  'vip.sina.com',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'wo.cn',
  'tom.com',
  '21cn.com',
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.co.jp',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'aol.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.ru',
  'zoho.com',
]);

const EMAIL = /^[^\s@<>()"',;:]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** `" <Joan.Miller@Northwind.com> "` → `joan.miller@northwind.com`, or null when it is no address. */
export function normalizeEmail(raw: string): string | null {
  const s = raw
    .trim()
    .replace(/^mailto:/i, '')
    .replace(/^<|>$/g, '')
    .trim()
    .toLowerCase();
  return EMAIL.test(s) ? s : null;
}

/** `WWW.Northwind.com.` → `northwind.com`. */
export function normalizeDomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^www\./, '');
}

export function domainOf(email: string): string {
  return normalizeDomain(email.slice(email.lastIndexOf('@') + 1));
}

export function isFreeMail(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(normalizeDomain(domain));
}

/** True when the domain is one of the team's own, or a subdomain of one. */
export function isTeamDomain(domain: string, teamDomains: readonly string[]): boolean {
  const d = normalizeDomain(domain);
  return teamDomains.some((t) => {
    const td = normalizeDomain(t);
    return d === td || d.endsWith(`.${td}`);
  });
}

// Second-level suffixes under which the company's own label is one further left.
const COMPOUND_SUFFIXES = new Set(['com', 'net', 'org', 'co', 'ac', 'gov', 'edu', 'ltd', 'plc']);

/** A readable company name guessed from a domain: `northwind-traders.com` → `Northwind Traders`. */
export function companyNameFromDomain(domain: string): string {
  const labels = normalizeDomain(domain).split('.');
  let i = labels.length - 2;
  if (i > 0 && labels[i] && COMPOUND_SUFFIXES.has(labels[i]!) && labels[labels.length - 1]!.length === 2) i--;
  const label = labels[Math.max(i, 0)] ?? domain;
  return label
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * One spelling per phone number: digits only, Chinese numbers in their domestic form (mobiles
 * `13800138000`, landlines `02162345678`, whether written +86, 0086 or not), other
 * international numbers as `+<digits>`. Null when fewer than 6 digits.
 */
export function normalizePhone(raw: string): string | null {
  let d = raw
    .trim()
    .replace(/[^\d+]/g, '')
    .replace(/(?!^)\+/g, '');
  if (d.startsWith('00')) d = `+${d.slice(2)}`;
  if (!d.startsWith('+') && /^861[3-9]\d{9}$/.test(d)) d = `+${d}`;
  if (d.startsWith('+86')) {
    const national = d.slice(3).replace(/^0/, '');
    d = /^1[3-9]\d{9}$/.test(national) ? national : `0${national}`;
  }
  return d.replace(/\D/g, '').length >= 6 ? d : null;
}

/** A CRM record's identity value: `salesforce:<id>` (ids are unique across objects), else `system:objectType:id`. */
export function crmIdentity(record: { system: string; objectType: string; id: string }): string {
  return record.system === 'salesforce' ? `salesforce:${record.id}` : `${record.system}:${record.objectType}:${record.id}`;
}

/** Normalizes an identity value of any kind, or returns null when it is not valid. */
export function normalizeIdentity(kind: IdentityKind, raw: string): string | null {
  switch (kind) {
    case 'email':
      return normalizeEmail(raw);
    case 'domain': {
      const d = normalizeDomain(raw);
      return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(d) ? d : null;
    }
    case 'phone':
      return normalizePhone(raw);
    case 'crm': {
      // The system is case-insensitive, record ids are not (Salesforce's are case-sensitive).
      const m = /^([a-z0-9_-]+):(\S+)$/i.exec(raw.trim());
      return m ? `${m[1]!.toLowerCase()}:${m[2]}` : null;
    }
    case 'url': {
      try {
        const u = new URL(raw.trim());
        if (u.protocol !== 'https:' && u.protocol !== 'http:') return null;
        // The hash stays: in web apps (Gmail, QQ Mail, Jiandaoyun) it is the route to the record.
        const hash = u.hash.length > 1 ? u.hash : '';
        return `${u.protocol}//${normalizeDomain(u.hostname)}${u.port ? `:${u.port}` : ''}${u.pathname.replace(/\/$/, '')}${u.search}${hash}`;
      } catch {
        return null;
      }
    }
  }
}
