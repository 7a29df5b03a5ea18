import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary folder, one
// server on a free port, trust authentication on 127.0.0.1 only, gone after the run. Nothing
// here is used by the server itself.

export interface PgCluster {
  /** `postgres://sidenote@127.0.0.1:PORT/postgres`: the maintenance database, for CREATE DATABASE. */
  adminUrl: string;
  port: number;
  stop(): void;
}

const NOT_FOUND =
  'PostgreSQL is not installed: the server tests run against it too. Install it (Debian: apt-get install -y postgresql) or set PG_BIN to the folder holding initdb and pg_ctl.';

/** The folder with initdb and pg_ctl: PG_BIN, Debian's newest /usr/lib/postgresql/N/bin, or PATH. */
export function findPgBin(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error(NOT_FOUND);
  return found;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no free port'))));
    });
  });
}

/** PostgreSQL refuses to run as root: then the cluster belongs to the `postgres` user Debian's package makes. */
function runAs(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line)
    throw new Error('Running as root, but there is no postgres user to run PostgreSQL as (apt-get install -y postgresql makes one).');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Starts a fresh cluster; throws (never skips) if PostgreSQL is missing or does not start. */
export async function startPgCluster(): Promise<PgCluster> {
  const bin = findPgBin();
  const owner = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'sidenote-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  const options: SpawnSyncOptions = { encoding: 'utf8', ...(owner ?? {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } };
  const step = (program: string, args: string[]) => {
    const result = spawnSync(join(bin, program), args, options);
    if (result.status !== 0) {
      const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
      throw new Error(`${program} failed: ${String(result.stderr)}${String(result.stdout)}${result.error?.message ?? ''}\n${serverLog}`);
    }
  };
  step('initdb', ['-D', data, '-U', 'sidenote', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  // Durability settings off: a test cluster is thrown away, and fsync would only slow the suite.
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 300',
      '',
    ].join('\n'),
  );
  if (owner) chownSync(join(data, 'postgresql.auto.conf'), owner.uid, owner.gid);
  const port = await freePort();
  step('pg_ctl', ['-D', data, '-l', log, '-o', `-p ${port}`, '-w', '-t', '60', 'start']);
  let stopped = false;
  return {
    adminUrl: `postgres://sidenote@127.0.0.1:${port}/postgres`,
    port,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        execFileSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore', ...(owner ?? {}) });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

let counter = 0;

/** A new, empty database on the cluster; returns its URL. */
export async function createPgDatabase(adminUrl: string, template?: string): Promise<string> {
  const name = `sidenote_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
