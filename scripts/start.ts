/**
 * `npm start`: the whole product on one machine. Builds the Chrome extension when it is missing
 * or older than its sources, migrates the database, creates a first team on an empty database
 * (printing its admin invite code), then runs the server. SIGINT (Ctrl+C) or SIGTERM stops it
 * at any point: a build under way is stopped with all its processes, a running server closes
 * its connections and its database first.
 */
import { resolve } from 'node:path';
import { loadConfig, publicUrlOf } from '../server/config';
import { openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import { startServer } from '../server/index';
import { inviteLink } from '../server/invites';
import { createTeam, listTeams } from '../server/teams';
import { buildExtension, EXTENSION_DIR, extensionIsStale } from './extension';

async function buildExtensionIfStale(signal: AbortSignal): Promise<void> {
  if (!extensionIsStale()) {
    console.log(`Extension is up to date in ${EXTENSION_DIR}`);
    return;
  }
  console.log('Building the Chrome extension…');
  await buildExtension(signal);
  console.log(`Extension built into ${EXTENSION_DIR}`);
}

type FirstStart = { kind: 'new'; teamId: string; inviteCode: string } | { kind: 'existing'; teams: { id: string; name: string }[] };

/** On an empty database: a first team, and the invite that makes its admin. Else: the teams there are. */
async function firstTeamInvite(databaseUrl: string): Promise<FirstStart> {
  const { db, close } = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    const teams = await listTeams(db);
    if (teams.length > 0) return { kind: 'existing', teams };
    const domains = (process.env.TEAM_DOMAIN ?? '').split(',').filter(Boolean);
    return { kind: 'new', ...(await createTeam(db, { name: process.env.TEAM_NAME || 'My team', domains })) };
  } finally {
    await close();
  }
}

// Until the server runs (it then handles the signals itself): stop the build, end at once.
const starting = new AbortController();
const stopWhileStarting = (signal: NodeJS.Signals) => {
  starting.abort();
  console.log(`\n${signal}: stopped before the server started.`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.once('SIGINT', stopWhileStarting);
process.once('SIGTERM', stopWhileStarting);

const config = loadConfig();
await buildExtensionIfStale(starting.signal);
const start = await firstTeamInvite(config.databaseUrl);
process.off('SIGINT', stopWhileStarting);
process.off('SIGTERM', stopWhileStarting);
const { url, port } = await startServer(config);
console.log(`Sidenote server listening on ${url} (database: ${resolve(config.databaseUrl)})`);
const publicUrl = publicUrlOf({ ...config, port });
if (start.kind === 'new') {
  console.log(`
Admin invite code: ${start.inviteCode}
Invite link: ${inviteLink(publicUrl, start.inviteCode)}

Next steps:
  1. In Chrome, open chrome://extensions, turn on Developer mode, click "Load unpacked"
     and choose ${EXTENSION_DIR}
  2. Open the extension's options (Details → Extension options), paste the invite link,
     enter your name and your work email, then press Join.
  3. Invite teammates from the options page (Team members → Invite), or:
     npm run admin -- invite:create --team ${start.teamId} --role rep
     (roles: rep, manager, admin). Set the team's name and own mail domains in the options page.`);
} else {
  const [first, ...others] = start.teams;
  console.log(`
Team "${first!.name}" is set up. To invite someone to it:
  npm run admin -- invite:create --team ${first!.id} --role rep${others.map((t) => `\n  npm run admin -- invite:create --team ${t.id} --role rep   # team "${t.name}"`).join('')}`);
}
