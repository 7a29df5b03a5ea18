/**
 * A team's history written straight into the server's SQLite file, as if its members had
 * worked for three years: customers (companies by mail domain, free-mail buyers by address),
 * notes and follow-ups. Generated from a seeded random sequence (the same data every run) and
 * written with Kysely in multi-row inserts through the server's own column mapping
 * (server/db/to-columns.ts). Versions follow the sync protocol: every customer's creation is one
 * transaction (the customer and its identity), every note and follow-up one more, which also
 * rewrites its customer (updatedAt is the last activity), and the team's head is the last.
 */
import { sql, type Kysely } from 'kysely';
import { DEFAULT_STAGES, type Customer, type Identity, type Note, type NoteKind, type Task } from '../../model/schemas';
import { openDatabase } from '../../server/db/connect';
import type { Database } from '../../server/db/schema';
import { toColumns } from '../../server/db/to-columns';
import { seededRandom } from './random';

export interface StoreScale {
  customers: number;
  notes: number;
  tasks: number;
}

/** What the budget names: 50k customers, 500k notes, 100k follow-ups. */
export const FULL_STORE: StoreScale = { customers: 50_000, notes: 500_000, tasks: 100_000 };

const DAY = 86_400_000;
/** Rows per INSERT: well under SQLite's 32,766 bound variables at 16 columns. */
const INSERT_ROWS = 1_000;
/** Rows per transaction. */
const TRANSACTION_ROWS = 50_000;
/** A fifth of the customers are people writing from free mail; the rest are companies. */
const FREE_MAIL_SHARE = 0.2;
const FREE_MAIL = ['163.com', 'qq.com', 'gmail.com', '126.com', 'outlook.com'];
const FIRST = ['joan', 'raj', 'mei', 'lars', 'amara', 'diego', 'yuki', 'olga', 'kofi', 'nina', 'li', 'wei', 'fatima', 'jonas', 'sara'];
const LAST = [
  'miller',
  'patel',
  'chen',
  'berg',
  'okafor',
  'ruiz',
  'sato',
  'ivanova',
  'mensah',
  'weber',
  'wang',
  'zhang',
  'haddad',
  'novak',
];
const WORDS = [
  'north',
  'wind',
  'blue',
  'river',
  'pack',
  'star',
  'delta',
  'green',
  'iron',
  'cloud',
  'stone',
  'bright',
  'ocean',
  'peak',
  'sun',
];
const SENTENCES = [
  'Called about the Q3 pallet order.',
  'They want a quote for 2,000 units by Friday.',
  'Sent the revised price list; waiting for their purchasing team.',
  'Contract renewal is due next month, legal is reviewing clause 7.',
  'Met at the trade fair, interested in the heavy-duty range.',
  'Delivery window moved to the 10th because of customs.',
  'Asked for samples in blue and grey.',
  'Payment terms: 30 days net, they asked for 45.',
  'Their new buyer is in charge from April.',
  'Complaint about a damaged shipment, replacement sent.',
  'Requirement change: they need export-grade wood now.',
  'WeChat: confirmed the meeting for Tuesday 10:00.',
  'Budget approved, waiting for the PO.',
  'Competitor quoted 8% lower; we hold our price with faster delivery.',
  'Follow up after the holidays.',
];
const TASK_TITLES = [
  'Send the quote',
  'Call back about delivery',
  'Check the payment',
  'Ship samples',
  'Confirm the meeting',
  'Ask for the PO',
  'Renew the contract',
];
const KINDS: [NoteKind, number][] = [
  ['note', 0.6],
  ['call', 0.8],
  ['meeting', 0.9],
  ['chat', 0.97],
  ['change', 1],
];

const hex = (random: () => number, digits: number) =>
  Math.floor(random() * 16 ** digits)
    .toString(16)
    .padStart(digits, '0');
/** A UUID-shaped id (version 4 layout) from the seeded sequence. */
const uuid = (random: () => number) =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 6)}${hex(random, 6)}`;
const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** Addresses to look customers up by: people at company customers, free-mail customers, and strangers. */
export interface LookupEmails {
  company: string[];
  freeMail: string[];
  unknown: string[];
}

export interface SeededStore {
  headVersion: number;
  rows: { customers: number; identities: number; notes: number; tasks: number };
  /** Follow-ups still open and due before `now` (the manager's overdue list), and all open ones. */
  overdueOpen: number;
  open: number;
  unowned: number;
  emails: LookupEmails;
  /** The first customers' ids, for follow-ups added later. */
  customerIds: string[];
  seconds: number;
}

async function insertAll<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Database[T][]): Promise<void> {
  for (let i = 0; i < rows.length; i += TRANSACTION_ROWS) {
    const chunk = rows.slice(i, i + TRANSACTION_ROWS);
    await db.transaction().execute(async (trx) => {
      for (let j = 0; j < chunk.length; j += INSERT_ROWS) {
        // Kysely cannot type an insert into a table chosen at run time.
        await trx
          .insertInto(table as 'notes')
          .values(chunk.slice(j, j + INSERT_ROWS) as Database['notes'][])
          .execute();
      }
    });
  }
}

/**
 * Writes `scale` worth of history for `teamId` into the SQLite file at `databaseUrl` (no
 * server may be running on it), authored by `memberIds`, as of `now`. Deterministic for a seed.
 */
export async function seedStore(
  databaseUrl: string,
  {
    teamId,
    memberIds,
    scale,
    now,
    seed = 20261129,
  }: { teamId: string; memberIds: string[]; scale: StoreScale; now: number; seed?: number },
): Promise<SeededStore> {
  const started = performance.now();
  const random = seededRandom(seed);
  const { db, close } = openDatabase(databaseUrl);
  try {
    // Nothing else writes while seeding: no need to wait for the disk at every commit.
    await sql`pragma synchronous = off`.execute(db);
    const team = await db.selectFrom('teams').select('head_version').where('id', '=', teamId).executeTakeFirstOrThrow();
    let version = Number(team.head_version);

    // 1. Customers, each created at its own version with its one identity.
    const customers: (Customer & { version: number })[] = [];
    const identities: Identity[] = [];
    const identityVersions: number[] = [];
    const emails: LookupEmails = { company: [], freeMail: [], unknown: [] };
    for (let i = 0; i < scale.customers; i++) {
      const first = pick(random, FIRST);
      const last = pick(random, LAST);
      const createdAt = Math.floor(now - random() * 3 * 365 * DAY);
      const free = random() < FREE_MAIL_SHARE;
      const word = `${pick(random, WORDS)}${pick(random, WORDS)}`;
      const identity: Identity = free
        ? { id: uuid(random), customerId: '', kind: 'email', value: `${first}.${last}${i}@${pick(random, FREE_MAIL)}`, deletedAt: null }
        : { id: uuid(random), customerId: '', kind: 'domain', value: `${word}-${i}.com`, deletedAt: null };
      const customer: Customer & { version: number } = {
        id: uuid(random),
        name: free
          ? `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`
          : `${word[0]!.toUpperCase()}${word.slice(1)} ${i}`,
        ownerId: random() < 0.8 ? pick(random, memberIds) : null,
        stage: pick(random, DEFAULT_STAGES),
        createdAt,
        updatedAt: createdAt,
        deletedAt: null,
        mergedIntoId: null,
        version: ++version,
      };
      identity.customerId = customer.id;
      customers.push(customer);
      identities.push(identity);
      identityVersions.push(customer.version);
      if (free) emails.freeMail.push(identity.value);
      else emails.company.push(`${first}.${last}@${identity.value}`);
    }
    for (let i = 0; i < 1_000; i++) emails.unknown.push(`${pick(random, FIRST)}.${pick(random, LAST)}@stranger-${i}.com`);
    await insertAll(
      db,
      'customers',
      customers.map((c) => toColumns.customers(c, teamId, c.version)),
    );
    await insertAll(
      db,
      'identities',
      identities.map((identity, i) => toColumns.identities(identity, teamId, identityVersions[i]!)),
    );

    // 2. Notes and follow-ups, interleaved as they were written; big accounts get the most.
    const touch = (customer: Customer & { version: number }, at: number) => {
      customer.updatedAt = Math.max(customer.updatedAt, at);
      customer.version = ++version;
      return customer.version;
    };
    let overdueOpen = 0;
    let open = 0;
    let notesLeft = scale.notes;
    let tasksLeft = scale.tasks;
    while (notesLeft + tasksLeft > 0) {
      const notes: Database['notes'][] = [];
      const tasks: Database['tasks'][] = [];
      for (let n = 0; n < TRANSACTION_ROWS && notesLeft + tasksLeft > 0; n++) {
        const customer = customers[Math.floor(customers.length * random() ** 2)]!;
        const author = pick(random, memberIds);
        if (random() * (notesLeft + tasksLeft) < notesLeft) {
          notesLeft--;
          const createdAt = Math.floor(customer.createdAt + random() * (now - customer.createdAt));
          const r = random();
          const kind = KINDS.find(([, upTo]) => r < upTo)![0];
          const sentences = 1 + Math.floor(random() * 4);
          const note: Note = {
            id: uuid(random),
            customerId: customer.id,
            authorId: author,
            kind,
            change:
              kind === 'change'
                ? { topic: pick(random, ['quote', 'contract', 'requirement', 'other'] as const), summary: 'Price list revised' }
                : null,
            body: Array.from({ length: sentences }, () => pick(random, SENTENCES)).join(' '),
            visibility: 'team',
            mentions: [],
            pinned: random() < 0.01,
            source:
              random() < 0.5
                ? { site: 'gmail', url: `https://mail.google.com/mail/u/0/#inbox/${hex(random, 16)}`, title: 'Re: pallets' }
                : null,
            createdAt,
            editedAt: null,
            deletedAt: null,
          };
          notes.push(toColumns.notes(note, teamId, touch(customer, createdAt)));
        } else {
          tasksLeft--;
          // Due over the last two years and the next month; the past is mostly done.
          const dueAt = Math.floor(now + (random() * 760 - 730) * DAY);
          const doneChance = dueAt < now - 14 * DAY ? 0.97 : dueAt < now ? 0.6 : 0.03;
          const doneAt = random() < doneChance ? Math.min(now, Math.floor(dueAt + random() * 2 * DAY)) : null;
          const createdAt = Math.max(customer.createdAt, Math.floor(dueAt - random() * 14 * DAY));
          const assignee = customer.ownerId ?? author;
          const task: Task = {
            id: uuid(random),
            customerId: customer.id,
            title: pick(random, TASK_TITLES),
            assigneeId: assignee,
            dueAt,
            doneAt,
            doneBy: doneAt === null ? null : assignee,
            createdBy: author,
            createdAt,
            updatedAt: doneAt ?? createdAt,
            noteId: null,
            source: null,
            deletedAt: null,
          };
          if (doneAt === null) {
            open++;
            if (dueAt < now) overdueOpen++;
          }
          tasks.push(toColumns.tasks(task, teamId, touch(customer, Math.min(createdAt, now))));
        }
      }
      await insertAll(db, 'notes', notes);
      await insertAll(db, 'tasks', tasks);
    }

    // 3. Each customer as its last note or follow-up left it, and the team's head.
    for (let i = 0; i < customers.length; i += TRANSACTION_ROWS) {
      await db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(customers.length, i + TRANSACTION_ROWS); j += INSERT_ROWS) {
          await trx
            .insertInto('customers')
            .values(customers.slice(j, j + INSERT_ROWS).map((c) => toColumns.customers(c, teamId, c.version)))
            .onConflict((oc) =>
              oc.column('id').doUpdateSet((eb) => ({ updated_at: eb.ref('excluded.updated_at'), version: eb.ref('excluded.version') })),
            )
            .execute();
        }
      });
    }
    await db.updateTable('teams').set({ head_version: version }).where('id', '=', teamId).execute();
    await sql`pragma wal_checkpoint(truncate)`.execute(db);
    return {
      headVersion: version,
      rows: { customers: customers.length, identities: identities.length, notes: scale.notes, tasks: scale.tasks },
      overdueOpen,
      open,
      unowned: customers.filter((c) => c.ownerId === null).length,
      emails,
      customerIds: customers.slice(0, 100).map((c) => c.id),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await close();
  }
}
