import type { Kysely } from 'kysely';
import type { Actor } from '../model/mutators';
import type { Database } from './db/schema';
import { HttpError } from './errors';
import { preparedQuery } from './prepared-query';

// Every push runs these: compiled once (server/prepared-query.ts).
const clientById = preparedQuery(['clientID'], (db, p) =>
  db.selectFrom('clients').select(['member_id', 'team_id', 'last_mutation_id']).where('id', '=', p.clientID),
);
const lockClient = preparedQuery(['clientID'], (db, p) =>
  db
    .updateTable('clients')
    .set((eb) => ({ last_mutation_id: eb.ref('last_mutation_id') }))
    .where('id', '=', p.clientID)
    .returning('last_mutation_id'),
);
const advance = preparedQuery(['clientID', 'mutationID', 'now'], (db, p) =>
  db.updateTable('clients').set({ last_mutation_id: p.mutationID, updated_at: p.now }).where('id', '=', p.clientID),
);

function clientMismatch(): HttpError {
  return new HttpError(403, 'client_mismatch', 'This clientID belongs to another member. Reset the extension to get a new one.');
}

/**
 * The lastMutationID of a client (0 if the server has not seen it yet). A clientID is bound
 * to the member who first pushed with it: anyone else using it gets 403 client_mismatch.
 */
export async function lastMutationIdOf(db: Kysely<Database>, actor: Actor, clientID: string): Promise<number> {
  const [client] = await clientById(db, { clientID });
  if (!client) return 0;
  if (client.member_id !== actor.memberId || client.team_id !== actor.teamId) throw clientMismatch();
  return Number(client.last_mutation_id);
}

/** Like lastMutationIdOf, but first records a client seen for the first time, bound to this member. */
export async function registerClient(db: Kysely<Database>, actor: Actor, clientID: string, now: number): Promise<number> {
  // Read first: most pushes come from a known client, and a read takes no write lock.
  const [known] = await clientById(db, { clientID });
  if (known) {
    if (known.member_id !== actor.memberId || known.team_id !== actor.teamId) throw clientMismatch();
    return Number(known.last_mutation_id);
  }
  await db
    .insertInto('clients')
    .values({ id: clientID, team_id: actor.teamId, member_id: actor.memberId, last_mutation_id: 0, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  // Read again: another request may have made it first, for another member.
  return lastMutationIdOf(db, actor, clientID);
}

/**
 * The client's lastMutationID read inside a transaction, so two concurrent pushes never both
 * apply one id. Read through a no-op update: on PostgreSQL that locks the client's row until
 * commit (another process's push of the same client waits, then reads the id it advanced to);
 * SQLite serializes writers anyway. Portable, unlike `select … for update`.
 */
export async function lastMutationIdIn(trx: Kysely<Database>, clientID: string): Promise<number> {
  const [client] = await lockClient(trx, { clientID });
  if (!client) throw new Error(`Client ${clientID} does not exist.`);
  return Number(client.last_mutation_id);
}

/** Marks a mutation processed; call it in the transaction that processed it. */
export async function advanceClient(trx: Kysely<Database>, clientID: string, mutationID: number, now: number): Promise<void> {
  await advance(trx, { clientID, mutationID, now });
}
