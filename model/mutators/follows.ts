import { z } from '../z';
import { Id } from '../schemas';
import { canonicalCustomer, def, derivedId, recordEvent, type MutatorContext } from './kit';

export const FollowCustomerArgs = z.object({ customerId: Id, follow: z.boolean() });

/**
 * Follows a customer (or stops): one history line per member and customer, its id derived from
 * both, rewritten in place (`follow` / `unfollow`), so following twice or from two devices is one
 * line, and a follower joins the customer's change audience (model/acks.ts `followersOf`).
 */
async function followCustomer(ctx: MutatorContext, args: z.infer<typeof FollowCustomerArgs>): Promise<void> {
  const customer = await canonicalCustomer(ctx.store, args.customerId);
  const id = derivedId('follow', customer.id, ctx.actor.memberId);
  const type = args.follow ? 'follow' : 'unfollow';
  const line = await ctx.store.get('customerEvents', id);
  if (line?.type === type || (!line && !args.follow)) return;
  await recordEvent(ctx, { id, customerId: customer.id, type, from: null, to: null });
}

export const followMutators = {
  followCustomer: def(FollowCustomerArgs, followCustomer),
};
