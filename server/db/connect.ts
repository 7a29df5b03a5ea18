import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { runPreparedOn } from '../prepared-query';

/** An open database and what kind it is. */
export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /**
   * Copies the live database to a file, consistently, while it is in use (SQLite's online
   * backup). On PostgreSQL it refuses: `pg_dump` is the tool for that.
   */
  backup(toFile: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Kysely's SQLite driver prepares every statement anew; preparing is a sixth of the server's CPU
 * on a pull. The queries are a fixed set of texts, so each is prepared once and reused.
 */
function statementCache(sqlite: SQLite.Database): (sql: string) => SQLite.Statement {
  const cache = new Map<string, SQLite.Statement>();
  return (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      if (cache.size < 1000) cache.set(sql, statement);
    }
    return statement;
  };
}

/** The database with `prepare` answered from the cache, for Kysely's driver. */
function withStatementCache(sqlite: SQLite.Database, prepare: (sql: string) => SQLite.Statement): SQLite.Database {
  return new Proxy(sqlite, {
    get(target, key, receiver) {
      if (key !== 'prepare') return Reflect.get(target, key, receiver);
      return prepare;
    },
  });
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/** Whether `DATABASE_URL` names a PostgreSQL server rather than a SQLite file. */
export function isPostgresUrl(databaseUrl: string): boolean {
  return POSTGRES_URL.test(databaseUrl);
}

export class BackupNotSupportedError extends Error {}

// PostgreSQL's bigint (int8) and numeric (what sum() of bigints returns) arrive as strings, since
// they may exceed 2^53. Every one here is a version, a count or a time in ms: all far below it.
const INT8 = 20;
const NUMERIC = 1700;
const toNumber = (value: string) => Number(value);
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Opens a PostgreSQL pool; `max` connections (Kysely's transactions each hold one). */
function openPostgres(databaseUrl: string, max = 10): OpenDatabase {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, types: pgTypes });
  // An idle pooled connection the server drops (restart, pg_terminate_backend) must not crash the process.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  dialects.set(db, 'postgres');
  const backup = () =>
    Promise.reject(
      new BackupNotSupportedError(
        'backup copies a SQLite file; on PostgreSQL use pg_dump instead, e.g. pg_dump --format=custom --file=sidenote.dump "$DATABASE_URL" (restore with pg_restore, server stopped).',
      ),
    );
  return { db, dialect: 'postgres', backup, close: () => db.destroy() };
}

const dialects = new WeakMap<Kysely<Database>, OpenDatabase['dialect']>();

/** Which kind of database an open `db` is (transactions of it count as it). */
export function dialectOf(db: Kysely<Database>): OpenDatabase['dialect'] {
  return dialects.get(db) ?? 'sqlite';
}

/**
 * Opens the database named by `DATABASE_URL`: a `postgres://` (or `postgresql://`) URL is
 * PostgreSQL; anything else is a SQLite file path (or `:memory:`). This is the only place
 * that knows which: every query elsewhere goes through Kysely's builder.
 */
export function openDatabase(databaseUrl: string): OpenDatabase {
  if (isPostgresUrl(databaseUrl)) return openPostgres(databaseUrl);
  if (databaseUrl !== ':memory:') mkdirSync(dirname(resolve(databaseUrl)), { recursive: true });
  const sqlite = new SQLite(databaseUrl);
  sqlite.pragma('journal_mode = WAL');
  // A push is acknowledged only once durable: in WAL mode NORMAL can lose the last commits on power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const prepare = statementCache(sqlite);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, prepare) }) });
  // The queries every request runs go straight to the connection (server/prepared-query.ts).
  runPreparedOn(db, { prepare, inTransaction: () => sqlite.inTransaction });
  const backup = async (toFile: string) => {
    await sqlite.backup(toFile);
  };
  dialects.set(db, 'sqlite');
  return { db, dialect: 'sqlite', backup, close: () => db.destroy() };
}
