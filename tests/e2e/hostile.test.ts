import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import {
  admin,
  eventually,
  expectText,
  fixture,
  joinTeam,
  launchProfile,
  serveSite,
  sidebarOf,
  startServer,
  testId,
  THREADS,
  type Profile,
  type ServerProcess,
} from './harness';

/** The extension pages' storage API (this file has no WebExtension types). */
declare const chrome: { storage: { local: { get(keys: null): Promise<Record<string, unknown>>; set(items: object): Promise<void> } } };

/** What tests/fixtures/hostile/spy.js leaves on the page's window. */
interface Hostile {
  keys: string[];
  inputs: string[];
  messages: { origin: string; data: string; own: boolean }[];
  search(text: string): string[];
  sidebarFrames(): HTMLIFrameElement[];
  forge(): void;
  frame(url: string): string;
}
type HostileWindow = Window & { __hostile?: Hostile };

/** The Gmail fixture with the hostile page's own scripts (tests/fixtures/hostile/spy.js) in it. */
const hostileMailbox = () =>
  fixture('gmail/mailbox.html').replace('</body>', `<script nonce="fixture">${fixture('hostile/spy.js')}</script></body>`);

/** The extension's isolated world in the page's main frame (where its content script runs), by CDP. */
async function contentScriptWorld(page: Page, extensionId: string): Promise<{ cdp: CDPSession; contextId: number }> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean; frameId?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const world = await eventually(
    async () =>
      contexts.find(
        (c) =>
          c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && c.origin === `chrome-extension://${extensionId}`,
      ) ?? null,
    (c) => c !== null,
    "the content script's isolated world",
  );
  return { cdp, contextId: world!.id };
}

/** Runs `expression` (a promise) in that world and returns its value. */
async function inWorld<T>(world: { cdp: CDPSession; contextId: number }, expression: string): Promise<T> {
  const { result, exceptionDetails } = await world.cdp.send('Runtime.evaluate', {
    contextId: world.contextId,
    expression,
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(`in the content script's world: ${JSON.stringify(exceptionDetails)}`);
  return result.value as T;
}

/** This device's token, read from where the background keeps it (its IndexedDB, `$session`). */
async function deviceToken(profile: Profile): Promise<string> {
  return profile.worker.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('sidenote');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('$session').objectStore('$session').get('current');
          get.onsuccess = () => resolve((get.result as { session: { token: string } } | undefined)?.session.token ?? '');
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/**
 * A hostile host page at an address the extension runs on (Gmail's): its scripts listen for keys
 * while the user types a note, post forged messages, search the DOM for the note, frame the
 * sidebar themselves; and code in the content script's own world tries the data API and storage.
 * None of it gets anything.
 */
describe('a hostile host page', () => {
  let server: ServerProcess;
  let ana: Profile;
  let page: Page;
  const note = `Confidential: floor price 7.40 per pallet (${Date.now()})`;

  beforeAll(async () => {
    server = await startServer();
    const team = await admin<{ inviteCode: string }>(
      server.databaseUrl,
      'team:create',
      '--name',
      'Demo Sales',
      '--domain',
      'sidenote-demo.com',
    );
    ana = await launchProfile();
    await serveSite(ana.context, 'https://mail.google.com', hostileMailbox);
    const options = await joinTeam(ana, {
      server: server.url,
      code: team.inviteCode,
      name: 'Ana Souza',
      email: 'ana.souza@sidenote-demo.com',
    });
    await expectText(testId(options, 'joined-as'), 'Ana Souza');
    await options.close();
    page = await ana.context.newPage();
    await page.goto(THREADS.northwindJoan);
  });

  afterAll(async () => {
    await ana?.close();
    await server?.stop();
  });

  it('hears no keystroke of a note typed in the sidebar, and finds its text nowhere in the DOM', async () => {
    const sidebar = await sidebarOf(page);
    await expectText(testId(sidebar, 'customer-name'), 'Northwind Traders', 20_000);
    expect(await page.evaluate(() => typeof (window as HostileWindow).__hostile)).toBe('object');
    // Real key events, one per character, as a person types.
    await testId(sidebar, 'note-input').pressSequentially(note);
    await testId(sidebar, 'note-submit').click();
    await testId(sidebar, 'note-item').filter({ hasText: note }).first().waitFor({ state: 'visible' });
    await expectText(testId(sidebar, 'sync-status'), 'Synced', 15_000);

    const spy = await page.evaluate(() => {
      const s = (window as HostileWindow).__hostile!;
      return { keys: s.keys, inputs: s.inputs, messages: s.messages };
    });
    expect(spy.keys).toEqual([]);
    expect(spy.inputs).toEqual([]);
    expect(spy.messages).toEqual([]);
    // The whole note, and a distinctive piece of it, in text, attributes and values the page can reach.
    const search = (text: string) => page.evaluate((t) => (window as HostileWindow).__hostile!.search(t), text);
    expect(await search(note)).toEqual([]);
    expect(await search('7.40 per pallet')).toEqual([]);
    // The search does work: it finds what the page itself shows.
    expect((await search('Joan Miller')).length).toBeGreaterThan(0);
  });

  it('changes nothing with forged messages to the window and into the sidebar frame', async () => {
    const sidebar = await sidebarOf(page);
    await page.evaluate(() => (window as HostileWindow).__hostile!.forge());
    // Give every forgery time to act, then: still joined, still this customer, still the note, still open.
    await page.waitForTimeout(1500);
    await expectText(testId(sidebar, 'customer-name'), 'Northwind Traders');
    await testId(sidebar, 'note-item').filter({ hasText: note }).first().waitFor({ state: 'visible' });
    await page.locator('iframe[data-sidenote="sidebar"]').waitFor({ state: 'visible' });
    // No badge names the forged owner.
    expect(await page.locator('[data-sidenote-owner="Mallory"]').count()).toBe(0);
    const messages = await page.evaluate(() => (window as HostileWindow).__hostile!.messages);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.filter((m) => !m.own)).toEqual([]);
  });

  it('cannot frame the sidebar at its static address, and a sidebar it frames at the dynamic one shows nothing', async () => {
    // The address the page can read from Sidenote's frame is the dynamic one, never the extension's id.
    const seen = await page.evaluate(() => (window as HostileWindow).__hostile!.sidebarFrames().map((f) => f.src));
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toContain(ana.extensionId);
    expect(seen[0]).not.toContain('#');

    const frame = (url: string) => page.evaluate((u) => (window as HostileWindow).__hostile!.frame(u), url);
    const staticFrame = await frame(ana.url('sidebar.html'));
    const dynamicFrame = await frame(seen[0]!);
    const frameOf = async (id: string) => (await page.locator(`#${id}`).elementHandle())!.contentFrame();
    // The static address is not web-accessible: the frame never holds the sidebar.
    await page.waitForTimeout(1000);
    const blocked = await frameOf(staticFrame);
    expect(await blocked!.locator('#app').count()).toBe(0);
    // The dynamic one loads the sidebar page, which waits for a key only our content script has.
    const own = (await frameOf(dynamicFrame))!;
    await own.locator('#app').waitFor({ state: 'attached' });
    await page.evaluate(() => (window as HostileWindow).__hostile!.forge());
    await page.waitForTimeout(3500);
    expect(await testId(own, 'customer-name').count()).toBe(0);
    expect((await own.locator('body').innerText()).trim()).toBe('');
  });

  it("refuses the data API to the content script's own world, whose storage holds no token", async () => {
    const token = await deviceToken(ana);
    expect(token.length).toBeGreaterThan(20);
    const world = await contentScriptWorld(page, ana.extensionId);
    // The world is the content script's: it has the extension's runtime and storage.
    expect(await inWorld(world, `Promise.resolve(chrome.runtime.id)`)).toBe(ana.extensionId);
    const probe = await inWorld<{ disconnected: boolean; answers: unknown[]; storage: string }>(
      world,
      `(async () => {
        // A view of its own first, reported on its own channel, so a refusal is not for want of one.
        const viewId = crypto.randomUUID();
        const pagePort = chrome.runtime.connect({ name: 'sidenote-page' });
        pagePort.postMessage({ type: 'context', viewId, context: { site: 'gmail', url: location.href, title: 'x', people: [{ email: 'joan@northwind-traders.com', name: 'Joan' }], layout: 'recognised' } });
        const answers = [];
        const api = chrome.runtime.connect({ name: 'sidenote-api' });
        const disconnected = await new Promise((resolve) => {
          api.onMessage.addListener((m) => answers.push(m));
          api.onDisconnect.addListener(() => resolve(true));
          try {
            api.postMessage({ type: 'subscribe', id: 1, name: 'sidebar', args: { viewId } });
            api.postMessage({ type: 'request', id: 2, name: 'adminMembers', args: {} });
            api.postMessage({ type: 'request', id: 3, name: 'leave', args: {} });
            api.postMessage({ type: 'subscribe', id: 4, name: 'session', args: {} });
          } catch (e) {
            resolve(true);
          }
          setTimeout(() => resolve(false), 3000);
        });
        pagePort.disconnect();
        return { disconnected, answers, storage: JSON.stringify(await chrome.storage.local.get(null)) };
      })()`,
    );
    expect(probe.disconnected).toBe(true);
    expect(probe.answers).toEqual([]);
    expect(probe.storage).not.toContain(token);
    expect(probe.storage).not.toContain('"token"');
    // Its `leave` did nothing: the sidebar is still signed in and shows the note.
    const sidebar = await sidebarOf(page);
    await testId(sidebar, 'note-item').filter({ hasText: note }).first().waitFor({ state: 'visible' });
    expect(await deviceToken(ana)).toBe(token);
  });

  it('moves the session an older version kept in storage.local into the background’s IndexedDB, and removes it there', async () => {
    const token = await deviceToken(ana);
    // As an older version left it: the session in storage.local, none in $session.
    const extensionPage = await ana.context.newPage();
    await extensionPage.goto(ana.url('popup.html'));
    await extensionPage.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('sidenote');
          open.onsuccess = () => {
            const tx = open.result.transaction('$session', 'readwrite');
            const store = tx.objectStore('$session');
            const get = store.get('current');
            get.onsuccess = () => {
              store.delete('current');
              tx.oncomplete = () =>
                void chrome.storage.local.set({ session: (get.result as { session: unknown }).session }).then(resolve, reject);
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    expect(JSON.stringify(await extensionPage.evaluate(() => chrome.storage.local.get(null)))).toContain(token);
    // The upgraded worker starts afresh.
    const cdp = await ana.context.newCDPSession(extensionPage);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    const options = await ana.context.newPage();
    await options.goto(ana.url('options.html'));
    await expectText(testId(options, 'joined-as'), 'Ana Souza');
    expect(JSON.stringify(await options.evaluate(() => chrome.storage.local.get(null)))).not.toContain(token);
    const worker = ana.context.serviceWorkers()[0]!;
    await expect.poll(() => worker.evaluate(() => 1)).toBe(1);
    expect(await deviceToken({ ...ana, worker })).toBe(token);
    await Promise.all([extensionPage.close(), options.close()]);
  });
});
