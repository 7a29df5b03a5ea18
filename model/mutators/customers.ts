import { z } from '../z';
import { normalizeIdentity } from '../identity';
import { CUSTOMER_EVENT_NOTE_MAX, Id, IdentityKind, MAX_CUSTOMER_NAME, type Customer, type Identity } from '../schemas';
import { allowed, canonicalCustomer, clip, def, MutationError, recordEvent, requireNewId, type MutatorContext } from './kit';

const IdentityInput = z.object({ id: Id, kind: IdentityKind, value: z.string().check(z.minLength(1), z.maxLength(2048)) });

export const CreateCustomerArgs = z.object({
  id: Id,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  identities: z.array(IdentityInput).check(z.maxLength(50)),
});
export const AddIdentityArgs = z.extend(IdentityInput, { customerId: Id });
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

export const MergeCustomersArgs = z.object({ fromId: Id, intoId: Id, eventId: Id });
export const RenameCustomerArgs = z.object({
  customerId: Id,
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_CUSTOMER_NAME)),
  eventId: Id,
});
export const MoveIdentityArgs = z.object({ identityId: Id, toCustomerId: Id, eventId: Id });

/** Who may reshape a customer record: its owner, anyone while it has none, a manager always. */
function requireMayReshape(ctx: MutatorContext, customer: Customer, action: 'reshape' | 'rename' = 'reshape'): void {
  if (allowed(ctx.actor, 'reshapeOthersCustomers') || customer.ownerId === null || customer.ownerId === ctx.actor.memberId) return;
  const what = action === 'rename' ? 'rename it' : 'merge it or move its addresses';
  throw new MutationError('forbidden', `Only the owner of ${customer.name} or a manager can ${what}.`, {
    customer: customer.name,
    action,
  });
}

/**
 * Gives a customer the name the team knows it by (华信包装 rather than the "Huaxin Pack" made
 * from its mail domain); the old name stays in the history.
 */
async function renameCustomer(ctx: MutatorContext, args: z.infer<typeof RenameCustomerArgs>): Promise<void> {
  const { store, now } = ctx;
  // 1. Replaying a rename that happened changes nothing.
  if (await store.get('customerEvents', args.eventId)) return;
  const customer = await canonicalCustomer(store, args.customerId);
  requireMayReshape(ctx, customer, 'rename');
  if (customer.name === args.name) return;
  // 2. The new name, and the old one kept in the history.
  await store.put('customers', { ...customer, name: args.name, updatedAt: Math.max(customer.updatedAt, now) });
  await recordEvent(ctx, { id: args.eventId, customerId: customer.id, type: 'rename', from: customer.name, to: args.name });
}

/**
 * Folds one customer into another: every address, note, revision, follow-up and history entry
 * moves over, the merged one points at the survivor, and the merge is kept in the history.
 */
async function mergeCustomers(ctx: MutatorContext, args: z.infer<typeof MergeCustomersArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  if (await store.get('customerEvents', args.eventId)) return;
  const from = await canonicalCustomer(store, args.fromId);
  const into = await canonicalCustomer(store, args.intoId);
  if (from.id === into.id) throw new MutationError('invalid', 'Choose two different customers to merge.');
  requireMayReshape(ctx, from);
  requireMayReshape(ctx, into);
  // 1. Everything that belongs to the merged customer now belongs to the survivor.
  for (const table of ['identities', 'notes', 'noteRevisions', 'tasks', 'customerEvents'] as const) {
    for (const row of await store.list(table, 'customerId', from.id)) await store.put(table, { ...row, customerId: into.id });
  }
  // 2. The merged customer stays as a pointer, so ids queued offline still find the survivor.
  await store.put('customers', { ...from, mergedIntoId: into.id, deletedAt: now, updatedAt: now });
  await store.put('customers', { ...into, ownerId: into.ownerId ?? from.ownerId, updatedAt: Math.max(into.updatedAt, now) });
  await store.put('customerEvents', {
    id: args.eventId,
    customerId: into.id,
    type: 'merge',
    actorId: actor.memberId,
    at: now,
    from: from.id,
    to: into.id,
    note: from.name,
  });
}

/** Moves one address (or CRM record, phone, page) from its customer to another. */
async function moveIdentity(ctx: MutatorContext, args: z.infer<typeof MoveIdentityArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  if (await store.get('customerEvents', args.eventId)) return;
  const identity = await store.get('identities', args.identityId);
  if (!identity || identity.deletedAt !== null)
    throw new MutationError('not_found', 'That address is no longer linked to a customer.', { entity: 'identity' });
  const from = await canonicalCustomer(store, identity.customerId);
  const to = await canonicalCustomer(store, args.toCustomerId);
  if (from.id === to.id) return;
  requireMayReshape(ctx, from);
  await store.put('identities', { ...identity, customerId: to.id });
  await store.put('customerEvents', {
    id: args.eventId,
    customerId: to.id,
    type: 'move',
    actorId: actor.memberId,
    at: now,
    from: from.id,
    to: to.id,
    // The address and the name it came from, cut to the history line's limit.
    note: clip(`${identity.value} (${from.name})`, CUSTOMER_EVENT_NOTE_MAX),
  });
}

export const customerMutators = {
  createCustomer: def(CreateCustomerArgs, createCustomer),
  addIdentity: def(AddIdentityArgs, addIdentity),
  mergeCustomers: def(MergeCustomersArgs, mergeCustomers),
  moveIdentity: def(MoveIdentityArgs, moveIdentity),
  renameCustomer: def(RenameCustomerArgs, renameCustomer),
};
