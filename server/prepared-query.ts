import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './db/schema';

/** A SQLite connection (better-sqlite3) as preparedQuery runs statements on it: synchronously. */
export interface SqliteConnection {
  /** The connection's cached prepared statement for `sql`. */
  prepare(sql: string): { reader: boolean; all(parameters: readonly unknown[]): unknown[]; run(parameters: readonly unknown[]): unknown };
  /** Whether a transaction is open on it (BEGIN ran, COMMIT or ROLLBACK not yet). */
  inTransaction(): boolean;
}

/** By the database's dialect adapter, which its transactions share (as the compiled queries below). */
const sqliteConnections = new WeakMap<object, SqliteConnection>();

/**
 * Has preparedQuery run its statements on SQLite's one connection directly, rather than through
 * Kysely's driver: its connection mutex, promise chain and result object were a tenth of an
 * empty pull's CPU for a statement that better-sqlite3 runs synchronously anyway.
 */
export function runPreparedOn(db: Kysely<Database>, sqlite: SqliteConnection): void {
  sqliteConnections.set(db.getExecutor().adapter, sqlite);
}

/** Marks where a parameter goes while the query is compiled once; never sent to the database. */
const SLOT = '\u0000sidenote-slot:';

/**
 * A query the server runs on every request, built and compiled by Kysely once per database and
 * then run with new parameter values, on the database or inside a transaction of it. Building and compiling the same query anew was a fifth
 * of an empty pull's CPU. `build` receives placeholders for the named parameters and must use
 * each as a plain value (`where(col, '=', p.name)`); the compiled statement stays Kysely's own,
 * so it is right for SQLite and PostgreSQL alike.
 */
export function preparedQuery<P extends string, R>(
  names: readonly P[],
  build: (db: Kysely<Database>, params: Record<P, never>) => Compilable<R>,
): (db: Kysely<Database>, values: Record<P, unknown>) => Promise<R[]> {
  // By the database's dialect adapter, which its transactions share: one compilation serves
  // the database and every transaction of it.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; slots: (P | null)[] }>();
  // Typed `never` so that a placeholder fits any column; at run time each is a marker string.
  const placeholders = Object.fromEntries(names.map((n) => [n, SLOT + n])) as Record<P, never>;
  return async (db, values) => {
    const key = db.getExecutor().adapter;
    let entry = compiled.get(key);
    if (!entry) {
      const query = build(db, placeholders).compile();
      const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(SLOT) ? (p.slice(SLOT.length) as P) : null));
      const used = new Set(slots.filter((s) => s !== null));
      const unused = names.filter((n) => !used.has(n));
      if (unused.length) throw new Error(`preparedQuery: ${unused.join(', ')} never reached the compiled query`);
      entry = { query, slots };
      compiled.set(key, entry);
    }
    const { query, slots } = entry;
    const parameters = slots.map((slot, i) => (slot === null ? query.parameters[i] : values[slot]));
    // SQLite has one connection. A transaction's own statement, or one outside any transaction
    // while none is open, runs on it now, as Kysely's driver would run it; one on the database
    // while a transaction is open (a group commit's, between its statements) waits for Kysely's
    // mutex, as before, so it never reads what that transaction has not committed.
    const sqlite = sqliteConnections.get(key);
    if (sqlite && (db.isTransaction || !sqlite.inTransaction())) {
      const statement = sqlite.prepare(query.sql);
      if (statement.reader) return statement.all(parameters) as R[];
      statement.run(parameters);
      return [];
    }
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}
