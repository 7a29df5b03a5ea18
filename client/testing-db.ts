import type { DBCore } from 'dexie';
import type { PageContext } from '@/model/context';
import { TeamSettings, type Task, type Team } from '@/model/schemas';
import { emptyRows, PullResponse } from '@/model/sync';
import type { SidenoteDB } from './db';
import { applyPull } from './sync/pull';

/** For tests: how many IndexedDB transactions `read` makes, counted where Dexie opens them (its DBCore). */
export async function transactionsOf(db: SidenoteDB, read: () => Promise<unknown>): Promise<number> {
  const target = db as unknown as { core: DBCore };
  const core = target.core;
  let made = 0;
  target.core = { ...core, transaction: (...args: Parameters<DBCore['transaction']>) => (made++, core.transaction(...args)) };
  try {
    await read();
  } finally {
    target.core = core;
  }
  return made;
}

/** For tests: writes rows as a pull from the server would, for Ana, a manager of team t1 (parsed, so unnamed fields get the wire's defaults). */
export async function serverRows(db: SidenoteDB, rows: Partial<PullResponse['rows']>): Promise<void> {
  const response = PullResponse.parse({
    cookie: 1,
    lastMutationID: 0,
    more: false,
    tombstones: [],
    refusals: [],
    rows: { ...emptyRows(), ...rows },
  });
  await applyPull(db, response, { memberId: 'ana', teamId: 't1', role: 'manager' });
}

/** For tests: team t1, Export Sales, whose own mail domain is sidenote-demo.com, with the default settings. */
export const TEST_TEAM: Team = { id: 't1', name: 'Export Sales', domains: ['sidenote-demo.com'], settings: TeamSettings.parse({}) };

/** For tests: a Gmail thread with Joan Miller of Northwind Traders, as a content script reports it (`extra` overrides any field). */
export const gmailThread = (extra: Partial<PageContext> = {}): PageContext => ({
  site: 'gmail',
  url: 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f601',
  title: 'Pallets',
  people: [{ email: 'joan@northwind-traders.com', name: 'Joan Miller' }],
  selfEmails: [],
  companies: [],
  phones: [],
  crm: null,
  layout: 'recognised',
  view: 'thread',
  missing: [],
  ...extra,
});

/** For tests: the instant tests of the popup, the board and the stored follow-ups call now (Wednesday 2026-11-25 12:00 UTC). */
export const TEST_NOW = Date.UTC(2026, 10, 25, 12);

/** For tests: an open follow-up on Northwind, made by its assignee a month before TEST_NOW (`extra` overrides any field). */
export const followUp = (id: string, assigneeId: string, dueAt: number, extra: Partial<Task> = {}): Task => ({
  id,
  customerId: 'northwind',
  title: `Follow-up ${id}`,
  assigneeId,
  dueAt,
  doneAt: null,
  doneBy: null,
  createdBy: assigneeId,
  createdAt: TEST_NOW - 30 * 86_400_000,
  updatedAt: TEST_NOW - 30 * 86_400_000,
  noteId: null,
  source: null,
  deletedAt: null,
  ...extra,
});
