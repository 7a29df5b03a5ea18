import type { Kysely } from 'kysely';
import type { MutationError } from '../model/mutators';
import type { Mutation, Refusal } from '../model/sync';
import { advanceClient, lastMutationIdIn } from './clients';
import type { Database } from './db/schema';

/**
 * Marks a refused mutation processed and keeps why, inside the push's transaction, so the
 * queue moves on and the user is told. Re-checks lastMutationID: a replay records it once.
 */
export async function recordRefusal(
  trx: Kysely<Database>,
  clientID: string,
  mutation: Mutation,
  error: MutationError,
  now: number,
): Promise<void> {
  if (mutation.id <= (await lastMutationIdIn(trx, clientID))) return;
  await trx
    .insertInto('refusals')
    .values({
      client_id: clientID,
      mutation_id: mutation.id,
      name: mutation.name,
      code: error.code,
      message: error.message,
      params: JSON.stringify(error.params),
      at: now,
    })
    .onConflict((oc) => oc.columns(['client_id', 'mutation_id']).doNothing())
    .execute();
  await advanceClient(trx, clientID, mutation.id, now);
}

/** This client's refusals with from ≤ mutation id ≤ to, oldest first, as the wire shows them. */
export async function refusalsOf(db: Kysely<Database>, clientID: string, from: number, to = Number.MAX_SAFE_INTEGER): Promise<Refusal[]> {
  const rows = await db
    .selectFrom('refusals')
    .selectAll()
    .where('client_id', '=', clientID)
    .where('mutation_id', '>=', from)
    .where('mutation_id', '<=', to)
    .orderBy('mutation_id')
    .execute();
  return rows.map((r) => ({
    mutationID: Number(r.mutation_id),
    name: r.name,
    code: r.code,
    message: r.message,
    params: JSON.parse(r.params) as Record<string, string>,
  }));
}
