import type { DBCore } from 'dexie';
import type { SidenoteDB } from './db';

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
