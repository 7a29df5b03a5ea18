/**
 * End-to-end helpers: a real server process on a temporary database, the admin CLI, and real
 * Chromium profiles with the built extension, serving fixture pages at the real sites' addresses.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type BrowserContext, type Frame, type Locator, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION = join(ROOT, '.output', 'chrome-mv3');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
const run = promisify(execFile);

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

export interface ServerProcess {
  url: string;
  port: number;
  databaseUrl: string;
  proc: ChildProcess;
  log: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `npm run server` on a free port (or `port`) and a fresh SQLite file (or `databaseUrl`); resolves once /v1/health answers. */
export async function startServer(
  databaseUrl = join(mkdtempSync(join(tmpdir(), 'sidenote-e2e-db-')), 'sidenote.db'),
  port?: number,
): Promise<ServerProcess> {
  port ??= await freePort();
  const proc = spawn('npm', ['run', '--silent', 'server'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((r) => proc.once('exit', r));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the server exited: ${output}`);
    const ok = await fetch(`${url}/v1/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the server never answered /v1/health: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    databaseUrl,
    proc,
    log: () => output,
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode !== null) return;
      try {
        process.kill(-proc.pid!, signal);
      } catch {
        return;
      }
      await exited;
    },
  };
}

/** `npm run admin -- ARGS`: its one JSON line. */
export async function admin<T = Record<string, string>>(databaseUrl: string, ...args: string[]): Promise<T> {
  const { stdout } = await run('npm', ['run', '--silent', 'admin', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const lines = stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`admin ${args[0]} printed ${lines.length} lines: ${stdout}`);
  return JSON.parse(lines[0]!) as T;
}

export interface Profile {
  context: BrowserContext;
  /** The profile's user data directory. */
  dir: string;
  extensionId: string;
  worker: Worker;
  url(page: string): string;
  close(): Promise<void>;
}

/** A fresh Chromium profile with the built extension loaded; `args` are more Chromium switches. */
export async function launchProfile({ locale = 'en-US', args = [] }: { locale?: string; args?: string[] } = {}): Promise<Profile> {
  const dir = mkdtempSync(join(tmpdir(), 'sidenote-e2e-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    locale,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--lang=${locale}`,
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      ...args,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    dir,
    extensionId,
    worker,
    url: (page) => `chrome-extension://${extensionId}/${page}`,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/**
 * Serves `html` for every path under `origin` in this profile, as the real site would answer,
 * with a strict CSP like Gmail's (no frames but its own, Trusted Types, nonce'd scripts).
 */
export async function serveSite(context: BrowserContext, origin: string, html: string | (() => string)): Promise<void> {
  await context.route(`${origin}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: {
        'content-security-policy': "script-src 'nonce-fixture'; frame-src 'self'; object-src 'none'; require-trusted-types-for 'script'",
      },
      body: typeof html === 'string' ? html : html(),
    }),
  );
}

/** Serves several fixture pages under one origin, by path prefix (longest first); `*` is every other path. */
export async function serveSitePages(context: BrowserContext, origin: string, pages: Record<string, string>): Promise<void> {
  const prefixes = Object.keys(pages)
    .filter((p) => p !== '*')
    .sort((a, b) => b.length - a.length);
  await context.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = pages[prefixes.find((p) => path.startsWith(p)) ?? '*'];
    if (!file) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: {
        'content-security-policy': "script-src 'nonce-fixture'; frame-src 'self'; object-src 'none'; require-trusted-types-for 'script'",
      },
      body: fixture(file),
    });
  });
}

export const testId = (frame: Page | Frame, id: string) => frame.locator(`[data-testid="${id}"]`);

/** Joins a team through the options page, as a user would. */
export async function joinTeam(profile: Profile, form: { server: string; code: string; name: string; email: string }): Promise<Page> {
  const page = await profile.context.newPage();
  await page.goto(profile.url('options.html'));
  await testId(page, 'server-url').fill(form.server);
  await testId(page, 'invite-code').fill(form.code);
  await testId(page, 'display-name').fill(form.name);
  await testId(page, 'member-email').fill(form.email);
  await testId(page, 'join').click();
  return page;
}

/** The sidebar iframe's frame in a host page. */
export async function sidebarOf(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-sidenote="sidebar"]', { state: 'attached', timeout: 20_000 });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the sidebar iframe has no frame');
  return frame;
}

/**
 * Waits until `read()` satisfies `ok`, re-reading on a short interval like Playwright's own
 * assertions do; fails naming `what` and the last value seen.
 */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: T | undefined;
  for (;;) {
    last = await read().catch(() => last);
    if (last !== undefined && ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the first element's text (trimmed) equals or matches `expected`. */
export function expectText(locator: Locator, expected: string | RegExp, timeout?: number): Promise<string> {
  const matches = (s: string) => (typeof expected === 'string' ? s === expected : expected.test(s));
  return eventually(
    async () => ((await locator.first().textContent({ timeout: 1_000 })) ?? '').trim(),
    matches,
    `text ${String(expected)} in ${locator}`,
    timeout,
  );
}

/** Waits until the locator matches exactly `n` elements. */
export function expectCount(locator: Locator, n: number, timeout?: number): Promise<number> {
  return eventually(
    () => locator.count(),
    (c) => c === n,
    `${n} × ${locator}`,
    timeout,
  );
}

/** Gmail threads of the mailbox fixture (tests/fixtures/gmail/mailbox.html). */
export const THREADS = {
  northwindJoan: 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f601',
  northwindRaj: 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f6ff',
  liLei: 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f777',
  teamOnly: 'https://mail.google.com/mail/u/0/#inbox/18f2a9c3d4e5f888',
};

/**
 * A server with a team (domain sidenote-demo.com) and two teammates in their own browser
 * profiles, joined through the options page, with the Gmail mailbox fixture served:
 * Ana Souza (the admin, so she has the manager's view) and Ben Okoro (a rep).
 */
export async function twoTeammates(teamName: string) {
  const server = await startServer();
  const team = await admin<{ teamId: string; inviteCode: string }>(
    server.databaseUrl,
    'team:create',
    '--name',
    teamName,
    '--domain',
    'sidenote-demo.com',
  );
  const rep = await admin<{ inviteCode: string }>(server.databaseUrl, 'invite:create', '--team', team.teamId, '--role', 'rep');
  const [ana, ben] = await Promise.all([launchProfile(), launchProfile()]);
  for (const [profile, code, name, email] of [
    [ana, team.inviteCode, 'Ana Souza', 'ana.souza@sidenote-demo.com'],
    [ben, rep.inviteCode, 'Ben Okoro', 'ben.okoro@sidenote-demo.com'],
  ] as const) {
    await serveSite(profile.context, 'https://mail.google.com', fixture('gmail/mailbox.html'));
    const page = await joinTeam(profile, { server: server.url, code, name, email });
    await expectText(testId(page, 'joined-as'), name);
    await page.close();
  }
  return { server, ana, ben, teamId: team.teamId };
}

/** Opens `url` in a new tab of the profile and waits for its sidebar to name `customer`. */
export async function openSidebar(profile: Profile, url: string, customer: string): Promise<{ page: Page; sidebar: Frame }> {
  const page = await profile.context.newPage();
  await page.goto(url);
  const sidebar = await sidebarOf(page);
  await expectText(testId(sidebar, 'customer-name'), customer, 20_000);
  return { page, sidebar };
}

/** The owner a sidebar names ('' while the customer has none). */
export async function ownerIn(sidebar: Frame): Promise<string> {
  return (await sidebar.locator('[data-owner]').first().getAttribute('data-owner', { timeout: 1_000 })) ?? '';
}

/** Waits until the sidebar names `owner` ('' for none). */
export function expectOwner(sidebar: Frame, owner: string, timeout?: number): Promise<string> {
  return eventually(
    () => ownerIn(sidebar),
    (o) => o === owner,
    `owner ${owner || '(none)'}`,
    timeout,
  );
}

/** Picks an action behind a sidebar menu: opens the menu `menu` (within `scope`), then clicks `item`. */
export async function pickFromMenu(scope: Frame | Locator, menu: string, item: string): Promise<void> {
  const trigger = scope.locator(`[data-testid="${menu}"]`).first();
  await trigger.click();
  await trigger.locator('xpath=..').locator(`[role="menuitem"][data-testid="${item}"]`).click();
}

/** Opens the add-follow-up form if it is folded, fills it and saves; waits for the new row. */
export async function addFollowUp(sidebar: Frame, task: { title: string; due?: string; assignee?: string }): Promise<void> {
  const add = testId(sidebar, 'add-followup');
  if (await add.isVisible()) await add.click();
  await testId(sidebar, 'task-title').fill(task.title);
  if (task.due) await testId(sidebar, 'task-due').fill(task.due);
  if (task.assignee) await testId(sidebar, 'task-assignee').selectOption({ label: task.assignee });
  await testId(sidebar, 'task-submit').click();
  await testId(sidebar, 'task-item').filter({ hasText: task.title }).waitFor();
}
