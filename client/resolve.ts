import type { Candidate, Self } from '@/model/context';
import { canonicalCustomer } from '@/model/mutators';
import type { Customer } from '@/model/schemas';
import type { SidenoteDB } from './db';
import type { Session } from './session';
import { dexieStore } from './store';

/**
 * The existing customer a candidate stands for, by its lookups in order (exact emails first,
 * then the company domain), following merges. Null when nobody has written about it yet.
 */
export async function resolveCandidate(db: SidenoteDB, candidate: Pick<Candidate, 'lookups'>): Promise<Customer | null> {
  const store = dexieStore(db);
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
  const teamEmails = (await db.members.toArray()).map((m) => m.email);
  // The pulled team row is newer than the copy taken when this device joined.
  const team = (await db.teams.get(session.team.id)) ?? session.team;
  return { email: session.member.email, teamDomains: team.domains, teamEmails };
}
