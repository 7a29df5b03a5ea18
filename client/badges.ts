import { customerCandidates } from '@/model/context';
import { normalizeIdentity } from '@/model/identity';
import type { BadgesMessage, RowIdentity } from './api';
import type { SidenoteDB } from './db';
import { resolveCandidate, selfOf } from './resolve';
import type { Session } from './session';

type Badge = BadgesMessage['badges'][number];

/**
 * The owner of each list-row identity that is a customer, from local data: an email is looked
 * up exactly, then by its company domain (never free mail, never the team's); a CRM record,
 * phone or page by itself. Rows that are nobody's customer get no badge.
 */
export async function ownerBadges(db: SidenoteDB, session: Session | null, identities: RowIdentity[]): Promise<Badge[]> {
  if (!session || identities.length === 0) return [];
  const self = await selfOf(db, session);
  const members = new Map((await db.members.toArray()).map((m) => [m.id, m.name]));
  const badges: Badge[] = [];
  const seen = new Set<string>();
  for (const identity of identities) {
    const key = `${identity.kind}:${identity.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const lookups =
      identity.kind === 'email'
        ? (customerCandidates({ people: [{ email: identity.value, name: '' }] }, self)[0]?.lookups ?? [])
        : [{ kind: identity.kind, value: normalizeIdentity(identity.kind, identity.value) ?? '' }].filter((l) => l.value);
    const customer = lookups.length ? await resolveCandidate(db, { lookups }) : null;
    if (!customer) continue;
    badges.push({
      ...identity,
      ownerId: customer.ownerId,
      ownerName: customer.ownerId ? (members.get(customer.ownerId) ?? null) : null,
      customerName: customer.name,
    });
  }
  return badges;
}
