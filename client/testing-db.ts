import type { DBCore } from 'dexie';
import type { Task } from '@/model/schemas';
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
