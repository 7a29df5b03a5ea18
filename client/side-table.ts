import type { DBCore } from 'dexie';

/*
 * What the middlewares that keep a side table (the search queue, the acknowledgement marks)
 * share: each writes its table in the transaction of the write that calls for it, so it widens
 * those transactions to its table, and tells this context's listeners after writing.
 */

/** Whether an IndexedDB transaction has `table` in its scope (an upgrade to a version before the table has not). */
export function inScope(trans: unknown, table: string): boolean {
  const names = (trans as { objectStoreNames?: DOMStringList }).objectStoreNames;
  return !names || names.contains(table);
}

/** DBCore's `transaction`, widening every read-write transaction over one of `watched` to `table` too (once the schema has it). */
export function widenedTransaction(down: DBCore, watched: object, table: string): DBCore['transaction'] {
  return (stores, mode, options) => {
    const widen = mode === 'readwrite' && stores.some((s) => s in watched) && !stores.includes(table);
    const known = down.schema.tables.some((t) => t.name === table);
    return down.transaction(widen && known ? [...stores, table] : stores, mode, options);
  };
}

/** Listeners in this context, told after a side table was written. */
export function writeListeners(): { listen(listener: () => void): () => void; tell(): void } {
  const listeners = new Set<() => void>();
  return {
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    tell() {
      for (const listener of [...listeners]) listener();
    },
  };
}
