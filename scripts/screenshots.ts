/**
 * `npm run screenshots`: the README's pictures of the product, regenerated from the real thing.
 * Builds the extension when stale, starts a server on a temporary database, makes a demo team
 * (scripts/demo-team.ts), joins a manager and a rep per language through the options page in
 * real Chromium, and captures the main screens in English and Chinese into docs/screenshots/.
 * `SCREENSHOTS_DIR` writes them elsewhere (to look at them without touching the README's).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expectText, fixture, launchProfile, serveSite, sidebarOf, testId, THREADS, startServer, type Profile } from '../tests/e2e/harness';
import { BROWSER_MEMBERS, createDemoTeam, seedDemoHistory } from './demo-team';
import { buildExtension, extensionIsStale, ROOT } from './extension';

const OUT = process.env.SCREENSHOTS_DIR ?? join(ROOT, 'docs', 'screenshots');
const LANGUAGES = { en: 'en-US', zh: 'zh-CN' } as const;
type Language = keyof typeof LANGUAGES;
/** Chrome sizes a popup to its content, at most 800 × 600; ours is 400 wide. */
const POPUP = { width: 400, height: 600 };
const DESKTOP = { width: 1280, height: 720 };

async function shoot(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path, clip, animations: 'disabled', caret: 'hide' });
  console.log(`  ${path}`);
}

/** The popup as Chrome shows it: its natural height, up to 600 px. */
async function shootPopup(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => Math.ceil(document.querySelector('main')!.getBoundingClientRect().bottom));
  await shoot(page, name, { x: 0, y: 0, width: POPUP.width, height: Math.min(POPUP.height, height) });
}

/** The options page's column, with a margin, rather than the whole empty window. */
async function shootOptions(page: Page, name: string): Promise<void> {
  const box = (await page.locator('main').boundingBox())!;
  const margin = 24;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: DESKTOP.width, height: Math.max(DESKTOP.height, height) });
  await shoot(page, name, { x: box.x - margin, y: 0, width: box.width + 2 * margin, height: Math.min(height + margin, 1100) });
  await page.setViewportSize(DESKTOP);
}

/** Joins through the options page with the invite pasted as a link; captures the filled form and what follows. */
async function joinThroughOptions(
  profile: Profile,
  serverUrl: string,
  code: string,
  person: { name: string; email: string },
  shots?: Language,
) {
  const page = await profile.context.newPage();
  await page.setViewportSize(DESKTOP);
  await page.goto(profile.url('options.html'));
  await testId(page, 'invite-code').fill(`${serverUrl}/join#${code}`);
  await testId(page, 'display-name').fill(person.name);
  await testId(page, 'member-email').fill(person.email);
  if (shots) await shootOptions(page, `options-join-${shots}`);
  await testId(page, 'join').click();
  await expectText(testId(page, 'joined-as'), person.name, 20_000);
  if (shots) await shootOptions(page, `options-joined-${shots}`);
  await page.close();
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (extensionIsStale()) {
    console.log('Building the extension…');
    await buildExtension();
  }
  const server = await startServer();
  const profiles: Profile[] = [];
  try {
    const team = await createDemoTeam(server.databaseUrl);
    const browsers = {} as Record<Language, { manager: Profile; rep: Profile }>;
    for (const language of Object.keys(LANGUAGES) as Language[]) {
      const [manager, rep] = await Promise.all([
        launchProfile({ locale: LANGUAGES[language] }),
        launchProfile({ locale: LANGUAGES[language] }),
      ]);
      profiles.push(manager!, rep!);
      browsers[language] = { manager: manager!, rep: rep! };
      for (const profile of [manager!, rep!]) await serveSite(profile.context, 'https://mail.google.com', fixture('gmail/mailbox.html'));
      const people = BROWSER_MEMBERS[language];
      await joinThroughOptions(manager!, server.url, team.invites[language].manager, people.manager, language);
      await joinThroughOptions(rep!, server.url, team.invites[language].rep, people.rep);
    }
    console.log('Seeding the team’s history…');
    await seedDemoHistory(server, server.databaseUrl, team);

    for (const language of Object.keys(LANGUAGES) as Language[]) {
      const { manager, rep } = browsers[language];
      console.log(`Capturing (${language})…`);
      const popup = await manager.context.newPage();
      await popup.setViewportSize(POPUP);
      await popup.goto(manager.url('popup.html'));
      await testId(popup, 'missed-item').nth(2).waitFor({ timeout: 30_000 });
      await expectText(testId(popup, 'sync-status'), language === 'en' ? 'Synced' : '已同步', 30_000);
      await shootPopup(popup, `popup-manager-${language}`);
      await testId(popup, 'tab-team').click();
      await testId(popup, 'week-row').first().waitFor({ timeout: 30_000 });
      await shootPopup(popup, `popup-team-${language}`);
      await popup.locator('#team-week').evaluate((heading) => heading.scrollIntoView());
      await shootPopup(popup, `popup-week-${language}`);
      await popup.close();

      const repPopup = await rep.context.newPage();
      await repPopup.setViewportSize(POPUP);
      await repPopup.goto(rep.url('popup.html'));
      await testId(repPopup, 'overdue-item').first().waitFor({ timeout: 30_000 });
      await shootPopup(repPopup, `popup-rep-${language}`);
      await repPopup.close();

      const mail = await rep.context.newPage();
      await mail.setViewportSize(DESKTOP);
      await mail.goto(language === 'en' ? THREADS.northwindJoan : THREADS.liLei);
      const sidebar = await sidebarOf(mail);
      await testId(sidebar, 'note-item').nth(2).waitFor({ timeout: 30_000 });
      await shoot(mail, `sidebar-gmail-${language}`);
      await mail.close();

      // The manager's board, at both sizes, and its goals and weekly report below the columns.
      const board = await manager.context.newPage();
      for (const size of [DESKTOP, { width: 1440, height: 900 }]) {
        await board.setViewportSize(size);
        await board.goto(manager.url('board.html'));
        await testId(board, 'board-card').first().waitFor({ timeout: 30_000 });
        await testId(board, 'weekly-report').waitFor({ timeout: 30_000 });
        // The counts follow the first cards.
        await board.waitForFunction(() => performance.getEntriesByName('sidenote:board-counted').length > 0, null, { timeout: 30_000 });
        await shoot(board, `board-${language}-${size.width}x${size.height}`);
      }
      await testId(board, 'weekly-report').scrollIntoViewIfNeeded();
      await shoot(board, `board-report-${language}`);
      // Rows by owner: each owner's customers per stage.
      await board.evaluate(() => window.scrollTo(0, 0));
      await testId(board, 'layout-owner').click();
      await testId(board, 'owner-row').first().locator('[data-testid="board-card"]').first().waitFor({ timeout: 30_000 });
      await expectText(testId(board, 'owner-row').first().getByTestId('column-count').first(), /\d/, 30_000);
      await shoot(board, `board-owner-${language}`);
      await board.close();
    }
  } finally {
    await Promise.all(profiles.map((p) => p.close()));
    await server.stop();
  }
}

await main();
