import { z } from './z';
import { companyNameFromDomain, crmIdentity, domainOf, isFreeMail, isTeamDomain, normalizeEmail, normalizePhone } from './identity';
import { clip } from './mutators/kit';
import { MAX_CUSTOMER_NAME, type IdentityKind } from './schemas';

/** A person a site adapter saw on screen. */
export const Person = z.object({
  email: z.string().check(z.maxLength(320)),
  name: z._default(z.string().check(z.maxLength(200)), ''),
});
export type Person = z.infer<typeof Person>;

export const CrmRecord = z.object({
  system: z.string().check(z.minLength(1), z.maxLength(40)),
  objectType: z.string().check(z.maxLength(60)),
  id: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type CrmRecord = z.infer<typeof CrmRecord>;

/**
 * Parts of a view the site adapter knows but did not find: the page was recognised only in part
 * (a thread whose sender it could not read, list rows that show no address it can read).
 */
export const MissingPart = z.enum(['sender', 'subject', 'rowAddress']);
export type MissingPart = z.infer<typeof MissingPart>;

/**
 * What a content script tells the background about the page: who is on screen, nothing more.
 * `layout` says whether the site adapter recognised the page at all; `view` (the adapter's name
 * for the kind of page: `thread`, `readingPane`, `list`…) and `missing` say how well.
 */
export const PageContext = z.object({
  site: z.string().check(z.minLength(1), z.maxLength(40)),
  url: z.string().check(z.maxLength(4096)),
  title: z.string().check(z.maxLength(500)),
  people: z.array(Person).check(z.maxLength(200)),
  /** The signed-in user's own addresses on this site (never a customer). */
  selfEmails: z._default(z.array(z.string().check(z.maxLength(320))).check(z.maxLength(20)), []),
  companies: z._default(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(20)), []),
  phones: z._default(z.array(z.string().check(z.maxLength(40))).check(z.maxLength(20)), []),
  crm: z._default(z.nullable(CrmRecord), null),
  layout: z._default(z.enum(['recognised', 'unrecognised', 'idle']), 'recognised'),
  view: z._default(z.string().check(z.maxLength(40)), ''),
  missing: z._default(z.array(MissingPart).check(z.maxLength(8)), []),
});
export type PageContext = z.infer<typeof PageContext>;

/** A customer the page may be about, before we know whether it exists. */
export interface Candidate {
  /** `domain:northwind.com` or `email:li.lei@163.com`: one candidate per company or free-mail person. */
  key: string;
  /** The name to create the customer under if nobody has yet. */
  name: string;
  /** Looked up in this order: the people's exact emails, then the company domain. */
  lookups: { kind: IdentityKind; value: string }[];
  /** Attached to a new customer. */
  identities: { kind: IdentityKind; value: string }[];
  people: Person[];
}

export interface Self {
  email: string;
  teamDomains: readonly string[];
  /** Every teammate's address: on free mail, colleagues share the provider's domain with customers. */
  teamEmails?: readonly string[];
}

type CandidateInput = Pick<PageContext, 'people'> & Partial<Pick<PageContext, 'selfEmails' | 'crm' | 'phones' | 'companies' | 'title'>>;

/** The page's people outside the team, normalized, once each, in page order. */
function externalPeople(ctx: CandidateInput, self: Self): (Person & { domain: string; free: boolean })[] {
  const selves = new Set([self.email, ...(self.teamEmails ?? []), ...(ctx.selfEmails ?? [])].map(normalizeEmail));
  const seen = new Set<string>();
  const people = [];
  for (const person of ctx.people) {
    const email = normalizeEmail(person.email);
    if (!email || selves.has(email) || seen.has(email)) continue;
    const domain = domainOf(email);
    if (isTeamDomain(domain, self.teamDomains)) continue;
    seen.add(email);
    people.push({ email, name: person.name.trim(), domain, free: isFreeMail(domain) });
  }
  return people;
}

const phonesOf = (ctx: CandidateInput) => [...new Set((ctx.phones ?? []).flatMap((p) => normalizePhone(p) ?? []))];

/**
 * The customers a page could be about, most likely first. A CRM record is one customer: looked
 * up by its people's exact emails, then the record id, then its phones, then the company domain.
 * Elsewhere the external people are grouped by company domain, each free-mail writer their own
 * customer; a page with only phone numbers (a Chinese CRM record) is looked up by phone. The
 * signed-in user, their teammates and their team's domains are never a customer.
 */
export function customerCandidates(ctx: CandidateInput, self: Self): Candidate[] {
  // Names come from pages (a 500-character title, a long domain): cut to what a customer's name allows.
  return pageCandidateList(ctx, self).map((c) => ({ ...c, name: clip(c.name, MAX_CUSTOMER_NAME) }));
}

function pageCandidateList(ctx: CandidateInput, self: Self): Candidate[] {
  const people = externalPeople(ctx, self);
  const phones = phonesOf(ctx);
  const emails = people.map((p) => ({ kind: 'email' as const, value: p.email }));
  const phoneIds = phones.map((value) => ({ kind: 'phone' as const, value }));
  const hint = ctx.companies?.find((c) => c.trim())?.trim();

  // 1. A CRM record: one candidate holding everything the record shows.
  if (ctx.crm) {
    const crm = { kind: 'crm' as const, value: crmIdentity(ctx.crm) };
    const company = people.find((p) => !p.free)?.domain;
    return [
      {
        key: `crm:${crm.value}`,
        name: hint || ctx.title?.trim() || (company ? companyNameFromDomain(company) : crm.value),
        lookups: [...emails, crm, ...phoneIds, ...(company ? [{ kind: 'domain' as const, value: company }] : [])],
        identities: [crm, ...emails, ...phoneIds],
        people: people.map(({ email, name }) => ({ email, name })),
      },
    ];
  }

  // 2. People: by company domain, or one per free-mail writer.
  const byKey = new Map<string, Candidate>();
  for (const person of people) {
    const key = person.free ? `email:${person.email}` : `domain:${person.domain}`;
    let candidate = byKey.get(key);
    if (!candidate) {
      candidate = person.free
        ? {
            key,
            name: person.name || person.email.slice(0, person.email.indexOf('@')),
            lookups: [],
            identities: [{ kind: 'email', value: person.email }],
            people: [],
          }
        : {
            key,
            name: companyNameFromDomain(person.domain),
            lookups: [],
            identities: [{ kind: 'domain', value: person.domain }],
            people: [],
          };
      byKey.set(key, candidate);
    }
    candidate.people.push({ email: person.email, name: person.name });
    candidate.lookups.push({ kind: 'email', value: person.email });
  }
  for (const candidate of byKey.values()) {
    if (candidate.key.startsWith('domain:')) candidate.lookups.push({ kind: 'domain', value: candidate.key.slice(7) });
  }
  if (byKey.size > 0) return [...byKey.values()];

  // 3. Only phone numbers (and perhaps a company name) on the page.
  if (phones.length > 0) {
    return [
      { key: `phone:${phones[0]}`, name: hint || ctx.title?.trim() || phones[0]!, lookups: phoneIds, identities: phoneIds, people: [] },
    ];
  }
  return [];
}
