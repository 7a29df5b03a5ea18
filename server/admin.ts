import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Role } from '../model/schemas';
import { loadConfig } from './config';
import { openDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import type { Database } from './db/schema';
import { isEntryModule } from './entry';
import { publishSelectorFile, SelectorFileError } from './selector-file';
import { recognitionSummary } from './site-selectors';
import { createInvite, createTeam, listTeams, UnknownTeamError } from './teams';

const USAGE = `Usage:
  npm run admin -- team:create --name NAME [--domain example.com]...
  npm run admin -- invite:create --team TEAM_ID --role rep|manager|admin [--days N]
  npm run admin -- team:list
  npm run admin -- selectors:publish --team TEAM_ID --file selectors.json
  npm run admin -- recognition:list --team TEAM_ID
The database is DATABASE_URL (default ./data/sidenote.db), as for the server.`;

/** A command line the user got wrong: told on stderr with the usage, exit code 2. */
export class UsageError extends Error {}

export const AdminCommand = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('team:create'),
    name: z.string({ error: '--name is required' }).trim().min(1, '--name must not be empty').max(200, '--name is too long'),
    // --domain may repeat or hold a comma-separated list.
    domains: z
      .array(z.string())
      .default([])
      .transform((ds) =>
        ds
          .flatMap((d) => d.split(','))
          .map((d) => d.trim())
          .filter(Boolean),
      ),
  }),
  z.object({
    command: z.literal('invite:create'),
    teamId: z.string({ error: '--team is required' }).min(1, '--team must not be empty'),
    role: z.enum(Role.options, {
      error: (issue) => (issue.input === undefined ? '--role is required' : '--role must be rep, manager or admin'),
    }),
    days: z.coerce
      .number({ error: '--days must be a number' })
      .int('--days must be a whole number')
      .min(1, '--days must be between 1 and 365')
      .max(365, '--days must be between 1 and 365')
      .default(7),
  }),
  z.object({ command: z.literal('team:list') }),
  // The team's selector file and the pages its adapters recognised only in part (server/site-selectors.ts).
  z.object({
    command: z.literal('selectors:publish'),
    teamId: z.string({ error: '--team is required' }).min(1, '--team must not be empty'),
    file: z.string({ error: '--file is required' }).min(1, '--file must not be empty'),
  }),
  z.object({ command: z.literal('recognition:list'), teamId: z.string({ error: '--team is required' }).min(1) }),
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
        role: { type: 'string' },
        days: { type: 'string' },
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
    role: values.role,
    days: values.days,
    file: values.file,
  });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UsageError(issue.path[0] === 'command' ? `Unknown command "${positionals[0]}".` : issue.message);
  }
  return result.data;
}

/** Runs one admin command; returns what to print as its one JSON line. */
export async function runAdminCommand(db: Kysely<Database>, command: AdminCommand): Promise<object> {
  switch (command.command) {
    case 'team:create':
      return createTeam(db, { name: command.name, domains: command.domains });
    case 'invite:create':
      return createInvite(db, { teamId: command.teamId, role: command.role, ttlDays: command.days });
    case 'team:list':
      return { teams: await listTeams(db) };
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
  const database = openDatabase(loadConfig().databaseUrl);
  try {
    await migrateToLatest(database.db);
    const output = await runAdminCommand(database.db, command);
    process.stdout.write(`${JSON.stringify(output)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UnknownTeamError || error instanceof SelectorFileError) {
      console.error(error.message);
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
