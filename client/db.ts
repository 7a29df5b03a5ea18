import Dexie, { type Table } from 'dexie';
import type { Mutation, Refusal } from '@/model/sync';
import type { CustomerEvent, Identity, Member, Note, NoteRevision, TableName, Team } from '@/model/schemas';
import { renameLegacyMetaStore } from './legacy-meta';
import {
  derivedIndexes,
  storedCustomer,
  storedEvent,
  storedTask,
  type StoredCustomer,
  type StoredEvent,
  type StoredTask,
} from './derived-indexes';
import { searchQueue, type QueueEntry } from './search/queue';
import { ACK_MARKS, EVERY_CUSTOMER } from './awaiting-marks';
import { EVERY_KEY, marksMiddleware } from './marks';
import { OPEN_DUE_MARKS, type OpenDue } from './open-due';
import type { AwaitingEntry } from './awaiting';
import type { KeyBlock, PostingsChunk, SegmentMeta } from './search/index';

/** A queued intent, written in the same transaction as its optimistic change. */
export type OutboxEntry = Mutation;

/** The server's copy of a row the pending mutations touched (null: the row did not exist). */
export interface ShadowEntry {
  table: TableName;
  id: string;
  row: unknown | null;
}

/** A refusal the user has been (or is about to be) told about. */
export interface RefusalEntry extends Refusal {
  at: number;
  seen: boolean;
  /** The customers the refused mutation was about: its refusal shows on their sidebars only. */
  customerIds: string[];
}

/** A pulled row this client could not read: kept aside (and shown in the options page), never applied. */
export interface SetAsideEntry {
  /** `table:id` (or `table:#n` when the row has no readable id). */
  key: string;
  table: string;
  id: string | null;
  /** What was wrong with it, for the person who reports it. */
  error: string;
  /** The row as received, as JSON cut to a few KB. */
  raw: string;
  at: number;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

/**
 * The extension's only copy of the team's data, opened by the background alone (content scripts
 * would open it in the page's origin; the sidebar iframe cannot open IndexedDB at all).
 * Tables named with `$` are the sync engine's own.
 */
export class SidenoteDB extends Dexie {
  teams!: Table<Team, string>;
  members!: Table<Member, string>;
  customers!: Table<StoredCustomer, string>;
  identities!: Table<Identity, string>;
  notes!: Table<Note, string>;
  noteRevisions!: Table<NoteRevision, string>;
  tasks!: Table<StoredTask, string>;
  customerEvents!: Table<CustomerEvent, string>;
  $outbox!: Table<OutboxEntry, number>;
  $shadow!: Table<ShadowEntry, [string, string]>;
  $refusals!: Table<RefusalEntry, number>;
  /** The sync engine's key–value state: clientID, cookie, mutation ids. */
  $state!: Table<MetaEntry, string>;
  /** Reminders already shown, so each is shown once: `due:<task>:<dueAt>`, `esc:<task>`, `digest:<day>`. */
  $notified!: Table<{ key: string; at: number }, string>;
  $setAside!: Table<SetAsideEntry, string>;
  /** What this device's user has read: `handoff:<eventId>` for a hand-off pinned in the sidebar. */
  $read!: Table<{ key: string; at: number }, string>;
  /** Who this device is signed in as, token included (client/session.ts): here, not in `storage.local`. */
  $session!: Table<{ key: string; session: unknown }, string>;
  /** Search (client/search/): notes and customers written since the index last read them. */
  $searchQueue!: Table<QueueEntry, number>;
  /** Search: each segment's postings, one row per partition (a term's first character or two). */
  $searchPostings!: Table<PostingsChunk, [string, number]>;
  /** Search: each segment's documents (their dates and kinds, for ranking). */
  $searchSegments!: Table<SegmentMeta, number>;
  /** Search: which note or customer each document number stands for, 256 to a row. */
  $searchKeys!: Table<KeyBlock, number>;
  /** Change notes someone has still to acknowledge, with who (client/awaiting.ts). */
  $awaiting!: Table<AwaitingEntry, string>;
  /** Customers whose entries in `$awaiting` are to be decided again ('*': all of them). */
  $ackDirty!: Table<{ customerId: string }, string>;
  /** Each assignee's open follow-ups' due times (client/open-due.ts). */
  $openDue!: Table<OpenDue, string>;
  /** Assignees whose row in `$openDue` is to be read again ('*': all of them). */
  $openDirty!: Table<{ assigneeId: string }, string>;

  constructor(name = 'sidenote') {
    super(name);
    this.version(1).stores({
      teams: 'id',
      members: 'id, teamId',
      customers: 'id, ownerId, updatedAt',
      // Not unique: a pulled identity may briefly sit beside a pending one until the rebase.
      identities: 'id, customerId, [kind+value]',
      notes: 'id, [customerId+createdAt], authorId',
      $outbox: 'id',
      $shadow: '[table+id]',
      $refusals: 'mutationID',
      // Named $meta until version 12, when it clashed with Dexie's own store (legacy-meta.ts).
      $state: 'key',
    });
    this.version(2).stores({ noteRevisions: 'id, noteId' });
    this.version(3).stores({ tasks: 'id, customerId, assigneeId, dueAt', customerEvents: 'id, customerId' });
    this.version(4).stores({ $notified: 'key' });
    this.version(5).stores({ noteRevisions: 'id, noteId, customerId' });
    this.version(6).stores({ notes: 'id, [customerId+createdAt], authorId, *mentions' });
    // The popup's first screen reads my follow-ups due before a date, not all of mine.
    this.version(7).stores({ tasks: 'id, customerId, assigneeId, dueAt, [assigneeId+dueAt]' });
    // Rows set aside by pulls; hand-offs to me are found by their new owner.
    this.version(8).stores({ $setAside: 'key', customerEvents: 'id, customerId, to' });
    // Nothing reads notes by author: one index fewer to write for each of a team's 500,000 notes.
    this.version(11).stores({ notes: 'id, [customerId+createdAt], *mentions' });
    // The popup reads open follow-ups, live and unowned customers through sparse indexes of
    // derived fields (derived-indexes.ts); [assigneeId+dueAt] walked every done follow-up too.
    this.version(12)
      .stores({
        tasks: 'id, customerId, assigneeId, dueAt, openDueAt, [assigneeId+openDueAt]',
        customers: 'id, ownerId, liveUpdatedAt, unownedUpdatedAt',
      })
      .upgrade(async (tx) => {
        await tx
          .table('tasks')
          .toCollection()
          .modify((task: StoredTask, ref) => {
            ref.value = storedTask(task);
          });
        await tx
          .table('customers')
          .toCollection()
          .modify((customer: StoredCustomer, ref) => {
            ref.value = storedCustomer(customer);
          });
      });
    this.use(derivedIndexes);
    // Refusals are shown on their own customer's sidebar; hand-offs pinned until read.
    this.version(13).stores({ $refusals: 'mutationID, *customerIds', $read: 'key' });
    // The session moves out of storage.local, which content scripts can read (session.ts).
    this.version(14).stores({ $session: 'key' });
    // The board: live customers by stage (and owner), quietest first; goals and the weekly report
    // count a member's notes, completed follow-ups and history lines through their own ranges.
    this.version(15)
      .stores({
        customers: 'id, ownerId, liveUpdatedAt, unownedUpdatedAt, [liveStage+updatedAt], [liveStage+liveOwner+updatedAt]',
        tasks: 'id, customerId, assigneeId, dueAt, openDueAt, [assigneeId+openDueAt], [assigneeId+doneAt]',
        notes: 'id, [customerId+createdAt], *mentions, [authorId+createdAt]',
        customerEvents: 'id, customerId, to, [actorId+at]',
      })
      .upgrade(async (tx) => {
        await tx
          .table('customers')
          .toCollection()
          .modify((customer: StoredCustomer, ref) => {
            ref.value = storedCustomer(customer);
          });
      });
    // Reminders read the recent change notes (to be acknowledged) without walking every note.
    this.version(16).stores({ notes: 'id, [customerId+createdAt], *mentions, [authorId+createdAt], [kind+createdAt]' });
    // Search across every customer and note (client/search/): the index and what it has still to
    // read. An installed copy queues what it already holds, for the index to read in the background.
    this.version(19)
      .stores({ $searchQueue: '++id', $searchPostings: '[part+first], first', $searchSegments: 'first', $searchKeys: 'block' })
      .upgrade(async (tx) => {
        const queue = tx.table('$searchQueue');
        for (const [table, prefix] of [
          ['customers', 'c'],
          ['notes', 'n'],
        ] as const) {
          const keys = (await tx.table(table).toCollection().primaryKeys()) as string[];
          for (let i = 0; i < keys.length; i += 2_000) await queue.add({ keys: keys.slice(i, i + 2_000).map((key) => `${prefix}:${key}`) });
        }
      });
    this.use(searchQueue);
    // Who must acknowledge a change (views.ts changesByCustomer): the team's follow lines in one
    // read of their own sparse index, instead of every customer's history lines one by one.
    this.version(20)
      .stores({ customerEvents: 'id, customerId, to, [actorId+at], followOf' })
      .upgrade(async (tx) => {
        const events = tx.table<StoredEvent, string>('customerEvents');
        // In pages by id: a team's years of history lines need not all be in memory at once.
        for (let after = ''; ;) {
          const page = await events.where(':id').above(after).limit(5_000).toArray();
          if (page.length === 0) break;
          await events.bulkPut(page.map(storedEvent).filter((e) => e.followOf !== undefined));
          after = page[page.length - 1]!.id;
        }
      });
    // Who has still to acknowledge which change note, stored (client/awaiting.ts); an installed
    // copy decides it for every customer once, in the background.
    this.version(21)
      .stores({ $awaiting: 'noteId, customerId, createdAt, *waiting', $ackDirty: 'customerId' })
      .upgrade((tx) => tx.table('$ackDirty').put({ customerId: EVERY_CUSTOMER }));
    // Each member's open follow-ups by due date, stored (client/open-due.ts); read in full once.
    this.version(22)
      .stores({ $openDue: 'assigneeId', $openDirty: 'assigneeId' })
      .upgrade((tx) => tx.table('$openDirty').put({ assigneeId: EVERY_KEY }));
    this.use(marksMiddleware('marks', [ACK_MARKS, OPEN_DUE_MARKS]));
  }

  /** Every synced table, for transactions that touch them all. */
  syncedTables(): Table[] {
    return [this.teams, this.members, this.customers, this.identities, this.notes, this.noteRevisions, this.tasks, this.customerEvents];
  }

  /** Opens the database, first moving an installed one's old `$meta` table out of Dexie's way. */
  override open() {
    return Dexie.Promise.resolve(renameLegacyMetaStore(this.name)).then(() => super.open());
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.$state.get(key))?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.$state.put({ key, value });
  }
}
