import { sha256 } from '@noble/hashes/sha2';
import type { z } from '../z';
import { may, type Action } from '../permissions';
import { Tables, type Customer, type CustomerEventType, type Identity, type Role, type Row, type TableName } from '../schemas';

/**
 * The little a mutator needs from a database. The background implements it over Dexie (the
 * optimistic run), the server over Kysely (the authoritative run): each mutator is written once.
 */
export interface MutatorStore {
  get<T extends TableName>(table: T, id: string): Promise<Row<T> | undefined>;
  put<T extends TableName>(table: T, row: Row<T>): Promise<void>;
  /** The live (not deleted) identity with this normalized kind and value, if any. */
  findIdentity(kind: Identity['kind'], value: string): Promise<Identity | undefined>;
  /** Every row whose indexed field equals `value` (deleted rows included). */
  list<T extends keyof Indexed>(table: T, field: Indexed[T], value: string): Promise<Row<T>[]>;
}

/** The fields a mutator may look rows up by: indexed on both sides. */
export interface Indexed {
  customers: 'ownerId';
  tasks: 'customerId' | 'assigneeId';
  identities: 'customerId';
  notes: 'customerId';
  noteRevisions: 'customerId';
  customerEvents: 'customerId';
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

export type MutationErrorCode = 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'already_owned';

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

/** Follows merges to the customer that stands for `id` today, or throws not_found. */
export async function canonicalCustomer(store: Pick<MutatorStore, 'get'>, id: string): Promise<Customer> {
  let customer = await store.get('customers', id);
  for (let hops = 0; customer?.mergedIntoId && hops < 16; hops++) {
    customer = await store.get('customers', customer.mergedIntoId);
  }
  if (!customer || customer.deletedAt !== null) {
    throw new MutationError('not_found', 'That customer no longer exists.', { entity: 'customer' });
  }
  return customer;
}

/** Creations carry client-made ids: one already taken is refused, never overwritten. */
export async function requireNewId(store: MutatorStore, table: TableName, id: string): Promise<void> {
  if (await store.get(table, id)) throw new MutationError('conflict', `The id ${id} is already in use.`, { id });
}

/** Whether the actor's role may do this (model/permissions.ts, the one matrix). */
export const allowed = (actor: Actor, action: Action) => may(actor.role, action);

export interface MutatorDef<S extends z.ZodMiniType> {
  args: S;
  run(ctx: MutatorContext, args: z.infer<S>): Promise<void>;
}

/** Declares a mutator: the schema its arguments are parsed with (on both sides) and its one implementation. */
export const def = <S extends z.ZodMiniType>(args: S, run: (ctx: MutatorContext, a: z.infer<S>) => Promise<void>) =>
  ({ args, run }) satisfies MutatorDef<S>;

/**
 * Marks activity on a customer: its updatedAt says when anyone last wrote or followed up on it.
 * Takes the customer when the caller has it already, to spare a read.
 */
export async function touchCustomer(ctx: MutatorContext, customerOrId: Customer | string): Promise<void> {
  const customer = typeof customerOrId === 'string' ? await canonicalCustomer(ctx.store, customerOrId).catch(() => null) : customerOrId;
  if (customer && customer.updatedAt < ctx.now) await ctx.store.put('customers', { ...customer, updatedAt: ctx.now });
}

/**
 * The store a mutator is given: every row it writes — derived fields included (history lines,
 * generated ids, normalized values) — is parsed with its table's schema first, so a row no
 * client could read is a refusal of the mutation, never a stored row that stops everyone's sync.
 */
export function validatingStore<S extends MutatorStore>(store: S): S {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key !== 'put') return Reflect.get(target, key, receiver);
      return async <T extends TableName>(table: T, row: Row<T>) => target.put(table, checkedRow(table, row));
    },
  });
}

/** The row as its table's schema reads it, or an `invalid` refusal naming the field. */
export function checkedRow<T extends TableName>(table: T, row: Row<T>): Row<T> {
  const parsed = Tables[table].safeParse(row);
  if (parsed.success) return parsed.data as Row<T>;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') || 'row';
  throw new MutationError('invalid', `This change would store an invalid ${table} row (${field}: ${issue?.message ?? 'invalid'}).`, {
    table,
    field,
  });
}

/**
 * A deterministic id made from others (the same on the client and the server, so a replayed
 * mutation finds what it made), always within the id limit however long its parts are.
 */
export function derivedId(...parts: string[]): string {
  // Synchronous on purpose: awaiting crypto.subtle inside a Dexie transaction would commit it early.
  const bytes = sha256(new TextEncoder().encode(parts.join('\u0000')));
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return `d-${btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** Cuts text derived from user input to a field's limit, on a character (not UTF-16 unit) boundary. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  let out = '';
  for (const ch of chars) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

/** Appends one line to a customer's history, made by the acting member now. */
export async function recordEvent(
  ctx: MutatorContext,
  event: { id: string; customerId: string; type: CustomerEventType; from: string | null; to: string | null; note?: string },
): Promise<void> {
  await ctx.store.put('customerEvents', {
    id: event.id,
    customerId: event.customerId,
    type: event.type,
    actorId: ctx.actor.memberId,
    at: ctx.now,
    from: event.from,
    to: event.to,
    note: event.note ?? '',
  });
}
