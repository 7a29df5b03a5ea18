import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema';

/** An open database and what kind it is. */
export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/**
 * Opens the database named by `DATABASE_URL`: a file path (or `:memory:`) is SQLite; a
 * `postgres://` URL is refused until PostgreSQL support lands. This is the only place that
 * knows SQLite: every query elsewhere goes through Kysely's builder.
 */
export function openDatabase(databaseUrl: string): OpenDatabase {
  if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new Error(
      'PostgreSQL is not supported yet (it comes in a later release). Set DATABASE_URL to a file path, e.g. ./data/sidenote.db.',
    );
  }
  if (databaseUrl !== ':memory:') mkdirSync(dirname(resolve(databaseUrl)), { recursive: true });
  const sqlite = new SQLite(databaseUrl);
  sqlite.pragma('journal_mode = WAL');
  // A push is acknowledged only once durable: in WAL mode NORMAL can lose the last commits on power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
