import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './schema';

/** An open database and what kind it is. */
export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** Copies the live database to a file, consistently, while it is in use (SQLite's online backup). */
  backup(toFile: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing is a sixth of the server's CPU
 * on a pull. The queries are a fixed set of texts, so each is prepared once and reused.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  return new Proxy(sqlite, {
    get(target, key, receiver) {
      if (key !== 'prepare') return Reflect.get(target, key, receiver);
      return (sql: string) => {
        let statement = cache.get(sql);
        if (!statement) {
          statement = target.prepare(sql);
          if (cache.size < 1000) cache.set(sql, statement);
        }
        return statement;
      };
    },
  });
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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const backup = async (toFile: string) => {
    await sqlite.backup(toFile);
  };
  return { db, dialect: 'sqlite', backup, close: () => db.destroy() };
}
