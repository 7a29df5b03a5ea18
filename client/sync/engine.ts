import { MAX_LOOKUPS, type LookupRequest } from '@/model/lookup';
import type { LiveChanges } from '@/model/live';
import type { Actor } from '@/model/mutators';
import { coalesced } from '../coalesce';
import { hopMark } from '../hop-marks';
import type { SidenoteDB } from '../db';
import type { Session } from '../session';
import { Signal } from '../signal';
import { ServerError } from './http';
import { lookUpCustomer } from './lookup';
import { applyLiveChanges, pullChanges } from './pull';
import { pushOutbox } from './push';
import { currentEpoch, ServerLostMutations, StaleSync, startOver } from './recover';

// In a module of its own: pages that only show the state (the sidebar, the popup) import it
// without the engine, whose push and pull bring every mutator along.
import { SyncState } from './state';
export { SyncState };

export function actorOf(session: Session): Actor {
  return { memberId: session.member.id, teamId: session.team.id, role: session.member.role };
}

/** Pokes' rows kept for the next sync at most (a sync in flight lets a few pile up). */
const MAX_CARRIED = 8;

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000];

/**
 * Runs push-then-pull, one at a time: a sync asked for while one runs makes it run once more.
 * Failures are kept as words in `state`, and retried with backoff while the worker lives; the
 * one-minute alarm takes over after that.
 */
export class SyncEngine {
  readonly state = new Signal<SyncState>({ state: 'signed-out', message: null, code: null, lastSyncAt: null, progress: null });
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private controller: AbortController | null = null;
  /** The etag of the team's selector file as of the last pull (undefined: no pull yet). */
  readonly selectorsEtag = new Signal<string | null | undefined>(undefined);

  constructor(
    private readonly db: SidenoteDB,
    private readonly session: () => Promise<Session | null>,
    /** The transport; the global fetch unless a test puts a server in the same process. */
    private readonly transport?: typeof fetch,
    /** The server no longer accepts this token (revoked, or its member deactivated): sign the device out. */
    private readonly onRevoked: (token: string) => Promise<void> = async () => {},
  ) {}

  /** The lookups asked of the server during this first sync (once each). */
  private readonly looked = new Set<string>();

  /**
   * While a first sync is arriving (it shows progress), brings the customer these lookups name
   * from the server at once, so the sidebar on screen need not wait for the whole team's
   * history (lookup.ts). Once per set of lookups per first sync; a failure leaves it to the pull.
   */
  async lookUpDuringFirstSync(lookups: LookupRequest['lookups']): Promise<void> {
    const key = JSON.stringify(lookups);
    if (this.state.value.progress === null || lookups.length === 0 || this.looked.has(key)) return;
    this.looked.add(key);
    const session = await this.session();
    if (!session) return;
    const target = { serverUrl: session.serverUrl, token: session.token, fetch: this.transport };
    await lookUpCustomer(this.db, target, lookups.slice(0, MAX_LOOKUPS), { epoch: await currentEpoch(this.db) }).catch(() => 0);
  }

  /** Starts a sync (or queues one more) and resolves when the data is as fresh as it gets. */
  readonly sync = coalesced(() => this.syncOnce());

  /** Rows that came with pokes, oldest first, for the next sync to apply before it pulls. */
  private carried: LiveChanges[] = [];

  /**
   * The server poked, perhaps with the rows since the last poke: the next sync (one at a time,
   * so never across a pull's) applies them first if they follow this copy's cookie, so the
   * sidebar shows them without waiting for a round trip, then pushes and pulls as always.
   */
  poked(changes?: LiveChanges): Promise<void> {
    if (changes) this.carried = [...this.carried, changes].slice(-MAX_CARRIED);
    return this.sync();
  }

  /**
   * Stops the sync in flight now (leaving or switching teams): its requests are aborted, and
   * whatever still arrives is dropped by the database's epoch check. A sync asked for after
   * this starts clean.
   */
  interrupt(): void {
    this.carried = [];
    this.controller?.abort();
  }

  private async syncOnce(): Promise<void> {
    // Two rounds at most: the second only after starting over as a new client (recovery).
    for (let round = 0; round < 2; round++) {
      const session = await this.session();
      if (!session) {
        this.state.set({ state: 'signed-out', message: null, code: null, lastSyncAt: null, progress: null });
        return;
      }
      // 1. What this sync works for: the database as it is now (a reset changes its epoch).
      const [epoch, clientID] = await Promise.all([currentEpoch(this.db), this.db.getMeta<string>('clientID')]);
      if (!clientID) throw new Error('the local database has no clientID');
      // 2. Rows a poke carried, where they follow on: what the pull below would bring first.
      //    (Before the state says syncing: each open view is sent again for its status line
      //    then, and that work would come ahead of the rows being written.)
      await this.applyCarried(actorOf(session), epoch);
      const target = { serverUrl: session.serverUrl, token: session.token, fetch: this.transport };
      const controller = (this.controller = new AbortController());
      const { signal } = controller;
      this.state.set({ ...this.state.value, state: 'syncing' });
      try {
        // 3. Push, then pull.
        hopMark('sync-start');
        await pushOutbox(this.db, target, clientID, { epoch, signal });
        hopMark('pushed');
        await pullChanges(this.db, target, clientID, actorOf(session), {
          epoch,
          signal,
          onProgress: (progress) => this.state.set({ ...this.state.value, state: 'syncing', progress }),
          onSelectors: (etag) => {
            if (etag !== this.selectorsEtag.value) this.selectorsEtag.set(etag);
          },
        });
        hopMark('pulled');
        this.failures = 0;
        this.looked.clear();
        const pending = await this.db.$outbox.count();
        this.state.set({ state: pending ? 'pending' : 'synced', message: null, code: null, lastSyncAt: Date.now(), progress: null });
        return;
      } catch (e) {
        // 4. The database was reset meanwhile: nothing of this sync counts; the next one starts clean.
        if (e instanceof StaleSync || signal.aborted) return;
        // 5. The server lost this client's place (restored from a backup): start over as a new
        //    client with the pending mutations renumbered, once, then sync again.
        if (round === 0 && (e instanceof ServerLostMutations || (e instanceof ServerError && e.code === 'mutation_gap'))) {
          await startOver(this.db, epoch);
          continue;
        }
        const err = e instanceof ServerError ? e : new ServerError(0, 'internal', (e as Error).message);
        this.state.set({
          ...this.state.value,
          state: err.offline ? 'offline' : 'error',
          message: err.message,
          code: err.code,
          progress: null,
        });
        // A refused token stays refused: this device is signed out (its access was revoked).
        if (err.status === 401) return this.onRevoked(session.token);
        this.scheduleRetry();
        return;
      } finally {
        if (this.controller === controller) this.controller = null;
      }
    }
  }

  private async applyCarried(actor: Actor, epoch: string): Promise<void> {
    const carried = this.carried;
    this.carried = [];
    for (const changes of carried) {
      // One that does not apply (another cookie, changes of ours pending) is the pull's to bring.
      if (await applyLiveChanges(this.db, changes, actor, { epoch }).catch(() => false)) hopMark('poke-applied');
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const delay = RETRY_MS[Math.min(this.failures++, RETRY_MS.length - 1)]!;
    // Jitter, so a team's clients do not all come back at the same instant.
    this.retryTimer = setTimeout(
      () => {
        this.retryTimer = null;
        void this.sync();
      },
      delay * (0.75 + Math.random() * 0.5),
    );
  }
}
