import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { MutationError, runMutation, type Actor } from '../model/mutators';
import type { Mutation, PushRequest, PushResponse, Refusal } from '../model/sync';
import { recordActivity } from './activity';
import { advanceClient, lastMutationIdIn, lastMutationIdOf, registerClient } from './clients';
import { dialectOf } from './db/connect';
import type { Database } from './db/schema';
import { HttpError } from './errors';
import { GroupCommitter } from './group-commit';
import { recordRefusal, refusalsOf } from './refusals';
import { createTeamStore } from './store';
import { nextTeamVersion } from './team-version';

/**
 * Called after a transaction that changed the team's data commits (the live poke hooks in here).
 * `byDevice`: the device whose push it was, which pulls after its push anyway and need not be poked.
 */
export type OnCommit = (teamId: string, byDevice?: string) => void;

function mutationGap(expected: number, got: number): HttpError {
  return new HttpError(409, 'mutation_gap', `Expected mutation ${expected} next but got ${got}. Push the outbox from ${expected} on.`);
}

// The same three statements around every mutation: compiled once.
const SAVEPOINT = CompiledQuery.raw('savepoint mutation');
const RELEASE = CompiledQuery.raw('release savepoint mutation');
const ROLLBACK = CompiledQuery.raw('rollback to savepoint mutation');

// One committer per database: pushes arriving together share one durable commit.
const committers = new WeakMap<Kysely<Database>, GroupCommitter>();
function committerFor(db: Kysely<Database>): GroupCommitter {
  let committer = committers.get(db);
  // On PostgreSQL each push commits alone: a group's one transaction would hold several teams'
  // version locks at once, in arrival order, and two processes could deadlock on them. Its WAL
  // already shares a flush among commits arriving together (commit_delay).
  if (!committer) committers.set(db, (committer = new GroupCommitter(db, dialectOf(db) === 'postgres' ? 1 : undefined)));
  return committer;
}

/**
 * Applies one mutation inside the push's transaction, at its own team version. Returns whether
 * it wrote team data; throws MutationError when refused (the caller rolls back its savepoint).
 */
async function applyMutation(
  trx: Transaction<Database>,
  actor: Actor,
  clientID: string,
  mutation: Mutation,
  serverNow: number,
): Promise<{ wrote: boolean; replayed: boolean }> {
  const last = await lastMutationIdIn(trx, clientID);
  if (mutation.id <= last) return { wrote: false, replayed: true };
  if (mutation.id > last + 1) throw mutationGap(last + 1, mutation.id);
  const version = await nextTeamVersion(trx, actor.teamId);
  // The user's clock says when they acted, but it may not claim the future.
  const now = Math.min(mutation.at, serverNow);
  const store = createTeamStore(trx, { teamId: actor.teamId, version, now });
  await runMutation({ store, actor, now }, mutation.name, mutation.args);
  await recordActivity(trx, { teamId: actor.teamId, version, actorId: actor.memberId, at: now }, store.writes);
  await advanceClient(trx, clientID, mutation.id, serverNow);
  return { wrote: store.writes.length > 0, replayed: false };
}

/**
 * Handles `POST /v1/push` (design.md, "Sync protocol"): the mutations in order, each with the
 * client's lastMutationID, all inside the group commit's transaction (a savepoint each: a
 * refused one leaves nothing behind but its refusal). Answers once that transaction is durable.
 * Throws HttpError 403 `client_mismatch` or 409 `mutation_gap`; any other error means nothing
 * of this push was written and the client should retry.
 */
export async function processPush(
  db: Kysely<Database>,
  actor: Actor,
  request: PushRequest,
  now: () => number = Date.now,
  onCommit?: OnCommit,
  /** The device pushing: its own commit is not poked back to it (it pulls next anyway). */
  deviceId?: string,
): Promise<PushResponse> {
  const { clientID, mutations } = request;
  const first = mutations[0]!;
  const final = mutations[mutations.length - 1]!;

  // 1. The client row: created on first sight, bound to this member; someone else's → 403.
  const lastMutationID = await registerClient(db, actor, clientID, now());

  // 2. A gap means the client lost mutations it still expects us to have: process nothing.
  if (first.id > lastMutationID + 1) throw mutationGap(lastMutationID + 1, first.id);

  // 3. Each mutation in its own savepoint of the group's transaction. Ids already processed are
  //    skipped (a replayed push); a refused one is rolled back, recorded, and the queue moves on.
  const { wrote, replayed, refused } = await committerFor(db).run(async (trx) => {
    let any = false;
    let anyReplayed = false;
    const refusals: Refusal[] = [];
    for (const mutation of mutations) {
      await trx.executeQuery(SAVEPOINT);
      try {
        const applied = await applyMutation(trx, actor, clientID, mutation, now());
        any = applied.wrote || any;
        anyReplayed = applied.replayed || anyReplayed;
        await trx.executeQuery(RELEASE);
      } catch (error) {
        await trx.executeQuery(ROLLBACK);
        await trx.executeQuery(RELEASE);
        if (!(error instanceof MutationError)) throw error;
        await recordRefusal(trx, clientID, mutation, error, now());
        // Kept as refusalsOf reads it back: its params went through JSON.
        refusals.push({
          mutationID: mutation.id,
          name: mutation.name,
          code: error.code,
          message: error.message,
          params: JSON.parse(JSON.stringify(error.params)) as Record<string, string>,
        });
      }
    }
    return { wrote: any, replayed: anyReplayed, refused: refusals };
  });
  if (wrote) onCommit?.(actor.teamId, deviceId);

  // 4. Where the client stands now, and every refusal among the ids it sent. When every
  //    mutation was new, that is the last id sent and the refusals just recorded; on a replay
  //    it is read back, so a push whose response was lost gets the same answer again.
  if (!replayed) return { lastMutationID: final.id, refusals: refused };
  return {
    lastMutationID: await lastMutationIdOf(db, actor, clientID),
    refusals: await refusalsOf(db, clientID, first.id, final.id),
  };
}
