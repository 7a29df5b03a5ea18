import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoinResponse } from '../model/sync';
import { parseAdminArgs, UsageError } from './admin';
import { createApp } from './app';
import { openDatabase } from './db/connect';
import { postJson } from './testing';

const ROOT = joinPath(import.meta.dirname, '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI the way a person does, as its own process. */
function admin(databaseUrl: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      'npx',
      ['tsx', 'server/admin.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

function onlyJsonLine(run: Run): Record<string, unknown> {
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toBe('');
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

/** Joins with a code through the real app over the CLI's database file. */
async function joinWith(databaseUrl: string, inviteCode: string, email: string) {
  const database = openDatabase(databaseUrl);
  try {
    const app = createApp({ db: database.db });
    const res = await postJson({ app }, '/v1/join', { inviteCode, name: 'Someone', email });
    expect(res.status, await res.clone().text()).toBe(200);
    return JoinResponse.parse(await res.json());
  } finally {
    await database.close();
  }
}

describe('admin CLI', () => {
  let dir: string;
  let databaseUrl: string;
  beforeAll(() => {
    dir = mkdtempSync(joinPath(tmpdir(), 'sidenote-admin-'));
    databaseUrl = joinPath(dir, 'nested', 'sidenote.db');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a team whose invite makes an admin, then invites, then lists', { timeout: 60_000 }, async () => {
    const created = onlyJsonLine(
      await admin(databaseUrl, 'team:create', '--name', 'Northwind Sales', '--domain', 'northwind.com,WWW.nw.cn', '--domain', 'nw.io'),
    );
    expect(Object.keys(created)).toEqual(['teamId', 'inviteCode', 'inviteLink']);
    expect(created.inviteLink).toBe(`http://127.0.0.1:8787/join#${created.inviteCode as string}`);
    expect(created.inviteCode).toMatch(/^SN-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const joined = await joinWith(databaseUrl, created.inviteCode as string, 'ada@northwind.com');
    expect(joined.member.role).toBe('admin');
    expect(joined.team).toMatchObject({ id: created.teamId, name: 'Northwind Sales', domains: ['northwind.com', 'nw.cn', 'nw.io'] });

    const invited = onlyJsonLine(
      await admin(databaseUrl, 'invite:create', '--team', created.teamId as string, '--role', 'rep', '--days', '3'),
    );
    expect(Object.keys(invited)).toEqual(['inviteCode', 'inviteLink']);
    expect((await joinWith(databaseUrl, invited.inviteCode as string, 'ravi@northwind.com')).member.role).toBe('rep');

    const listed = onlyJsonLine(await admin(databaseUrl, 'team:list'));
    expect(listed).toEqual({ teams: [expect.objectContaining({ id: created.teamId, name: 'Northwind Sales', members: 2 })] });
  });

  it('exits 2 with a message on stderr and nothing on stdout for bad arguments', { timeout: 60_000 }, async () => {
    for (const args of [
      ['team:create'],
      ['invite:create', '--team', 'no-such-team', '--role', 'rep'],
      ['invite:create', '--team', 'x', '--role', 'boss'],
    ]) {
      const run = await admin(databaseUrl, ...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).not.toBe('');
    }
  });
});

describe('parseAdminArgs', () => {
  it('reads each command and its options', () => {
    expect(parseAdminArgs(['team:create', '--name', ' Acme ', '--domain', 'a.com, b.com', '--domain', 'c.com'])).toEqual({
      command: 'team:create',
      name: 'Acme',
      domains: ['a.com', 'b.com', 'c.com'],
    });
    expect(parseAdminArgs(['invite:create', '--team', 't1', '--role', 'manager'])).toEqual({
      command: 'invite:create',
      teamId: 't1',
      role: 'manager',
      days: 7,
    });
    expect(parseAdminArgs(['team:list'])).toEqual({ command: 'team:list' });
  });

  it('says what is wrong', () => {
    const cases: [string[], string][] = [
      [[], 'Missing command.'],
      [['frobnicate'], 'Unknown command "frobnicate".'],
      [['team:create'], '--name is required'],
      [['team:create', '--name', 'x', '--colour', 'red'], "Unknown option '--colour'"],
      [['invite:create', '--team', 't1'], '--role is required'],
      [['invite:create', '--team', 't1', '--role', 'owner'], '--role must be rep, manager or admin'],
      [['invite:create', '--team', 't1', '--role', 'rep', '--days', '0'], '--days must be between 1 and 365'],
      [['invite:create', '--role', 'rep'], '--team is required'],
      [['team:list', 'extra'], 'Unexpected argument: extra'],
    ];
    for (const [args, message] of cases) {
      expect(() => parseAdminArgs(args), args.join(' ')).toThrow(UsageError);
      expect(() => parseAdminArgs(args), args.join(' ')).toThrow(message);
    }
  });
});
