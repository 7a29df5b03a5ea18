import { z } from 'zod';
import { normalizeIdentity } from './identity';
import {
  Id,
  IdentityKind,
  MAX_NOTE_LENGTH,
  NoteChange,
  NoteKind,
  NoteSource,
  type Customer,
  type Identity,
  type Role,
  type Row,
  type TableName,
} from './schemas';

/**
 * The little a mutator needs from a database. The background implements it over Dexie (the
 * optimistic run), the server over Kysely (the authoritative run): each mutator is written once.
 */
export interface MutatorStore {
  get<T extends TableName>(table: T, id: string): Promise<Row<T> | undefined>;
  put<T extends TableName>(table: T, row: Row<T>): Promise<void>;
  /** The live (not deleted) identity with this normalized kind and value, if any. */
  findIdentity(kind: Identity['kind'], value: string): Promise<Identity | undefined>;
}

export interface Actor {
  memberId: string;
  teamId: string;
  role: Role;
}

export interface MutatorContext {
  store: MutatorStore;
  actor: Actor;
  /** When the user made the change (the server clamps it to its own clock). */
  now: number;
}

export type MutationErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'invalid';

/** A refusal the user is told about, in words; the code picks the translated sentence. */
export class MutationError extends Error {
  constructor(
    readonly code: MutationErrorCode,
    message: string,
    readonly params: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'MutationError';
  }
}

const IdentityInput = z.object({ id: Id, kind: IdentityKind, value: z.string().min(1).max(2048) });

export const CreateCustomerArgs = z.object({
  id: Id,
  name: z.string().trim().min(1).max(200),
  identities: z.array(IdentityInput).max(50),
});
export const AddIdentityArgs = IdentityInput.extend({ customerId: Id });
export const CreateNoteArgs = z.object({
  id: Id,
  customerId: Id,
  kind: NoteKind.default('note'),
  change: NoteChange.nullable().default(null),
  body: z.string().trim().min(1).max(MAX_NOTE_LENGTH),
  visibility: z.enum(['team', 'private']).default('team'),
  mentions: z.array(Id).max(50).default([]),
  source: NoteSource.nullable().default(null),
});

export const UpdateNoteArgs = z.object({
  id: Id,
  /** Id for the revision that keeps the text being replaced (made by the client). */
  revisionId: Id,
  patch: z
    .object({
      body: z.string().trim().min(1).max(MAX_NOTE_LENGTH).optional(),
      pinned: z.boolean().optional(),
    })
    .refine((p) => p.body !== undefined || p.pinned !== undefined, 'nothing to change'),
});
export const DeleteNoteArgs = z.object({ id: Id });

/** Follows merges to the customer that stands for `id` today, or throws not_found. */
export async function canonicalCustomer(store: MutatorStore, id: string): Promise<Customer> {
  let customer = await store.get('customers', id);
  for (let hops = 0; customer?.mergedIntoId && hops < 16; hops++) {
    customer = await store.get('customers', customer.mergedIntoId);
  }
  if (!customer || customer.deletedAt !== null) {
    throw new MutationError('not_found', 'That customer no longer exists.');
  }
  return customer;
}

/** Creations carry client-made ids: one already taken is refused, never overwritten. */
async function requireNewId(store: MutatorStore, table: TableName, id: string): Promise<void> {
  if (await store.get(table, id)) throw new MutationError('conflict', `The id ${id} is already in use.`, { id });
}

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

async function createNote(ctx: MutatorContext, args: z.infer<typeof CreateNoteArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  if (await store.get('notes', args.id)) return;
  const customer = await canonicalCustomer(store, args.customerId);
  if (args.kind === 'change' && !args.change) {
    throw new MutationError('invalid', 'A change note needs its topic and summary.');
  }
  await store.put('notes', {
    id: args.id,
    customerId: customer.id,
    authorId: actor.memberId,
    kind: args.kind,
    change: args.kind === 'change' ? args.change : null,
    body: args.body,
    visibility: args.visibility,
    mentions: args.mentions,
    pinned: false,
    source: args.source,
    createdAt: now,
    editedAt: null,
    deletedAt: null,
  });
  await store.put('customers', { ...customer, updatedAt: Math.max(customer.updatedAt, now) });
}

const isManager = (actor: Actor) => actor.role === 'manager' || actor.role === 'admin';

async function liveNote(ctx: MutatorContext, id: string) {
  const note = await ctx.store.get('notes', id);
  // Someone else's private note is, to this member, a note that does not exist.
  if (!note || note.deletedAt !== null || (note.visibility === 'private' && note.authorId !== ctx.actor.memberId)) {
    throw new MutationError('not_found', 'That note no longer exists.');
  }
  return note;
}

async function updateNote(ctx: MutatorContext, args: z.infer<typeof UpdateNoteArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  // 1. Replaying an edit that already happened changes nothing.
  if (await store.get('noteRevisions', args.revisionId)) return;
  const note = await liveNote(ctx, args.id);
  const next = { ...note };
  // 2. Text: its author's (or a manager's) to change; the old text is kept as a revision.
  if (args.patch.body !== undefined && args.patch.body !== note.body) {
    if (note.authorId !== actor.memberId && !isManager(actor)) {
      throw new MutationError('forbidden', 'Only the author or a manager can edit this note.');
    }
    await store.put('noteRevisions', {
      id: args.revisionId,
      noteId: note.id,
      customerId: note.customerId,
      noteAuthorId: note.authorId,
      visibility: note.visibility,
      editorId: actor.memberId,
      body: note.body,
      at: now,
    });
    next.body = args.patch.body;
    next.editedAt = now;
  }
  // 3. Pinning: anyone on the team, field by field, last writer wins.
  if (args.patch.pinned !== undefined) next.pinned = args.patch.pinned;
  await store.put('notes', next);
}

async function deleteNote(ctx: MutatorContext, args: z.infer<typeof DeleteNoteArgs>): Promise<void> {
  const { store, actor, now } = ctx;
  const note = await store.get('notes', args.id);
  if (note?.deletedAt) return;
  const live = await liveNote(ctx, args.id);
  if (live.authorId !== actor.memberId && !isManager(actor)) {
    throw new MutationError('forbidden', 'Only the author or a manager can delete this note.');
  }
  // Kept, marked deleted: the text and its revisions stay in the archive.
  await store.put('notes', { ...live, deletedAt: now });
}

interface MutatorDef<S extends z.ZodType> {
  args: S;
  run(ctx: MutatorContext, args: z.infer<S>): Promise<void>;
}
const def = <S extends z.ZodType>(args: S, run: (ctx: MutatorContext, a: z.infer<S>) => Promise<void>) =>
  ({ args, run }) satisfies MutatorDef<S>;

/** Every mutation a client may send, by name: its argument schema and its one implementation. */
export const mutators = {
  createCustomer: def(CreateCustomerArgs, createCustomer),
  addIdentity: def(AddIdentityArgs, addIdentity),
  createNote: def(CreateNoteArgs, createNote),
  updateNote: def(UpdateNoteArgs, updateNote),
  deleteNote: def(DeleteNoteArgs, deleteNote),
};
export type MutatorName = keyof typeof mutators;
export type MutatorArgs<N extends MutatorName> = z.input<(typeof mutators)[N]['args']>;
export const MUTATOR_NAMES = Object.keys(mutators) as [MutatorName, ...MutatorName[]];

/**
 * Parses and runs one mutation. Throws MutationError for anything the user should be told:
 * an unknown name or arguments that do not parse become `invalid`.
 */
export async function runMutation(ctx: MutatorContext, name: string, rawArgs: unknown): Promise<void> {
  const mutator = (mutators as Record<string, MutatorDef<z.ZodType>>)[name];
  if (!mutator) throw new MutationError('invalid', `Unknown change "${name}".`, { name });
  const parsed = mutator.args.safeParse(rawArgs);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MutationError('invalid', `Invalid ${name}: ${issue?.path.join('.') || 'arguments'} ${issue?.message ?? ''}`.trim(), {
      name,
    });
  }
  await mutator.run(ctx, parsed.data);
}
