import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { z } from '../model/z';
import { Role } from '../model/schemas';
import { logAdminAction } from './audit';
import { loadConfig, publicUrlOf } from './config';
import { openDatabase, type OpenDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import type { Database } from './db/schema';
import { isEntryModule } from './entry';
import { renewEpoch } from './epoch';
import { HttpError } from './errors';
import { createDeviceCode, createInvite, inviteLink, UnknownMemberError, UnknownTeamError } from './invites';
import { changeMember, listMembers } from './members';
import { createTeam, InvalidDomainError, listTeams, updateTeam } from './teams';
import { publishSelectorFile, SelectorFileError } from './selector-file';
import { recognitionSummary } from './site-selectors';

const USAGE = `Usage:
  npm run admin -- team:create --name NAME [--domain example.com]...
  npm run admin -- team:list
  npm run admin -- team:update --team TEAM_ID [--name NAME] [--domain example.com]...
  npm run admin -- invite:create --team TEAM_ID --role rep|manager|admin [--days N]
  npm run admin -- member:list --team TEAM_ID
  npm run admin -- member:deactivate --member MEMBER_ID
  npm run admin -- device:code --member MEMBER_ID [--hours N]
  npm run admin -- backup --to FILE
  npm run admin -- selectors:publish --team TEAM_ID --file selectors.json
  npm run admin -- recognition:list --team TEAM_ID
Each prints one JSON line. The database is DATABASE_URL (default ./data/sidenote.db), as for
the server; invite links point at PUBLIC_URL (default http://HOST:PORT).`;

/** A command line the user got wrong: told on stderr with the usage, exit code 2. */
export class UsageError extends Error {}

const TeamId = z.string({ error: '--team is required' }).check(z.minLength(1, '--team must not be empty'));
const MemberId = z.string({ error: '--member is required' }).check(z.minLength(1, '--member must not be empty'));
const Name = z.string().check(z.trim(), z.minLength(1, '--name must not be empty'), z.maxLength(200, '--name is too long'));
// --domain may repeat or hold a comma-separated list.
const Domains = z.pipe(
  z.array(z.string()),
  z.transform((ds) =>
    ds
      .flatMap((d) => d.split(','))
      .map((d) => d.trim())
      .filter(Boolean),
  ),
);

export const AdminCommand = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('team:create'),
    name: z.pipe(z.string({ error: '--name is required' }), Name),
    domains: z._default(Domains, []),
  }),
  z.object({ command: z.literal('team:list') }),
  z
    .object({ command: z.literal('team:update'), teamId: TeamId, name: z.optional(Name), domains: z.optional(Domains) })
    .check(z.refine((c) => c.name !== undefined || c.domains !== undefined, '--name or --domain is required')),
  z.object({
    command: z.literal('invite:create'),
    teamId: TeamId,
    role: z.enum(Role.options, {
      error: (issue) => (issue.input === undefined ? '--role is required' : '--role must be rep, manager or admin'),
    }),
    days: z._default(
      z.coerce
        .number({ error: '--days must be a number' })
        .check(
          z.int('--days must be a whole number'),
          z.gte(1, '--days must be between 1 and 365'),
          z.lte(365, '--days must be between 1 and 365'),
        ),
      7,
    ),
  }),
  z.object({ command: z.literal('member:list'), teamId: TeamId }),
  z.object({ command: z.literal('member:deactivate'), memberId: MemberId }),
  z.object({
    command: z.literal('device:code'),
    memberId: MemberId,
    hours: z._default(
      z.coerce
        .number({ error: '--hours must be a number' })
        .check(
          z.int('--hours must be a whole number'),
          z.gte(1, '--hours must be between 1 and 168'),
          z.lte(168, '--hours must be between 1 and 168'),
        ),
      24,
    ),
  }),
  z.object({ command: z.literal('backup'), to: z.string({ error: '--to is required' }).check(z.minLength(1, '--to must not be empty')) }),
  // The team's selector file and the pages its adapters recognised only in part (server/site-selectors.ts).
  z.object({
    command: z.literal('selectors:publish'),
    teamId: z.string({ error: '--team is required' }).check(z.minLength(1, '--team must not be empty')),
    file: z.string({ error: '--file is required' }).check(z.minLength(1, '--file must not be empty')),
  }),
  z.object({ command: z.literal('recognition:list'), teamId: z.string({ error: '--team is required' }).check(z.minLength(1)) }),
]);
export type AdminCommand = z.infer<typeof AdminCommand>;

/** Parses `process.argv.slice(2)`; throws UsageError with a readable message. */
export function parseAdminArgs(argv: string[]): AdminCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        name: { type: 'string' },
        domain: { type: 'string', multiple: true },
        team: { type: 'string' },
        member: { type: 'string' },
        role: { type: 'string' },
        days: { type: 'string' },
        hours: { type: 'string' },
        to: { type: 'string' },
        file: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { positionals, values } = parsed;
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'Missing command.' : `Unexpected argument: ${positionals[1]}`);
  const result = AdminCommand.safeParse({
    command: positionals[0],
    name: values.name,
    domains: values.domain,
    teamId: values.team,
    memberId: values.member,
    role: values.role,
    days: values.days,
    hours: values.hours,
    to: values.to,
    file: values.file,
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(issue.path[0] === 'command' ? `Unknown command "${positionals[0]}".` : issue.message);
  }
  return result.data;
}

/** The team a member belongs to, or UnknownMemberError. */
async function teamOfMember(db: Kysely<Database>, memberId: string): Promise<string> {
  const row = await db.selectFrom('members').select('team_id').where('id', '=', memberId).executeTakeFirst();
  if (!row) throw new UnknownMemberError(memberId);
  return row.team_id;
}

/** Where the command runs: the address invite links point at, the clock, and how to back up the open database. */
export interface AdminContext {
  publicUrl?: string;
  now?: number;
  backup?: OpenDatabase['backup'];
}

/** Runs one admin command; returns what to print as its one JSON line. */
export async function runAdminCommand(db: Kysely<Database>, command: AdminCommand, context: AdminContext = {}): Promise<object> {
  const { publicUrl = 'http://127.0.0.1:8787', now = Date.now() } = context;
  switch (command.command) {
    case 'team:create': {
      const { teamId, inviteCode } = await createTeam(db, { name: command.name, domains: command.domains }, now);
      return { teamId, inviteCode, inviteLink: inviteLink(publicUrl, inviteCode) };
    }
    case 'team:list':
      return { teams: await listTeams(db) };
    case 'team:update': {
      const team = await db.transaction().execute(async (trx) => {
        const patch = { name: command.name, domains: command.domains };
        const { team, version } = await updateTeam(trx, command.teamId, patch);
        await logAdminAction(trx, { teamId: team.id, actorId: null, at: now, type: 'team.updated', version, payload: patch });
        return team;
      });
      return { team };
    }
    case 'invite:create': {
      const { inviteCode } = await createInvite(db, { teamId: command.teamId, role: command.role, ttlDays: command.days }, now);
      return { inviteCode, inviteLink: inviteLink(publicUrl, inviteCode) };
    }
    case 'member:list': {
      if (!(await db.selectFrom('teams').select('id').where('id', '=', command.teamId).executeTakeFirst())) {
        throw new UnknownTeamError(command.teamId);
      }
      const members = await listMembers(db, command.teamId);
      return { members: members.map(({ devices, ...m }) => ({ ...m, devices: devices.length })) };
    }
    case 'member:deactivate': {
      const teamId = await teamOfMember(db, command.memberId);
      // The server's live sockets of these devices close at their next ping (within 20 s);
      // every request they make is refused at once.
      const { member, revokedDeviceIds } = await db
        .transaction()
        .execute((trx) => changeMember(trx, { teamId, memberId: command.memberId, patch: { active: false }, by: null, now }));
      return { memberId: member.id, active: member.active, devicesRevoked: revokedDeviceIds.length };
    }
    case 'device:code': {
      const { deviceCode, expiresAt } = await createDeviceCode(
        db,
        { memberId: command.memberId, createdBy: null, ttlHours: command.hours },
        now,
      );
      return { deviceCode, inviteLink: inviteLink(publicUrl, deviceCode), expiresAt: new Date(expiresAt).toISOString() };
    }
    case 'backup': {
      const to = resolve(command.to);
      if (existsSync(to)) throw new UsageError(`${to} already exists: choose a new file, so no backup is overwritten.`);
      if (!context.backup) throw new UsageError('backup needs the database opened by the command line.');
      await context.backup(to);
      // The copy gets a history of its own: restored one day, every client notices and starts over.
      const copy = openDatabase(to);
      try {
        await renewEpoch(copy.db);
      } finally {
        await copy.close();
      }
      return { backup: to, bytes: statSync(to).size };
    }
    case 'selectors:publish':
      return publishSelectorFile(db, command.teamId, command.file);
    case 'recognition:list':
      return recognitionSummary(db, command.teamId);
  }
}

async function main(argv: string[]): Promise<number> {
  let command: AdminCommand;
  try {
    command = parseAdminArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const database = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(database.db);
    const output = await runAdminCommand(database.db, command, { publicUrl: publicUrlOf(config), backup: database.backup });
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    const known = [UsageError, UnknownTeamError, UnknownMemberError, InvalidDomainError, HttpError, SelectorFileError];
    if (known.some((kind) => error instanceof kind)) {
      console.error((error as Error).message);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

if (isEntryModule(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`sidenote admin failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
