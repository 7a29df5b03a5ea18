import { z } from 'zod';
import { normalizeIdentity } from '../identity';
import { Id, IdentityKind, type Customer, type Identity } from '../schemas';
import { canonicalCustomer, def, MutationError, requireNewId, type MutatorContext } from './kit';

const IdentityInput = z.object({ id: Id, kind: IdentityKind, value: z.string().min(1).max(2048) });

export const CreateCustomerArgs = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200),
  identities: z.array(IdentityInput).max(50),
});
export const AddIdentityArgs = IdentityInput.extend({ customerId: Id });
function normalized(kind: Identity['kind'], value: string): string {
  const v = normalizeIdentity(kind, value);
  if (v === null) throw new MutationError('invalid', `"${value}" is not a valid ${kind}.`, { value, kind });
  return v;
}

async function createCustomer(ctx: MutatorContext, args: z.infer<typeof CreateCustomerArgs>): Promise<void> {
  const { store, now } = ctx;
  // 1. Replaying a creation that already happened changes nothing.
  if (await store.get('customers', args.id)) return;
  // 2. Normalize, and find whether a teammate already made a customer for one of these identities
  //    (two people writing the first note on Acme at once): then this one folds into theirs.
  const identities = args.identities.map((i) => ({ ...i, value: normalized(i.kind, i.value) }));
  let target: Customer | null = null;
  const fresh: typeof identities = [];
  for (const identity of identities) {
    const existing = await store.findIdentity(identity.kind, identity.value);
    if (existing) target ??= await canonicalCustomer(store, existing.customerId);
    // The same identity given twice (`acme.com`, `www.acme.com`) is written once: (kind, value) is unique.
    else if (!fresh.some((f) => f.kind === identity.kind && f.value === identity.value)) fresh.push(identity);
  }
  // 3. Write the customer (or a pointer to the one it folded into) and its new identities.
  await store.put('customers', {
    id: args.id,
    name: args.name,
    ownerId: null,
    stage: 'lead',
    createdAt: now,
    updatedAt: now,
    deletedAt: target ? now : null,
    mergedIntoId: target?.id ?? null,
  });
  const customerId = target?.id ?? args.id;
  for (const identity of fresh) {
    await requireNewId(store, 'identities', identity.id);
    await store.put('identities', { ...identity, customerId, deletedAt: null });
  }
}

async function addIdentity(ctx: MutatorContext, args: z.infer<typeof AddIdentityArgs>): Promise<void> {
  const { store } = ctx;
  const customer = await canonicalCustomer(store, args.customerId);
  const value = normalized(args.kind, args.value);
  const existing = await store.findIdentity(args.kind, value);
  if (existing) {
    const owner = await canonicalCustomer(store, existing.customerId).catch(() => null);
    if (owner?.id === customer.id) return;
    throw new MutationError('conflict', `${value} already belongs to ${owner?.name ?? 'another customer'}.`, {
      value,
      customer: owner?.name ?? '',
    });
  }
  await requireNewId(store, 'identities', args.id);
  await store.put('identities', { id: args.id, customerId: customer.id, kind: args.kind, value, deletedAt: null });
}

export const customerMutators = {
  createCustomer: def(CreateCustomerArgs, createCustomer),
  addIdentity: def(AddIdentityArgs, addIdentity),
};
