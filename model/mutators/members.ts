import type { Member } from '../schemas';
import { MutationError, type MutatorStore } from './kit';

/** The active member of the actor's team with this id, or an `invalid` refusal. */
export async function activeMember(store: MutatorStore, id: string): Promise<Member> {
  const member = await store.get('members', id);
  if (!member || !member.active) throw new MutationError('invalid', 'That person is not an active member of the team.', { memberId: id });
  return member;
}

/** A member's name for a message, or a neutral word when they are unknown here. */
export async function memberName(store: MutatorStore, id: string | null): Promise<string> {
  if (!id) return '';
  return (await store.get('members', id))?.name ?? 'a teammate';
}
