/**
 * Real Chromium profiles with the built extension, joined to a team on a real server process
 * through the options page, with the Gmail fixture served at https://mail.google.com, as in
 * the end-to-end tests (tests/e2e/harness.ts).
 */
import { join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { admin, expectText, fixture, joinTeam, launchProfile, serveSite, sidebarOf, testId, type Profile } from '../../tests/e2e/harness';
import { startSidenoteServer, type ChildServer } from './child-server';
import { CHROME } from './machine';
import type { Resources } from './resources';
import { TEAM_DOMAIN } from '../../tests/e2e/team';

export const GMAIL = 'https://mail.google.com';
/** Threads of the Gmail fixture (tests/fixtures/gmail/mailbox.html). */
export const THREADS = {
  northwindJoan: '#inbox/18f2a9c3d4e5f601',
  northwindRaj: '#inbox/18f2a9c3d4e5f6ff',
  liLei: '#inbox/18f2a9c3d4e5f777',
};
export const threadUrl = (hash: string) => `${GMAIL}/mail/u/0/${hash}`;

const PEOPLE = [
  { name: 'Ana Souza', email: `ana.souza@${TEAM_DOMAIN}` },
  { name: 'Ben Okoro', email: `ben.okoro@${TEAM_DOMAIN}` },
];

export interface JoinedProfiles {
  server: ChildServer;
  profiles: Profile[];
  teamId: string;
  databaseUrl: string;
}

/**
 * A server process and `count` browser profiles (the first an admin, then reps), each joined,
 * each serving `site` at https://mail.google.com (the mailbox fixture unless given).
 */
export async function joinedProfiles(
  resources: Resources,
  count: 1 | 2,
  site?: string | (() => string),
  { devtoolsPort = false }: { devtoolsPort?: boolean } = {},
): Promise<JoinedProfiles> {
  const databaseUrl = join(resources.tempDir('sidenote-bench-db-'), 'sidenote.db');
  const server = await startSidenoteServer(resources, databaseUrl);
  const team = await admin<{ teamId: string; inviteCode: string }>(
    databaseUrl,
    'team:create',
    '--name',
    'Bench Sales',
    '--domain',
    TEAM_DOMAIN,
  );
  const codes = [team.inviteCode];
  for (let i = 1; i < count; i++) {
    codes.push((await admin<{ inviteCode: string }>(databaseUrl, 'invite:create', '--team', team.teamId, '--role', 'rep')).inviteCode);
  }
  const profiles: Profile[] = [];
  for (const [i, code] of codes.entries()) {
    // A DevTools port (chosen by Chromium, written to DevToolsActivePort) reaches targets Playwright does not: the service worker.
    const profile = await launchProfile(devtoolsPort ? { args: ['--remote-debugging-port=0'] } : {});
    resources.defer('close a Chromium profile', () => profile.close());
    profiles.push(profile);
    await serveSite(profile.context, GMAIL, site ?? fixture('gmail/mailbox.html'));
    const options = await joinTeam(profile, { server: server.url, code, ...PEOPLE[i]! });
    await expectText(testId(options, 'joined-as'), PEOPLE[i]!.name, 20_000);
    await options.close();
  }
  return { server, profiles, teamId: team.teamId, databaseUrl };
}

/** Opens a Gmail thread and waits for the sidebar to name its customer. */
export async function openThread(profile: Profile, hash: string, customer: string | RegExp): Promise<{ page: Page; sidebar: Frame }> {
  const page = await profile.context.newPage();
  await page.goto(threadUrl(hash));
  const sidebar = await sidebarOf(page);
  await expectText(testId(sidebar, 'customer-name'), customer, 20_000);
  return { page, sidebar };
}

/** Writes a note in the sidebar and waits until it is listed there. */
export async function writeNote(sidebar: Frame, body: string): Promise<void> {
  await testId(sidebar, 'note-input').fill(body);
  await testId(sidebar, 'note-submit').click();
  await testId(sidebar, 'note-item').filter({ hasText: body }).waitFor({ timeout: 10_000 });
}

/** Waits until the sidebar says everything is synced (nothing left in the outbox). */
export async function waitSynced(sidebar: Frame): Promise<void> {
  await expectText(testId(sidebar, 'sync-status'), /^Synced/, 30_000);
}

/**
 * A Chromium profile launched as the extension's profiles are (tests/e2e/harness.ts) but without
 * the extension, serving `site` at https://mail.google.com: what the page costs on its own.
 */
export async function plainProfile(resources: Resources, site: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(resources.tempDir('sidenote-bench-plain-'), {
    executablePath: CHROME,
    headless: true,
    locale: 'en-US',
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=en-US',
    ],
  });
  resources.defer('close a Chromium profile', () => context.close());
  await serveSite(context, GMAIL, site);
  return context;
}
