import { customerCandidates, type Candidate, type PageContext, type Self } from '@/model/context';
import { normalizeIdentity } from '@/model/identity';
import { canonicalCustomer } from '@/model/mutators';
import type { Customer, Member, Team } from '@/model/schemas';
import type { SidenoteDB } from './db';
import type { PendingMutation } from './mutate';
import type { Session } from './session';
import { readingStore } from './store';

/**
 * The existing customer a candidate stands for, by its lookups in order (exact emails first,
 * then the company domain), following merges. Null when nobody has written about it yet.
 */
export async function resolveCandidate(db: SidenoteDB, candidate: Pick<Candidate, 'lookups'>): Promise<Customer | null> {
  const store = readingStore(db);
  for (const { kind, value } of candidate.lookups) {
    const identity = await store.findIdentity(kind, value);
    if (!identity) continue;
    const customer = await canonicalCustomer(store, identity.customerId).catch(() => null);
    if (customer) return customer;
  }
  return null;
}

/** The signed-in member as the candidate rules need them: their address, team domains and teammates. */
export async function selfOf(db: SidenoteDB, session: Session): Promise<Self> {
  const [members, team] = await Promise.all([db.members.toArray(), db.teams.get(session.team.id)]);
  return selfFrom(session, team, members);
}

/** The same, from the team row and members a caller has read already. */
export function selfFrom(session: Session, team: Team | undefined, members: Iterable<Pick<Member, 'email'>>): Self {
  // The pulled team row is newer than the copy taken when this device joined.
  return { email: session.member.email, teamDomains: (team ?? session.team).domains, teamEmails: [...members].map((m) => m.email) };
}

/**
 * The customer a candidate stands for, and the mutation that creates it when nobody has written
 * about it yet (company by domain, free-mail person by address). Creating twice is harmless: the
 * server folds a duplicate into the first.
 */
export async function customerForCandidate(
  db: SidenoteDB,
  candidate: Pick<Candidate, 'name' | 'lookups' | 'identities'>,
): Promise<{ customerId: string; create: PendingMutation | null }> {
  const existing = await resolveCandidate(db, candidate);
  if (existing) return { customerId: existing.id, create: null };
  const customerId = crypto.randomUUID();
  const identities = candidate.identities.map((i) => ({ ...i, id: crypto.randomUUID() }));
  return { customerId, create: { name: 'createCustomer', args: { id: customerId, name: candidate.name, identities } } };
}

/**
 * The customers a page could be about: a customer someone linked this very page to by hand
 * comes first, then what the page shows (customerCandidates).
 */
export async function pageCandidates(db: SidenoteDB, context: PageContext, self: Self): Promise<Candidate[]> {
  const candidates = customerCandidates(context, self);
  const url = normalizeIdentity('url', context.url);
  const linked = url ? await resolveCandidate(db, { lookups: [{ kind: 'url', value: url }] }) : null;
  if (!linked || !url) return candidates;
  const page = { kind: 'url' as const, value: url };
  return [{ key: `url:${url}`, name: linked.name, lookups: [page], identities: [page], people: [] }, ...candidates];
}
