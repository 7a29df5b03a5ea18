/**
 * `npm start`: the whole product on one machine. Builds the Chrome extension when it is missing
 * or older than its sources, migrates the database, creates a first team on an empty database
 * (printing its admin invite code), then runs the server.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../server/config';
import { openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import { startServer } from '../server/index';
import { createTeam } from '../server/teams';
import { buildExtension, EXTENSION_DIR, extensionIsStale } from './extension';

function buildExtensionIfStale(): void {
  if (!extensionIsStale()) {
    console.log(`Extension is up to date in ${EXTENSION_DIR}`);
    return;
  }
  console.log('Building the Chrome extension…');
  buildExtension();
  console.log(`Extension built into ${EXTENSION_DIR}`);
}

/** On an empty database: a first team, and the invite that makes its admin. */
async function firstTeamInvite(databaseUrl: string): Promise<{ teamId: string; inviteCode: string } | null> {
  const { db, close } = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    const existing = await db.selectFrom('teams').select('id').limit(1).executeTakeFirst();
    if (existing) return null;
    const domains = (process.env.TEAM_DOMAIN ?? '').split(',').filter(Boolean);
    return await createTeam(db, { name: process.env.TEAM_NAME || 'My team', domains });
  } finally {
    await close();
  }
}

const config = loadConfig();
buildExtensionIfStale();
const invite = await firstTeamInvite(config.databaseUrl);
const { url } = await startServer(config);
console.log(`Sidenote server listening on ${url} (database: ${resolve(config.databaseUrl)})`);
if (invite) {
  console.log(`
Admin invite code: ${invite.inviteCode}

Next steps:
  1. In Chrome, open chrome://extensions, turn on Developer mode, click "Load unpacked"
     and choose ${EXTENSION_DIR}
  2. Open the extension's options (Details → Extension options), enter the server URL
     ${url}, this invite code, your name and your work email, then press Join.
  3. Invite teammates: npm run admin -- invite:create --team ${invite.teamId} --role rep
     (roles: rep, manager, admin). Your team's own mail domains are never customers: set them
     with TEAM_DOMAIN=example.com before the first start, or make a team with
     npm run admin -- team:create --name NAME --domain example.com`);
} else {
  console.log('Existing teams found: make invites with `npm run admin -- invite:create --team <teamId> --role rep`.');
}
