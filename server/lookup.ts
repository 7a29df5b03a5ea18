import type { Kysely } from 'kysely';
import { LOOKUP_NOTES, LOOKUP_ROWS, type LookupRequest, type LookupResponse } from '../model/lookup';
import type { Actor } from '../model/mutators';
import type { Customer, TableName } from '../model/schemas';
import type { Database } from './db/schema';
import { databaseEpoch } from './epoch';
import { visibleRows, type AnyRow } from './pull';
import { createTeamStore } from './store';

const MAX_MERGE_HOPS = 16;

/**
 * Handles `POST /v1/lookup` (model/lookup.ts): the customer the lookups name in the actor's
 * team, merges followed, with what its sidebar shows — its identities, latest notes and their
 * revisions, follow-ups and history — filtered like a pull (private notes reach their author
 * only). Read in one snapshot, stamped with the team's version at that moment.
 */
export async function processLookup(db: Kysely<Database>, actor: Actor, request: LookupRequest): Promise<LookupResponse> {
  const epoch = await databaseEpoch(db);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const team = await trx.selectFrom('teams').select('head_version').where('id', '=', actor.teamId).executeTakeFirstOrThrow();
      const asOf = Number(team.head_version);
      const tables = new Map<TableName, AnyRow[]>();
      const chain = await customerChain(trx, actor.teamId, request);
      const customer = chain.at(-1);
      if (customer && customer.deletedAt === null) {
        const customers = await trx
          .selectFrom('customers')
          .selectAll()
          .where('team_id', '=', actor.teamId)
          .where(
            'id',
            'in',
            chain.map((c) => c.id),
          )
          .execute();
        const of = { team: actor.teamId, customer: customer.id };
        const notes = await trx
          .selectFrom('notes')
          .selectAll()
          .where('team_id', '=', of.team)
          .where('customer_id', '=', of.customer)
          .orderBy('created_at', 'desc')
          .limit(LOOKUP_NOTES)
          .execute();
        const noteIds = notes.map((n) => n.id);
        const revisions = noteIds.length
          ? await trx
              .selectFrom('note_revisions')
              .selectAll()
              .where('team_id', '=', of.team)
              .where('note_id', 'in', noteIds)
              .limit(LOOKUP_ROWS)
              .execute()
          : [];
        const identities = await trx
          .selectFrom('identities')
          .selectAll()
          .where('team_id', '=', of.team)
          .where('customer_id', '=', of.customer)
          .limit(LOOKUP_ROWS)
          .execute();
        const tasks = await trx
          .selectFrom('tasks')
          .selectAll()
          .where('team_id', '=', of.team)
          .where('customer_id', '=', of.customer)
          .orderBy('due_at', 'desc')
          .limit(LOOKUP_ROWS)
          .execute();
        const events = await trx
          .selectFrom('customer_events')
          .selectAll()
          .where('team_id', '=', of.team)
          .where('customer_id', '=', of.customer)
          .orderBy('at', 'desc')
          .limit(LOOKUP_ROWS)
          .execute();
        tables.set('customers', customers);
        tables.set('identities', identities);
        tables.set('notes', notes);
        tables.set('noteRevisions', revisions);
        tables.set('tasks', tasks);
        tables.set('customerEvents', events);
      }
      const { rows } = visibleRows(actor, tables);
      return { asOf, epoch, rows };
    });
}

/** The customers from the first lookup that names one to the one it was merged into, in order. */
async function customerChain(trx: Kysely<Database>, teamId: string, { lookups }: LookupRequest): Promise<Customer[]> {
  const store = createTeamStore(trx, { teamId, version: 0, now: 0 });
  for (const { kind, value } of lookups) {
    const identity = await store.findIdentity(kind, value);
    if (!identity) continue;
    const chain: Customer[] = [];
    let customer = await store.get('customers', identity.customerId);
    while (customer && chain.length <= MAX_MERGE_HOPS) {
      chain.push(customer);
      if (!customer.mergedIntoId) break;
      customer = await store.get('customers', customer.mergedIntoId);
    }
    if (chain.at(-1)?.deletedAt === null) return chain;
  }
  return [];
}
