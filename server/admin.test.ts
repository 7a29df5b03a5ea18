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

  it('lists members, makes a device code, deactivates, updates the team, and backs up', { timeout: 120_000 }, async () => {
    const { teamId, inviteCode } = onlyJsonLine(await admin(databaseUrl, 'team:create', '--name', 'Backup Co'));
    const ada = await joinWith(databaseUrl, inviteCode as string, 'ada@backup.test');
    const listed = onlyJsonLine(await admin(databaseUrl, 'member:list', '--team', teamId as string));
    expect(listed).toEqual({ members: [expect.objectContaining({ id: ada.member.id, role: 'admin', active: true, devices: 1 })] });

    const code = onlyJsonLine(await admin(databaseUrl, 'device:code', '--member', ada.member.id));
    expect(code.inviteLink).toBe(`http://127.0.0.1:8787/join#${code.deviceCode as string}`);
    const second = await joinWith(databaseUrl, code.deviceCode as string, 'ada@backup.test');
    expect(second.member.id).toBe(ada.member.id);

    const renamed = onlyJsonLine(
      await admin(databaseUrl, 'team:update', '--team', teamId as string, '--name', '备份公司', '--domain', 'backup.test'),
    );
    expect(renamed).toEqual({ team: expect.objectContaining({ name: '备份公司', domains: ['backup.test'] }) });

    // The only admin cannot be deactivated; a second admin can deactivate the first.
    expect((await admin(databaseUrl, 'member:deactivate', '--member', ada.member.id)).stderr).toMatch(/at least one active admin/);
    const other = onlyJsonLine(await admin(databaseUrl, 'invite:create', '--team', teamId as string, '--role', 'admin'));
    await joinWith(databaseUrl, other.inviteCode as string, 'bo@backup.test');
    expect(onlyJsonLine(await admin(databaseUrl, 'member:deactivate', '--member', ada.member.id))).toEqual({
      memberId: ada.member.id,
      active: false,
      devicesRevoked: 2,
    });

    const backupFile = joinPath(dir, 'backup.db');
    const backedUp = onlyJsonLine(await admin(databaseUrl, 'backup', '--to', backupFile));
    expect(backedUp).toEqual({ backup: backupFile, bytes: expect.any(Number) });
    // The backup is a database of its own, with everything in it; and it is never overwritten.
    const copy = openDatabase(backupFile);
    expect(
      (
        await copy.db
          .selectFrom('teams')
          .select('name')
          .where('id', '=', teamId as string)
          .executeTakeFirst()
      )?.name,
    ).toBe('备份公司');
    await copy.close();
    expect((await admin(databaseUrl, 'backup', '--to', backupFile)).code).toBe(2);
  });

  it('exits 2 with a message on stderr and nothing on stdout for bad arguments', { timeout: 60_000 }, async () => {
    for (const args of [
      ['team:create'],
      ['invite:create', '--team', 'no-such-team', '--role', 'rep'],
      ['invite:create', '--team', 'x', '--role', 'boss'],
      ['member:deactivate', '--member', 'nobody'],
      ['device:code', '--member', 'nobody'],
      ['team:update', '--team', 'no-such-team', '--name', 'x'],
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
