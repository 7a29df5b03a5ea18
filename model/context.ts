import { z } from 'zod';
import { companyNameFromDomain, domainOf, isFreeMail, isTeamDomain, normalizeEmail } from './identity';
import type { IdentityKind } from './schemas';

/** A person a site adapter saw on screen. */
export const Person = z.object({
  email: z.string().max(320),
  name: z.string().max(200).default(''),
});
export type Person = z.infer<typeof Person>;

export const CrmRecord = z.object({
  system: z.string().min(1).max(40),
  objectType: z.string().max(60),
  id: z.string().min(1).max(200),
});
export type CrmRecord = z.infer<typeof CrmRecord>;

/**
 * What a content script tells the background about the page: who is on screen, nothing more.
 * `layout` says whether the site adapter recognised the page at all.
 */
export const PageContext = z.object({
  site: z.string().min(1).max(40),
  url: z.string().max(4096),
  title: z.string().max(500),
  people: z.array(Person).max(200),
  /** The signed-in user's own addresses on this site (never a customer). */
  selfEmails: z.array(z.string().max(320)).max(20).default([]),
  companies: z.array(z.string().max(200)).max(20).default([]),
  phones: z.array(z.string().max(40)).max(20).default([]),
  crm: CrmRecord.nullable().default(null),
  layout: z.enum(['recognised', 'unrecognised', 'idle']).default('recognised'),
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

/**
 * The customers a page could be about, most likely first: the external people grouped by
 * company domain, or one candidate per person who writes from free mail. The signed-in user,
 * their team's domains and addresses that are not addresses are left out.
 */
export function customerCandidates(ctx: Pick<PageContext, 'people'> & Partial<Pick<PageContext, 'selfEmails'>>, self: Self): Candidate[] {
  const selves = new Set([self.email, ...(self.teamEmails ?? []), ...(ctx.selfEmails ?? [])].map(normalizeEmail));
  const byKey = new Map<string, Candidate>();
  for (const person of ctx.people) {
    const email = normalizeEmail(person.email);
    if (!email || selves.has(email)) continue;
    const domain = domainOf(email);
    if (isTeamDomain(domain, self.teamDomains)) continue;
    const free = isFreeMail(domain);
    const key = free ? `email:${email}` : `domain:${domain}`;
    let candidate = byKey.get(key);
    if (!candidate) {
      candidate = free
        ? {
            key,
            name: person.name.trim() || email.slice(0, email.indexOf('@')),
            lookups: [],
            identities: [{ kind: 'email', value: email }],
            people: [],
          }
        : { key, name: companyNameFromDomain(domain), lookups: [], identities: [{ kind: 'domain', value: domain }], people: [] };
      byKey.set(key, candidate);
    }
    if (!candidate.people.some((p) => p.email === email)) {
      candidate.people.push({ email, name: person.name.trim() });
      candidate.lookups.push({ kind: 'email', value: email });
    }
  }
  for (const candidate of byKey.values()) {
    if (candidate.key.startsWith('domain:')) candidate.lookups.push({ kind: 'domain', value: candidate.key.slice(7) });
  }
  return [...byKey.values()];
}
